"""Indexing: x[index] and its transpose, scatter-add, and what is built on them.

getitem covers basic slices, integer arrays and boolean masks; its reverse
rule scatters the cotangent back with np.add.at semantics, so repeated
indices accumulate.  ``x.at[index].set/add`` (JAX's functional updates) and
the compositions flip, roll, repeat, tile, take_along_axis, sort and
diagonal are all indexing.

Imports: ``elementwise`` builds on this module (through ``reductions``), so the
one function here that needs ``where`` imports it when it is called.
"""
import numpy as np

from ..core import concrete, float_dtype, lead, Primitive, result_dtype, shape_of, Tracer
from ._util import ndim_of, normalize_axis
from . import shape_ops as so


def _getitem_impl(x, index):
    return np.asarray(x)[index]


def _has_array(index):
    return any(isinstance(i, np.ndarray) for i in index)


def _explicit(index, nd):
    """``index`` with Ellipsis spelled out as slices for an array of ``nd`` dimensions."""
    if not any(i is Ellipsis for i in index):
        return index
    used = sum(0 if i is None or i is Ellipsis else (i.ndim if _is_bool(i) else 1) for i in index)
    k = next(n for n, i in enumerate(index) if i is Ellipsis)
    return index[:k] + (slice(None),) * (nd - used) + index[k + 1:]


def _batch_last(g, nb):
    """Batch axes (the first ``nb``) moved to the end."""
    nd = ndim_of(g)
    return so.transpose(g, tuple(range(nb, nd)) + tuple(range(nb)))


def _batch_first(g, nb):
    """The last ``nb`` axes moved to the front."""
    nd = ndim_of(g)
    return so.transpose(g, tuple(range(nd - nb, nd)) + tuple(range(nd - nb)))


def _getitem_jvp(g, ans, x, index):
    nb = len(lead(g, x))
    if not nb:
        return getitem_p(g, index=index)
    if not _has_array(index):  # basic indexing: the batch axes just get their own full slices
        return getitem_p(g, index=(slice(None),) * nb + index)
    # Advanced indices that are not adjacent (x[i, :, j], x[0, :, i]) put their axes first, in
    # front of any leading batch axes; with the batch axes last they are never displaced.
    out = getitem_p(_batch_last(g, nb), index=_explicit(index, ndim_of(x)))
    return _batch_first(out, nb)


getitem_p = Primitive("getitem", _getitem_impl, "x[index]: basic slices, integer arrays and boolean masks.")
getitem_p.defjvp(_getitem_jvp)
getitem_p.defvjp(lambda g, ans, x, index: scatter_add_p(g, index=index, shape=shape_of(x)))


def _scatter_add_impl(g, index, shape):
    # g's own dtype: result_type(g, float32) would turn a Python float (a weak scalar) into float32.
    out = np.zeros(shape, dtype=float_dtype(g))
    if _is_basic(index):
        out[index] += g  # basic indices never repeat an element
    else:
        np.add.at(out, index, g)  # repeated integer indices accumulate
    return out


def _is_basic(index):
    return all(i is None or i is Ellipsis or isinstance(i, (slice, int, np.integer)) or _is_bool(i) for i in index)


def _is_bool(i):
    return isinstance(i, np.ndarray) and i.dtype == bool


scatter_add_p = Primitive(
    "scatter_add",
    _scatter_add_impl,
    "zeros(shape) with g added at index; repeated integer indices accumulate (like np.add.at).",
)


def _scatter_jvp(t, ans, g, index, shape):
    b = lead(t, g)
    if not b:
        return scatter_add_p(t, index=index, shape=shape)
    if not _has_array(index):
        return scatter_add_p(t, index=(slice(None),) * len(b) + index, shape=b + tuple(shape))
    # as in getitem: batch axes last, so advanced indices cannot move them
    out = scatter_add_p(_batch_last(t, len(b)), index=_explicit(index, len(shape)), shape=tuple(shape) + b)
    return _batch_first(out, len(b))


