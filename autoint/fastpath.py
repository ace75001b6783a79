"""Faster equivalents of the interpreters' hot code, installed over the reference.

The reference interpreters (``JVPTrace.process`` in ``autoint.forward``,
``ReverseTrace.process`` in ``autoint.reverse``) read like the textbook:
unbox, apply the rule, box.  Everything here computes the same values and
derivatives with fewer Python operations per traced call:

- binary operations (most traced calls) unroll the unboxing instead of looping;
- at level 0 no value can be a lower-level tracer, so the nesting check is skipped
  and the primitive's impl is called directly instead of through ``bind``;
- parameterless primitives are called without ``**params``;
- reverse-mode tracers record operator calls (``x * y``) without ``bind`` at all;
- ``grad`` of a function of one float or floating-point array skips the
  pytree and dtype machinery;
- ``jacfwd`` of a function of one vector knows its tangent is the identity,
  so a matrix product with it costs nothing (A @ I is A);
- scalar elementwise impls try ``math``/``operator`` on Python floats before the
  NumPy ufunc (a ufunc costs several hundred nanoseconds on a float).

Importing ``autoint`` installs them unless the environment sets
``AUTOINT_REFERENCE=1``; the package tests run both ways, so every fast path
is tested equal to the reference.  ``replaced`` keeps what was replaced.
A replaced interpreter method names its reference as ``__wrapped__``, so
``inspect.getsource(JVPTrace.process)`` shows the definition (the reference)
either way; the fast code is read here.
"""
import gc
import math
import operator
import os
import weakref

import numpy as np

from . import api
from .core import Tracer, _stack, bind, concrete, float_dtype, shape_of
from .tree import tree_flatten, tree_unflatten
from .forward import JVPTrace, JVPTracer
from .numpy import elementwise as ew
from .numpy.linalg_ops import matmul_p
from .reverse import ReverseTrace, ReverseTracer

_NO_PARAMS = {}


# -- forward mode ----------------------------------------------------------------------------------


def jvp_process(self, prim, args, params):
    """``JVPTrace.process``, with the binary case unrolled and level 0's checks skipped."""
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
        primals, tangents = self.unbox(args)
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
    if out_tangent is None:
        return ans
    return JVPTracer(self, ans, out_tangent)


# -- reverse mode ----------------------------------------------------------------------------------


def reverse_process(self, prim, args, params):
    """``ReverseTrace.process``, with the binary case unrolled and level 0's checks skipped."""
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
        nested = self.level and (isinstance(va, Tracer) or isinstance(vb, Tracer))
    elif len(args) == 1 and type(args[0]) is ReverseTracer and args[0]._trace is self:
        va = args[0].value
        values, parents = (va,), (args[0].index,)
        nested = self.level and isinstance(va, Tracer)
    else:
        values, parents = self.unbox(args)
        nested = self.level and any(isinstance(v, Tracer) for v in values)
    if prim.vjps is None:
        prim.rule("vjp", 0)  # raises now, where the user can see which call it was
    if nested:
        ans = bind(prim, values, params)
    else:
        ans = prim.impl(*values, **params) if params else prim.impl(*values)
    tape = self.tape
    tape.append((prim, parents, values, params, ans))
    return ReverseTracer(self, ans, len(tape) - 1)


def reverse_operator(cls, prim, swap):
    """``x * y`` and friends on reverse-mode tracers, recorded without going through ``bind``.

    Binary operators between a reverse-mode tracer and a constant or a tracer
    of the same trace are the commonest traced operations there are, so they
    record their tape entry here, as ``ReverseTrace.process`` would (at level
    0 the values are plain, so the impl runs directly).  An operand traced by
    another trace takes the general path: ``bind`` finds the top one.
    """
    general = Tracer.operator.__func__(cls, prim, swap)
    impl = prim.impl
    scalar = OPERATOR_IMPLS.get(prim)  # operator.mul for multiply, ...: floats skip even the impl's checks
    if prim.vjps is None:
        return general

    def op(self, other):
        trace = self._trace
        kind = type(other)
        if kind is ReverseTracer and other._trace is trace:
            mine, theirs = self.index, other.index
            other = other.value
        elif kind is float or not isinstance(other, Tracer):
            mine, theirs = self.index, None
        else:
            return general(self, other)
        if swap:
            a, b, parents = other, self.value, (theirs, mine)
        else:
            a, b, parents = self.value, other, (mine, theirs)
        ans = None
        if trace.level:  # values may be tracers of lower levels: they bind the primitive in turn
            ans = bind(prim, (a, b), _NO_PARAMS)
        elif scalar is not None and type(a) is float and type(b) is float:
            try:
                ans = scalar(a, b)
            except (ValueError, OverflowError, ZeroDivisionError):
                pass
            if type(ans) is not float:  # an error or a complex power: NumPy's answer instead
                ans = None
        if ans is None:
            ans = impl(a, b)
        tape = trace.tape
        tape.append((prim, parents, (a, b), _NO_PARAMS, ans))
        return ReverseTracer(trace, ans, len(tape) - 1)

    return op


