"""The transformations: jvp, vjp, grad, value_and_grad, jacfwd, jacrev, hessian (linearize: ``linear``).

Each one pushes a fresh trace on the interpreter stack, runs the user's
function on tracers, and reads the derivative off the result.  Because
traces nest, so do the transformations: ``grad(grad(f))``, ``jacfwd(jacrev(f))``
and closures over outer traced values all work.
"""
import numbers

import numpy as np

from .core import float_dtype, new_trace, paused_gc, result_dtype
from .batching import vmap
from .forward import JVPTrace
from .reverse import ReverseTrace
from .tree import tree_flatten, tree_unflatten
from . import numpy as anp
from .core import shape_of


def _check_float(x, fname, where):
    """An input leaf must be a real floating-point value; otherwise say which one, and what to pass."""
    try:  # a string would be read as a dtype name
        dt = None if isinstance(x, (str, bytes)) else result_dtype(x)
    except TypeError:  # an object NumPy has no number type for
        dt = None
    if dt is not None and dt.kind == "f":
        return
    if dt is None or dt.kind not in "biuc":
        msg = f"{where} is {type(x).__name__} {str(x)[:40]!r}, not a number. Pass floats or float arrays."
    elif dt.kind == "c":
        msg = (
            f"{where} is complex ({dt}), but autoint differentiates real-valued functions of real inputs. "
            "Pass the real and imaginary parts as two real arguments."
        )
    else:
        msg = (
            f"{where} has dtype {dt}, but derivatives need floating-point inputs. "
            "Pass a float (e.g. 1.0 instead of 1) or convert with x.astype(float)."
        )
    raise TypeError(f"autoint.{fname}: {msg}")


def _check_inputs(primals, flat_primals, fname):
    """Every differentiated argument is a float value or a pytree of them (None has no leaves to differentiate)."""
    for i, p in enumerate(primals):
        if p is None:
            raise TypeError(
                f"autoint.{fname}: input {i} is None, which has nothing to differentiate. "
                "Pass a float or an array of floats (or move the argument out of argnums)."
            )
    for i, p in enumerate(flat_primals):
        _check_float(p, fname, f"input {i}")


def _check_output(x, fname, where):
    """An output leaf must be real: a complex one has no derivative autoint can give (ints and bools are constants)."""
    try:
        dt = None if isinstance(x, (str, bytes)) else result_dtype(x)
    except TypeError:
        dt = None
    if dt is not None and dt.kind in "fbiu":
        return
    if dt is not None and dt.kind == "c":
        msg = (
            f"{where} is complex ({dt}), but autoint differentiates real-valued functions: a complex result "
            "has no derivative it can give. Return real values, e.g. the real and imaginary parts computed "
            "from real arrays."
        )
    else:
        msg = f"{where} is {type(x).__name__} {str(x)[:40]!r}, not a number. The function must return floats."
    raise TypeError(f"autoint.{fname}: {msg}")


def _as_array(x):
    """Plain outputs as NumPy arrays/scalars (Python floats become np.float64)."""
    if isinstance(x, (numbers.Number, np.generic)) or isinstance(x, np.ndarray):
        return np.asarray(x)[()]
    return x


# -- forward mode ------------------------------------------------------------------------------


def jvp(f, primals, tangents):
    """Evaluate ``f(*primals)`` and its directional derivative along ``tangents``.

    Returns ``(out, out_tangent)``; ``primals`` and ``tangents`` are tuples (or
    lists) of pytrees with the same structure and shapes.

    >>> y, dy = ai.jvp(lambda x: x ** 3, (2.0,), (1.0,))  # dy = 3 x² · 1
    >>> float(y), float(dy)
    (8.0, 12.0)
    >>> x, v = np.array([1.0, 2.0]), np.array([1.0, 0.0])
    >>> print(ai.jvp(lambda x: x ** 2, (x,), (v,))[1])  # J v with J = diag(2x)
    [2. 0.]
    """
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("autoint.jvp: primals and tangents must be tuples, e.g. jvp(f, (x,), (v,)).")
    flat_p, tree = tree_flatten(tuple(primals))
    flat_t, tree_t = tree_flatten(tuple(tangents))
    if tree != tree_t:
        raise ValueError(f"autoint.jvp: primals {tree} and tangents {tree_t} have different structures.")
    for i, (p, t) in enumerate(zip(flat_p, flat_t)):
        if shape_of(p) != shape_of(t):
            raise ValueError(
                f"autoint.jvp: tangent {i} has shape {shape_of(t)} but its primal has shape {shape_of(p)}."
            )
    _check_inputs(primals, flat_p, "jvp")
    out, out_t = _jvp_flat(lambda *xs: f(*tree_unflatten(tree, xs)), flat_p, flat_t, (), "jvp")
    return out, out_t