scatter_add_p.defjvp(_scatter_jvp)
scatter_add_p.defvjp(lambda ct, ans, g, index, shape: getitem_p(ct, index=index))


def normalize_index(index):
    """A tuple index of plain values (traced integer or mask indices give their values)."""
    if not isinstance(index, tuple):
        index = (index,)
    out = []
    for i in index:
        if isinstance(i, Tracer):
            i = concrete(i)
        if isinstance(i, list):
            i = np.asarray(i)
        if isinstance(i, np.ndarray) and i.dtype.kind == "f":
            raise IndexError("arrays used as indices must be of integer or boolean type")
        out.append(i)
    return tuple(out)


# -- indices that are traced values ----------------------------------------------------------
# Under vmap an index can itself be a batch (x[i] with i mapped).  It cannot be a parameter
# then, since interpreters only look at arguments: gather and scatter take the traced parts
# of the index as arguments, and their ``index`` parameter is the index with those parts marked.

_TRACED = "traced"  # (a string can be no part of a NumPy index, so it marks one unambiguously)


def _fill(spec, arrays):
    parts = iter(arrays)
    return tuple(next(parts) if s is _TRACED else s for s in spec)


def _split(index):
    """(traced parts, spec) of a normalized index."""
    arrays = tuple(i for i in index if isinstance(i, Tracer))
    return arrays, tuple(_TRACED if isinstance(i, Tracer) else i for i in index)


def _gather_jvp(g, ans, x, *arrays, index):
    nb = len(lead(g, x))
    if not nb:
        return gather_p(g, *arrays, index=index)
    return _batch_first(gather_p(_batch_last(g, nb), *arrays, index=_explicit(index, ndim_of(x))), nb)


def _scatter_traced_jvp(t, ans, g, *arrays, index, shape):
    b = lead(t, g)
    if not b:
        return scatter_p(t, *arrays, index=index, shape=shape)
    out = scatter_p(_batch_last(t, len(b)), *arrays, index=_explicit(index, len(shape)), shape=tuple(shape) + b)
    return _batch_first(out, len(b))


def _first_only(rule):
    """Rules for a primitive differentiable in its first argument only (the rest are indices)."""
    return lambda mode, i: None if i else rule[mode]


gather_p = Primitive(
    "gather", lambda x, *arrays, index: np.asarray(x)[_fill(index, arrays)], "x[index], traced index parts as arguments."
)
scatter_p = Primitive(
    "scatter",
    lambda g, *arrays, index, shape: _scatter_add_impl(g, _fill(index, arrays), shape),
    "scatter_add with traced index parts as arguments.",
)
gather_p.defrules(_first_only({
    "jvp": _gather_jvp,
    "vjp": lambda g, ans, x, *arrays, index: scatter_p(g, *arrays, index=index, shape=shape_of(x)),
}))
scatter_p.defrules(_first_only({
    "jvp": _scatter_traced_jvp,
    "vjp": lambda ct, ans, g, *arrays, index, shape: gather_p(ct, *arrays, index=index),
}))


def getitem(x, index):
    index = normalize_index(index)
    arrays, spec = _split(index)
    if arrays:
        return gather_p(x, *arrays, index=spec)
    return getitem_p(x, index=index)


def _scatter(v, index, shape):
    """zeros(shape) with v added at index (traced index parts allowed)."""
    arrays, spec = _split(index)
    if arrays:
        return scatter_p(v, *arrays, index=spec, shape=shape)
    return scatter_add_p(v, index=index, shape=shape)


def _selected_shape(shape, index):
    """Shape of x[index] for x of ``shape`` (a traced index part stands in by its shape)."""
    stand_in = tuple(np.zeros(shape_of(i), dtype=i.dtype) if isinstance(i, Tracer) else i for i in index)
    return shape_of(np.empty(shape, dtype=bool)[stand_in])


