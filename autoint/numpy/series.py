"""Functions of sequences: differences, gradient, linear interpolation, convolution and correlation."""
import numpy as np

from ..core import concrete, shape_of, Tracer
from ._util import complex_plain, ndim_of, normalize_axis
from . import elementwise as ew
from . import indexing as ix
from . import linalg_ops as la
from . import nondiff
from . import shape_ops as so

searchsorted = nondiff._plain(np.searchsorted, "integer")


def _along(x, axis, index):
    return ix.getitem(x, (slice(None),) * axis + (index,))


def _with_axis_len(v, x, axis):
    """A prepend/append value as an array matching x except for length 1 along ``axis``."""
    s = list(shape_of(x))
    s[axis] = 1
    return so.broadcast_to(v, tuple(s)) if ndim_of(v) == 0 else v


def diff(x, n=1, axis=-1, prepend=None, append=None):
    """n-th forward difference along ``axis`` (x[1:] - x[:-1], n times).

    >>> x = np.array([1.0, 4.0, 9.0])
    >>> print(anp.diff(x), ai.grad(lambda x: anp.diff(x)[0])(x))
    [3. 5.] [-1.  1.  0.]
    """
    axis = normalize_axis(axis, ndim_of(x))
    parts = [x]
    if prepend is not None:
        parts.insert(0, _with_axis_len(prepend, x, axis))
    if append is not None:
        parts.append(_with_axis_len(append, x, axis))
    if len(parts) > 1:
        x = so.concatenate(parts, axis=axis)
    for _ in range(n):
        x = _along(x, axis, slice(1, None)) - _along(x, axis, slice(None, -1))
    return x


def ediff1d(ary, to_end=None, to_begin=None):
    """Differences of the flattened array, with optional values before and after.

    >>> print(anp.ediff1d(np.array([1.0, 4.0, 9.0])))
    [3. 5.]
    """
    d = diff(so.ravel(ary))
    parts = [so.ravel(v) if ndim_of(v) else so.reshape(v, (1,)) for v in (to_begin,) if v is not None]
    parts += [d] + [so.ravel(v) if ndim_of(v) else so.reshape(v, (1,)) for v in (to_end,) if v is not None]
    return so.concatenate(parts) if len(parts) > 1 else d


def gradient(f, *varargs, axis=None, edge_order=1):
    """np.gradient: central differences inside, one-sided at the ends (``edge_order`` 1 or 2).

    It is linear in f, so each axis applies the matrix np.gradient itself gives for the unit
    vectors: NumPy's exact coefficients, for uniform or coordinate-array spacing.  The spacing
    must be plain values (no derivative with respect to the sample coordinates).

    >>> print(anp.gradient(np.array([1.0, 4.0, 9.0])))  # one-sided at the ends, central inside
    [3. 4. 5.]
    """
    if any(isinstance(v, Tracer) for v in varargs):
        raise NotImplementedError("autoint.numpy.gradient: the spacing cannot be a traced value.")
    nd = ndim_of(f)
    axes = list(range(nd)) if axis is None else [normalize_axis(a, nd) for a in np.atleast_1d(axis)]
    spacing = list(varargs) if len(varargs) > 1 else list(varargs) * len(axes) or [1.0] * len(axes)
    outs = []
    for ax, h in zip(axes, spacing):
        n = shape_of(f)[ax]
        matrix = np.gradient(np.eye(n), h, axis=0, edge_order=edge_order)  # column j: gradient of e_j
        moved = so.moveaxis(f, ax, -1)
        outs.append(so.moveaxis(la.matmul(moved, np.asarray(matrix.T, dtype=float)), -1, ax))
    return outs[0] if len(outs) == 1 else tuple(outs)


def interp(x, xp, fp, left=None, right=None, period=None):
    """Piecewise-linear interpolation, differentiable in x, xp and fp.

    Convention at a knot x = xp[j]: the derivative in x is the slope of the segment to the right
    (at the last knot, of the last segment); outside [xp[0], xp[-1]] the value is constant (``left``,
    ``right``, or the end values) and the derivative in x is 0.

    >>> xp, fp = np.array([1.0, 2.0]), np.array([10.0, 20.0])
    >>> float(anp.interp(1.5, xp, fp)), float(ai.grad(lambda x: anp.interp(x, xp, fp))(1.5))  # the slope
    (15.0, 10.0)
    """
    if period is not None:
        raise NotImplementedError("autoint.numpy.interp: period is not supported.")
    cx, cxp = (c if isinstance(c, Tracer) else np.asarray(c) for c in (concrete(x), concrete(xp)))  # batches under vmap
    n = shape_of(cxp)[0] if ndim_of(cxp) == 1 else 0
    if n == 0:
        raise ValueError("interp: xp must be a non-empty 1-d sequence")
    if n == 1:
        y = so.broadcast_to(ix.getitem(fp, 0), shape_of(cx))
    else:
        j = ew.clip(searchsorted(cxp, cx, side="right") - 1, 0, n - 2)
        x0, x1 = ix.getitem(xp, j), ix.getitem(xp, j + 1)
        f0, f1 = ix.getitem(fp, j), ix.getitem(fp, j + 1)
        y = f0 + (x - x0) * ((f1 - f0) / (x1 - x0))
    lo = fp[0] if left is None else left
    hi = fp[-1] if right is None else right
    return ew.where(cx < cxp[0], lo, ew.where(cx > cxp[-1], hi, y))


def _full_convolution(a, v):
    """sum_i a[i] v[k - i] for k = 0 .. n + m - 2, as a Toeplitz matrix of v times a."""
    n, m = shape_of(a)[0], shape_of(v)[0]
    k = np.arange(n + m - 1)[:, None] - np.arange(n)[None, :]
    inside = (k >= 0) & (k < m)
    toeplitz = ew.where(inside, ix.getitem(v, np.clip(k, 0, m - 1)), 0.0)
    return la.matmul(toeplitz, a)


def convolve(a, v, mode="full"):
    """Discrete linear convolution of two 1-d arrays (mode 'full', 'same' or 'valid', as NumPy).

    >>> a, v = np.array([1.0, 2.0]), np.array([1.0, 1.0])
    >>> print(anp.convolve(a, v), ai.grad(lambda a: anp.sum(anp.convolve(a, v)))(a))
    [1. 3. 2.] [2. 2.]
    """
    n, m = shape_of(a)[0], shape_of(v)[0]
    if n == 0 or m == 0:
        raise ValueError("convolve: inputs cannot be empty")
    full = _full_convolution(a, v) if n >= m else _full_convolution(v, a)
    lo, hi = min(n, m), max(n, m)
    if mode == "full":
        return full
    if mode == "same":
        start = (lo - 1) // 2
        return full[start:start + hi]
    if mode == "valid":
        return full[lo - 1:hi]
    raise ValueError(f"convolve: mode must be 'full', 'same' or 'valid', not {mode!r}")


def correlate(a, v, mode="valid"):
    """Cross-correlation c[k] = sum_n a[n + k] v[n] of two real 1-d arrays (NumPy's modes and alignment).

    >>> a, v = np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0])
    >>> print(anp.correlate(a, v), ai.grad(lambda a: anp.sum(anp.correlate(a, v)))(a))
    [2. 3.] [0. 1. 1.]
    """
    if complex_plain("correlate", a, v):
        return np.correlate(a, v, mode)
    n, m = shape_of(a)[0], shape_of(v)[0]
    if m > n:  # NumPy swaps the roles and reverses the result
        return ix.flip(correlate(v, a, mode), 0)
    return convolve(a, ix.flip(v, 0), mode)
