"""Building arrays from pieces and splitting them: split family, append, *_stack, atleast_nd, r_/c_, pad, select.

All are compositions of concatenate, reshape and indexing (whose rules are
linear), so each is differentiable in every array it takes, to every order.
"""
import numpy as np

from ..core import concrete, shape_of, Tracer
from ._util import ndim_of, normalize_axis
from . import elementwise as ew
from . import indexing as ix
from . import shape_ops as so


# -- splitting ----------------------------------------------------------------------------------


def array_split(x, indices_or_sections, axis=0):
    """Pieces of x along ``axis``: at the given indices, or n sections (the first ones one longer if uneven).

    >>> [p.tolist() for p in anp.array_split(np.arange(3.0), 2)]
    [[0.0, 1.0], [2.0]]
    """
    axis = normalize_axis(axis, ndim_of(x))
    n = shape_of(x)[axis]
    if isinstance(indices_or_sections, (int, np.integer)):
        k = int(indices_or_sections)
        if k <= 0:
            raise ValueError("number sections must be larger than 0.")
        size, extra = divmod(n, k)
        bounds = np.cumsum([0] + [size + 1] * extra + [size] * (k - extra))
    else:
        bounds = [0] + [int(i) for i in indices_or_sections] + [n]
    return [ix.getitem(x, (slice(None),) * axis + (slice(a, b),)) for a, b in zip(bounds[:-1], bounds[1:])]


def split(x, indices_or_sections, axis=0):
    """As array_split, but n sections must divide the axis evenly (as NumPy).

    >>> [p.tolist() for p in anp.split(np.arange(4.0), 2)]
    [[0.0, 1.0], [2.0, 3.0]]
    """
    if isinstance(indices_or_sections, (int, np.integer)):
        if shape_of(x)[normalize_axis(axis, ndim_of(x))] % indices_or_sections:
            raise ValueError("array split does not result in an equal division")
    return array_split(x, indices_or_sections, axis)


def hsplit(x, indices_or_sections):
    """x split into pieces along axis 1 (axis 0 for 1-d x), as ``np.hsplit``; ``indices_or_sections`` as in ``split``.

    Each piece is a slice of x, so its derivative is the matching slice.

    >>> [p.tolist() for p in anp.hsplit(np.array([[1.0, 2.0], [3.0, 4.0]]), 2)]
    [[[1.0], [3.0]], [[2.0], [4.0]]]
    """
    return split(x, indices_or_sections, axis=1 if ndim_of(x) > 1 else 0)


def vsplit(x, indices_or_sections):
    """x split into pieces along axis 0, as ``np.vsplit``; x must have at least 2 axes (ValueError otherwise, as NumPy).

    Each piece is a slice of x, so its derivative is the matching slice.

    >>> [p.shape for p in anp.vsplit(np.ones((4, 2)), [1])]
    [(1, 2), (3, 2)]
    """
    if ndim_of(x) < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(x, indices_or_sections, axis=0)


def dsplit(x, indices_or_sections):
    """x split into pieces along axis 2, as ``np.dsplit``; x must have at least 3 axes (ValueError otherwise, as NumPy).

    Each piece is a slice of x, so its derivative is the matching slice.

    >>> [p.shape for p in anp.dsplit(np.ones((1, 2, 4)), 2)]
    [(1, 2, 2), (1, 2, 2)]
    """
    if ndim_of(x) < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(x, indices_or_sections, axis=2)


# -- joining ------------------------------------------------------------------------------------


def atleast_3d(x):
    """0-d -> (1, 1, 1), (n,) -> (1, n, 1), (m, n) -> (m, n, 1), as NumPy.

    >>> anp.atleast_3d(np.ones(2)).shape, anp.atleast_3d(np.ones((2, 3))).shape
    ((1, 2, 1), (2, 3, 1))
    """
    s = shape_of(x)
    if len(s) == 0:
        return so.reshape(x, (1, 1, 1))
    if len(s) == 1:
        return so.reshape(x, (1,) + s + (1,))
    if len(s) == 2:
        return so.reshape(x, s + (1,))
    return x


def append(arr, values, axis=None):
    """``values`` appended to ``arr``, as ``np.append``: both flattened when ``axis`` is None, else joined along ``axis``.

    Linear in both arguments: each gets its slice of the output's cotangent.

    >>> print(anp.append(np.ones((1, 2)), np.array([3.0])), float(ai.grad(lambda v: anp.sum(anp.append(np.ones(2), v) ** 2))(3.0)))
    [1. 1. 3.] 6.0
    """
    if axis is None:
        return so.concatenate([so.ravel(arr), so.ravel(values)], axis=0)
    return so.concatenate([arr, values], axis=axis)


def column_stack(arrays):
    """1-d arrays become columns; 2-d arrays are joined along their columns.

    >>> print(anp.column_stack([np.ones(2), np.zeros(2)]).tolist())
    [[1.0, 0.0], [1.0, 0.0]]
    """
    cols = [so.reshape(a, (-1, 1)) if ndim_of(a) < 2 else a for a in arrays]
    return so.concatenate(cols, axis=1)


