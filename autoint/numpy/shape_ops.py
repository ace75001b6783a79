"""Primitives that change shape: reshape, transpose, broadcast, concatenate, astype.

All of these are linear, so each rule applies the same kind of operation to
the (co)tangent.  Compositions (ravel, squeeze, moveaxis, stack, ...) are
built from them at the bottom of the file; indexing and what is built on it
(flip, roll, sort, ...) live in ``indexing``.

Imports: ``indexing`` and ``reductions`` build on this module, so the three rules
here that need them (broadcast_to's VJP is ``unbroadcast``, a sum; concatenate's
JVP and VJP scatter-add and index) import them when they are called.
These are the only imports inside functions here: a module-level import would
be a circle.
"""
import math

import numpy as np

from ..core import Primitive, Tracer, concrete, float_dtype, lead, result_dtype, shape_of
from ._util import normalize_axis, refuse_complex


def _reshape_impl(x, shape):
    return np.reshape(x, shape)


reshape_p = Primitive("reshape", _reshape_impl, "Reshape; the result's shape is fully specified (-1 resolved).")
reshape_p.defjvp(lambda g, ans, x, shape: reshape_p(g, shape=lead(g, x) + shape_of(ans)))
reshape_p.defvjp(lambda g, ans, x, shape: reshape_p(g, shape=shape_of(x)))


def reshape(x, shape, *extra, order="C"):
    """np.reshape for traced and plain arrays (C order only).

    >>> x = np.arange(6.0)
    >>> print(anp.reshape(x, (2, 3)).shape, ai.grad(lambda x: anp.reshape(x, (2, 3))[1, 0])(x))
    (2, 3) [0. 0. 0. 1. 0. 0.]
    """
    if order != "C":
        raise NotImplementedError("autoint.numpy.reshape supports order='C' only.")
    if extra:
        shape = (shape,) + extra
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(int(s) for s in shape)
    resolved = _resolve_shape(shape_of(x), shape)
    if resolved == shape_of(x):
        return x
    return reshape_p(x, shape=resolved)


