"""Batching rules: how ``vmap`` applies each primitive to a whole batch at once.

A rule has one signature::

    rule(prim, size, values, dims, params) -> (out, out_dim)

``values`` are the arguments one level down, ``dims[i]`` the axis of
``values[i]`` that runs over the batch (``None`` for an argument that is the
same for every batch element), ``size`` the batch size.  The rule returns the
batched result and the axis its batch runs along.  Most rules move the batch
axis to the front and shift the primitive's own axes by one; elementwise
primitives only need their arguments' batch axes lined up.

A primitive without a rule here is mapped by ``loop``: one call per batch
element, results stacked.  That is always correct (the calls are traced by
whatever interpreters lie below), only slower, so a new primitive works under
``vmap`` from the start.
"""
import numpy as np

from ..core import bind, Primitive, shape_of
from ._util import ndim_of
from . import decompositions as dec
from . import elementwise as ew
from . import indexing as ix
from . import linalg_ops as la
from . import nondiff as nd
from . import reductions as red
from . import series
from . import shape_ops as so


def front(x, d):
    """``x`` with its batch axis ``d`` moved to the front."""
    return x if d == 0 else so.moveaxis(x, d, 0)


def logical_shape(x, d):
    """The shape each batch element has."""
    s = shape_of(x)
    return s if d is None else s[:d] + s[d + 1:]


def padded(x, d, rank):
    """Batch axis first, then unit axes so each element has ``rank`` axes (broadcasting from the right)."""
    s = logical_shape(x, d)
    x = front(x, d)
    return x if len(s) == rank else so.reshape(x, (shape_of(x)[0],) + (1,) * (rank - len(s)) + s)


# -- the fallback ----------------------------------------------------------------------------


def loop(prim, size, values, dims, params):
    """One call per batch element, results stacked along axis 0: correct for any primitive."""
    outs = []
    for b in range(size):
        args = tuple(v if d is None else ix.getitem_p(v, index=(slice(None),) * d + (b,)) for v, d in zip(values, dims))
        outs.append(bind(prim, args, params))  # traced by the interpreters below, as a Python loop would be
    return so.stack(outs), 0


# -- elementwise --------------------------------------------------------------------------------


def broadcasting(prim, size, values, dims, params):
    """Broadcasting elementwise primitives: line the batch axes up in front, each element's axes right-aligned."""
    ranks = [len(logical_shape(v, d)) for v, d in zip(values, dims)]
    rank = max(ranks)
    batched = [d for d in dims if d is not None]
    # Common case: every batched argument already has the full rank and the same batch axis,
    # and unbatched ones are short enough not to reach it (a scalar, say): nothing to move.
    d0 = batched[0]
    if all(d == d0 for d in batched) and all(
        (r == rank) if d is not None else (r <= rank - d0) for r, d in zip(ranks, dims)
    ):
        return bind(prim, values, params), d0
    args = tuple(v if d is None else padded(v, d, rank) for v, d in zip(values, dims))
    return bind(prim, args, params), 0


def unary(prim, size, values, dims, params):
    """A primitive acting elementwise on its first argument (the others fixed): the batch axis stays."""
    if dims[0] is None or any(d is not None for d in dims[1:]):  # full_like(x, batch of fill values)
        return loop(prim, size, values, dims, params)
    return bind(prim, values, params), dims[0]


# -- reductions and shape operations: shift the axes ------------------------------------------------


def _shift(axis):
    """An element's axis as an axis of the batch (batch axis in front); negative axes count from the end."""
    return axis + 1 if axis >= 0 else axis


def _reduction(prim, size, values, dims, params):
    (x,), (d,) = values, dims
    return prim(front(x, d), axis=tuple(_shift(a) for a in params["axis"]), keepdims=params["keepdims"]), 0


def _scan(prim, size, values, dims, params):
    (x,), (d,) = values, dims
    return prim(front(x, d), axis=_shift(params["axis"])), 0


def _reshape(prim, size, values, dims, params):
    (x,), (d,) = values, dims
    return so.reshape_p(front(x, d), shape=(size,) + tuple(params["shape"])), 0


def _transpose(prim, size, values, dims, params):
    (x,), (d,) = values, dims
    physical = [a if a < d else a + 1 for a in range(ndim_of(x) - 1)]
    return so.transpose_p(x, axes=(d,) + tuple(physical[a] for a in params["axes"])), 0


def _broadcast_to(prim, size, values, dims, params):
    (x,), (d,) = values, dims
    shape = tuple(params["shape"])
    return so.broadcast_to_p(padded(x, d, len(shape)), shape=(size,) + shape), 0


def _concatenate(prim, size, values, dims, params):
    parts = []
    for v, d in zip(values, dims):
        if d is None:
            v = so.broadcast_to(so.reshape(v, (1,) + shape_of(v)), (size,) + shape_of(v))
        parts.append(front(v, 0 if d is None else d))
    return so.concatenate_p(*parts, axis=_shift(params["axis"])), 0


