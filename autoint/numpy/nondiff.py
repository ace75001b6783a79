"""Functions whose result carries no derivative: comparisons, rounding, predicates, creation.

They accept traced values and compute on the plain value underneath, so
Python control flow on traced values works and the derivative through them
is zero (the correct answer almost everywhere).
"""
import numpy as np

from ._util import ndim_of, shape_of

from ..core import Primitive, Tracer, concrete


def plain(f, name=None):
    """``f`` applied to the values under the derivatives of its arguments.

    Under ``vmap`` those values are still batches (see ``concrete``): then ``f``
    is bound as a primitive of its own, which the batching interpreter maps.
    """
    name = name or f.__name__
    prim = Primitive(name, f, f"{name}: no derivative flows through it.")

    def wrapper(*args, **kwargs):
        args = tuple(concrete(a) for a in args)
        for a in args:
            if isinstance(a, Tracer):
                return prim(*args, **kwargs)
        return f(*args, **kwargs)

    wrapper.__name__ = name
    wrapper.__doc__ = f"{name} on the plain value (no derivative flows through it)."
    wrapper.prim = prim
    return wrapper


_NAMES = (
    "less less_equal greater greater_equal equal not_equal logical_and logical_or logical_not logical_xor "
    "isfinite isnan isinf signbit floor ceil round rint trunc fix sign argsort nonzero count_nonzero "
    "zeros_like ones_like empty_like full_like allclose isclose array_equal any all floor_divide mod "
    "remainder"
).split()

namespace = {name: plain(getattr(np, name)) for name in _NAMES}
namespace["around"] = namespace["round"]


def shape(x):
    return shape_of(x)


def ndim(x):
    return ndim_of(x)


def size(x, axis=None):
    s = shape_of(x)
    return int(np.prod(s)) if axis is None else s[axis]


def stop_gradient(x):
    """The value of x with no derivative attached (under every level of tracing)."""
    return concrete(x)


def _has_tracer(obj):
    if isinstance(obj, Tracer):
        return True
    if isinstance(obj, (list, tuple)):
        return any(_has_tracer(o) for o in obj)
    return False


def array(obj, dtype=None, copy=True):
    """np.array that also accepts (nested) lists of traced values: they are stacked."""
    if _has_tracer(obj):
        from .shape_ops import astype, stack

        out = stack([array(o) for o in obj]) if isinstance(obj, (list, tuple)) else obj
        return astype(out, dtype) if dtype is not None else out
    return np.array(obj, dtype=dtype, copy=copy)


def asarray(obj, dtype=None):
    if isinstance(obj, Tracer) and dtype is None:
        return obj
    return array(obj, dtype=dtype, copy=None)


creation = {name: getattr(np, name) for name in "zeros ones full empty arange linspace logspace eye identity".split()}