def _jvp_flat(f, flat_primals, flat_tangents, batch, fname):
    """Run ``f`` on JVP tracers; tangents may carry the leading batch shape ``batch``."""
    with new_trace(JVPTrace) as trace:
        out = f(*(trace.lift(p, t) for p, t in zip(flat_primals, flat_tangents)))
        flat_out, out_tree = tree_flatten(out)
        pairs = [trace.unpack(o, lambda o: np.zeros(batch + shape_of(o), float_dtype(o))) for o in flat_out]
    for i, (o, _) in enumerate(pairs):
        _check_output(o, fname, f"output {i}")
    outs = tree_unflatten(out_tree, [_as_array(p) for p, _ in pairs])
    out_ts = tree_unflatten(out_tree, [_as_array(t) for _, t in pairs])
    return outs, out_ts


# -- reverse mode ------------------------------------------------------------------------------


def vjp(f, *primals, has_aux=False):
    """Evaluate ``f(*primals)`` and return ``(out, vjp_fn)`` (and ``aux`` with ``has_aux``).

    ``vjp_fn(cotangent)`` returns a tuple with one cotangent per primal.  It can be
    called many times; each call is one backward pass over the recorded tape.

    >>> y, f_vjp = ai.vjp(lambda x: x ** 2, np.array([1.0, 2.0]))
    >>> print(y, f_vjp(np.array([1.0, 10.0])))  # uᵀ J, J = diag(2x)
    [1. 4.] (array([ 2., 40.]),)
    """
    return _vjp(f, primals, has_aux, "vjp")


def _vjp(f, primals, has_aux, fname, once=False):
    """vjp, with errors naming the transformation the user called; ``once``: the
    pullback will be called once, so its backward pass may free the tape as it goes."""
    flat_p, tree = tree_flatten(primals)
    _check_inputs(primals, flat_p, fname)
    with new_trace(ReverseTrace) as trace:
        inputs = [trace.new_input(p) for p in flat_p]
        result = f(*tree_unflatten(tree, inputs))
        if has_aux:
            result, aux = _split_aux(result, trace)
        flat_out, out_tree = tree_flatten(result)
        out_index = [trace.index_of(o) for o in flat_out]
        out_values = [o.value if i is not None else o for o, i in zip(flat_out, out_index)]
    for i, v in enumerate(out_values):
        _check_output(v, fname, f"output {i}")
    out = tree_unflatten(out_tree, [_as_array(v) for v in out_values])

    def vjp_fn(cotangent):
        flat_ct, ct_tree = tree_flatten(cotangent)
        if ct_tree != out_tree:
            raise ValueError(f"autoint.vjp: cotangent structure {ct_tree} does not match the output {out_tree}.")
        seeds = {}
        for i, ct, v in zip(out_index, flat_ct, out_values):
            if shape_of(ct) != shape_of(v):
                raise ValueError(f"autoint.vjp: cotangent of shape {shape_of(ct)} for an output of shape {shape_of(v)}.")
            if i is not None:
                seeds[i] = ct if i not in seeds else seeds[i] + ct
        with paused_gc():
            cts = trace.backward(seeds, consume=once)
        flat = [
            _as_array(cts[k]) if k in cts else np.zeros(shape_of(p), float_dtype(p)) for k, p in enumerate(flat_p)
        ]
        return tree_unflatten(tree, flat)

    return (out, vjp_fn, aux) if has_aux else (out, vjp_fn)


def _split_aux(result, trace):
    """(output, aux) with aux taken out of this trace: auxiliary data carries no derivative here."""
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        raise TypeError("autoint: with has_aux=True the function must return a pair (output, aux).")
    out, aux = result
    leaves, tree = tree_flatten(aux)
    return out, tree_unflatten(tree, [_as_array(_value_in(trace, leaf)) for leaf in leaves])


def _value_in(trace, x):
    """The value under ``trace``'s tracer (tracers of outer levels and plain values unchanged)."""
    return x.value if getattr(x, "_trace", None) is trace else x


def _argnums_tuple(argnums, nargs, fname):
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    for n in nums:
        if not -nargs <= n < nargs:
            raise ValueError(f"autoint.{fname}: argnums={argnums} but the function got {nargs} positional arguments.")
    return tuple(n % nargs for n in nums)


