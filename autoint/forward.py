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
        # Binary operations are unrolled (they are most of them); at level 0 no
        # primal can be a lower-level tracer, so the check is skipped there.
        if len(args) == 2:
            a, b = args
            if type(a) is JVPTracer and a._trace is self:
                va, ta = a.value, a.tangent
            else:
                va, ta = a, None
            if type(b) is JVPTracer and b._trace is self:
                vb, tb = b.value, b.tangent
            else:
                vb, tb = b, None
            primals, tangents = (va, vb), (ta, tb)
            nested = self.level and (isinstance(va, Tracer) or isinstance(vb, Tracer))
        else:
            primals, tangents = self.unbox(args, JVPTracer, "tangent")
            nested = self.level and any(isinstance(v, Tracer) for v in primals)
        if nested:
            ans = bind(prim, primals, params)
        else:
            ans = prim.impl(*primals, **params) if params else prim.impl(*primals)
        rules = prim.jvps
        out_tangent = None
        for i, g in enumerate(tangents):
            if g is None:
                continue
            try:
                rule = rules[i]
            except (IndexError, TypeError):  # rules made on demand, or none: prim.rule knows
                rule = prim.rule("jvp", i)
            if rule is None:
                continue
            contrib = rule(g, ans, *primals, **params) if params else rule(g, ans, *primals)
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
