"""Regenerates the coefficients of numbamix/_math/error_function.py (mpmath, ~10 min on one core).

usage: python fit_error_function.py          # prints the _ERFCX_* and _NDTR_* tuples
"""
import mpmath as mp

mp.mp.dps = 45  # 150 bits

def erfcx(x):
    if x < 30:
        with mp.workdps(90):
            return +(mp.exp(x * x) * mp.erfc(x))
    # asymptotic series: terms fall below 1e-50 relative long before they grow
    total, term, n = mp.mpf(1), mp.mpf(1), 0
    while abs(term) > mp.mpf(10) ** -60:
        n += 1
        term = -term * (2 * n - 1) / (2 * x * x)
        total += term
    return total / (x * mp.sqrt(mp.pi))

def fit(F, s, a, b, n, m, npts=300, iters=30):
    a, b = mp.mpf(a), mp.mpf(b)
    vs = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (i + mp.mpf(0.5)) / npts) for i in range(npts)] + [a, b]
    fs = [F(v) for v in vs]
    ss = [s(v) for v in vs]
    w = [mp.mpf(1)] * len(vs)
    qprev = [mp.mpf(1)] * len(vs)
    best = None
    for it in range(iters):
        rows, rhs = [], []
        for v, fv, sv, wi, qp in zip(vs, fs, ss, w, qprev):
            k = mp.sqrt(wi) * sv / qp
            rows.append([k * v**j for j in range(n + 1)] + [-k * fv * v**j for j in range(1, m + 1)])
            rhs.append(k * fv)
        c, _ = mp.qr_solve(mp.matrix(rows), mp.matrix(rhs))
        p = [c[i] for i in range(n + 1)]
        q = [mp.mpf(1)] + [c[i] for i in range(n + 1, n + 1 + m)]
        errs = []
        for i, (v, fv, sv) in enumerate(zip(vs, fs, ss)):
            qv = mp.polyval(q[::-1], v)
            errs.append((mp.polyval(p[::-1], v) / qv - fv) * sv)
            qprev[i] = abs(qv)
        emax = max(abs(e) for e in errs)
        if best is None or emax < best[0]:
            best = (emax, p, q)
        tot = mp.fsum(wi * abs(e) for wi, e in zip(w, errs))
        w = [wi * abs(e) / tot * len(w) for wi, e in zip(w, errs)]
    return best


SETS = {
    "erfcx": dict(scale=mp.mpf(1), split=2.0, shift=0.6875, a_near=0.71, a_far=0.5375),
    "ndtr": dict(scale=mp.sqrt(2), split=2.828125, shift=0.96875, a_near=1.0, a_far=0.76),
}


def fit_piece(name, piece, n=8, m=8):
    """near (t < split): (t + shift) erfcx(t/scale) = a + N(t)/D(t); far: t erfcx(t/scale) = a' + N(v)/D(v), v = 1/t^2."""
    S = SETS[name]
    def f(t):
        return erfcx(t / S["scale"])
    if piece == "near":
        def lead(t):
            return (t + mp.mpf(S["shift"])) * f(t)
        a = mp.mpf(S["a_near"])
        return fit(lambda t: lead(t) - a, lambda t: 1 / lead(t), 0, S["split"], n, m, npts=400, iters=40)
    tiny = mp.mpf(10) ** -30
    def lead(v):
        return f(1 / mp.sqrt(max(v, tiny))) / mp.sqrt(max(v, tiny))
    a = mp.mpf(S["a_far"])
    return fit(lambda v: lead(v) - a, lambda v: 1 / lead(v), 0, 1 / mp.mpf(S["split"]) ** 2, n, m, npts=400, iters=40)


if __name__ == "__main__":
    for name in SETS:
        for piece in ("near", "far"):
            err, p, q = fit_piece(name, piece)
            print(f"# {name} {piece}: max weighted error {float(err):.2e}")
            for label, coefs in (("N", p), ("D", q)):
                print(f"_{name.upper()}_{piece.upper()}_{label} = (\n"
                      + "".join(f"    {float(v)!r},\n" for v in coefs[::-1]) + ")")
