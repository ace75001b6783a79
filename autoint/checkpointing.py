"""checkpoint (JAX's ``remat``): trade memory for recomputation in reverse mode.

Reverse mode keeps every intermediate value of the forward pass on its tape
until the backward pass has used it, so memory grows with the number of
operations.  ``checkpoint(f)`` makes ``f`` one step of the tape: the forward
pass evaluates ``f`` on plain values (nothing of its inside is recorded) and
keeps only its inputs and outputs; the backward pass re-runs ``f`` under
``vjp`` to get the cotangents.  Splitting a loop of N steps into √N
checkpointed segments keeps about √N segment boundaries plus one segment's
tape instead of N steps' worth of values, for about one more forward pass
(Griewank & Walther, *Evaluating Derivatives*, ch. 12).

Each output leaf of ``f`` is one primitive of its own (the interpreters'
primitives have one output each): the forward pass evaluates ``f`` once for
all of them, the backward pass re-runs ``f`` once per output leaf that
receives a cotangent.

Forward mode stores nothing, so under a forward-mode (or ``trace``) level a
checkpointed function simply runs ``f``: values and derivatives are those of
``f`` at every order and nesting; only the memory of reverse mode changes.
"""
import functools
import numbers

import numpy as np

from .core import Primitive, Tracer
from .numpy._util import lead
from .reverse import ReverseTrace
from .tree import tree_flatten, tree_unflatten


def checkpoint(fun):
    """``fun`` with the same values and derivatives, whose reverse mode recomputes its inside.

    ``fun`` takes pytrees of arrays as positional arguments (keyword arguments
    are constants) and returns a pytree of arrays.  Values it differentiates
    must come in as arguments, not through a closure.

    >>> import autoint as ai, autoint.numpy as anp
    >>> def step(x):
    ...     return anp.sin(x) * 1.5
    >>> def loop(x, step):
    ...     for _ in range(3):
    ...         x = step(x)
    ...     return x
    >>> float(ai.grad(loop)(0.3, ai.checkpoint(step))) == float(ai.grad(loop)(0.3, step))
    True
    """
    if not callable(fun):
        raise TypeError(
            f"autoint.checkpoint: expected a function, got {type(fun).__name__}. "
            "Use it as checkpoint(f) or as the decorator @checkpoint."
        )

    @functools.wraps(fun)
    def checkpointed(*args, **kwargs):
        flat, in_tree = tree_flatten(args)
        if not isinstance(_top_trace(flat), ReverseTrace):
            # Nothing is stored outside reverse mode: running fun is all there is to do.
            return fun(*args, **kwargs)
        return _Segment(fun, in_tree, kwargs).bind(flat)

    return checkpointed


remat = checkpoint


def _top_trace(flat):
    """The trace a primitive applied to ``flat`` would be handed to (as ``core.bind`` chooses)."""
    top = None
    for a in flat:
        if isinstance(a, Tracer) and (top is None or a._trace.level > top.level):
            top = a._trace
    return top


class _Segment:
    """One call of a checkpointed function: a primitive per output leaf, sharing one evaluation."""

    def __init__(self, fun, in_tree, kwargs):
        self.fun, self.in_tree, self.kwargs = fun, in_tree, kwargs
        self.fun_name = getattr(fun, "__name__", "f")
        self.name = f"checkpoint[{self.fun_name}]"
        self.outs = self.out_tree = None
        self.pulled = (None, None, None)  # (output k, cotangent, input cotangents) of the last backward step

    def flat_fun(self, *xs):
        return tree_flatten(self.fun(*tree_unflatten(self.in_tree, xs), **self.kwargs))

    def bind(self, flat):
        first = Primitive(self.name, self._impl(0)).defrules(self._rule(0))
        outs = [first(*flat)]
        for k in range(1, len(self.outs)):
            outs.append(Primitive(f"{self.name}{k}", self._impl(k)).defrules(self._rule(k))(*flat))
        return tree_unflatten(self.out_tree, outs)

    def _impl(self, k):
        if k:
            return lambda *xs: self.outs[k]
        return self._evaluate

    def _evaluate(self, *xs):
        """The forward pass, on plain values: nothing inside ``fun`` is recorded."""
        outs, self.out_tree = self.flat_fun(*xs)
        for o in outs:
            if isinstance(o, Tracer):
                raise TypeError(
                    f"autoint.checkpoint: {self.fun_name!r} returned a value computed from a traced value "
                    "it closes over, so its derivative would be lost. Pass that value as an argument: "
                    "checkpoint(lambda x, w: ...)(x, w) instead of checkpoint(lambda x: ... w ...)(x)."
                )
            if not isinstance(o, (numbers.Number, np.ndarray, np.generic)):
                raise TypeError(
                    f"autoint.checkpoint: {self.fun_name!r} must return arrays or numbers (in tuples, lists "
                    f"or dicts), got {type(o).__name__}."
                )
        if not outs:
            raise TypeError(f"autoint.checkpoint: {self.fun_name!r} returned no arrays; there is nothing to "
                            "differentiate.")
        self.outs = outs
        return outs[0]

    def _output(self, k, xs):
        """Output leaf ``k`` as a function of the inputs, recomputed."""
        return self.flat_fun(*xs)[0][k]

    def _rule(self, k):
        def make(mode, i):
            return functools.partial(self._jvp if mode == "jvp" else self._vjp, k, i)

        return make

    def _jvp(self, k, i, t, ans, *xs):
        """Tangent of output ``k`` from input ``i`` (when a forward-mode level lies below)."""
        from .api import _jvp_flat

        def h(xi):
            return self._output(k, xs[:i] + (xi,) + xs[i + 1:])

        return _jvp_flat(h, [xs[i]], [t], lead(t, xs[i]), "checkpoint")[1]

    def _vjp(self, k, i, g, ans, *xs):
        """Cotangent of input ``i`` from output ``k``: re-run ``fun`` under ``vjp`` (once for all inputs)."""
        from .api import vjp

        last_k, last_g, cts = self.pulled
        if last_k != k or last_g is not g:
            moving = [j for j, x in enumerate(xs) if _inexact(x)]

            def h(*ds):
                full = list(xs)
                for j, d in zip(moving, ds):
                    full[j] = d
                return self._output(k, tuple(full))

            pulled = vjp(h, *(xs[j] for j in moving))[1](g)
            cts = dict(zip(moving, pulled))
            self.pulled = (k, g, cts)
        return cts[i]


def _inexact(x):
    while isinstance(x, Tracer):
        x = x.value
    return np.issubdtype(np.result_type(x), np.inexact)
