"""vmap: the batching interpreter.

A ``BatchTracer`` stands for a whole batch of values: its ``value`` is one
array holding all of them, stacked along axis ``bdim``.  Code inside ``vmap``
sees one element (``x.shape`` leaves the batch axis out); each primitive
applied to batch tracers is handed to its batching rule
(``autoint.numpy.batching``), which applies the primitive once to the whole
batch.  The trace sits on the same stack of levels as forward and reverse
mode, so ``vmap`` nests with them, and with itself, in any order: a tracer of
a lower level, batched or not, is just a constant here.
"""
import numbers

import numpy as np

from .core import Tracer, concrete, new_trace, Trace
from .custom import custom_jvp, custom_vjp
from .numpy import reductions as red
from .numpy import shape_ops as so
from .core import shape_of
from .numpy._util import ndim_of
from .numpy.batching import BITWISE, rule_for
from .tree import tree_flatten, tree_unflatten


class BatchTracer(Tracer):
    __slots__ = ("bdim",)
    batched = True

    def __init__(self, trace, value, bdim):
        self._trace = trace
        self.value = value
        self.bdim = bdim

    @property
    def shape(self):
        s = shape_of(self.value)
        return s[: self.bdim] + s[self.bdim + 1:]

    def without_derivatives(self):
        return BatchTracer(self._trace, concrete(self.value), self.bdim)

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            "autoint.vmap: a NumPy function (or np.asarray) got a value that differs across the batch; NumPy "
            "would see the whole batch as one array. Use the autoint.numpy function instead. Indexing a plain "
            "NumPy array with a batched index (x[i]) is such a case: index a traced array, or use "
            "anp.take_along_axis."
        )

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        # ``mask | batch_of_masks`` with a plain mask on the left lands here as np.bitwise_or
        f = BITWISE.get(ufunc.__name__)
        if f is not None and method == "__call__" and kwargs.get("out") is None:
            return f(*inputs, **kwargs)
        return super().__array_ufunc__(ufunc, method, *inputs, **kwargs)

    def __bool__(self):
        raise TypeError(
            "autoint.vmap: Python control flow (if, while, and, or, bool()) on a value that differs across the "
            "batch: each batch element may take a different branch, but the function runs once for the whole "
            "batch. Select with anp.where(condition, x, y) instead, or loop over the batch in Python."
        )


for _op, _name in (("and", "bitwise_and"), ("or", "bitwise_or"), ("xor", "bitwise_xor")):
    setattr(BatchTracer, f"__{_op}__", lambda self, other, f=BITWISE[_name]: f(self, other))
    setattr(BatchTracer, f"__r{_op}__", lambda self, other, f=BITWISE[_name]: f(other, self))
BatchTracer.__invert__ = lambda self: BITWISE["invert"](self)


class BatchTrace(Trace):
    __slots__ = ("size",)
    carries = "bdim"

    def __init__(self, level, size):
        super().__init__(level)
        self.size = size

    def process(self, prim, args, params):
        values, dims = self.unbox(args)
        rule = prim.batch
        if rule is None:
            rule = prim.batch = _custom_rule(prim) or rule_for(prim)
        out, d = rule(prim, self.size, values, dims, params)
        return out if d is None else BatchTracer(self, out, d)


# -- custom_jvp / custom_vjp: batch the function and its rule together ---------------------------------


def _custom_rule(prim):
    """The batching rule of a custom_jvp/custom_vjp primitive (None for others).

    The batched call is a new custom function of the whole batch whose rule is
    the user's rule mapped with ``vmap``, so derivatives taken outside this
    ``vmap`` still use the user's rule.
    """
    owner = getattr(prim.make_rule, "__self__", None)
    if isinstance(owner, custom_jvp):
        return lambda prim, size, values, dims, params: (_batched_custom_jvp(owner, size, dims)(*values), 0)
    if isinstance(owner, custom_vjp):
        return lambda prim, size, values, dims, params: (_batched_custom_vjp(owner, size, dims)(*values), 0)
    return None


def _batched_custom_jvp(cj, size, dims):
    batched = custom_jvp(vmap(cj.fun, in_axes=dims, axis_size=size))
    batched.__name__ = cj.__name__

    @batched.defjvp
    def rule(primals, tangents):
        # A tangent may carry leading axes of its own (jacfwd's directions) in front of the batch axis.
        extra = max(ndim_of(t) - ndim_of(p) for p, t in zip(primals, tangents))
        t_axes = tuple(
            None if d is None else d + ndim_of(t) - ndim_of(p) for p, t, d in zip(primals, tangents, dims)
        )
        return vmap(cj.jvp_rule, in_axes=(dims, t_axes), out_axes=(0, extra), axis_size=size)(primals, tangents)

    return batched


