"""Functions whose result carries no derivative: comparisons, rounding, predicates, creation.

They accept traced values and compute on the plain value underneath, so
Python control flow on traced values works and the derivative through them
is zero (the correct answer almost everywhere).
"""
import builtins

import numpy as np

from ..core import concrete, Primitive, result_dtype, shape_of, Tracer
from ._util import ndim_of
from . import shape_ops as so



def _plain(f, kind, name=None):
    """``f`` applied to the plain values of its arguments; ``kind`` says why no derivative is lost.

    ``kind`` is "boolean" or "integer" (the result has no derivative to
    carry) or "piecewise constant" (a float result whose derivative is zero
    almost everywhere).  tests/autoint/test_nondiff_audit.py checks every
    such function against central differences, so none can be misfiled.

    Under ``vmap`` the plain values are still batches (see ``concrete``): then
    ``f`` is bound as a primitive of its own (``wrapper.prim``), which the
    batching interpreter maps.
    """
    name = name or f.__name__
    prim = Primitive(name, f, f"numpy.{name} on plain values (no derivative).")

    def wrapper(*args, **kwargs):
        args = tuple(concrete(a) for a in args)
        for a in args:
            if isinstance(a, Tracer):
                return prim(*args, **kwargs)
        return f(*args, **kwargs)

    wrapper.__name__ = name
    wrapper.__doc__ = f"numpy.{name} on the plain values: {kind}-valued, so no derivative flows through it."
    wrapper.plain_values = kind
    wrapper.prim = prim
    return wrapper


_BOOL, _INT, _STEP = "boolean", "integer", "piecewise constant"

less = _plain(np.less, _BOOL)
less_equal = _plain(np.less_equal, _BOOL)
greater = _plain(np.greater, _BOOL)
greater_equal = _plain(np.greater_equal, _BOOL)
equal = _plain(np.equal, _BOOL)
not_equal = _plain(np.not_equal, _BOOL)
logical_and = _plain(np.logical_and, _BOOL)
logical_or = _plain(np.logical_or, _BOOL)
logical_not = _plain(np.logical_not, _BOOL)
logical_xor = _plain(np.logical_xor, _BOOL)
isfinite = _plain(np.isfinite, _BOOL)
isnan = _plain(np.isnan, _BOOL)
isinf = _plain(np.isinf, _BOOL)
signbit = _plain(np.signbit, _BOOL)
allclose = _plain(np.allclose, _BOOL)
isclose = _plain(np.isclose, _BOOL)
array_equal = _plain(np.array_equal, _BOOL)
any = _plain(np.any, _BOOL)
all = _plain(np.all, _BOOL)
argsort = _plain(np.argsort, _INT)
argpartition = _plain(np.argpartition, _INT)
nonzero = _plain(np.nonzero, _INT)
count_nonzero = _plain(np.count_nonzero, _INT)
argmax = _plain(np.argmax, _INT)
argmin = _plain(np.argmin, _INT)
floor = _plain(np.floor, _STEP)
ceil = _plain(np.ceil, _STEP)
round = _plain(np.round, _STEP)
around = round
rint = _plain(np.rint, _STEP)
trunc = _plain(np.trunc, _STEP)
fix = _plain(np.fix, _STEP)
sign = _plain(np.sign, _STEP)
floor_divide = _plain(np.floor_divide, _STEP)
heaviside = _plain(np.heaviside, _STEP)
zeros_like = _plain(np.zeros_like, _STEP)
ones_like = _plain(np.ones_like, _STEP)
empty_like = _plain(np.zeros_like, _STEP)  # zeros: "uninitialized" may hold anything, zeros included

