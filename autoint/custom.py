"""custom_jvp and custom_vjp: user-defined derivative rules, with JAX's interface.

A decorated function becomes a primitive of its own: every interpreter level
uses the user's rule instead of tracing through the function's body.

- ``custom_jvp``: forward mode calls the rule; reverse mode transposes it by
  differentiating the rule's (linear) tangent map in reverse mode.
- ``custom_vjp``: reverse mode calls ``fwd`` then ``bwd`` (``fwd`` is re-run in
  the backward pass to get the residuals); forward mode is not defined, as in JAX.
"""
import functools

import numpy as np

from .core import Primitive, float_dtype
from .core import lead, shape_of


def _zeros_like(x, batch=()):
    return np.zeros(batch + shape_of(x), float_dtype(x))


class custom_jvp:
    """Decorator: ``f = custom_jvp(f)``, then ``@f.defjvp`` a rule ``(primals, tangents) -> (out, out_tangent)``.

    >>> clip01 = ai.custom_jvp(lambda x: anp.clip(x, 0.0, 1.0))
    >>> straight_through = lambda p, t: (anp.clip(p[0], 0.0, 1.0), t[0])
    >>> _ = clip01.defjvp(straight_through)
    >>> float(clip01(2.0)), float(ai.grad(clip01)(2.0))  # the true derivative is 0
    (1.0, 1.0)
    """

    def __init__(self, fun):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.jvp_rule = None
        self.prim = Primitive(f"custom_jvp[{getattr(fun, '__name__', 'f')}]", fun)

    def defjvp(self, rule):
        self.jvp_rule = rule
        # The arity is known only at call time, so rules are made per position on demand.
        self.prim.defrules(self._rule)
        return rule

    def _tangent_map(self, args, i, batch=()):
        """t -> out tangent when only argument i moves (a linear map)."""

        def f(t):
            tangents = [_zeros_like(a, batch) for a in args]
            tangents[i] = t
            return self.jvp_rule(tuple(args), tuple(tangents))[1]

        return f

    def _rule(self, mode, i):
        if mode == "jvp":
            return lambda g, ans, *args: self._tangent_map(args, i, lead(g, args[i]))(g)

        def vjp_rule(g, ans, *args):
            from .api import vjp

            return vjp(self._tangent_map(args, i), _zeros_like(args[i]))[1](g)[0]

        return vjp_rule

    def __call__(self, *args):
        if self.jvp_rule is None:
            raise TypeError(f"custom_jvp function {self.__name__!r} has no rule: decorate one with @{self.__name__}.defjvp.")
        return self.prim(*args)


class custom_vjp:
    """Decorator: ``f = custom_vjp(f)``, then ``f.defvjp(fwd, bwd)``.

    ``fwd(*args) -> (out, residuals)``; ``bwd(residuals, g) -> tuple`` of one cotangent per argument.

    >>> clip_grad = ai.custom_vjp(lambda x: x)  # the identity, with its cotangent clipped to [-1, 1]
    >>> clip_grad = clip_grad.defvjp(lambda x: (x, None), lambda _, g: (anp.clip(g, -1.0, 1.0),))
    >>> float(clip_grad(2.0)), float(ai.grad(lambda x: 3 * clip_grad(x))(2.0))
    (2.0, 1.0)
    """

    def __init__(self, fun):
        functools.update_wrapper(self, fun)
        self.fun = fun
        self.fwd = self.bwd = None
        self.prim = Primitive(f"custom_vjp[{getattr(fun, '__name__', 'f')}]", fun)
        self._last = (None, None, None)

    def defvjp(self, fwd, bwd):
        self.fwd, self.bwd = fwd, bwd
        self.prim.defrules(self._rule)
        return self

    def _cotangents(self, args, g):
        # All arguments' cotangents come from one bwd call; remember it for the
        # other positions.  The cache holds the argument objects themselves, so
        # their identities cannot be reused by new objects while it is kept.
        last_args, last_g, cts = self._last
        fresh = (
            last_g is not g
            or last_args is None
            or len(last_args) != len(args)
            or any(a is not b for a, b in zip(last_args, args))
        )
        if fresh:
            cts = self.bwd(self.fwd(*args)[1], g)
            if not isinstance(cts, tuple) or len(cts) != len(args):
                raise TypeError(
                    f"custom_vjp {self.__name__!r}: bwd must return a tuple with one cotangent per argument "
                    f"({len(args)}), got {type(cts).__name__}."
                )
            self._last = (tuple(args), g, cts)
        return cts

    def _rule(self, mode, i):
        if mode == "jvp":
            raise NotImplementedError(
                f"autoint: custom_vjp function {self.__name__!r} has no forward-mode (JVP) rule; use reverse "
                "mode (grad, vjp, jacrev) or define it with custom_jvp instead."
            )
        return lambda g, ans, *args: self._cotangents(args, g)[i]

    def __call__(self, *args):
        if self.fwd is None:
            raise TypeError(f"custom_vjp function {self.__name__!r} has no rule: call {self.__name__}.defvjp(fwd, bwd).")
        return self.prim(*args)
