"""Forward mode: the JVP interpreter.

A ``JVPTracer`` carries a primal value and its tangent.  The tangent may have
leading *batch* axes (shape ``batch + primal.shape``): rules are written so that
many directions are pushed through one traced evaluation, which is how
``jacfwd`` and ``hessian`` cost one pass instead of one pass per input.

``JVPTrace.process`` here is the reference: the definition of forward mode.
``autoint.fastpath`` installs a faster equivalent over it unless the
environment sets ``AUTOINT_REFERENCE=1``.
"""
from .core import Trace, Tracer, bind


class JVPTracer(Tracer):
    __slots__ = ("tangent",)

    def __init__(self, trace, value, tangent):
        self._trace = trace
        self.value = value
        self.tangent = tangent


class JVPTrace(Trace):
    __slots__ = ()
    carries = "tangent"

    def process(self, prim, args, params):
        primals, tangents = self.unbox(args)
        ans = bind(prim, primals, params)  # the primal, computed by the levels below
        # Chain rule: each traced argument's tangent, pushed through its rule, adds to the output's.
        out_tangent = None
        for i, t in enumerate(tangents):
            rule = None if t is None else prim.rule("jvp", i)
            if rule is not None:  # None: a constant, or no derivative in this argument
                term = rule(t, ans, *primals, **params)
                out_tangent = term if out_tangent is None else out_tangent + term
        if out_tangent is None:  # only non-differentiable arguments were traced
            return ans
        return JVPTracer(self, ans, out_tangent)

    def lift(self, x, tangent):
        return JVPTracer(self, x, tangent)

    def unpack(self, x, zero):
        """(primal, tangent) of an output; ``zero(x)`` builds the tangent of a constant."""
        if type(x) is JVPTracer and x._trace is self:
            return x.value, x.tangent
        return x, zero(x)