def _batched_custom_vjp(cv, size, dims):
    batched = custom_vjp(vmap(cv.fun, in_axes=dims, axis_size=size))
    batched.__name__ = cv.__name__

    def fwd(*args):
        return vmap(cv.fwd, in_axes=dims, axis_size=size)(*args)

    def bwd(res, g):
        cts = vmap(cv.bwd, axis_size=size)(res, g)
        # An argument shared by the whole batch gets the sum of the elements' cotangents.
        return tuple(red.sum(ct, axis=0) if d is None else so.moveaxis(ct, 0, d) for ct, d in zip(cts, dims))

    batched.defvjp(fwd, bwd)
    return batched


# -- vmap -------------------------------------------------------------------------------------------


def vmap(f, in_axes=0, out_axes=0, axis_size=None):
    """Map ``f`` over an axis of its arguments, as one traced evaluation of the whole batch.

    ``in_axes`` says which axis of each positional argument is mapped: an int
    (for every argument), ``None`` (not mapped: the same value for every batch
    element), or a tuple with one entry per argument, each itself an int, None
    or a pytree prefix of that argument.  ``out_axes`` places the batch axis in
    each output the same way.  Keyword arguments are passed unmapped (JAX maps
    them along axis 0).  ``axis_size`` is needed only when nothing is mapped.

    >>> import numpy as np, autoint as ai, autoint.numpy as anp
    >>> xs = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    >>> ai.vmap(lambda x, w: anp.dot(w, x), in_axes=(0, None))(xs, np.array([1.0, -1.0]))
    array([-1., -1., -1.])
    >>> ai.vmap(ai.grad(lambda x: anp.sum(x ** 3)))(xs)  # per-example gradients
    array([[  3.,  12.],
           [ 27.,  48.],
           [ 75., 108.]])
    """

    def vmapped(*args, **kwargs):
        flat, tree = tree_flatten(args)
        paths = _paths(args, "argument")
        axes = _prefix(_top_level(in_axes, args), args, tree, "in_axes")
        axes, size = _checked_axes(flat, axes, paths, axis_size)
        with new_trace(BatchTrace, size) as trace:
            ins = [a if ax is None else BatchTracer(trace, a, ax) for a, ax in zip(flat, axes)]
            out = f(*tree_unflatten(tree, ins), **kwargs)
            flat_out, out_tree = tree_flatten(out)
            o_axes = _prefix(out_axes, out, out_tree, "out_axes")
            o_paths = _paths(out, "output")
            results = [_place(trace, o, ax, p, size) for o, ax, p in zip(flat_out, o_axes, o_paths)]
        return tree_unflatten(out_tree, results)

    vmapped.__name__ = f"vmap({getattr(f, '__name__', 'f')})"
    vmapped.__doc__ = getattr(f, "__doc__", None)
    return vmapped


def _top_level(in_axes, args):
    # As in JAX: a list of per-argument axes means the same as a tuple.
    return tuple(in_axes) if isinstance(in_axes, list) else in_axes


def _paths(tree, what):
    """Names of the leaves of ``tree`` in tree_flatten's order: 'argument 1['w']', 'output 0'."""
    out = []

    def walk(t, name):
        if type(t) in (tuple, list):
            for i, c in enumerate(t):
                walk(c, f"{name}[{i}]")
        elif type(t) is dict:
            for k in sorted(t):
                walk(t[k], f"{name}[{k!r}]")
        elif t is not None:
            out.append(name)

    if what == "argument":
        for i, a in enumerate(tree):
            walk(a, f"argument {i}")
    else:
        walk(tree, "the output")
    return out


def _is_axis(a):
    return a is None or (isinstance(a, numbers.Integral) and not isinstance(a, bool))


