"""Forward mode: the JVP interpreter.

A ``JVPTracer`` carries a primal value and its tangent.  The tangent may have
leading *batch* axes (shape ``batch + primal.shape``): rules are written so that
many directions are pushed through one traced evaluation, which is how
``jacfwd`` and ``hessian`` cost one pass instead of one pass per input.
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

    def process(self, prim, args, params):
        primals = []
        tangents = []
        nested = False  # does any primal belong to a lower level? then it must be bound
        for a in args:
            if type(a) is JVPTracer and a._trace is self:
                v = a.value
                tangents.append(a.tangent)
            else:
                v = a
                tangents.append(None)
            primals.append(v)
            if isinstance(v, Tracer):
                nested = True
        if nested:
            ans = bind(prim, primals, params)
        else:
            ans = prim.impl(*primals, **params) if params else prim.impl(*primals)
        rules = prim.jvps
        out_tangent = None
        for i, g in enumerate(tangents):
            if g is None:
                continue
            rule = rules[i] if rules is not None and i < len(rules) else prim.rule("jvp", i)
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
