"""Linear programs: ``linearize`` stages the tangent computation out, ``linear_transpose`` runs it backwards.

JAX splits reverse mode into three steps (Radul et al., "You only linearize
once", POPL 2023): JVP, partial evaluation into a linear program, and
transposition.  Here the same steps run on autoint's interpreters:

- ``linearize(f, *primals)`` runs ``f`` once under forward mode whose tangents
  are *recorded* instead of computed: each JVP rule applied to a tangent
  appends one equation to an evaluation trace (the ``trace`` interpreter, one
  level above).  Everything that depends on the primals only (``cos x`` in
  ``sin``'s rule) is computed then and kept as a constant, so the recording
  is a linear program in the input tangents: ``f_jvp`` replays just that.
- ``linear_transpose(f, *primals)`` records a linear ``f`` the same way and
  runs its equations backwards with the primitives' VJP rules, which for a
  linear primitive are its transpose.  ``linear_transpose`` of ``f_jvp`` is
  ``f``'s VJP.
"""
import numpy as np

from .api import _as_array, _check_float
from .core import concrete, float_dtype, new_trace
from .evaltrace import EvalTrace, RecordTrace, RecordTracer, trace
from .forward import JVPTrace
from .numpy._util import shape_of
from .tree import tree_flatten, tree_unflatten


# -- linearize --------------------------------------------------------------------------------------


def linearize(f, *primals):
    """``(f(*primals), f_jvp)``: ``f_jvp(*tangents)`` is the JVP at ``primals``, replayed from a recording.

    ``f`` runs once; ``f_jvp`` evaluates only the recorded linear equations (no
    primal operation, no tracer of ``f``), so each call costs less than a ``jvp``.
    ``f_jvp.program`` is the recording, an ``EvalTrace`` of the tangent computation
    (print it to see the linear program).

    >>> import autoint as ai, autoint.numpy as anp
    >>> y, f_jvp = ai.linearize(lambda x: anp.sin(x) * x, 2.0)
    >>> bool(f_jvp(1.0) == ai.jvp(lambda x: anp.sin(x) * x, (2.0,), (1.0,))[1])
    True
    """
    flat_p, in_tree = tree_flatten(primals)
    for i, p in enumerate(flat_p):
        _check_float(p, "linearize", f"primal {i}")
    n = len(flat_p)
    with new_trace(JVPTrace) as jvp_trace, new_trace(RecordTrace) as recorder:
        # The tangents are variables of the recording one level up; the
        # placeholder values (zeros) only give the recording's equations a value.
        tangents = [RecordTracer(recorder, np.zeros(shape_of(p), float_dtype(p)), k + 1 - n)
                    for k, p in enumerate(flat_p)]
        out = f(*tree_unflatten(in_tree, [jvp_trace.lift(p, t) for p, t in zip(flat_p, tangents)]))
        flat_out, out_tree = tree_flatten(out)
        pairs = [jvp_trace.unpack(o, lambda o: np.zeros(shape_of(o), float_dtype(o))) for o in flat_out]
        out_atoms = [recorder.atom(t) for _, t in pairs]
    program = _program(recorder.equations, out_atoms)
    recording = EvalTrace(program, [concrete(t.value) for t in tangents], in_tree, out_atoms, out_tree)
    primal_out = tree_unflatten(out_tree, [_as_array(p) for p, _ in pairs])
    in_shapes = [shape_of(p) for p in flat_p]

    def f_jvp(*tangents):
        flat_t, tree_t = tree_flatten(tangents)
        if tree_t != in_tree:
            raise ValueError(
                f"autoint.linearize: f_jvp takes tangents shaped like the primals {in_tree}, got {tree_t}."
            )
        for i, (t, s) in enumerate(zip(flat_t, in_shapes)):
            if shape_of(t) != s:
                raise ValueError(f"autoint.linearize: tangent {i} has shape {shape_of(t)}, its primal {s}.")
        return tree_unflatten(out_tree, [_as_array(v) for v in replay(recording, flat_t)])

    f_jvp.program = recording
    return primal_out, f_jvp


def _program(equations, out_atoms):
    """The equations the outputs depend on, in order (the rest computed nothing the outputs use)."""
    needed = {a for a in out_atoms if type(a) is int}
    kept = []
    for eqn in reversed(equations):
        if eqn.out in needed:
            kept.append(eqn)
            needed.update(a for a in eqn.args if type(a) is int)
    return kept[::-1]


def replay(program, inputs):
    """Evaluate a recorded program on new input values: the outputs, flat.

    Each equation applies its primitive again (through ``bind``, so replaying
    inside other transformations differentiates the replay).
    """
    env = dict(zip(program.in_vars, inputs))
    for eqn in program.equations:
        args = [env[a] if type(a) is int else a.value for a in eqn.args]
        env[eqn.out] = eqn.prim(*args, **eqn.params)
    return [env[a] if type(a) is int else a.value for a in program.out_atoms]