# Examples for the reference (the docstrings above are generated): what each gives, and that no derivative flows.
_EXAMPLES = {
    less: """>>> bool(anp.less(1.0, 2.0)), float(ai.grad(lambda x: -x if anp.less(x, 0.0) else x * x)(2.0))  # control flow
(True, 4.0)""",
    greater: """>>> anp.greater(np.array([1.0, 3.0]), 2.0).tolist()
[False, True]""",
    isnan: """>>> anp.isnan(np.array([1.0, np.nan])).tolist()
[False, True]""",
    isfinite: """>>> anp.isfinite(np.array([1.0, np.inf, np.nan])).tolist()
[True, False, False]""",
    argmax: """>>> int(anp.argmax(np.array([1.0, 3.0, 2.0])))
1""",
    argmin: """>>> int(anp.argmin(np.array([1.0, 3.0, 0.5])))
2""",
    argsort: """>>> anp.argsort(np.array([3.0, 1.0, 2.0])).tolist()
[1, 2, 0]""",
    floor: """>>> float(anp.floor(2.5)), float(ai.grad(lambda x: anp.floor(x) * x)(2.5))  # floor(x) + x * 0
(2.0, 2.0)""",
    ceil: """>>> float(anp.ceil(2.5)), float(ai.grad(lambda x: anp.ceil(x) * x)(2.5))  # ceil(x) + x * 0
(3.0, 3.0)""",
    round: """>>> float(anp.round(2.6)), float(ai.grad(lambda x: x - anp.round(x))(2.6))  # 1 - 0
(3.0, 1.0)""",
    trunc: """>>> float(anp.trunc(-2.5)), float(ai.grad(lambda x: x - anp.trunc(x))(-2.5))  # 1 - 0
(-2.0, 1.0)""",
    sign: """>>> float(anp.sign(-3.0)), float(ai.grad(lambda x: anp.sign(x) * x)(-3.0))  # |x| as sign(x) x
(-1.0, -1.0)""",
    zeros_like: """>>> print(anp.zeros_like(np.array([1.0, 2.0])), float(ai.grad(lambda x: anp.sum(anp.zeros_like(x) + x))(1.0)))
[0. 0.] 1.0""",
    ones_like: """>>> print(anp.ones_like(np.array([1.0, 2.0])), float(ai.grad(lambda x: anp.sum(anp.ones_like(x) * x))(1.0)))
[1. 1.] 1.0""",
    less_equal: """>>> anp.less_equal(np.array([1.0, 2.0, 3.0]), 2.0).tolist()
[True, True, False]""",
    greater_equal: """>>> anp.greater_equal(np.array([1.0, 2.0, 3.0]), 2.0).tolist()
[False, True, True]""",
    equal: """>>> anp.equal(np.array([1.0, 2.0]), 2.0).tolist()
[False, True]""",
    not_equal: """>>> anp.not_equal(np.array([1.0, 2.0]), 2.0).tolist()
[True, False]""",
    logical_and: """>>> anp.logical_and(np.array([True, True]), np.array([True, False])).tolist()
[True, False]""",
    logical_or: """>>> anp.logical_or(np.array([True, False]), np.array([False, False])).tolist()
[True, False]""",
    logical_not: """>>> anp.logical_not(np.array([True, False])).tolist()
[False, True]""",
    logical_xor: """>>> anp.logical_xor(np.array([True, True]), np.array([True, False])).tolist()
[False, True]""",
    isinf: """>>> anp.isinf(np.array([1.0, -np.inf, np.nan])).tolist()
[False, True, False]""",
    signbit: """>>> anp.signbit(np.array([-1.0, -0.0, 2.0])).tolist()
[True, True, False]""",
    allclose: """>>> bool(anp.allclose(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-12])))
True""",
    isclose: """>>> anp.isclose(np.array([1.0, 2.0]), np.array([1.0, 2.1])).tolist()
[True, False]""",
    array_equal: """>>> bool(anp.array_equal(np.array([1.0, 2.0]), np.array([1.0, 2.0])))
True""",
    any: """>>> bool(anp.any(np.array([0.0, 2.0]) > 1.0)), bool(anp.all(np.array([0.0, 2.0]) > 1.0))
(True, False)""",
    all: """>>> bool(anp.all(np.array([1.5, 2.0]) > 1.0))
True""",
    argpartition: """>>> int(anp.argpartition(np.array([3.0, 1.0, 2.0]), 1)[1])  # the position of the median
2""",
    nonzero: """>>> [i.tolist() for i in anp.nonzero(np.array([0.0, 2.0, 3.0]))]
[[1, 2]]""",
    count_nonzero: """>>> int(anp.count_nonzero(np.array([0.0, 2.0, 3.0])))
2""",
    rint: """>>> float(anp.rint(2.5)), float(ai.grad(lambda x: x - anp.rint(x))(2.4))  # to even; 1 - 0
(2.0, 1.0)""",
    fix: """>>> float(anp.fix(-2.5)), float(ai.grad(lambda x: x - anp.fix(x))(-2.5))  # towards 0; 1 - 0
(-2.0, 1.0)""",
    floor_divide: """>>> float(anp.floor_divide(7.0, 2.0)), float(ai.grad(lambda x: anp.floor_divide(x, 2.0))(7.0))
(3.0, 0.0)""",
    heaviside: """>>> anp.heaviside(np.array([-1.0, 0.0, 2.0]), 0.5).tolist(), float(ai.grad(lambda x: anp.heaviside(x, 0.5))(2.0))
([0.0, 0.5, 1.0], 0.0)""",
    empty_like: """>>> anp.empty_like(np.ones((2, 3))).shape
(2, 3)""",
}
for _f, _example in _EXAMPLES.items():
    _f.__doc__ += "\n\n" + _example