def _getitem(prim, size, values, dims, params):
    # The batch axis goes last: index parts that are arrays move their axes to the front of
    # the result when they are not adjacent, and an axis after every indexed one never moves.
    (x,), (d,) = values, dims
    nd_ = ndim_of(x) - 1
    out = ix.getitem_p(so.moveaxis(x, d, -1), index=ix._explicit(params["index"], nd_))
    return out, ndim_of(out) - 1


def _scatter_add(prim, size, values, dims, params):
    (g,), (d,) = values, dims
    shape = tuple(params["shape"])
    index = ix._explicit(params["index"], len(shape))
    out = ix.scatter_add_p(so.moveaxis(g, d, -1), index=index, shape=shape + (size,))
    return out, len(shape)


def _leading_advanced(spec):
    """The index is integer parts (arrays, scalars, traced parts) first, then only slices/Ellipsis/None."""
    kinds = [not (i is None or i is Ellipsis or isinstance(i, slice)) for i in spec]
    n = kinds.index(False) if False in kinds else len(kinds)
    return n > 0 and not any(kinds[n:]) and not any(
        isinstance(i, np.ndarray) and i.dtype == bool for i in spec
    )


def _batched_index(size, spec, arrays, dims, x_batched):
    """(spec, arrays) indexing the batch at once: a batch-position index in front when x is batched,
    and each batched index part with its batch axis first, all broadcasting together."""
    rank = max([ndim_of(a) - (d is not None) for a, d in zip(arrays, dims)]
               + [np.ndim(i) for i in spec if isinstance(i, np.ndarray)])
    parts = iter(zip(arrays, dims))
    new_spec, new_arrays = [], []
    for i in spec:
        if i is ix._TRACED:
            a, d = next(parts)
            if d is not None:
                a = padded(a, d, rank)
            new_arrays.append(a)
        new_spec.append(i)
    if x_batched:
        new_spec.insert(0, np.arange(size).reshape((size,) + (1,) * rank))
    return tuple(new_spec), new_arrays


def _gather(prim, size, values, dims, params):
    """x[index] with batched index parts: when the integer parts lead the index, one fancy index does it."""
    spec = params["index"]
    if not _leading_advanced(spec):
        return loop(prim, size, values, dims, params)
    (x, *arrays), (dx, *darrays) = values, dims
    spec, arrays = _batched_index(size, spec, arrays, darrays, dx is not None)
    return ix.gather_p(x if dx is None else front(x, dx), *arrays, index=spec), 0


def _scatter(prim, size, values, dims, params):
    """The transpose of _gather: cotangents added at the batched index, each batch element its own row."""
    spec, shape = params["index"], tuple(params["shape"])
    if not _leading_advanced(spec):
        return loop(prim, size, values, dims, params)
    (g, *arrays), (dg, *darrays) = values, dims
    spec, arrays = _batched_index(size, spec, arrays, darrays, True)
    if dg is None:
        g = so.broadcast_to(so.reshape(g, (1,) + shape_of(g)), (size,) + shape_of(g))
    else:
        g = front(g, dg)
    return ix.scatter_p(g, *arrays, index=spec, shape=(size,) + shape), 0


# -- linear algebra on stacks ---------------------------------------------------------------------


def _matmul(prim, size, values, dims, params):
    """Batched operands become stacks of matrices (a vector a row or a column), padded to one rank."""
    (a, b), (da, db) = values, dims
    fast = _matmul_as_one_product(a, b, da, db)
    if fast is not None:
        return fast, 0
    row = da is not None and ndim_of(a) == 2  # a batch of vectors
    col = db is not None and ndim_of(b) == 2
    if row:
        a = so.expand_dims(front(a, da), 1)
        da = 0
    if col:
        b = so.expand_dims(front(b, db), -1)
        db = 0
    rank = max(len(logical_shape(a, da)), len(logical_shape(b, db)))
    if da is not None:
        a = padded(a, da, rank)
    if db is not None:
        b = padded(b, db, rank)
    out = la.matmul_p(a, b)
    if row or col:  # take the inserted unit axes out again
        s = list(shape_of(out))
        if col:
            s.pop()
        if row:
            s.pop(-2 if ndim_of(b) >= 2 and not col else -1)
        out = so.reshape(out, tuple(s))
    return out, 0


def _matmul_as_one_product(a, b, da, db):
    """A batch against one matrix as a single matrix product (NumPy loops over stacks), or None."""
    if db is None and ndim_of(b) == 2 and da is not None and ndim_of(a) in (2, 3):
        a = front(a, da)  # rows (or stacks of rows) times one matrix: stack them all into one
        s = shape_of(a)
        out = la.matmul_p(so.reshape(a, (-1, s[-1])), b)
        return so.reshape(out, s[:-1] + shape_of(b)[-1:])
    if da is None and ndim_of(a) == 2 and db is not None and ndim_of(b) == 2:
        return la.matmul_p(front(b, db), so.swapaxes(a, 0, 1))  # one matrix times a batch of vectors
    return None