def _resolve_shape(old, new):
    size = math.prod(old)  # math.prod: np.prod costs microseconds on a tuple
    if -1 in new:
        known = math.prod(s for s in new if s != -1)
        new = tuple(size // known if s == -1 else s for s in new)
    if math.prod(new) != size:
        raise ValueError(f"cannot reshape array of shape {old} into shape {new}")
    return new


transpose_p = Primitive("transpose", lambda x, axes: np.transpose(x, axes), "Permute axes.")


def _transpose_jvp(g, ans, x, axes):
    nb = len(lead(g, x))
    return transpose_p(g, axes=tuple(range(nb)) + tuple(nb + a for a in axes))


transpose_p.defjvp(_transpose_jvp)
transpose_p.defvjp(lambda g, ans, x, axes: transpose_p(g, axes=tuple(np.argsort(axes))))


def transpose(x, axes=None):
    """x with its axes reversed, or permuted by ``axes``, as ``np.transpose``.

    Linear: the tangent is transposed the same way, the cotangent by the inverse permutation.

    >>> w = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> print(anp.transpose(w).tolist(), ai.grad(lambda x: anp.sum(anp.transpose(x) * w))(np.zeros((2, 2))).tolist())
    [[1.0, 3.0], [2.0, 4.0]] [[1.0, 3.0], [2.0, 4.0]]
    """
    nd = len(shape_of(x))
    axes = tuple(reversed(range(nd))) if axes is None else tuple(normalize_axis(a, nd) for a in axes)
    if axes == tuple(range(nd)):
        return x
    return transpose_p(x, axes=axes)


def _broadcast_to_jvp(g, ans, x, shape):
    b = lead(g, x)
    xs = shape_of(x)
    g = reshape(g, b + (1,) * (len(shape) - len(xs)) + xs)
    return broadcast_to_p(g, shape=b + tuple(shape))


broadcast_to_p = Primitive("broadcast_to", lambda x, shape: np.broadcast_to(x, shape), "Broadcast to a shape.")
broadcast_to_p.defjvp(_broadcast_to_jvp)
broadcast_to_p.defvjp(lambda g, ans, x, shape: _unbroadcast(g, shape_of(x)))


def _unbroadcast(g, shape):
    from .reductions import unbroadcast  # reductions builds on this module

    return unbroadcast(g, shape)


def broadcast_to(x, shape):
    """x broadcast to ``shape``, as ``np.broadcast_to`` (a read-only view of plain x, as NumPy).

    Linear: the cotangent is summed over the broadcast axes.

    >>> x = np.array([1.0, 2.0])
    >>> print(anp.broadcast_to(x, (3, 2)).shape, ai.grad(lambda x: anp.sum(anp.broadcast_to(x, (3, 2))))(x))
    (3, 2) [3. 3.]
    """
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if shape_of(x) == shape:
        return x
    return broadcast_to_p(x, shape=shape)


# -- joining -----------------------------------------------------------------------------


def _piece(i, xs, axis):
    start = sum(shape_of(x)[axis] for x in xs[:i])
    return slice(start, start + shape_of(xs[i])[axis])


def _concat_jvp(i):
    from .indexing import scatter_add_p  # indexing builds on this module

    def rule(g, ans, *xs, axis):
        b = lead(g, xs[i])
        index = (slice(None),) * (len(b) + axis) + (_piece(i, xs, axis),)
        return scatter_add_p(g, index=index, shape=b + shape_of(ans))

    return rule


def _concat_vjp(i):
    from .indexing import getitem_p  # indexing builds on this module

    def rule(g, ans, *xs, axis):
        return getitem_p(g, index=(slice(None),) * axis + (_piece(i, xs, axis),))

    return rule


concatenate_p = Primitive("concatenate", lambda *xs, axis: np.concatenate(xs, axis=axis), "Join along an axis.")
concatenate_p.defrules(lambda mode, i: _concat_jvp(i) if mode == "jvp" else _concat_vjp(i))


def concatenate(arrays, axis=0):
    """Arrays joined along an existing ``axis`` (flattened first when ``axis`` is None), as ``np.concatenate``.

    Linear: each input's cotangent is its slice of the output's cotangent.

    >>> f = lambda a, b: anp.concatenate([a, 2 * b])
    >>> print(f(np.ones(2), np.ones(1)), ai.grad(lambda a, b: anp.sum(f(a, b)), argnums=1)(np.ones(2), np.ones(1)))
    [1. 1. 2.] [2.]
    """
    arrays = list(arrays)
    if axis is None:
        arrays, axis = [ravel(a) for a in arrays], 0
    axis = normalize_axis(axis, len(shape_of(arrays[0])))
    return concatenate_p(*arrays, axis=axis)


# -- compositions -----------------------------------------------------------------------


def ravel(x):
    """The elements as a 1-d array in C order, as ``np.ravel``; ``flatten`` is the same function.

    A reshape: the derivative is reshaped the same way.

    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> print(anp.ravel(x), ai.grad(lambda x: anp.ravel(x)[1])(x).tolist())
    [1. 2. 3. 4.] [[0.0, 1.0], [0.0, 0.0]]
    """
    return reshape(x, (-1,))


def squeeze(x, axis=None):
    """x without its length-1 axes (only those in ``axis`` if given), as ``np.squeeze``.

    An axis named in ``axis`` whose length is not 1 is a ValueError, as NumPy. A reshape: the
    derivative is reshaped back.

    >>> anp.squeeze(np.ones((1, 3, 1))).shape, anp.squeeze(np.ones((1, 3, 1)), axis=0).shape
    ((3,), (3, 1))
    """
    s = shape_of(x)
    if axis is None:
        axes = [i for i, n in enumerate(s) if n == 1]
    else:
        axes = [normalize_axis(a, len(s)) for a in (axis if isinstance(axis, (tuple, list)) else (axis,))]
        if any(s[a] != 1 for a in axes):
            raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    return reshape(x, tuple(n for i, n in enumerate(s) if i not in axes))


def expand_dims(x, axis):
    """x with new length-1 axes at the positions ``axis`` (an int or a tuple), as ``np.expand_dims``.

    A reshape: the derivative is reshaped back.

    >>> anp.expand_dims(np.ones(3), 0).shape, anp.expand_dims(np.ones(3), (0, 2)).shape
    ((1, 3), (1, 3, 1))
    """
    s = list(shape_of(x))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    nd = len(s) + len(axes)
    for a in sorted(normalize_axis(a, nd) for a in axes):
        s.insert(a, 1)
    return reshape(x, tuple(s))


def moveaxis(x, source, destination):
    """x with the axes ``source`` moved to the positions ``destination``, the others keeping their order, as ``np.moveaxis``.

    A transpose: the derivative is permuted back.

    >>> anp.moveaxis(np.ones((2, 3, 4)), 0, -1).shape
    (3, 4, 2)
    """
    nd = len(shape_of(x))
    src = [normalize_axis(a, nd) for a in np.atleast_1d(source)]
    dst = [normalize_axis(a, nd) for a in np.atleast_1d(destination)]
    order = [n for n in range(nd) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(x, order)


def swapaxes(x, axis1, axis2):
    """x with axes ``axis1`` and ``axis2`` interchanged, as ``np.swapaxes``. A transpose: the derivative is permuted back.

    >>> anp.swapaxes(np.ones((2, 3, 4)), 0, 2).shape
    (4, 3, 2)
    """
    nd = len(shape_of(x))
    order = list(range(nd))
    a, b = normalize_axis(axis1, nd), normalize_axis(axis2, nd)
    order[a], order[b] = order[b], order[a]
    return transpose(x, order)


def stack(arrays, axis=0):
    """Arrays of one shape joined along a new ``axis``, as ``np.stack``.

    Linear: each input's cotangent is its slice of the output's cotangent.

    >>> print(anp.stack([np.ones(2), np.zeros(2)], axis=1).tolist(), ai.jacfwd(lambda x: anp.stack([x, 3 * x]))(1.0))
    [[1.0, 0.0], [1.0, 0.0]] [1. 3.]
    """
    arrays = list(arrays)
    nd = len(shape_of(arrays[0])) + 1
    axis = normalize_axis(axis, nd)
    return concatenate([expand_dims(a, axis) for a in arrays], axis=axis)


def atleast_1d(x):
    """x as an array with at least one axis: a 0-d x becomes shape (1,), others are returned as they are.

    One array per call (``np.atleast_1d`` also takes several). A reshape: the derivative is reshaped back.

    >>> print(anp.atleast_1d(2.0), anp.atleast_1d(np.ones((2, 2))).shape)
    [2.] (2, 2)
    """
    return reshape(x, (1,)) if not shape_of(x) else x


def atleast_2d(x):
    """x as an array with at least two axes: 0-d becomes (1, 1), (n,) becomes (1, n), others are unchanged.

    One array per call (``np.atleast_2d`` also takes several). A reshape: the derivative is reshaped back.

    >>> anp.atleast_2d(np.ones(3)).shape, anp.atleast_2d(2.0).shape
    ((1, 3), (1, 1))
    """
    s = shape_of(x)
    return reshape(x, (1,) * (2 - len(s)) + s) if len(s) < 2 else x


def hstack(arrays):
    """Arrays joined horizontally, as ``np.hstack``: along axis 0 if they are 1-d (0-d ones become 1-d), else along axis 1.

    Linear: each input's cotangent is its slice of the output's cotangent.

    >>> print(anp.hstack([np.ones(2), 3.0]), float(ai.grad(lambda x: anp.sum(anp.hstack([np.ones(2), x]) ** 2))(3.0)))
    [1. 1. 3.] 6.0
    """
    arrays = [atleast_1d(a) for a in arrays]
    return concatenate(arrays, axis=0 if len(shape_of(arrays[0])) == 1 else 1)


def vstack(arrays):
    """Arrays joined vertically, as ``np.vstack``: 0-d and 1-d arrays become rows, then all are joined along axis 0.

    ``row_stack`` is the same. Linear: each input's cotangent is its slice of the output's cotangent.

    >>> print(anp.vstack([np.ones(2), np.zeros(2)]).tolist())
    [[1.0, 1.0], [0.0, 0.0]]
    """
    return concatenate([atleast_2d(a) for a in arrays], axis=0)


def astype(x, dtype):
    """x cast to ``dtype``, as ``x.astype(dtype)``; for float dtypes (float32, float64).

    The tangent is cast the same way, the cotangent back to x's dtype. Casting a complex value to a
    real dtype cannot be differentiated (dropping the imaginary part has no derivative) and is refused.

    >>> print(anp.astype(np.array([1.5]), np.float32).dtype, float(ai.grad(lambda x: 2 * anp.astype(x, np.float32))(1.0)))
    float32 2.0
    """
    return astype_p(x, dtype=np.dtype(dtype))


def _check_cast(x, dtype):
    if np.dtype(dtype).kind != "c":
        refuse_complex(x, "astype")  # dropping an imaginary part has no derivative autoint can give


def _astype_jvp(g, ans, x, dtype):
    _check_cast(x, dtype)
    return astype_p(g, dtype=dtype)


def _astype_vjp(g, ans, x, dtype):
    _check_cast(x, dtype)
    return astype_p(g, dtype=result_dtype(concrete(x)))


astype_p = Primitive("astype", lambda x, dtype: np.asarray(x).astype(dtype), "Cast to another float dtype.")
astype_p.defjvp(_astype_jvp)
astype_p.defvjp(_astype_vjp)


def fit(g, x, ans):
    """Broadcast tangent ``g`` of input ``x`` to the batch shape plus ``ans``'s shape.

    Public as ``autoint.broadcast_tangent``: a JVP rule's first step for an input
    that broadcasting enlarges.  ``g`` may carry leading batch axes (``jacfwd``
    pushes all directions at once), which stay in front.

    >>> import numpy as np, autoint as ai
    >>> ai.broadcast_tangent(np.ones((5, 3)), np.ones(3), np.ones((2, 3))).shape  # 5 directions for x, output (2, 3)
    (5, 2, 3)
    """
    xs, outs = shape_of(x), shape_of(ans)
    if xs == outs:
        return g
    b = lead(g, x)
    g = reshape(g, b + (1,) * (len(outs) - len(xs)) + xs)
    return broadcast_to(g, b + outs)


def float_like(mask, x):
    """A constant array (no derivative) of ``mask``'s values in ``x``'s float dtype."""
    if isinstance(mask, Tracer):  # a batch of masks under vmap: cast it as a batch
        return astype(mask, float_dtype(x))
    return np.asarray(mask, dtype=float_dtype(x))