def backward(self, seeds, consume=False):
    """``ReverseTrace.backward``, with sums, differences and products of floats inlined.

    The rules of ``add``, ``subtract`` and ``multiply`` on a float cotangent
    and float operands are ``g``, ``±g`` and ``g * other``: computed here
    without calling them.  Everything else calls its rule as the reference does.
    """
    tape = self.tape
    cts = [None] * (max(seeds, default=-1) + 1)
    for i, g in seeds.items():
        cts[i] = g
    inputs = {}
    add, subtract, multiply = ew.add, ew.subtract, ew.multiply
    for i in range(len(cts) - 1, -1, -1):
        g = cts[i]
        if g is None:
            continue
        cts[i] = None
        entry = tape[i]
        if entry is None:
            inputs[i] = g
            continue
        if consume:
            tape[i] = None
        prim, parents, values, params, ans = entry
        if type(g) is float and (prim is multiply or prim is add or prim is subtract):
            a, b = values
            pa, pb = parents
            if prim is multiply:
                if type(a) is float and type(b) is float:
                    if pa is not None:
                        prev = cts[pa]
                        cts[pa] = g * b if prev is None else prev + g * b
                    if pb is not None:
                        prev = cts[pb]
                        cts[pb] = g * a if prev is None else prev + g * a
                    continue
            else:
                if pa is not None:
                    prev = cts[pa]
                    cts[pa] = g if prev is None else prev + g
                if pb is not None:
                    prev = cts[pb]
                    gb = g if prim is add else -g
                    cts[pb] = gb if prev is None else prev + gb
                continue
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


# -- per-call overhead of grad ---------------------------------------------------------------------


def value_and_grad_call(f, argnums, has_aux, args, kwargs):
    """``api._value_and_grad`` for the commonest call: the differentiated argument a float or a
    floating-point array (or a traced float: nested ``grad``), one argnum, no aux.  Anything
    else takes the general path."""
    x = args[argnums] if type(argnums) is int and not has_aux and 0 <= argnums < len(args) else None
    kind = type(x)
    if not (kind is float or kind is np.float64 or (kind is np.ndarray and x.dtype.kind == "f")
            or (isinstance(x, Tracer) and type(concrete(x)) is float)):  # nested grad of a float
        return replaced[(api, "_value_and_grad")](f, argnums, has_aux, args, kwargs)
    paused = gc.isenabled()
    if paused:
        gc.disable()  # as core.paused_gc: the tape is never scanned
    try:
        trace = ReverseTrace(len(_stack))
        _stack.append(trace)
        try:
            tracer = trace.new_input(x)
            if len(args) == 1:
                out = f(tracer, **kwargs)
            else:
                args = list(args)
                args[argnums] = tracer
                out = f(*args, **kwargs)
        finally:
            _stack.pop()
        mine = type(out) is ReverseTracer and out._trace is trace
        if mine and type(out.value) in (float, np.float64):
            index, out, seed = out.index, np.float64(out.value), 1.0  # float64 scalars: seed as _grad_seed's
        elif mine and isinstance(out.value, Tracer) and type(concrete(out.value)) is float:
            index, out, seed = out.index, out.value, 1.0  # nested grad: a traced float64 scalar
        else:  # anything else: the general path's checks, in its order
            leaves, tree = tree_flatten(out)
            index = trace.index_of(leaves[0]) if len(leaves) == 1 else None
            values = [api._value_in(trace, o) for o in leaves]
            for i, v in enumerate(values):
                api._check_output(v, "grad", f"output {i}")
            out = tree_unflatten(tree, [api._as_array(v) for v in values])
            seed = api._grad_seed(out)  # raises unless a floating-point scalar
        g = trace.backward({index: seed}, consume=True).get(0) if index is not None else None
        del trace, tracer
    finally:
        if paused:
            gc.enable()
    if g is None:
        return out, np.zeros(shape_of(x), float_dtype(x))
    return out, (np.float64(g) if type(g) is float else api._as_array(g))


# -- identity seeds: A @ I is A -----------------------------------------------------------------------

_identity_seeds = weakref.WeakValueDictionary()  # id -> a batched tangent known to be the identity


def basis_tangents(flat_p, sizes, starts):
    """``api._basis_tangents``, remembering the tangent of a single vector input: it is the identity."""
    tangents = replaced[(api, "_basis_tangents")](flat_p, sizes, starts)
    if len(tangents) == 1 and len(shape_of(flat_p[0])) == 1:
        _identity_seeds[id(tangents[0])] = tangents[0]
    return tangents


def identity_aware_matmul_jvp(i, rule):
    """matmul's JVP rule for argument ``i``, free when its tangent is an identity seed.

    Pushing all n unit vectors through ``A @ x`` is ``A @ I``, n matrix-vector
    products that give back ``A`` (as rows: ``A.T``) exactly when ``A`` is finite
    (an inf or nan in ``A`` times a zero is nan, so those take the product).
    """

    def jvp(g, ans, a, b):
        if _identity_seeds and _identity_seeds.get(id(g)) is g:
            other = b if i == 0 else a  # a plain matrix (a traced one could carry non-finite tangents)
            if (type(other) is np.ndarray and other.dtype == g.dtype and other.ndim == 2
                    and len(shape_of(b if i == 1 else a)) == 1 and np.isfinite(other).all()):
                return other if i == 0 else other.T  # rows: e_k @ B = B[k], A @ e_k = A[:, k]
        return rule(g, ans, a, b)

    return jvp