def _stacked(prim, size, values, dims, params):
    """Primitives that already work on stacks of matrices (inv, det, cholesky, ...): the batch is one more
    stack axis.  Further arguments are settings, the same for the whole batch (else the loop)."""
    (x, *rest), (d, *rest_dims) = values, dims
    if d is None or any(r is not None for r in rest_dims):
        return loop(prim, size, values, dims, params)
    return bind(prim, (front(x, d), *rest), params), 0


def _solve(prim, size, values, dims, params):
    rank = max(len(logical_shape(v, d)) for v, d in zip(values, dims))
    args = [v if d is None else padded(v, d, rank) for v, d in zip(values, dims)]
    return la.solve_p(*args), 0


def _einsum(prim, size, values, dims, params):
    ins, out = params["spec"]
    z = la._fresh("".join(ins) + out)
    args, specs = [], []
    for v, d, s in zip(values, dims, ins):
        args.append(v if d is None else front(v, d))
        specs.append(s if d is None else z + s)
    return la.einsum_p(*args, spec=(tuple(specs), z + out)), 0


# -- non-differentiable helpers with an axis ---------------------------------------------------------


def _numpy_axis(default):
    """np.any/all/count_nonzero/argsort-style functions, axis given by keyword (else the loop)."""

    def rule(prim, size, values, dims, params):
        if len(values) != 1:
            return loop(prim, size, values, dims, params)
        (x,), (d,) = values, dims
        nd_ = ndim_of(x) - 1
        axis = params.get("axis", default)
        if axis is None:
            axis = tuple(range(1, nd_ + 1))
        elif isinstance(axis, (tuple, list)):
            axis = tuple(a % nd_ + 1 for a in axis)
        else:
            axis = axis % nd_ + 1
        return bind(prim, (front(x, d),), {**params, "axis": axis}), 0

    return rule


def _searchsorted(prim, size, values, dims, params):
    """np.searchsorted(a, v): elementwise in v; a batch of sorted arrays a loops."""
    if dims[0] is not None:
        return loop(prim, size, values, dims, params)
    return bind(prim, values, params), dims[1]


def _arg_extreme(prim, size, values, dims, params):
    (x,), (d,) = values, dims
    x = front(x, d)
    axis, keepdims = params.get("axis"), params.get("keepdims", False)
    if axis is None:  # an index into the flattened element
        out = bind(prim, (so.reshape(x, (size, -1)),), {"axis": 1})
        return (so.reshape(out, (size,) + (1,) * (ndim_of(x) - 1)) if keepdims else out), 0
    return bind(prim, (x,), {"axis": axis % (ndim_of(x) - 1) + 1, "keepdims": keepdims}), 0


# Comparisons under vmap give batches of booleans (not plain arrays, as under grad), so those
# need the logical operators & | ^ ~ that NumPy's boolean arrays have.
BITWISE = {name: nd._plain(getattr(np, name), "boolean") for name in ("bitwise_and", "bitwise_or", "bitwise_xor",
                                                                       "invert")}

# -- the table ------------------------------------------------------------------------------------

_UFUNCS = {name for name, f in vars(np).items() if isinstance(f, np.ufunc)}
_LIKE = {"zeros_like", "ones_like", "empty_like"}

RULES = {
    so.reshape_p: _reshape,
    so.transpose_p: _transpose,
    so.broadcast_to_p: _broadcast_to,
    so.concatenate_p: _concatenate,
    so.astype_p: unary,
    red.sum_p: _reduction,
    red.prod_p: _reduction,
    red.max_p: _reduction,
    red.min_p: _reduction,
    red.cumsum_p: _scan,
    red.cumprod_p: _scan,
    ix.getitem_p: _getitem,
    ix.scatter_add_p: _scatter_add,
    ix.gather_p: _gather,
    ix.scatter_p: _scatter,
    la.matmul_p: _matmul,
    la.einsum_p: _einsum,
    la.inv_p: _stacked,
    la.det_p: _stacked,
    la.logabsdet_p: _stacked,
    la.solve_p: _solve,
    la._sign_of_det.prim: _stacked,
    dec.cholesky_p: _stacked,
    dec.eigh_p: _stacked,
    dec.svd_p: _stacked,
    dec.qr_p: _stacked,
    dec.pinv_p: _stacked,
    nd.argmax.prim: _arg_extreme,
    nd.argmin.prim: _arg_extreme,
    series.searchsorted.prim: _searchsorted,
}
_PLAIN = {name: f for name, f in vars(nd).items() if isinstance(getattr(f, "prim", None), Primitive)}
for _name, _f in [*_PLAIN.items(), *BITWISE.items()]:
    if _name in _UFUNCS or _name in ("round", "around", "fix", "isclose"):
        RULES[_f.prim] = broadcasting
    elif _name in _LIKE:
        RULES[_f.prim] = unary
    elif _name in ("any", "all", "count_nonzero"):
        RULES[_f.prim] = _numpy_axis(None)
    elif _name == "argsort":
        RULES[_f.prim] = _numpy_axis(-1)


def rule_for(prim):
    """The batching rule of ``prim``: its own, the shared one of elementwise primitives, else the loop."""
    rule = RULES.get(prim)
    if rule is None:
        rule = broadcasting if prim in ew.BROADCASTING else loop
    return rule