def _in_dtype_of(v, x):
    """v cast to x's float dtype (as JAX: an update never changes the array's dtype)."""
    dt = result_dtype(concrete(x))
    if not np.issubdtype(dt, np.inexact) or result_dtype(concrete(v)) == dt:
        return v
    return so.astype(v, dt) if isinstance(v, Tracer) else np.asarray(v, dtype=dt)


def index_add(x, index, v):
    """x with v added at index (repeated indices accumulate): the value of x.at[index].add(v)."""
    index = normalize_index(index)
    v = _in_dtype_of(v, x)
    return x + _scatter(so.broadcast_to(v, _selected_shape(shape_of(x), index)), index, shape_of(x))


def index_set(x, index, v):
    """x with v written at index: the value of x.at[index].set(v)."""
    index = normalize_index(index)
    from .elementwise import where

    sel_shape = _selected_shape(shape_of(x), index)
    if _split(index)[0]:  # a traced index: where it writes is known per batch element only
        keep = _scatter(np.ones(sel_shape), index, shape_of(x)) == 0
    else:
        keep = np.ones(shape_of(x), dtype=bool)
        keep[index] = False
    v = _in_dtype_of(v, x)
    return where(keep, x, _scatter(so.broadcast_to(v, sel_shape), index, shape_of(x)))


class _IndexUpdateRef:
    """x.at[index] — JAX's functional update syntax."""

    __slots__ = ("x", "index")

    def __init__(self, x, index):
        self.x, self.index = x, index

    def set(self, v):
        return index_set(self.x, self.index, v)

    def add(self, v):
        return index_add(self.x, self.index, v)

    def get(self):
        return getitem(self.x, self.index)


class AtHelper:
    __slots__ = ("x",)

    def __init__(self, x):
        self.x = x

    def __getitem__(self, index):
        return _IndexUpdateRef(self.x, index)


# -- compositions -----------------------------------------------------------------------


def _along(x, axis, index):
    """x indexed by ``index`` along one axis."""
    return getitem(x, (slice(None),) * axis + (index,))


def flip(x, axis=None):
    """x with the order of its elements reversed along ``axis`` (all axes when None), as ``np.flip``.

    The derivative is flipped the same way.

    >>> x = np.array([1.0, 2.0, 3.0])
    >>> print(anp.flip(x), ai.grad(lambda x: anp.flip(x)[0])(x))
    [3. 2. 1.] [0. 0. 1.]
    """
    nd = len(shape_of(x))
    axes = range(nd) if axis is None else [normalize_axis(a, nd) for a in np.atleast_1d(axis)]
    index = [slice(None)] * nd
    for a in axes:
        index[a] = slice(None, None, -1)
    return getitem(x, tuple(index))


def roll(x, shift, axis=None):
    """Elements shifted by ``shift`` along ``axis`` (of the flattened array when None), wrapping around, as ``np.roll``.

    The derivative is rolled the same way.

    >>> x = np.array([1.0, 2.0, 3.0])
    >>> print(anp.roll(x, 1), ai.grad(lambda x: anp.roll(x, 1)[0])(x))
    [3. 1. 2.] [0. 0. 1.]
    """
    if axis is None:
        return so.reshape(roll(so.ravel(x), shift, 0), shape_of(x))
    for s, a in zip(np.atleast_1d(shift), np.atleast_1d(axis)):
        a = normalize_axis(a, len(shape_of(x)))
        n = shape_of(x)[a]
        x = _along(x, a, (np.arange(n) - int(s)) % n)
    return x


def repeat(x, repeats, axis=None):
    """Each element repeated ``repeats`` times along ``axis`` (of the flattened array when None), as ``np.repeat``.

    The cotangent is summed over the copies.

    >>> x = np.array([1.0, 2.0])
    >>> print(anp.repeat(x, 2), ai.grad(lambda x: anp.sum(anp.repeat(x, [1, 3])))(x))
    [1. 1. 2. 2.] [1. 3.]
    """
    if axis is None:
        x, axis = so.ravel(x), 0
    axis = normalize_axis(axis, len(shape_of(x)))
    return _along(x, axis, np.repeat(np.arange(shape_of(x)[axis]), repeats))


