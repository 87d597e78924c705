"""Each family's loops, compiled once per family and called by address.

The mixture loop (:mod:`.loop`) does not compile the families' formulas into
itself: for every family it calls that family's loops through C function
pointers held in the :class:`~numbamix.kernels.loop.MixtureKernel`. So the
mixture loop compiles once for every mixture, a family's formulas compile once
(on its first use) whatever mixtures it appears in, and numba never relinks and
re-optimises a formula loop into the layers above it (which cost as much as
compiling the formulas themselves, once per layer).

Per family and method (:data:`LOGP`, :data:`LOGCDF`, :data:`LOGCCDF`) one
:func:`terms_function`; per family one :func:`draw_function`. Both are numba
``cfunc`` s (cached on disk like every numbamix kernel); :func:`call_terms` and
:func:`call_draw` call them from compiled code by address.
"""

import functools

import numpy as np
from llvmlite import ir
from numba import carray, cfunc, types
from numba.extending import intrinsic, overload

from .. import _random as rnd
from .._jit import InterleavingCompiler, kernel
from ..config import CACHE
from .components import (
    LOGCCDF,
    LOGCDF,
    LOGP,
    draw,
    evaluate,
    evaluate_vector,
    has_exact_fallback,
    kernel_at,
    mean,
    support,
    support_point,
    variance,
)

#: The methods, in the column order of a mixture kernel's ``terms`` table.
METHODS = (LOGP, LOGCDF, LOGCCDF)

_REAL_POINTER = types.CPointer(types.float64)

#: ``terms(constants, width, row, p_step, values, log_values, log_factorial_values, n, out)``: see
#: :func:`terms_function`.
TERMS_SIGNATURE = types.void(
    _REAL_POINTER, types.int64, types.int64, types.int64,
    _REAL_POINTER, _REAL_POINTER, _REAL_POINTER, types.int64, _REAL_POINTER,
)  # fmt: skip

#: ``draw(constants, width, row, state)``: see :func:`draw_function`.
DRAW_SIGNATURE = types.float64(_REAL_POINTER, types.int64, types.int64, types.CPointer(types.uint64))


def method_column(method):
    """The column of ``method`` (:data:`LOGP`, :data:`LOGCDF`, :data:`LOGCCDF`) in :data:`METHODS`."""
    return [m.name for m in METHODS].index(method.name)


@overload(method_column)
def _method_column(method):
    column = [m.name for m in METHODS].index(method.choice)
    return lambda method: column


def template_of(family):
    """A kernel of ``family`` (all parameters 1): what fixes the numba types of its loops."""
    return family.make_kernel(*np.ones(len(family.params)))


def _compiled(function, name, signature):
    # one cache file per family and method, named after them (closures of one source line
    # would share one file, rewritten by every process that compiles another family)
    function.__name__ = function.__qualname__ = name
    return cfunc(signature, cache=CACHE, error_model="numpy", pipeline_class=InterleavingCompiler)(function)


@functools.cache
def terms_function(family, method):
    """``family``'s compiled ``method`` loop (a numba ``cfunc``; ``.address`` is its C pointer).

    ``terms(constants, width, row, p_step, values, log_values, log_factorial_values, n, out)``
    writes :func:`terms` of the ``n`` values to ``out``: parameters from row ``row`` of the
    ``width``-column ``constants`` on, ``p_step`` rows apart. Compiled on first use.
    """
    template = template_of(family)

    def terms_loop(constants, width, row, p_step, values, log_values, log_factorial_values, n, out):
        rows = row + max(n - 1, 0) * p_step + 1
        shared = (carray(log_values, n), carray(log_factorial_values, n))
        terms(template, carray(constants, (rows, width)), row, p_step, method, carray(values, n), shared,
              carray(out, n))

    return _compiled(terms_loop, f"{family.name}_{method.name}", TERMS_SIGNATURE)


@functools.cache
def draw_function(family):
    """``family``'s compiled draw (a numba ``cfunc``): ``draw(constants, width, row, state)`` is one
    draw with the parameters in row ``row`` of ``constants``, from generator ``state``."""
    template = template_of(family)

    def draw_one(constants, width, row, state):
        return draw(kernel_at(template, carray(constants, (row + 1, width)), row), carray(state, rnd.STATE_WORDS))

    return _compiled(draw_one, f"{family.name}_draw", DRAW_SIGNATURE)