# -- linear_transpose -------------------------------------------------------------------------------

# How each primitive may be linear: "all" (in every argument; constant arguments
# must be zero, or it is affine), "one" (in one argument at a time: a product),
# a tuple of the positions that may carry the input (the others constant).
LINEAR = {
    "add": "all", "subtract": "all", "negative": "all", "sum": "all", "cumsum": "all", "reshape": "all",
    "transpose": "all", "broadcast_to": "all", "getitem": "all", "scatter_add": "all", "concatenate": "all",
    "astype": "all", "multiply": "one", "matmul": "one", "einsum": "one", "divide": (0,), "where": (1, 2),
    "solve": (1,),
}


def linear_transpose(f, *primals):
    """The transpose of a linear ``f``, as in JAX: ``f_t(out_cotangent)`` returns one cotangent per primal.

    ``primals`` give the shapes and dtypes of ``f``'s arguments (their values do
    not matter for a linear function).  ``f`` is recorded once on them; the
    transpose runs the recording backwards.  A function that is not linear in
    its arguments (``sin x``, ``x · x``, ``x + 1``) is an error where the
    recording shows it; branches on values cannot be seen.

    >>> import numpy as np, autoint as ai
    >>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> f_t = ai.linear_transpose(lambda x: A @ x, np.zeros(2))
    >>> f_t(np.array([1.0, 0.0]))
    (array([1., 2.]),)
    """
    program = trace(f)(*primals)
    linear = _check_linear(program)
    outs = [program.atom_value(a) for a in program.out_atoms]

    def f_transpose(out_cotangent):
        flat, tree = tree_flatten(out_cotangent)
        if tree != program.out_tree:
            raise ValueError(
                f"autoint.linear_transpose: the cotangent has structure {tree}, f's output {program.out_tree}."
            )
        cts = {}
        for k, (atom, ct, o) in enumerate(zip(program.out_atoms, flat, outs)):
            if shape_of(ct) != shape_of(o):
                raise ValueError(
                    f"autoint.linear_transpose: cotangent {k} has shape {shape_of(ct)}, f's output {shape_of(o)}."
                )
            if type(atom) is int and atom in linear:
                _add(cts, atom, ct)
        for eqn in reversed(program.equations):
            g = cts.pop(eqn.out, None)
            if g is None:
                continue
            for k, a in enumerate(eqn.args):
                if type(a) is int and a in linear:
                    rule = eqn.prim.rule("vjp", k)
                    if rule is not None:
                        _add(cts, a, rule(g, eqn.value, *eqn.values, **eqn.params))
        flat_in = [
            _as_array(cts[v]) if v in cts else np.zeros(shape_of(x), float_dtype(x))[()]
            for v, x in zip(program.in_vars, (program.var_value(v) for v in program.in_vars))
        ]
        return tuple(tree_unflatten(program.in_tree, flat_in))

    return f_transpose


def _add(cts, var, ct):
    cts[var] = ct if var not in cts else cts[var] + ct


def _check_linear(program):
    """The variables that depend (linearly) on the inputs; raises where the recording is not linear."""
    linear = set(program.in_vars)
    for eqn in program.equations:
        moving = [k for k, a in enumerate(eqn.args) if type(a) is int and a in linear]
        if not moving:
            continue  # a constant computed inside f
        how = LINEAR.get(eqn.prim.name)
        if how is None:
            _not_linear(eqn, f"applies {eqn.prim.name} to a value that depends on the inputs")
        if how == "one" and len(moving) > 1:
            _not_linear(eqn, f"multiplies two values that depend on the inputs ({eqn.prim.name})")
        if isinstance(how, tuple) and not set(moving) <= set(how):
            _not_linear(eqn, f"uses an input-dependent value where {eqn.prim.name} is not linear in it")
        if how != "one":  # a sum-like position holding a constant: it must be zero
            may_move = range(len(eqn.args)) if how == "all" else how
            for k in may_move:
                if k not in moving and np.any(concrete(eqn.values[k]) != 0):
                    _not_linear(eqn, "adds a nonzero constant: the function is affine, not linear")
        linear.add(eqn.out)
    for k, atom in enumerate(program.out_atoms):
        if not (type(atom) is int and atom in linear) and np.any(concrete(program.atom_value(atom)) != 0):
            raise TypeError(
                f"autoint.linear_transpose: output {k} of f does not depend on its inputs and is not zero, "
                "so f is not linear. linear_transpose needs a linear function, e.g. the f_jvp of linearize."
            )
    return linear


def _not_linear(eqn, why):
    from .evaltrace.notation import Style, value_template
    from .evaltrace.render import fill_equation

    style = Style("text")
    line = f"{style.name('v', eqn.out)} = {fill_equation(style, eqn, value_template(eqn))}"
    raise TypeError(
        f"autoint.linear_transpose: f is not linear in its inputs: {line} {why}. linear_transpose needs a "
        "linear function (such as the f_jvp of linearize); for the derivative of a non-linear function use vjp."
    )

