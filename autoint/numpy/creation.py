"""Creating arrays: the plain constructors, and linspace/logspace, which are differentiable in their endpoints."""
import numpy as np

from ..core import shape_of, Tracer
from . import elementwise as ew
from . import shape_ops as so

# Constructors from shapes and plain numbers: NumPy's own (nothing to differentiate).
zeros = np.zeros
ones = np.ones
full = np.full
empty = np.empty
arange = np.arange
eye = np.eye
identity = np.identity


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """np.linspace; with traced endpoints, start * (1 - t) + stop * t for t = 0, 1/(num-1), ..., 1.

    That form gives both endpoints exactly, and its derivatives are 1 - t in
    ``start`` and t in ``stop``: ``grad(lambda a: sum(linspace(a, 2.0, 5)))(1.0)``
    is 1 + 0.75 + 0.5 + 0.25 + 0 = 2.5.

    >>> print(anp.linspace(0.0, 1.0, 3), float(ai.grad(lambda a: anp.sum(anp.linspace(a, 2.0, 5)))(1.0)))
    [0.  0.5 1. ] 2.5
    """
    if not isinstance(start, Tracer) and not isinstance(stop, Tracer):
        return np.linspace(start, stop, num, endpoint=endpoint, retstep=retstep, dtype=dtype, axis=axis)
    num = int(num)
    if num < 0:
        raise ValueError(f"linspace: number of samples, {num}, must be non-negative.")
    div = (num - 1 if endpoint else num) or 1
    t = np.arange(num, dtype=float) / div
    nd = len(np.broadcast_shapes(shape_of(start), shape_of(stop)))
    t = t.reshape((num,) + (1,) * nd)
    out = start * (1.0 - t) + stop * t
    if axis != 0:
        out = so.moveaxis(out, 0, axis)
    if dtype is not None:
        out = so.astype(out, dtype)
    return (out, (stop - start) / div) if retstep else out


def logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0):
    """np.logspace: base ** linspace(start, stop), differentiable in start, stop and base.

    >>> print(anp.logspace(0.0, 2.0, 3), float(ai.grad(lambda b: anp.sum(anp.logspace(0.0, 2.0, 3, base=b)))(10.0)))  # d(1 + b + b²)/db
    [  1.  10. 100.] 21.0
    """
    if not any(isinstance(v, Tracer) for v in (start, stop, base)):
        return np.logspace(start, stop, num, endpoint=endpoint, base=base, dtype=dtype, axis=axis)
    exponents = linspace(start, stop, num, endpoint=endpoint, axis=0)
    if isinstance(base, Tracer) or np.ndim(base):
        nd = len(shape_of(exponents)) - 1
        base = so.reshape(base, (1,) * (nd - len(shape_of(base))) + shape_of(base)) if nd else base
    out = ew.power(base, exponents)
    if axis != 0:
        out = so.moveaxis(out, 0, axis)
    return so.astype(out, dtype) if dtype is not None else out