@kernel
def terms(template, constants, row, p_step, method, values, shared, out):
    """logp/logcdf of one component at ``values`` (parameters from ``row`` on, ``p_step`` apart;
    ``shared``: log and log-factorial of the values where the family uses them).

    Two passes: the family's branch-free formula over all values (a loop LLVM
    vectorises), then the exact scalar formula where the first gave ``nan``
    (rare: huge counts, extreme shapes; nan values).
    """
    if p_step == 0:
        # parameters constant along the run: build the kernel once, outside the loop
        kern = kernel_at(template, constants, row)
        for j in range(values.size):
            out[j] = evaluate_vector(kern, values[j], shared[0][j], shared[1][j], method)
    else:
        for j in range(values.size):
            kern = kernel_at(template, constants, np.uint64(row + j * p_step))
            out[j] = evaluate_vector(kern, values[j], shared[0][j], shared[1][j], method)
    if has_exact_fallback(template, method) and _has_nan(out):
        for j in range(values.size):
            if out[j] != out[j]:
                out[j] = evaluate(kernel_at(template, constants, np.uint64(row + j * p_step)), values[j], method)


@kernel
def _has_nan(values):
    """Whether any of ``values`` is ``nan`` (a counting loop LLVM vectorises)."""
    count = 0
    for j in range(values.size):  # indexed: numba's array iterator reads by a run-time stride
        count += values[j] != values[j]
    return count > 0


#: Rows of :func:`summaries`.
MEAN, SUPPORT_POINT, VARIANCE, LOWER, UPPER = range(5)


@kernel
def summaries(template, constants):
    """Mean, support point, variance and support bounds of the kernels in each row of
    ``constants`` (of ``template``'s family): shape ``(5, rows)``, rows :data:`MEAN` ... :data:`UPPER`."""
    out = np.empty((5, constants.shape[0]))
    for row in range(constants.shape[0]):
        kern = kernel_at(template, constants, row)
        out[MEAN, row] = mean(kern)
        out[SUPPORT_POINT, row] = support_point(kern)
        out[VARIANCE, row] = variance(kern)
        out[LOWER, row], out[UPPER, row] = support(kern)
    return out


def _data(context, builder, array_type, array):
    return context.make_array(array_type)(context, builder, array).data


@intrinsic
def call_terms(typingctx, address, constants, row, p_step, values, log_values, log_factorial_values, out):
    """Run the terms loop at ``address`` (:func:`terms_function`) over ``values`` into ``out``
    (1-d C-contiguous arrays of one length; ``constants`` 2-d C-contiguous)."""
    signature = types.void(address, constants, row, p_step, values, log_values, log_factorial_values, out)

    def codegen(context, builder, sig, args):
        address, constants, row, p_step, values, log_values, log_factorial_values, out = args
        real_pointer = ir.DoubleType().as_pointer()
        i64 = ir.IntType(64)
        function_type = ir.FunctionType(
            ir.VoidType(), [real_pointer, i64, i64, i64, real_pointer, real_pointer, real_pointer, i64, real_pointer]
        )
        constants_array = context.make_array(sig.args[1])(context, builder, constants)
        values_array = context.make_array(sig.args[4])(context, builder, values)
        builder.call(
            builder.inttoptr(address, function_type.as_pointer()),
            [
                constants_array.data,
                builder.extract_value(constants_array.shape, 1),
                row,
                p_step,
                values_array.data,
                _data(context, builder, sig.args[5], log_values),
                _data(context, builder, sig.args[6], log_factorial_values),
                builder.extract_value(values_array.shape, 0),
                _data(context, builder, sig.args[7], out),
            ],
        )
        return context.get_dummy_value()

    return signature, codegen


@intrinsic
def call_draw(typingctx, address, constants, row, state):
    """One draw by the draw function at ``address`` (:func:`draw_function`) with the parameters
    in row ``row`` of ``constants`` (2-d C-contiguous), advancing generator ``state``."""
    signature = types.float64(address, constants, row, state)

    def codegen(context, builder, sig, args):
        address, constants, row, state = args
        real_pointer = ir.DoubleType().as_pointer()
        i64 = ir.IntType(64)
        function_type = ir.FunctionType(ir.DoubleType(), [real_pointer, i64, i64, i64.as_pointer()])
        constants_array = context.make_array(sig.args[1])(context, builder, constants)
        return builder.call(
            builder.inttoptr(address, function_type.as_pointer()),
            [
                constants_array.data,
                builder.extract_value(constants_array.shape, 1),
                row,
                _data(context, builder, sig.args[3], state),
            ],
        )

    return signature, codegen
