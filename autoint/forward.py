"""Forward mode: the JVP interpreter.

A ``JVPTracer`` carries a primal value and its tangent.  The tangent may have
leading *batch* axes (shape ``batch + primal.shape``): rules are written so that
many directions are pushed through one traced evaluation, which is how
``jacfwd`` and ``hessian`` cost one pass instead of one pass per input.
"""
from .core import Trace, Tracer


class JVPTracer(Tracer):
    __slots__ = ("value", "tangent")

    def __init__(self, trace, value, tangent):
        self._trace = trace
        self.value = value
        self.tangent = tangent

    @property
    def primal(self):
        return self.value


class JVPTrace(Trace):
    __slots__ = ()

    def process(self, prim, args, params):
        primals = []
        tangents = []
        for a in args:
            if type(a) is JVPTracer and a._trace is self:
                primals.append(a.value)
                tangents.append(a.tangent)
            else:
                primals.append(a)
                tangents.append(None)
        ans = prim(*primals, **params)
        out_tangent = None
        for i, g in enumerate(tangents):
            if g is None:
                continue
            rule = prim.rule("jvp", i)
            if rule is None:
                continue
            contrib = rule(g, ans, *primals, **params)
            out_tangent = contrib if out_tangent is None else out_tangent + contrib
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