def full_like(x, fill_value, dtype=None):
    """np.full_like; differentiable in ``fill_value`` (x only gives the shape and dtype).

    >>> print(anp.full_like(np.ones(2), 3.0), float(ai.grad(lambda v: anp.sum(anp.full_like(np.ones(2), v)))(3.0)))
    [3. 3.] 2.0
    """
    if not isinstance(fill_value, Tracer):  # (x may be a batch under vmap: only its shape and dtype count)
        return np.full(shape_of(x), fill_value, dtype=dtype if dtype is not None else result_dtype(concrete(x)))
    dt = dtype if dtype is not None else result_dtype(concrete(x))
    return so.broadcast_to(so.astype(fill_value, dt), shape_of(x))


def shape(x):
    """The shape of x as a tuple of ints, as ``np.shape``; for a traced value, the shape of its value. No derivative.

    >>> anp.shape(np.ones((2, 3))), anp.shape(2.0)
    ((2, 3), ())
    """
    return shape_of(x)


def ndim(x):
    """The number of axes of x, as ``np.ndim``; for a traced value, that of its value. No derivative.

    >>> anp.ndim(np.ones((2, 3))), anp.ndim(2.0)
    (2, 0)
    """
    return ndim_of(x)


def size(x, axis=None):
    """The number of elements of x (the length of ``axis`` if given), as ``np.size``. No derivative.

    >>> anp.size(np.ones((2, 3))), anp.size(np.ones((2, 3)), 1)
    (6, 3)
    """
    s = shape_of(x)
    return int(np.prod(s)) if axis is None else s[axis]


def stop_gradient(x):
    """The value of x with no derivative attached (under every level of tracing).

    >>> f = lambda x: x * ai.stop_gradient(x)  # x times a constant c = x
    >>> float(f(3.0)), float(ai.grad(f)(3.0))  # x², but the derivative is c
    (9.0, 3.0)
    """
    return concrete(x)


def _has_tracer(obj):
    if isinstance(obj, Tracer):
        return True
    if isinstance(obj, (list, tuple)):
        return builtins.any(_has_tracer(o) for o in obj)
    return False


def array(obj, dtype=None, copy=True):
    """np.array that also accepts (nested) lists of traced values: they are stacked.

    >>> print(anp.array([1.0, 2.0]), float(ai.grad(lambda x: anp.sum(anp.array([x, x * x])))(3.0)))  # 1 + 2x
    [1. 2.] 7.0
    """
    if _has_tracer(obj):
        out = so.stack([array(o) for o in obj]) if isinstance(obj, (list, tuple)) else obj
        return so.astype(out, dtype) if dtype is not None else out
    return np.array(obj, dtype=dtype, copy=copy)


def asarray(obj, dtype=None):
    """obj as an array, as ``np.asarray``: a traced value is returned as it is (its derivative flows on),
    a (nested) list holding traced values is stacked; ``dtype`` casts.

    >>> print(anp.asarray([1.0, 2.0]), float(ai.grad(lambda x: anp.sum(anp.asarray([x, 2 * x])))(1.0)))
    [1. 2.] 3.0
    """
    if isinstance(obj, Tracer) and dtype is None:
        return obj
    return array(obj, dtype=dtype, copy=None)



def listed(x):
    """A list or tuple (possibly holding traced values) as an array, since NumPy functions accept them."""
    return array(x) if type(x) is list or type(x) is tuple else x