def tile(x, reps):
    """x repeated ``reps`` times along each axis, as ``np.tile``. The cotangent is summed over the copies.

    >>> x = np.array([1.0, 2.0])
    >>> print(anp.tile(x, 2), ai.grad(lambda x: anp.sum(anp.tile(x, (2, 3))))(x))
    [1. 2. 1. 2.] [6. 6.]
    """
    reps = tuple(np.atleast_1d(reps))
    s = shape_of(x)
    d = max(len(reps), len(s))
    s = (1,) * (d - len(s)) + s
    reps = (1,) * (d - len(reps)) + reps
    x = so.reshape(x, s)
    index = np.ix_(*[np.tile(np.arange(n), r) for n, r in zip(s, reps)]) if d else ()
    return getitem(x, index)


def take_along_axis(x, indices, axis):
    """Elements of x picked by the integer array ``indices`` along ``axis``, as ``np.take_along_axis``.

    The indices carry no derivative; the cotangent is added into the picked positions (an element picked
    twice gets both contributions).

    >>> x, picks = np.array([10.0, 20.0, 30.0]), np.array([2, 0, 2])
    >>> print(anp.take_along_axis(x, picks, 0), ai.grad(lambda x: anp.sum(anp.take_along_axis(x, picks, 0)))(x))
    [30. 10. 30.] [1. 0. 2.]
    """
    s = shape_of(x)
    axis = normalize_axis(axis, len(s))
    index = list(np.ix_(*[np.arange(n) for n in shape_of(indices)]))
    indices = concrete(indices)  # a batch of indices under vmap stays one
    index[axis] = indices if isinstance(indices, Tracer) else np.asarray(indices)
    return getitem(x, tuple(index))


def sort(x, axis=-1):
    """Sorted values; the derivative follows each element to where it lands (ties keep their order).

    >>> x = np.array([3.0, 1.0, 2.0])
    >>> print(anp.sort(x), ai.grad(lambda x: anp.sort(x)[0])(x))  # the smallest came from position 1
    [1. 2. 3.] [0. 1. 0.]
    """
    if axis is None:
        x, axis = so.ravel(x), 0
    order = np.argsort(concrete(x), axis=axis, kind="stable")
    return take_along_axis(x, order, axis)


def diagonal(x, offset=0, axis1=0, axis2=1):
    """Diagonal ``offset`` of the matrices in axes ``axis1``, ``axis2``, as ``np.diagonal``, as the last axis (a new array, not a view).

    The cotangent is put back on that diagonal, zeros elsewhere.

    >>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> print(anp.diagonal(A), anp.diagonal(A, 1), ai.grad(lambda A: anp.sum(anp.diagonal(A, 1)))(A).tolist())
    [1. 4.] [2.] [[0.0, 1.0], [0.0, 0.0]]
    """
    x = so.moveaxis(x, (axis1, axis2), (-2, -1))
    n, m = shape_of(x)[-2:]
    rows = np.arange(max(0, -offset), min(n, m - offset))
    return getitem(x, (Ellipsis, rows, rows + offset))


def _triangle(x, keep):
    """x times a constant 0/1 mask over its last two axes (the derivative is the same mask)."""
    n, m = shape_of(x)[-2:]
    return x * so.float_like(keep(n, m), x)


def tril(x, k=0):
    """Lower triangle (entries on and below diagonal k) of each matrix; the rest is 0.

    >>> print(anp.tril(np.ones((2, 2))).tolist(), ai.grad(lambda x: anp.sum(anp.tril(x)))(np.ones((2, 2))).tolist())
    [[1.0, 0.0], [1.0, 1.0]] [[1.0, 0.0], [1.0, 1.0]]
    """
    return _triangle(x, lambda n, m: np.tri(n, m, k, dtype=bool))


