"""Reverse mode: the recording interpreter and the backward pass.

Each primitive applied to a ``ReverseTracer`` appends one entry to its trace's
tape: ``(primitive, parent indices, argument values, params, output)``.  Tape
order is evaluation order, so walking it backwards is a topological order: the
backward pass is a plain loop (no recursion, so chains of any length work), and
each cotangent is dropped as soon as it has been pushed to the parents.
Nodes refer to their parents by index, never to tracers, so recording creates
no reference cycles.

``ReverseTrace.process`` here is the reference: the definition of recording.
``autoint.fastpath`` installs a faster equivalent over it unless the
environment sets ``AUTOINT_REFERENCE=1``.
"""
from .core import Trace, Tracer, bind


class ReverseTracer(Tracer):
    __slots__ = ("index",)

    def __init__(self, trace, value, index):
        self._trace = trace
        self.value = value
        self.index = index


class ReverseTrace(Trace):
    __slots__ = ("tape",)
    carries = "index"

    def __init__(self, level):
        super().__init__(level)
        self.tape = []

    def new_input(self, value):
        self.tape.append(None)
        return ReverseTracer(self, value, len(self.tape) - 1)

    def process(self, prim, args, params):
        values, parents = self.unbox(args)
        for i, p in enumerate(parents):  # a missing rule raises now, where the user called it
            if p is not None:
                prim.rule("vjp", i)
        ans = bind(prim, values, params)  # the value, computed by the levels below
        # Record what the backward pass needs: which tape entries were the arguments, and the values.
        self.tape.append((prim, parents, values, params, ans))
        return ReverseTracer(self, ans, len(self.tape) - 1)

    def index_of(self, x):
        """Tape index of an output, or None if it does not depend on the inputs."""
        if type(x) is ReverseTracer and x._trace is self:
            return x.index
        return None

    def backward(self, seeds, consume=False):
        """Pull cotangents back through the tape.

        ``seeds`` maps tape index to output cotangent.  Returns a dict from
        input index to input cotangent (absent inputs got none).  With
        ``consume`` each tape entry is dropped once used, freeing the values it
        kept, so the tape serves one backward pass only (as for ``grad``).
        """
        tape = self.tape
        cts = [None] * (max(seeds, default=-1) + 1)
        for i, g in seeds.items():
            cts[i] = g
        inputs = {}
        for i in range(len(cts) - 1, -1, -1):  # tape order reversed: a topological order
            g = cts[i]
            if g is None:  # nothing flows back through entry i
                continue
            cts[i] = None  # consumed: free it now
            entry = tape[i]
            if entry is None:  # an input
                inputs[i] = g
                continue
            if consume:
                tape[i] = None  # never read again in this pass
            prim, parents, values, params, ans = entry
            for k, p in enumerate(parents):
                rule = None if p is None else prim.rule("vjp", k)
                if rule is not None:  # each parent's cotangent sums its contributions
                    ct = rule(g, ans, *values, **params)
                    cts[p] = ct if cts[p] is None else cts[p] + ct
        return inputs