def row_stack(arrays):
    """The same as ``vstack`` (NumPy's older name): 0-d and 1-d arrays become rows, joined along axis 0.

    >>> anp.row_stack([np.ones(2), np.zeros(2)]).shape
    (2, 2)
    """
    return so.vstack(arrays)


def dstack(arrays):
    """Arrays joined along the third axis, as ``np.dstack``, after ``atleast_3d``: (n,) becomes (1, n, 1), (m, n) becomes (m, n, 1).

    Linear: each input's cotangent is its slice of the output's cotangent.

    >>> anp.dstack([np.ones((2, 2)), np.zeros((2, 2))]).shape
    (2, 2, 2)
    """
    return so.concatenate([atleast_3d(a) for a in arrays], axis=2)


class _Concatenator:
    """``r_[...]`` / ``c_[...]``: arrays, scalars and slices joined along an axis (no string directives).

    >>> print(anp.r_[np.array([1.0]), 2.0], float(ai.grad(lambda x: anp.sum(anp.r_[x, 2.0 * x]))(1.0)), anp.c_[np.ones(2), np.zeros(2)].tolist())
    [1. 2.] 3.0 [[1.0, 0.0], [1.0, 0.0]]
    """

    def __init__(self, columns):
        self.columns = columns

    def __getitem__(self, items):
        items = items if isinstance(items, tuple) else (items,)
        pieces = []
        for item in items:
            if isinstance(item, str):
                raise NotImplementedError("autoint.numpy r_/c_: string directives are not supported.")
            if isinstance(item, slice):
                item = np.r_[item]
            if self.columns:
                nd = ndim_of(item)
                pieces.append(so.reshape(item, (-1, 1)) if nd == 1 else so.atleast_2d(item))
            else:
                pieces.append(so.atleast_1d(item))
        return so.concatenate(pieces, axis=-1 if self.columns else 0)


r_ = _Concatenator(columns=False)
c_ = _Concatenator(columns=True)


# -- pad and select -------------------------------------------------------------------------------

_INDEX_MODES = ("edge", "reflect", "symmetric", "wrap")


def pad(x, pad_width, mode="constant", constant_values=0):
    """np.pad for modes constant, edge, reflect, symmetric and wrap (reflect/symmetric: reflect_type 'even').

    Every padded entry is a copy of an entry of x (or the constant), so the derivative sends it back there:
    each mode is indexing, with the index pattern NumPy's own pad gives for ``arange(n)``.

    >>> x = np.array([1.0, 2.0])
    >>> print(anp.pad(x, 1), ai.grad(lambda x: anp.sum(anp.pad(x, 1, mode="edge")))(x))  # each edge counted twice
    [0. 1. 2. 0.] [2. 2.]
    """
    nd = ndim_of(x)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=int), (nd, 2))
    if mode != "constant" and mode not in _INDEX_MODES:
        raise NotImplementedError(
            f"autoint.numpy.pad: mode {mode!r} is not supported; supported: constant, {', '.join(_INDEX_MODES)}."
        )
    traced_constant = isinstance(constant_values, Tracer)
    if not traced_constant:
        constants = np.broadcast_to(np.asarray(constant_values, dtype=float), (nd, 2))
    for axis in range(nd):
        before, after = (int(w) for w in widths[axis])
        if not before and not after:
            continue
        n = shape_of(x)[axis]
        if mode == "constant":
            index = np.pad(np.arange(n), (before, after), mode="edge")
            pos = np.arange(n + before + after)
            inside = (pos >= before) & (pos < before + n)
            fill = constant_values if traced_constant else np.where(pos < before, *constants[axis])
            shape = [1] * nd
            shape[axis] = n + before + after
            x = ew.where(inside.reshape(shape), ix.getitem(x, (slice(None),) * axis + (index,)),
                         fill if traced_constant else fill.reshape(shape))
        else:
            index = np.pad(np.arange(n), (before, after), mode=mode)
            x = ix.getitem(x, (slice(None),) * axis + (index,))
    return x


def select(condlist, choicelist, default=0):
    """The first choice whose condition holds, else ``default`` (conditions get no derivative).

    >>> conditions = [np.array([True, False])]
    >>> print(anp.select(conditions, [np.array([1.0, 2.0])], 0.0), ai.grad(lambda x: anp.sum(anp.select(conditions, [x], 0.0)))(np.array([1.0, 2.0])))
    [1. 0.] [1. 0.]
    """
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    out = default
    for cond, choice in reversed(list(zip(condlist, choicelist))):
        out = ew.where(concrete(cond), choice, out)
    shape = np.broadcast_shapes(*(shape_of(c) for c in list(condlist) + list(choicelist)))
    return so.broadcast_to(out, shape) if shape_of(out) != shape else out


def rollaxis(x, axis, start=0):
    """np.rollaxis: axis moved to position ``start`` (counted before the move, as NumPy).

    >>> anp.rollaxis(np.ones((2, 3, 4)), 2).shape
    (4, 2, 3)
    """
    n = ndim_of(x)
    axis = normalize_axis(axis, n)
    if start < 0:
        start += n
    if not 0 <= start <= n:
        raise np.exceptions.AxisError(f"start={start} out of range for an array of {n} dimensions")
    if axis < start:
        start -= 1
    return x if axis == start else so.moveaxis(x, axis, start)