# -- scalar impls ----------------------------------------------------------------------------------

_MATH_TYPES = (float, np.float64)
_OPERATOR_TYPES = (float, np.float64, np.float32, np.ndarray)


def scalar_fast(ufunc, scalar, types=_MATH_TYPES):
    """An impl that tries ``scalar`` (math.sin, ...) first, then ``ufunc``.

    Errors and non-float results (math domain errors, division by zero,
    complex powers) fall back to the ufunc, which gives NumPy's answer
    (nan/inf with a warning).
    """

    def impl(*args):
        if type(args[0]) in types:
            try:
                out = scalar(*args)
                if type(out) is not complex:
                    return out
            except (ValueError, OverflowError, ZeroDivisionError, TypeError):
                pass
        return ufunc(*args)

    impl.__name__ = ufunc.__name__
    impl.__doc__ = ufunc.__doc__
    impl.__wrapped__ = ufunc  # what it stands for: signatures and docs read the reference
    return impl


def operator_fast(ufunc, op):
    """``scalar_fast`` for binary arithmetic: Python operators give NumPy's result on NumPy values.

    Spelled out for two arguments (no ``*args``): it runs for most traced operations.
    """

    def impl(x, y):
        if type(x) in _OPERATOR_TYPES:
            try:
                out = op(x, y)
                if type(out) is not complex:
                    return out
            except (ValueError, OverflowError, ZeroDivisionError, TypeError):
                pass
        return ufunc(x, y)

    impl.__name__ = ufunc.__name__
    impl.__doc__ = ufunc.__doc__
    impl.__wrapped__ = ufunc  # what it stands for: signatures and docs read the reference
    return impl


OPERATOR_IMPLS = {
    ew.add: operator.add, ew.subtract: operator.sub, ew.multiply: operator.mul,
    ew.divide: operator.truediv, ew.power: operator.pow, ew.mod: operator.mod,
}
SCALAR_IMPLS = {
    ew.negative: operator.neg, ew.square: lambda x: x * x, ew.absolute: abs, ew.sqrt: math.sqrt,
    ew.exp: math.exp, ew.expm1: math.expm1, ew.log: math.log, ew.log2: math.log2, ew.log10: math.log10,
    ew.log1p: math.log1p, ew.sin: math.sin, ew.cos: math.cos, ew.tan: math.tan, ew.arcsin: math.asin,
    ew.arccos: math.acos, ew.arctan: math.atan, ew.sinh: math.sinh, ew.cosh: math.cosh, ew.tanh: math.tanh,
    ew.arcsinh: math.asinh, ew.arccosh: math.acosh, ew.arctanh: math.atanh,
}


# -- installation ----------------------------------------------------------------------------------

replaced = {}  # (owner, attribute name) -> the reference it replaced


def _replace(owner, name, value, stands_for_reference=False):
    replaced.setdefault((owner, name), getattr(owner, name))
    if stands_for_reference:  # inspect.getsource(owner.name) shows the definition, as posts print it
        value.__wrapped__ = replaced[(owner, name)]
    setattr(owner, name, value)


def install():
    """Put the fast paths in place (idempotent).  Called on import unless AUTOINT_REFERENCE=1."""
    for prim, op in OPERATOR_IMPLS.items():
        _replace(prim, "impl", operator_fast(replaced.get((prim, "impl"), prim.impl), op))
    for prim, fn in SCALAR_IMPLS.items():
        _replace(prim, "impl", scalar_fast(replaced.get((prim, "impl"), prim.impl), fn))
    _replace(api, "_value_and_grad", value_and_grad_call)
    _replace(api, "_basis_tangents", basis_tangents)
    reference_rules = replaced.get((matmul_p, "jvps"), matmul_p.jvps)
    _replace(matmul_p, "jvps", tuple(identity_aware_matmul_jvp(i, r) for i, r in enumerate(reference_rules)))
    _replace(JVPTrace, "process", jvp_process, stands_for_reference=True)
    _replace(ReverseTrace, "process", reverse_process, stands_for_reference=True)
    _replace(ReverseTrace, "backward", backward, stands_for_reference=True)
    _replace(ReverseTracer, "operator", classmethod(reverse_operator))
    # Operators installed before now were made by the reference Tracer.operator: remake them.
    for name, (prim, swap) in Tracer._operators.items():
        setattr(ReverseTracer, name, ReverseTracer.operator(prim, swap))


def reference_requested():
    """True when the environment asks for the reference interpreters (AUTOINT_REFERENCE=1)."""
    return os.environ.get("AUTOINT_REFERENCE", "") not in ("", "0")


active = not reference_requested()
if active:
    install()
