"""Primitives that change shape: reshape, transpose, broadcast, concatenate, astype.

All of these are linear, so each rule applies the same kind of operation to
the (co)tangent.  Compositions (ravel, squeeze, moveaxis, stack, ...) are
built from them at the bottom of the file; indexing and what is built on it
(flip, roll, sort, ...) live in ``indexing``.
"""
import math

import numpy as np

from ..core import Primitive, concrete
from ._util import lead, normalize_axis, refuse_complex, shape_of, unbroadcast


def _reshape_impl(x, shape):
    return np.reshape(x, shape)


reshape_p = Primitive("reshape", _reshape_impl, "Reshape; the result's shape is fully specified (-1 resolved).")
reshape_p.defjvp(lambda g, ans, x, shape: reshape_p(g, shape=lead(g, x) + shape_of(ans)))
reshape_p.defvjp(lambda g, ans, x, shape: reshape_p(g, shape=shape_of(x)))


def reshape(x, shape, *extra, order="C"):
    """np.reshape for traced and plain arrays (C order only)."""
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
broadcast_to_p.defvjp(lambda g, ans, x, shape: unbroadcast(g, shape_of(x)))


def broadcast_to(x, shape):
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
    arrays = list(arrays)
    if axis is None:
        arrays, axis = [ravel(a) for a in arrays], 0
    axis = normalize_axis(axis, len(shape_of(arrays[0])))
    return concatenate_p(*arrays, axis=axis)


# -- compositions -----------------------------------------------------------------------


def ravel(x):
    return reshape(x, (-1,))


def squeeze(x, axis=None):
    s = shape_of(x)
    if axis is None:
        axes = [i for i, n in enumerate(s) if n == 1]
    else:
        axes = [normalize_axis(a, len(s)) for a in (axis if isinstance(axis, (tuple, list)) else (axis,))]
        if any(s[a] != 1 for a in axes):
            raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    return reshape(x, tuple(n for i, n in enumerate(s) if i not in axes))


def expand_dims(x, axis):
    s = list(shape_of(x))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    nd = len(s) + len(axes)
    for a in sorted(normalize_axis(a, nd) for a in axes):
        s.insert(a, 1)
    return reshape(x, tuple(s))


def moveaxis(x, source, destination):
    nd = len(shape_of(x))
    src = [normalize_axis(a, nd) for a in np.atleast_1d(source)]
    dst = [normalize_axis(a, nd) for a in np.atleast_1d(destination)]
    order = [n for n in range(nd) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(x, order)


def swapaxes(x, axis1, axis2):
    nd = len(shape_of(x))
    order = list(range(nd))
    a, b = normalize_axis(axis1, nd), normalize_axis(axis2, nd)
    order[a], order[b] = order[b], order[a]
    return transpose(x, order)


def stack(arrays, axis=0):
    arrays = list(arrays)
    nd = len(shape_of(arrays[0])) + 1
    axis = normalize_axis(axis, nd)
    return concatenate([expand_dims(a, axis) for a in arrays], axis=axis)


def atleast_1d(x):
    return reshape(x, (1,)) if not shape_of(x) else x


def atleast_2d(x):
    s = shape_of(x)
    return reshape(x, (1,) * (2 - len(s)) + s) if len(s) < 2 else x


def hstack(arrays):
    arrays = [atleast_1d(a) for a in arrays]
    return concatenate(arrays, axis=0 if len(shape_of(arrays[0])) == 1 else 1)


def vstack(arrays):
    return concatenate([atleast_2d(a) for a in arrays], axis=0)


def astype(x, dtype):
    return astype_p(x, dtype=np.dtype(dtype))


def _check_cast(x, dtype):
    if np.dtype(dtype).kind != "c":
        refuse_complex(x, "astype")  # dropping an imaginary part has no derivative autoint can give


def _astype_jvp(g, ans, x, dtype):
    _check_cast(x, dtype)
    return astype_p(g, dtype=dtype)


def _astype_vjp(g, ans, x, dtype):
    _check_cast(x, dtype)
    return astype_p(g, dtype=np.result_type(concrete(x)))


astype_p = Primitive("astype", lambda x, dtype: np.asarray(x).astype(dtype), "Cast to another float dtype.")
astype_p.defjvp(_astype_jvp)
astype_p.defvjp(_astype_vjp)