def triu(x, k=0):
    """Upper triangle (entries on and above diagonal k) of each matrix; the rest is 0.

    >>> print(anp.triu(np.ones((2, 2))).tolist(), ai.grad(lambda x: anp.sum(anp.triu(x)))(np.ones((2, 2))).tolist())
    [[1.0, 1.0], [0.0, 1.0]] [[1.0, 1.0], [0.0, 1.0]]
    """
    return _triangle(x, lambda n, m: ~np.tri(n, m, k - 1, dtype=bool))


def diag(v, k=0):
    """np.diag: a matrix's diagonal k, or a square matrix with vector v on diagonal k.

    >>> print(anp.diag(np.array([1.0, 2.0])).tolist(), ai.grad(lambda v: anp.sum(anp.diag(v) ** 2))(np.array([1.0, 2.0])))
    [[1.0, 0.0], [0.0, 2.0]] [2. 4.]
    """
    nd = ndim_of(v)
    if nd == 2:
        return diagonal(v, k)
    if nd != 1:
        raise ValueError("diag: input must be 1-d or 2-d")
    n = shape_of(v)[0] + abs(k)
    rows = np.arange(shape_of(v)[0]) + max(0, -k)
    return scatter_add_p(v, index=(rows, rows + k), shape=(n, n))


def diagflat(v, k=0):
    """A square matrix with the flattened input on diagonal k.

    >>> print(anp.diagflat(np.array([[1.0, 2.0]])).tolist(), ai.grad(lambda v: anp.trace(anp.diagflat(v)))(np.ones((1, 2))).tolist())
    [[1.0, 0.0], [0.0, 2.0]] [[1.0, 1.0]]
    """
    return diag(so.ravel(v), k)


def flipud(x):
    """``flip(x, 0)``: rows in reverse order, as ``np.flipud``. The derivative is flipped the same way.

    >>> print(anp.flipud(np.array([[1.0, 2.0], [3.0, 4.0]])).tolist())
    [[3.0, 4.0], [1.0, 2.0]]
    """
    return flip(x, 0)


def fliplr(x):
    """``flip(x, 1)``: columns in reverse order, as ``np.fliplr``. The derivative is flipped the same way.

    >>> print(anp.fliplr(np.array([[1.0, 2.0], [3.0, 4.0]])).tolist())
    [[2.0, 1.0], [4.0, 3.0]]
    """
    return flip(x, 1)


def rot90(x, k=1, axes=(0, 1)):
    """Rotate by 90° k times in the plane of ``axes`` (counterclockwise from the first towards the second).

    >>> print(anp.rot90(np.array([[1.0, 2.0], [3.0, 4.0]])).tolist())
    [[2.0, 4.0], [1.0, 3.0]]
    """
    a, b = (normalize_axis(i, ndim_of(x)) for i in axes)
    k %= 4
    if k == 0:
        return x
    if k == 2:
        return flip(flip(x, a), b)
    order = list(range(ndim_of(x)))
    order[a], order[b] = order[b], order[a]
    return so.transpose(flip(x, b), order) if k == 1 else flip(so.transpose(x, order), b)


def partition(x, kth, axis=-1):
    """np.partition: NumPy's arrangement (np.argpartition of the values); the derivative follows each element.

    >>> x = np.array([3.0, 1.0, 2.0])
    >>> print(anp.partition(x, 1), ai.grad(lambda x: anp.partition(x, 1)[1])(x))  # the median came from position 2
    [1. 2. 3.] [0. 0. 1.]
    """
    if axis is None:
        x, axis = so.ravel(x), 0
    order = np.argpartition(concrete(x), kth, axis=axis)
    return take_along_axis(x, order, axis)
