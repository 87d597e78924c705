"""Reference distributions for families scipy lacks or gets wrong near an edge.

:func:`closed_form_reference` turns closed forms evaluated by mpmath (40 digits)
into a ``scipy.stats.rv_continuous`` instance, so tests and the testing toolkit
use it like any frozen scipy distribution. It serves families whose scipy
version has no accurate log functions (scipy standardises ``x`` before it
evaluates: ``x / m`` near 1 for Pareto loses up to 1e-4 of relative accuracy in
the cdf) or that scipy does not have (Kumaraswamy, logit-normal).
Imported by the tests only: the kernels never use it.
"""

import numpy as np


def closed_form_reference(name, shapes, support, logpdf, logcdf, logsf, ppf, isf, moments=None, dps=40):
    """An ``rv_continuous`` with the given closed forms; call it with the shape values.

    ``logpdf``, ``logcdf`` and ``logsf`` take ``(ctx, x, *params)`` with mpmath
    numbers of the context ``ctx`` and ``x`` inside the support, ends included
    (outside, the wrapper answers -inf / 0 itself); ``ppf`` and ``isf`` are
    numpy functions of ``(q, *params)``; ``support(*params)`` gives the ends;
    ``moments(ctx, *params)``, if given, returns the mean and variance in place of
    scipy's numerical integration (double precision, ~1e-10 at best).
    """
    import mpmath
    from scipy import stats

    ctx = mpmath.mp.clone()
    ctx.dps = dps

    def at(function, outside_low, outside_high):
        def evaluate(x, *params):
            lo, hi = support(*params)
            if np.isnan(x):
                return np.nan
            if x < lo:
                return outside_low
            if x > hi:
                return outside_high
            return float(function(ctx, ctx.mpf(x), *(ctx.mpf(p) for p in params)))

        return np.vectorize(evaluate, otypes=[float])

    log_density = at(logpdf, -np.inf, -np.inf)
    log_cdf = at(logcdf, -np.inf, 0.0)
    log_sf = at(logsf, 0.0, -np.inf)

    class ClosedForm(stats.rv_continuous):
        def _get_support(self, *params):
            return support(*params)

        def _argcheck(self, *params):
            return np.ones(np.broadcast(*params).shape, dtype=bool)

        def _logpdf(self, x, *params):
            return log_density(x, *params)

        def _pdf(self, x, *params):
            return np.exp(log_density(x, *params))

        def _logcdf(self, x, *params):
            return log_cdf(x, *params)

        def _cdf(self, x, *params):
            return np.exp(log_cdf(x, *params))

        def _logsf(self, x, *params):
            return log_sf(x, *params)

        def _sf(self, x, *params):
            return np.exp(log_sf(x, *params))

        def _ppf(self, q, *params):
            return ppf(q, *params)

        def _isf(self, q, *params):
            return isf(q, *params)

        if moments is not None:

            def _stats(self, *params):
                both = np.vectorize(
                    lambda *p: tuple(float(v) for v in moments(ctx, *(ctx.mpf(v) for v in p))), otypes=[float, float]
                )
                mu, variance = both(*params)
                return mu, variance, None, None

    return ClosedForm(name=name, shapes=shapes)
