"""Reverse mode: the recording interpreter and the backward pass.

Each primitive applied to a ``ReverseTracer`` appends one entry to its trace's
tape: ``(primitive, parent indices, argument values, params, output)``.  Tape
order is evaluation order, so walking it backwards is a topological order: the
backward pass is a plain loop (no recursion, so chains of any length work), and
each cotangent is dropped as soon as it has been pushed to the parents.
Nodes refer to their parents by index, never to tracers, so recording creates
no reference cycles.
"""
from .core import Trace, Tracer, bind

_NO_PARAMS = {}


class ReverseTracer(Tracer):
    __slots__ = ("index",)

    def __init__(self, trace, value, index):
        self._trace = trace
        self.value = value
        self.index = index

    @classmethod
    def operator(cls, prim, swap):
        """``x * y`` and friends, recorded without going through ``bind``.

        Binary operators between a tracer of the outermost trace (level 0,
        whose values are plain) and a constant or a tracer of the same trace
        are the commonest traced operations there are, so they record their
        tape entry here, as ``ReverseTrace.process`` would.  Anything else
        takes the general path.
        """
        general = super().operator(prim, swap)
        impl = prim.impl
        if prim.vjps is None:
            return general

        def op(self, other):
            trace = self._trace
            if trace.level:
                return general(self, other)
            if type(other) is ReverseTracer and other._trace is trace:
                mine, theirs = self.index, other.index
                other = other.value
            elif isinstance(other, Tracer):
                return general(self, other)
            else:
                mine, theirs = self.index, None
            if swap:
                values, parents = (other, self.value), (theirs, mine)
            else:
                values, parents = (self.value, other), (mine, theirs)
            ans = impl(*values)
            tape = trace.tape
            tape.append((prim, parents, values, _NO_PARAMS, ans))
            return ReverseTracer(trace, ans, len(tape) - 1)

        return op


class ReverseTrace(Trace):
    __slots__ = ("tape",)

    def __init__(self, level):
        super().__init__(level)
        self.tape = []

    def new_input(self, value):
        self.tape.append(None)
        return ReverseTracer(self, value, len(self.tape) - 1)

    def process(self, prim, args, params):
        # The hottest code in autoint: one call per traced operation.  Binary and
        # unary operations are unrolled; a value that is itself a tracer (of a
        # lower level) means the primitive must be bound, not just evaluated.
        if len(args) == 2:
            a, b = args
            if type(a) is ReverseTracer and a._trace is self:
                va, pa = a.value, a.index
            else:
                va, pa = a, None
            if type(b) is ReverseTracer and b._trace is self:
                vb, pb = b.value, b.index
            else:
                vb, pb = b, None
            values, parents = (va, vb), (pa, pb)
            # At level 0 no value can be a tracer: skip the checks.
            nested = self.level and (isinstance(va, Tracer) or isinstance(vb, Tracer))
        else:
            values, parents = self.unbox(args, ReverseTracer, "index")
            nested = any(isinstance(v, Tracer) for v in values)
        if prim.vjps is None:
            prim.rule("vjp", 0)  # raises now, where the user can see which call it was
        if nested:
            ans = bind(prim, values, params)
        else:
            ans = prim.impl(*values, **params) if params else prim.impl(*values)
        tape = self.tape
        tape.append((prim, parents, values, params, ans))
        return ReverseTracer(self, ans, len(tape) - 1)

    def index_of(self, x):
        """Tape index of an output, or None if it does not depend on the inputs."""
        if type(x) is ReverseTracer and x._trace is self:
            return x.index
        return None

    def backward(self, seeds):
        """Pull cotangents back through the tape.

        ``seeds`` maps tape index to output cotangent.  Returns a dict from
        input index to input cotangent (absent inputs got none).
        """
        tape = self.tape
        cts = [None] * (max(seeds, default=-1) + 1)
        for i, g in seeds.items():
            cts[i] = g
        inputs = {}
        for i in range(len(cts) - 1, -1, -1):
            g = cts[i]
            if g is None:
                continue
            cts[i] = None  # consumed: free it now
            entry = tape[i]
            if entry is None:
                inputs[i] = g
                continue
            prim, parents, values, params, ans = entry
            rules = prim.vjps
            for k, p in enumerate(parents):
                if p is None:
                    continue
                try:
                    rule = rules[k]
                except IndexError:  # variadic primitives make their rules on demand
                    rule = prim.rule("vjp", k)
                if rule is None:
                    continue
                ct = rule(g, ans, *values, **params) if params else rule(g, ans, *values)
                prev = cts[p]
                cts[p] = ct if prev is None else prev + ct
        return inputs