def _prefix(axes, tree, treedef, what):
    """One axis per leaf of ``tree``: ``axes`` is a pytree prefix of it (int/None leaves)."""
    out = []

    def walk(ax, t, where):
        if _is_axis(ax):
            out.extend([ax] * tree_flatten(t)[1].num_leaves)
            return
        if type(ax) in (tuple, list) and type(t) in (tuple, list) and len(ax) == len(t):
            for i, (a, c) in enumerate(zip(ax, t)):
                walk(a, c, f"{where}[{i}]")
            return
        if type(ax) is dict and type(t) is dict and set(ax) == set(t):
            for k in sorted(t):
                walk(ax[k], t[k], f"{where}[{k!r}]")
            return
        raise ValueError(
            f"autoint.vmap: {what}{where} = {_short(ax)} does not match the structure of the "
            f"{'arguments' if what == 'in_axes' else 'outputs'} there ({_describe(t)}). {what} must be an int, None, "
            f"or a pytree prefix of the {'positional arguments tuple' if what == 'in_axes' else 'output'}: "
            f"e.g. in_axes=(0, None) for f(x, w), or in_axes=({{'a': 0, 'b': None}},) for f(d) with a dict d."
        )

    walk(axes, tree, "")
    return out


def _short(x):
    r = repr(x)
    return r if len(r) < 60 else r[:57] + "..."


def _describe(t):
    if type(t) in (tuple, list):
        return f"a {type(t).__name__} of {len(t)}"
    if type(t) is dict:
        return f"a dict with keys {sorted(t)}"
    return f"a leaf of type {type(t).__name__}"


def _is_array(x):
    return isinstance(x, (np.ndarray, np.generic, numbers.Number, Tracer))


def _checked_axes(flat, axes, paths, axis_size):
    """(axes made non-negative, the batch size), after checking each mapped argument."""
    axes = list(axes)
    sizes = []
    for i, (a, ax) in enumerate(zip(flat, axes)):
        if ax is None:
            continue
        if not _is_array(a):
            raise TypeError(
                f"autoint.vmap: {paths[i]} is a {type(a).__name__}, not an array, so it cannot be mapped "
                f"(in_axes gives it axis {ax}). Give it in_axes None, or pass an array."
            )
        nd = ndim_of(a)
        if not -nd <= ax < nd:
            raise ValueError(
                f"autoint.vmap: in_axes gives {paths[i]} axis {ax}, but it has shape {shape_of(a)} "
                f"({nd} axes): the axis is out of range. Use an axis in [-{nd}, {nd}), or None to not map it."
            )
        axes[i] = ax % nd
        sizes.append((paths[i], axes[i], shape_of(a)[axes[i]]))
    if not sizes:
        if axis_size is None:
            raise ValueError(
                "autoint.vmap: in_axes maps no argument (all None), so the batch size is unknown. "
                "Map at least one argument, or give axis_size."
            )
        return axes, int(axis_size)
    size = sizes[0][2] if axis_size is None else int(axis_size)
    if any(n != size for _, _, n in sizes):
        listed = "; ".join(f"{p} has size {n} along axis {ax}" for p, ax, n in sizes)
        raise ValueError(
            f"autoint.vmap: the mapped axes have different sizes ({listed}"
            + (f"; axis_size={axis_size}" if axis_size is not None else "")
            + "). Every mapped argument needs the same batch size: check in_axes, or give in_axes None "
            "to an argument that is shared by the whole batch."
        )
    return axes, size


def _place(trace, o, ax, path, size):
    """An output with its batch axis at ``ax`` (an unbatched output broadcast along it)."""
    if type(o) is BatchTracer and o._trace is trace:
        if ax is None:
            raise ValueError(
                f"autoint.vmap: out_axes is None for {path}, but it differs across the batch (it depends on "
                "a mapped input). Give it an output axis, or compute it from unmapped inputs only."
            )
        value, d = o.value, o.bdim
    else:
        if ax is None:
            return _as_array(o)
        if not _is_array(o):
            raise TypeError(
                f"autoint.vmap: {path} is a {type(o).__name__}, not an array, so out_axes={ax} cannot "
                "place a batch axis in it. Return arrays, or give that output out_axes None."
            )
        value, d = so.broadcast_to(so.reshape(o, (1,) + shape_of(o)), (size,) + shape_of(o)), 0
    nd = ndim_of(value)
    if not -nd <= ax < nd:
        raise ValueError(
            f"autoint.vmap: out_axes gives {path} axis {ax}, but with the batch axis it has {nd} axes "
            f"(shape {shape_of(value)}): the axis is out of range. Use an axis in [-{nd}, {nd})."
        )
    return _as_array(so.moveaxis(value, d, ax % nd))


def _as_array(x):
    if isinstance(x, np.ndarray) and not x.flags.writeable:  # a broadcast view: the caller gets its own array
        x = x.copy()
    if isinstance(x, (numbers.Number, np.generic)) or isinstance(x, np.ndarray):
        return np.asarray(x)[()]
    return x
