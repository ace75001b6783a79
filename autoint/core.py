"""The interpreter core: primitives, tracers and the stack of trace levels.

Every transformation (forward mode, reverse mode) is an *interpreter*: a ``Trace``
subclass that decides what applying a primitive to its tracers means.  Nested
transformations stack their traces; each trace has a level, and a primitive is
handled by the highest-level trace among its arguments.  A tracer from a lower
level is just a constant to a higher one — that is what keeps nested
derivatives apart (no perturbation confusion).

This module knows nothing about NumPy's function surface: primitives and their
rules are defined elsewhere (``autoint.numpy``) and registered here.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

import numpy as np


class Primitive:
    """An operation the interpreters know how to evaluate and differentiate.

    ``Primitive(name, impl)`` makes one; ``impl`` computes it on plain NumPy
    values.  Rules are registered per argument with one signature for both modes::

        rule(g, ans, *args, **params)

    A JVP rule maps the tangent ``g`` of argument *i* to its contribution to the
    output tangent (``g`` may carry leading batch axes); a VJP rule maps the
    output cotangent ``g`` to the cotangent of argument *i*.  ``ans`` is the
    primal output.  A rule of ``None`` means the output does not depend
    differentiably on that argument (its contribution is zero).  ``defjvp`` and
    ``defvjp`` return the primitive.  Write rules with ``autoint.numpy``
    functions, so that they can be differentiated again (second order).  For
    an argument that broadcasting enlarges, a JVP rule first spreads its
    tangent to the output's shape with ``autoint.broadcast_tangent`` and a VJP
    rule sums its cotangent back to the argument's shape with ``autoint.unbroadcast``.

    Softplus, ln(1 + eˣ), whose derivative is the logistic sigmoid eˣ / (1 + eˣ) = e^(x − ans):

    >>> import numpy as np
    >>> import autoint as ai
    >>> import autoint.numpy as anp
    >>> softplus = ai.Primitive("softplus", lambda x: np.logaddexp(0.0, x))
    >>> softplus = softplus.defjvp(lambda g, ans, x: g * anp.exp(x - ans))
    >>> softplus = softplus.defvjp(lambda g, ans, x: g * anp.exp(x - ans))
    >>> float(ai.grad(softplus)(0.0)), float(ai.grad(ai.grad(softplus))(0.0))
    (0.5, 0.25)

    A binary one, ``a · b`` with broadcasting, whose VJP rules sum over broadcast axes:

    >>> scale = ai.Primitive("scale", np.multiply).defjvp(
    ...     lambda g, ans, a, b: ai.broadcast_tangent(g, a, ans) * b,
    ...     lambda g, ans, a, b: ai.broadcast_tangent(g, b, ans) * a)
    >>> scale = scale.defvjp(lambda g, ans, a, b: ai.unbroadcast(g * b, anp.shape(a)),
    ...                      lambda g, ans, a, b: ai.unbroadcast(g * a, anp.shape(b)))
    >>> float(ai.grad(lambda a, b: anp.sum(scale(a, b)), argnums=1)(np.ones(3), 2.0))
    3.0
    """

    def __init__(self, name, impl, doc=None):
        self.name = name
        self.impl = impl
        self.jvps = None
        self.vjps = None
        self.make_rule = None
        self.__doc__ = doc or impl.__doc__

    # The vmap rule, ``batch(prim, size, values, dims, params) -> (out, out_dim)``
    # (see autoint.batching); None until autoint.numpy.batching finds one.
    batch = None

    def __call__(self, *args, **params):
        return bind(self, args, params)

    def defjvp(self, *rules):
        self.jvps = rules
        return self

    def defvjp(self, *rules):
        self.vjps = rules
        return self

    def defrules(self, make_rule):
        """Rules made on demand by ``make_rule(mode, i)``: for primitives of any arity.

        Variadic primitives (concatenate, einsum) and user-defined ones
        (custom_jvp, custom_vjp) know their rule for position ``i`` only when
        called; ``make_rule`` may raise NotImplementedError for a mode it lacks.
        """
        self.make_rule = make_rule
        self.jvps = self.vjps = ()  # empty: the interpreters fall back to rule()
        return self

    def rule(self, mode, i):
        """The rule of ``mode`` ('jvp' or 'vjp') for argument ``i``; raises if there is none."""
        if self.make_rule is not None:
            return self.make_rule(mode, i)
        rules = self.jvps if mode == "jvp" else self.vjps
        if rules is None or i >= len(rules):
            kind = "forward-mode (JVP)" if mode == "jvp" else "reverse-mode (VJP)"
            raise NotImplementedError(
                f"autoint: primitive '{self.name}' has no {kind} rule"
                + (f" for argument {i}" if rules is not None else "")
                + "; differentiate it in the other mode or wrap it with custom_jvp/custom_vjp."
            )
        return rules[i]

    def __repr__(self):
        return f"Primitive({self.name})"


def bind(prim, args, params):
    """Apply ``prim``: hand it to the top trace among ``args``, or evaluate it."""
    top = None
    level = -1
    for a in args:
        if isinstance(a, Tracer):
            t = a._trace
            if t.level > level:
                top, level = t, t.level
    if top is None:
        return prim.impl(*args, **params)
    return top.process(prim, args, params)


class Trace:
    """One active interpreter on the stack; subclasses implement ``process``.

    A subclass names the field its tracers carry beside their value
    (``carries``: a tangent, a tape index, a variable number).
    """

    __slots__ = ("level",)
    carries = None

    def __init__(self, level):
        self.level = level

    def process(self, prim, args, params):  # pragma: no cover - interface
        raise NotImplementedError

    def unbox(self, args):
        """(values, extras): each argument's value one level down, and what this
        trace's tracers carry beside it (None for anything else: a constant here).
        For forward mode's tracers ``X = (x, ẋ)``, ``Y = (y, ẏ)`` and a constant ``c``,
        ``unbox((X, c, Y))`` is ``((x, c, y), (ẋ, None, ẏ))``.
        """
        values, extras = [], []
        for a in args:
            if isinstance(a, Tracer) and a._trace is self:
                values.append(a.value)
                extras.append(getattr(a, self.carries))
            else:  # a constant, or a tracer of a lower level: a constant to us
                values.append(a)
                extras.append(None)
        return tuple(values), tuple(extras)


_stack: list[Trace] = []


@contextmanager
def new_trace(trace_type, *extra):
    """Push a fresh trace one level above every active one; pop it afterwards."""
    trace = trace_type(len(_stack), *extra)
    _stack.append(trace)
    try:
        with paused_gc():
            yield trace
    finally:
        _stack.pop()


@contextmanager
def paused_gc():
    """Pause Python's cycle collector while tracing.

    Tracing allocates several small container objects per operation and forms
    no reference cycles, so the collector's frequent passes over a growing tape
    find nothing to free; they cost about a third of the time of a scalar
    operation.  Memory is still freed by reference counting meanwhile.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class Tracer:
    """A value being traced by one interpreter.

    Arithmetic operators and array methods are attached by ``autoint.numpy``
    (the core does not know them).  Conversions that would silently drop the
    derivative raise instead.
    """

    # Every tracer carries its trace and its value one level down (which may
    # itself be a tracer of a lower level); subclasses add what their
    # interpreter needs (a tangent, a tape index, a variable number).
    __slots__ = ("_trace", "value")
    __array_priority__ = 1000
    batched = False  # a vmap tracer: its value is a whole batch of values (see concrete)

    _operators = {}  # name -> (primitive, swap): the binary operators, installed by autoint.numpy

    @classmethod
    def install_operator(cls, name, prim, swap=False):
        """Make ``name`` (e.g. ``"__mul__"``) apply ``prim`` on every tracer class, present and future."""
        Tracer._operators[name] = (prim, swap)
        for c in _with_subclasses(Tracer):
            setattr(c, name, c.operator(prim, swap))

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, (prim, swap) in Tracer._operators.items():
            setattr(cls, name, cls.operator(prim, swap))

    @classmethod
    def operator(cls, prim, swap):
        """The method for a binary operator; a tracer class may return a faster one.

        ``swap`` makes the reflected operator (``__radd__``): ``prim(other, self)``.
        """

        def op(self, other):
            return bind(prim, (other, self) if swap else (self, other), _NO_PARAMS)

        return op

    @property
    def shape(self):
        return getattr(self.value, "shape", ())  # Python numbers have shape ()

    @property
    def ndim(self):
        return len(self.shape)

    @property
    def size(self):
        return int(np.prod(self.shape))

    @property
    def dtype(self):
        return result_dtype(self.value)

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of unsized object (a 0-d traced value)")
        return self.shape[0]

    def __bool__(self):
        # Python control flow on a traced scalar uses its value: the derivative
        # is taken along the branch actually executed, as in JAX's eager mode.
        return bool(concrete(self))

    def __float__(self):
        raise _conversion_error("float")

    def __int__(self):
        raise _conversion_error("int")

    def __complex__(self):
        raise _conversion_error("complex")

    def __index__(self):
        raise _conversion_error("an index")

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            "autoint: cannot convert a traced value to a NumPy array: np.asarray/np.array would drop its "
            "derivative. Use autoint.numpy (import autoint.numpy as anp) functions on traced values, or "
            "call the NumPy function outside the differentiated function."
        )

    def __setitem__(self, index, value):
        raise TypeError(
            "autoint: traced arrays are immutable, so item assignment (x[i] = v) is not supported inside "
            "a differentiated function. Build a new array instead: x.at[i].set(v), x.at[i].add(v), or "
            "anp.where(mask, v, x)."
        )

    def __hash__(self):
        raise TypeError("autoint: traced values are not hashable (their value changes under differentiation).")

    def __repr__(self):
        return f"{type(self).__name__}({self.value!r})"


