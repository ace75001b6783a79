"""Evaluation traces (Wengert lists): the textbook tables of AD, recorded from a live function.

``trace(f)(*args)`` runs ``f`` under a third interpreter next to forward and
reverse mode.  Its tracers carry a value and a variable number; every
primitive applied to them appends one *equation* ``v_i = prim(args)`` and
computes its value by applying the primitive to the plain values (which
binds at the levels below, so ``trace`` works inside other transformations
and other transformations work inside the traced function).

The result is an ``EvalTrace``: the forward primal trace of Baydin et al.
(2018), Table 2.  ``.forward(*tangents)`` adds the tangent of every
variable and ``.reverse(*cotangents)`` the adjoints, both by applying the
primitives' own JVP/VJP rules equation by equation, so the tables show what
``autoint.jvp`` and ``autoint.grad`` compute.

Naming follows the paper: with n inputs they are ``v_{1-n} … v_0``
(``x_1 … x_n``), intermediates ``v_1 … v_k``, outputs ``y`` (``y_1, y_2 …``).
Constants in the function (the 2.0 in ``x * 2.0``) are literals, not variables.
Nothing here runs unless ``trace`` is called: the other interpreters are unchanged.
"""
import copy
import functools

import numpy as np

from .. import numpy as _anp  # noqa: F401  (gives tracers their operators)
from ..core import Trace, Tracer, concrete, float_dtype, new_trace
from ..core import shape_of
from ..tree import tree_flatten, tree_unflatten
from . import graph, render
from .equations import AdjointStep, Equation, Literal, differentiable_args


class RecordTracer(Tracer):
    __slots__ = ("var",)

    def __init__(self, trace, value, var):
        self._trace = trace
        self.value = value
        self.var = var


class RecordTrace(Trace):
    """The recording interpreter: one equation per primitive, evaluated on plain values."""

    __slots__ = ("equations",)
    carries = "var"

    def __init__(self, level):
        super().__init__(level)
        self.equations = []

    def atom(self, x):
        """A variable number for our own tracers; anything else is a literal."""
        if type(x) is RecordTracer and x._trace is self:
            return x.var
        return Literal(x)

    def process(self, prim, args, params):
        values, variables = self.unbox(args)
        atoms = tuple(Literal(x) if v is None else v for x, v in zip(values, variables))
        ans = prim(*values, **params)
        var = len(self.equations) + 1  # intermediates are v_1, v_2, ...
        self.equations.append(Equation(prim, atoms, values, dict(params), var, ans))
        return RecordTracer(self, ans, var)


def trace(f):
    """``trace(f)(*args, **kwargs)`` evaluates ``f`` and returns its ``EvalTrace``.

    Positional arguments (pytrees of arrays or numbers) are the inputs; keyword
    arguments are passed through as constants.

    >>> import autoint as ai, autoint.numpy as anp
    >>> print(ai.trace(lambda x1, x2: anp.log(x1) + x1 * x2 - anp.sin(x2))(2.0, 5.0))
    Forward primal trace
        v₋₁ = x₁           = 2
        v₀  = x₂           = 5
        v₁  = ln v₋₁       = 0.693
        v₂  = v₋₁ · v₀     = 10
        v₃  = v₁ + v₂      = 10.693
        v₄  = sin v₀       = -0.959
        v₅  = v₃ - v₄      = 11.652
        y   = v₅           = 11.652
    """

    @functools.wraps(f)
    def traced(*args, **kwargs):
        flat, in_tree = tree_flatten(args)
        n = len(flat)
        with new_trace(RecordTrace) as recorder:
            inputs = [RecordTracer(recorder, x, k + 1 - n) for k, x in enumerate(flat)]
            out = f(*tree_unflatten(in_tree, inputs), **kwargs)
            flat_out, out_tree = tree_flatten(out)
            out_atoms = [recorder.atom(o) for o in flat_out]
        return EvalTrace(recorder.equations, flat, in_tree, out_atoms, out_tree)

    return traced