def _partial(f, args, nums, kwargs):
    """f as a function of the arguments in ``nums`` only (the rest fixed)."""

    def g(*dyn):
        full = list(args)
        for n, d in zip(nums, dyn):
            full[n] = d
        return f(*full, **kwargs)

    return g, tuple(args[n] for n in nums)


def value_and_grad(f, argnums=0, has_aux=False):
    """A function returning ``(f(*args), gradient)`` (``((out, aux), gradient)`` with ``has_aux``).

    >>> value, slope = ai.value_and_grad(lambda x: x ** 3)(2.0)
    >>> float(value), float(slope)
    (8.0, 12.0)
    """

    def value_and_grad_f(*args, **kwargs):
        return _value_and_grad(f, argnums, has_aux, args, kwargs)

    return value_and_grad_f


def _value_and_grad(f, argnums, has_aux, args, kwargs):
    """value_and_grad's work, for one call."""
    # The collector stays paused until the tape is gone: freed while paused,
    # its objects are never scanned (see core.paused_gc).
    with paused_gc():
        nums = _argnums_tuple(argnums, len(args), "grad")
        g, dyn = _partial(f, args, nums, kwargs)
        res = _vjp(g, dyn, has_aux, "grad", once=True)
        out, pullback = res[0], res[1]
        grads = pullback(_grad_seed(out))
        value = (out, res[2]) if has_aux else out
        del res, pullback  # the tape goes while the collector is still paused
    return value, (grads[0] if isinstance(argnums, int) else grads)


def _grad_seed(out):
    """The cotangent 1 of grad's output, which must be a floating-point scalar."""
    if out is None:
        raise TypeError(
            "autoint.grad: the function returned None, but grad needs a scalar output. "
            "Add the missing return statement (e.g. return anp.sum(y))."
        )
    if shape_of(out) != ():
        raise TypeError(
            f"autoint.grad: the function must return a scalar, but its output has shape {shape_of(out)}. "
            "Reduce it first (e.g. return out.sum()), or use autoint.jacrev / autoint.vjp for "
            "non-scalar outputs."
        )
    dt = result_dtype(anp.stop_gradient(out))
    if dt.kind != "f":
        raise TypeError(
            f"autoint.grad: the output has dtype {dt}, but grad needs a floating-point scalar output "
            "(an integer or boolean result has no derivative). Compute the result in floats."
        )
    # A Python float seed keeps a scalar backward pass in fast Python arithmetic.
    return 1.0 if dt == np.float64 else np.ones((), dt)[()]


def grad(f, argnums=0, has_aux=False):
    """The gradient of scalar-valued ``f`` with respect to argument(s) ``argnums``.

    >>> cube = lambda x: x ** 3
    >>> float(ai.grad(anp.sin)(0.0)), float(ai.grad(cube)(2.0)), float(ai.grad(ai.grad(cube))(2.0))
    (1.0, 12.0, 12.0)
    >>> f = lambda x1, x2: anp.log(x1) + x1 * x2 - anp.sin(x2)
    >>> dx1, dx2 = ai.grad(f, argnums=(0, 1))(2.0, 5.0)  # 1/x1 + x2, x1 - cos x2
    >>> round(float(dx1), 4), round(float(dx2), 4)
    (5.5, 1.7163)
    """

    def grad_f(*args, **kwargs):
        value, g = _value_and_grad(f, argnums, has_aux, args, kwargs)
        return (g, value[1]) if has_aux else g

    return grad_f


# -- Jacobians ------------------------------------------------------------------------------------


def _jac_layout(rows, in_shape, out_shape, in_first):
    """Arrange a (rows x ...) block so that the Jacobian has shape out.shape + in.shape."""
    if in_first:  # rows index the input: shape in.shape + out.shape -> move input axes last
        block = anp.reshape(rows, in_shape + out_shape)
        n_in = len(in_shape)
        order = tuple(range(n_in, n_in + len(out_shape))) + tuple(range(n_in))
        return anp.transpose(block, order)
    return anp.reshape(rows, out_shape + in_shape)