_NO_PARAMS = {}


def _with_subclasses(cls):
    out = [cls]
    for sub in cls.__subclasses__():
        out.extend(_with_subclasses(sub))
    return out


def _conversion_error(target):
    return TypeError(
        f"autoint: converting a traced value to {target} would drop its derivative. Keep it as an "
        "array and use autoint.numpy operations; to read the value for printing or logging, use "
        "autoint.stop_gradient(x) or compare it (comparisons give plain booleans)."
    )


def concrete(x):
    """The value under every level of differentiation (no derivative attached).

    Under ``vmap`` a value is a batch of values: it stays one (a batch tracer
    whose own value has the derivatives stripped), as JAX's stop_gradient does.
    """
    while isinstance(x, Tracer):
        if x.batched:
            return x.without_derivatives()
        x = x.value
    return x


def float_dtype(x):
    """The dtype derivatives of ``x`` take: its own if floating point, else float64."""
    dt = result_dtype(concrete(x))
    return dt if np.issubdtype(dt, np.inexact) else np.dtype(np.float64)


def result_dtype(x):
    """NumPy dtype of a plain value, Python scalars included."""
    dt = getattr(x, "dtype", None)
    return dt if dt is not None else np.result_type(x)


def shape_of(x):
    """Shape of an array, tracer or Python number, without NumPy's (slow) function dispatch."""
    if type(x) is float:
        return ()
    s = getattr(x, "shape", None)
    return s if s is not None else np.shape(x)


def lead(g, x):
    """The leading batch shape of tangent ``g`` for primal ``x`` (``()`` when unbatched)."""
    gs = shape_of(g)
    return gs[: len(gs) - len(shape_of(x))]