class EvalTrace:
    """A recorded evaluation: equations in order, optionally with tangents and adjoints.

    - ``values``, ``tangents``, ``adjoints``: dicts from textbook names ``"v_-1"``, ``"v_1"`` … to values;
    - ``out``, ``out_tangent``: the outputs and their tangents in ``f``'s output structure;
    - ``input_adjoints``: one adjoint per positional argument (like ``autoint.vjp``);
    - ``print(t)``/``t.to_text()``, ``t.to_markdown()``, ``t.to_html()``, ``t.draw()``;
    - ``t.with_layout("side-by-side", substituted=True)``: a copy that prints and displays
      Baydin's side-by-side tables (primal trace left, tangents/adjoints right), with a
      column of values substituted into each formula (``= ln 2``).

    >>> import autoint as ai, autoint.numpy as anp
    >>> t = ai.trace(lambda x1, x2: anp.log(x1) + x1 * x2 - anp.sin(x2))(2.0, 5.0).forward(1.0, 0.0)
    >>> print(t.with_layout("side-by-side", substituted=True))
    Forward primal trace                                │ Forward tangent trace
        v₋₁ = x₁                               = 2      │ v̇₋₁ = ẋ₁                                  = 1
        v₀  = x₂                               = 5      │ v̇₀  = ẋ₂                                  = 0
        v₁  = ln v₋₁       = ln 2              = 0.693  │ v̇₁  = v̇₋₁ / v₋₁           = 1 / 2         = 0.5
        v₂  = v₋₁ · v₀     = 2 · 5             = 10     │ v̇₂  = v̇₋₁ · v₀ + v̇₀ · v₋₁ = 1 · 5 + 0 · 2 = 5
        v₃  = v₁ + v₂      = 0.693 + 10        = 10.693 │ v̇₃  = v̇₁ + v̇₂             = 0.5 + 5       = 5.5
        v₄  = sin v₀       = sin 5             = -0.959 │ v̇₄  = v̇₀ · cos v₀         = 0 · cos 5     = 0
        v₅  = v₃ - v₄      = 10.693 - (-0.959) = 11.652 │ v̇₅  = v̇₃ - v̇₄             = 5.5 - 0       = 5.5
        y   = v₅                               = 11.652 │ ẏ   = v̇₅                                  = 5.5
    """

    def __init__(self, equations, in_values, in_tree, out_atoms, out_tree):
        self._equations = tuple(equations)
        self._in_vars = tuple(range(1 - len(in_values), 1))
        self._in_tree = in_tree
        self._out_atoms = tuple(out_atoms)
        self._out_tree = out_tree
        self._values = dict(zip(self.in_vars, in_values))
        self._values.update((e.out, e.value) for e in self.equations)
        self._tangents = None  # var -> tangent, once forward() has run
        self._in_tangents = None
        self._adjoints = None  # var -> adjoint, once reverse() has run
        self._steps = None
        self._out_cotangents = None
        self._layout = ("stacked", False)  # how print and Jupyter show it: layout, substituted column

    def __len__(self):
        return len(self.equations)

    # -- structure (read-only) --------------------------------------------------------------------

    @property
    def equations(self):
        """The ``Equation``s in evaluation order."""
        return self._equations

    @property
    def in_vars(self):
        """The inputs' variable numbers, ``1 - n … 0``."""
        return self._in_vars

    @property
    def in_tree(self):
        """The structure of the positional arguments."""
        return self._in_tree

    @property
    def out_atoms(self):
        """The outputs, flat: variable numbers, or ``Literal``s for constant outputs."""
        return self._out_atoms

    @property
    def out_tree(self):
        """The structure of ``f``'s output."""
        return self._out_tree

    # -- values ---------------------------------------------------------------------------------

    def atom_value(self, atom):
        return atom.value if isinstance(atom, Literal) else self._values[atom]

    @property
    def out(self):
        return tree_unflatten(self.out_tree, [self.atom_value(a) for a in self.out_atoms])

    @property
    def values(self):
        return {f"v_{v}": x for v, x in self._values.items()}

    @property
    def tangents(self):
        return None if self._tangents is None else {f"v_{v}": t for v, t in self._tangents.items()}

    @property
    def adjoints(self):
        return None if self._adjoints is None else {f"v_{v}": a for v, a in self._adjoints.items()}

    @property
    def out_tangent(self):
        self._need("_tangents", "forward")
        return tree_unflatten(self.out_tree, [self.atom_tangent(a) for a in self.out_atoms])

    @property
    def input_adjoints(self):
        self._need("_adjoints", "reverse")
        return tree_unflatten(self.in_tree, [self.var_adjoint(v) for v in self.in_vars])

    @property
    def has_tangents(self):
        """Whether ``forward`` has annotated this trace with tangents."""
        return self._tangents is not None

    @property
    def has_adjoints(self):
        """Whether ``reverse`` has annotated this trace with adjoints."""
        return self._adjoints is not None

    @property
    def adjoint_steps(self):
        """The reverse sweep's steps (``AdjointStep``), in the order they ran: Baydin's Table 3."""
        self._need("_adjoints", "reverse")
        return tuple(self._steps)

    def var_value(self, var):
        """The value of variable number ``var`` (inputs ``1 - n … 0``, intermediates ``1, 2 …``)."""
        return self._values[var]

    def var_tangent(self, var):
        """The tangent of variable number ``var`` (after ``forward``)."""
        self._need("_tangents", "forward")
        return self._tangents[var]

    def has_adjoint(self, var):
        """Whether any output depends on variable ``var`` (after ``reverse``)."""
        self._need("_adjoints", "reverse")
        return var in self._adjoints

    def atom_tangent(self, atom):
        if isinstance(atom, Literal):
            return _zeros_like(atom.value)
        return self.var_tangent(atom)

    def var_adjoint(self, var):
        """The adjoint of a variable; zero when no output depends on it."""
        adjoint = self._adjoints.get(var)
        return _zeros_like(self._values[var]) if adjoint is None else adjoint

    def _need(self, field, method):
        if getattr(self, field) is None:
            raise ValueError(f"autoint: this trace has no {field[1:]} yet: call .{method}(...) first.")

    # -- forward mode ---------------------------------------------------------------------------

    def forward(self, *tangents):
        """A copy annotated with the tangent of every variable, for input tangents ``tangents``.

        Tangents have the structure of the positional arguments; with a
        single input it may be omitted (tangent 1, or ones for an array).
        """
        if not tangents and len(self.in_vars) == 1:
            tangents = (np.ones_like(_float(concrete(self._values[0]))),)
        flat = self._match(tangents, [self._values[v] for v in self.in_vars], "forward", "input")
        env = dict(zip(self.in_vars, flat))
        for eqn in self.equations:
            env[eqn.out] = _tangent(eqn, env)
        new = copy.copy(self)
        new._tangents, new._in_tangents = env, flat
        return new

    # -- reverse mode ---------------------------------------------------------------------------

    def reverse(self, *cotangents):
        """A copy annotated with adjoints, pulled back from output cotangents (default 1 each).

        The steps are those of Baydin et al.'s Table 3: each equation, from
        the last to the first, pushes its result's adjoint to its arguments.
        """
        outs = [self.atom_value(a) for a in self.out_atoms]
        if not cotangents:
            cotangents = tuple(np.ones_like(_float(concrete(o))) for o in outs)
        flat = self._match(cotangents, outs, "reverse", "output")
        adjoints, steps = {}, []
        for j, (atom, ct) in enumerate(zip(self.out_atoms, flat)):
            if type(atom) is int:
                steps.append(_accumulate(adjoints, atom, ct, j, -1))
        for eqn in reversed(self.equations):
            g = adjoints.get(eqn.out)
            if g is None:  # no output depends on this equation
                continue
            for k in differentiable_args(eqn, "vjp"):
                ct = eqn.prim.rule("vjp", k)(g, eqn.value, *eqn.values, **eqn.params)
                steps.append(_accumulate(adjoints, eqn.args[k], ct, eqn, k))
        new = copy.copy(self)
        new._adjoints, new._steps, new._out_cotangents = adjoints, steps, flat
        return new

    def _match(self, given, like, method, what):
        """Flatten user-given (co)tangents and check them against the inputs or outputs ``like``."""
        flat = tree_flatten(given[0] if len(given) == 1 and len(like) != 1 else given)[0]
        if len(flat) != len(like):
            raise ValueError(
                f"autoint: .{method}() needs one value per {what} ({len(like)} in all), got {len(flat)}."
            )
        for k, (t, x) in enumerate(zip(flat, like)):
            if shape_of(t) != shape_of(x):
                raise ValueError(f"autoint: .{method}(): {what} {k} has shape {shape_of(x)}, got {shape_of(t)}.")
        return [_float(t) for t in flat]

    # -- rendering ------------------------------------------------------------------------------

    def with_layout(self, layout="side-by-side", substituted=False):
        """A copy that prints and displays in ``layout`` ("stacked" or "side-by-side").

        ``substituted=True`` adds a column with the values put into each formula (``= ln 2``).
        """
        render.check_layout(layout)
        new = copy.copy(self)
        new._layout = (layout, bool(substituted))
        return new

    def _options(self, layout, substituted):
        return (self._layout[0] if layout is None else layout,
                self._layout[1] if substituted is None else substituted)

    def to_text(self, max_rows=30, layout=None, substituted=None):
        """Plain-text tables (Unicode notation); at most ``max_rows`` lines per table.

        ``layout`` and ``substituted`` default to the trace's own (see ``with_layout``).
        """
        return render.to_text(self, max_rows, *self._options(layout, substituted))

    def to_markdown(self, max_rows=30, math="$", layout=None, substituted=None):
        """Markdown tables with LaTeX math between ``math`` delimiters ("$" for Jupyter, "$$" for kramdown)."""
        return render.to_markdown(self, max_rows, math, *self._options(layout, substituted))

    def to_html(self, max_rows=30, layout=None, substituted=None):
        """HTML tables with ``\\( … \\)`` math, typeset by MathJax in Jupyter and on web pages."""
        return render.to_html(self, max_rows, *self._options(layout, substituted))

    def draw(self, values=True, tangents=None, adjoints=None, edge_labels=False, rankdir="LR", max_nodes=60):
        """The computational graph (needs graphviz); see ``autoint.draw``."""
        return graph.draw(self, values=values, tangents=tangents, adjoints=adjoints, edge_labels=edge_labels,
                          rankdir=rankdir, max_nodes=max_nodes)

    def __str__(self):
        return self.to_text()

    __repr__ = __str__

    def _repr_markdown_(self):
        return self.to_markdown()

    def _repr_html_(self):
        return self.to_html()


def _tangent(eqn, env):
    total = None
    for k in differentiable_args(eqn, "jvp"):
        term = eqn.prim.rule("jvp", k)(env[eqn.args[k]], eqn.value, *eqn.values, **eqn.params)
        total = term if total is None else total + term
    return _zeros_like(eqn.value) if total is None else total


def _accumulate(adjoints, var, ct, source, arg):
    previous = adjoints.get(var)
    adjoints[var] = ct if previous is None else previous + ct
    return AdjointStep(var, source, arg, previous is not None, adjoints[var], previous)


def _float(x):
    """(Co)tangents are floating point: an integer 1 becomes 1.0."""
    if isinstance(x, Tracer):
        return x
    x = np.asarray(x)
    return (x if np.issubdtype(x.dtype, np.inexact) else x.astype(np.float64))[()]


def _zeros_like(x):
    return np.zeros(shape_of(x), float_dtype(x))[()]