def jacfwd(f, argnums=0):
    """Jacobian by forward mode: all input directions pushed in one batched pass.

    >>> f = lambda x: anp.array([x[0] * x[1], anp.sin(x[0])])
    >>> print(ai.jacfwd(f)(np.array([0.0, 2.0])))  # [[x1, x0], [cos x0, 0]]
    [[2. 0.]
     [1. 0.]]
    """

    def jac_f(*args, **kwargs):
        nums = _argnums_tuple(argnums, len(args), "jacfwd")
        g, dyn = _partial(f, args, nums, kwargs)
        flat_p, tree = tree_flatten(dyn)
        _check_inputs(dyn, [anp.stop_gradient(p) for p in flat_p], "jacfwd")
        sizes = [int(np.prod(shape_of(p))) for p in flat_p]
        n = sum(sizes)
        starts = np.cumsum([0] + sizes)
        tangents = _basis_tangents(flat_p, sizes, starts)
        out, out_t = _jvp_flat(lambda *xs: g(*tree_unflatten(tree, xs)), flat_p, tangents, (n,), "jacfwd")
        flat_out, out_tree = tree_flatten(out)
        flat_t = tree_flatten(out_t)[0]
        per_out = []
        for o, t in zip(flat_out, flat_t):
            blocks = [
                _jac_layout(t[s:s + k], shape_of(p), shape_of(o), in_first=True)
                for s, k, p in zip(starts, sizes, flat_p)
            ]
            per_out.append(_arrange(blocks, tree, argnums))
        return tree_unflatten(out_tree, per_out)

    return jac_f


def _basis_tangents(flat_p, sizes, starts):
    """Every input direction at once: the rows of the n x n identity, split into one
    batched tangent per input (shape (n,) + its shape)."""
    n = sum(sizes)
    basis = np.eye(n, dtype=np.result_type(*[float_dtype(p) for p in flat_p]))
    return [basis[:, s:s + k].reshape((n,) + shape_of(p)) for s, k, p in zip(starts, sizes, flat_p)]


def _arrange(blocks, tree, argnums):
    """Per-input Jacobian blocks in the structure of the differentiated arguments."""
    structured = tree_unflatten(tree, blocks)
    return structured[0] if isinstance(argnums, int) else structured


def jacrev(f, argnums=0):
    """Jacobian by reverse mode: one backward pass, mapped with vmap over the output's basis.

    >>> f = lambda x: anp.array([x[0] * x[1], anp.sin(x[0])])
    >>> print(ai.jacrev(f)(np.array([0.0, 2.0])))  # [[x1, x0], [cos x0, 0]], as jacfwd
    [[2. 0.]
     [1. 0.]]
    """
    return _jacrev(f, argnums, batched=True)


def _jacrev(f, argnums, batched):
    """jacrev; ``batched=False`` runs one backward pass per output element instead (for comparison)."""

    def jac_f(*args, **kwargs):
        nums = _argnums_tuple(argnums, len(args), "jacrev")
        g, dyn = _partial(f, args, nums, kwargs)
        out, pullback = _vjp(g, dyn, False, "jacrev")
        flat_out, out_tree = tree_flatten(out)
        flat_in, in_tree = tree_flatten(dyn)
        per_out = []
        for k, o in enumerate(flat_out):
            m = int(np.prod(shape_of(o)))

            def row(ct, k=k):
                # The cotangent is ct on output k and zero on the others.
                seed = [np.zeros(shape_of(x), float_dtype(x)) for x in flat_out]
                seed[k] = ct
                return tree_flatten(pullback(tree_unflatten(out_tree, seed)))[0]

            basis = np.eye(m, dtype=float_dtype(o)).reshape((m,) + shape_of(o))
            if m == 1:  # a single row needs no stacking: one reshape lays it out
                stacked = row(basis[0])
            elif batched:  # all rows in one backward pass, on a batch of cotangents
                stacked = vmap(row)(basis)
            else:
                rows = [row(e) for e in basis]
                stacked = [anp.stack([r[i] for r in rows]) for i in range(len(flat_in))]
            blocks = [_jac_layout(st, shape_of(x), shape_of(o), in_first=False) for st, x in zip(stacked, flat_in)]
            per_out.append(_arrange(blocks, in_tree, argnums))
        return tree_unflatten(out_tree, per_out)

    return jac_f


def hessian(f, argnums=0):
    """Hessian as forward-over-reverse: jacfwd(jacrev(f)), shape in.shape + in.shape.

    >>> f = lambda x: x[0] ** 2 * x[1]  # Hessian [[2 x1, 2 x0], [2 x0, 0]]
    >>> print(ai.hessian(f)(np.array([1.0, 2.0])))
    [[4. 2.]
     [2. 0.]]
    """
    return jacfwd(jacrev(f, argnums), argnums)
