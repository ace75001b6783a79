"""Every public autoint.numpy function under vmap equals a Python loop over the batch.

Each function is mapped with in_axes 0, 1 and None mixed over its arguments
(random arrays, fixed seeds); the loop calls the function on one batch element
at a time, so it does not use the batching rules.  Differentiable functions are
also checked under vmap(grad(...)) and vmap(jvp(...)) against loops of grad and
jvp: there the derivative rules run on batched values.
"""
import itertools

import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
import autoint.scipy.special as asp
from autoint.core import Primitive
from autoint.numpy import batching as nb
from autoint.numpy import indexing as ix
from ad_helpers import assert_close

B = 4  # batch size


def _pos(shape):
    return ("pos", shape)


def _unit(shape):
    return ("unit", shape)


def _spd(n):
    return ("spd", (n, n))


def _mask(shape):
    return ("mask", shape)


def _int(high, shape):
    return ("int", high, shape)


def draw(spec, rng, batch=None):
    """A random argument of kind ``spec``; ``batch`` prepends a batch axis."""
    lead = () if batch is None else (batch,)
    if isinstance(spec, tuple) and spec and isinstance(spec[0], str):
        kind = spec[0]
        if kind == "int":
            return rng.integers(0, spec[1], lead + spec[2])
        shape = lead + spec[1]
        if kind == "pos":
            return rng.uniform(0.5, 2.0, shape)
        if kind == "unit":
            return rng.uniform(-0.9, 0.9, shape)
        if kind == "unit_half":
            return rng.uniform(0.1, 0.9, shape)
        if kind == "mask":
            return rng.uniform(-1, 1, shape) > 0
        if kind == "spd":
            a = rng.standard_normal(shape)
            return a @ np.swapaxes(a, -1, -2) + 3 * np.eye(spec[1][-1])
    return rng.uniform(-1.5, 1.5, lead + spec)


def logical_rank(spec):
    if isinstance(spec, tuple) and spec and isinstance(spec[0], str):
        return len(spec[-1])
    return len(spec)


M = (2, 3)
V = (3,)
S = ()

# (name, function, argument specs, differentiable)
CASES = [
    # elementwise, one argument
    *[(n, getattr(anp, n), [M], True) for n in (
        "negative square cbrt exp exp2 expm1 sin cos tan arctan sinh cosh tanh arcsinh abs absolute sinc".split())],
    *[(n, getattr(anp, n), [_pos(M)], True) for n in "sqrt log log2 log10 log1p reciprocal".split()],
    *[(n, getattr(anp, n), [_unit(M)], True) for n in "arcsin arccos arctanh".split()],
    ("arccosh", lambda x: anp.arccosh(1.5 + x * x), [M], True),
    ("clip", lambda x: anp.clip(x, -0.5, 0.7), [M], True),
    *[(n, getattr(anp, n), [M], False) for n in "sign floor ceil round isfinite zeros_like ones_like".split()],
    ("full_like", lambda x: anp.full_like(x, 7.0), [M], False),
    ("full_like_fill", lambda x, v: anp.full_like(x, v), [M, S], False),
    # elementwise, two arguments, broadcasting a matrix against a vector
    *[(n, getattr(anp, n), [M, V], True) for n in (
        "add subtract multiply divide true_divide arctan2 hypot maximum minimum logaddexp".split())],
    ("power", anp.power, [_pos(M), V], True),
    ("power_scalar_exponent", lambda x: anp.power(x, 3.0), [M], True),
    ("where", lambda c, x, y: anp.where(c, x, y), [_mask(M), V, M], True),
    ("where_traced_condition", lambda x, y: anp.where(x > y, x, y * y), [M, V], True),
    ("comparisons", lambda x, y: anp.where((x < y) | (x >= 2 * y), 1.0, 0.0) * x, [M, V], True),
    ("floor_divide_mod", lambda x: (x // 0.3) + (x % 0.3), [M], False),
    # reductions and scans
    *[(n, getattr(anp, n), [M], True) for n in "sum mean prod max min var std amax amin".split()],
    *[(f"{n}_axis1", lambda x, n=n: getattr(anp, n)(x, axis=1), [M], True) for n in "sum mean prod max min".split()],
    ("sum_keepdims", lambda x: anp.sum(x, axis=0, keepdims=True), [M], True),
    ("std_ddof", lambda x: anp.std(x, axis=-1, ddof=1), [M], True),
    *[(n, getattr(anp, n), [M], True) for n in "cumsum cumprod".split()],
    *[(f"{n}_axis0", lambda x, n=n: getattr(anp, n)(x, axis=0), [M], True) for n in "cumsum cumprod".split()],
    *[(n, getattr(anp, n), [M], False) for n in "argmax argmin".split()],
    *[(f"{n}_axis", lambda x, n=n: getattr(anp, n)(x, axis=0), [M], False) for n in "argmax argmin".split()],
    ("argsort", lambda x: anp.argsort(x, axis=1), [M], False),
    ("argpartition", lambda x: anp.argpartition(x, 1, axis=1), [M], False),
    ("any_all", lambda x: anp.any(x > 0.5, axis=1) & anp.all(x > -1.0, axis=1), [M], False),
    ("count_nonzero", lambda x: anp.count_nonzero(x > 0, axis=0), [M], False),
    ("logsumexp", asp.logsumexp, [M], True),
    ("logsumexp_axis", lambda x: asp.logsumexp(x, axis=1), [M], True),
    # autoint.scipy.special
    *[(f"special_{n}", getattr(asp, n), [M], True) for n in "expit erf erfc softmax log_softmax".split()],
    *[(f"special_{n}", getattr(asp, n), [_pos(M)], True) for n in "gammaln digamma".split()],
    ("special_logit", asp.logit, [("unit_half", M)], True),
    ("special_polygamma", lambda x: asp.polygamma(1, x), [_pos(M)], True),
    ("special_xlogy", asp.xlogy, [M, _pos(V)], True),
    ("special_xlog1py", asp.xlog1py, [M, _pos(V)], True),
    # products and linear algebra
    ("dot_vv", anp.dot, [V, V], True),
    ("dot_mv", anp.dot, [M, V], True),
    ("dot_scalar", anp.dot, [S, V], True),
    ("matmul_mm", anp.matmul, [M, (3, 4)], True),
    ("matmul_vm", anp.matmul, [V, (3, 2)], True),
    ("matmul_mv", anp.matmul, [M, V], True),
    ("matmul_vv", anp.matmul, [V, V], True),
    ("matmul_stack", anp.matmul, [(2, 2, 3), (3, 2)], True),
    ("matmul_vector_stack", anp.matmul, [V, (2, 3, 2)], True),
    ("matmul_operator", lambda a, b: a @ b, [(3, 3), V], True),
    ("vdot", anp.vdot, [M, M], True),
    ("inner", anp.inner, [M, V], True),
    ("outer", anp.outer, [V, (2,)], True),
    ("tensordot", lambda a, b: anp.tensordot(a, b, axes=1), [M, (3, 2)], True),
    ("einsum", lambda a, b: anp.einsum("ij,jk->ik", a, b), [M, (3, 4)], True),
    ("einsum_trace", lambda a: anp.einsum("ii", a), [(3, 3)], True),
    ("einsum_ellipsis", lambda a, b: anp.einsum("...j,j->...", a, b), [M, V], True),
    ("trace", anp.trace, [(3, 3)], True),
    ("inv", anp.linalg.inv, [_spd(3)], True),
    ("det", anp.linalg.det, [_spd(3)], True),
    ("slogdet", lambda a: anp.linalg.slogdet(a), [_spd(3)], False),
    ("slogdet_logabsdet", lambda a: anp.linalg.slogdet(a)[1], [_spd(3)], True),
    ("solve_vector", anp.linalg.solve, [_spd(3), V], True),
    ("solve_matrix", anp.linalg.solve, [_spd(3), (3, 2)], True),
    ("norm", anp.linalg.norm, [M], True),
    ("norm_axis", lambda x: anp.linalg.norm(x, axis=1), [M], True),
    ("norm_inf", lambda x: anp.linalg.norm(x, ord=np.inf), [V], True),
    # shapes
    ("transpose", anp.transpose, [(2, 3, 4)], True),
    ("transpose_axes", lambda x: anp.transpose(x, (1, 2, 0)), [(2, 3, 4)], True),
    ("T", lambda x: x.T, [M], True),
    ("moveaxis", lambda x: anp.moveaxis(x, 0, -1), [(2, 3, 4)], True),
    ("swapaxes", lambda x: anp.swapaxes(x, 0, 1), [M], True),
    ("reshape", lambda x: anp.reshape(x, (3, 2)), [M], True),
    ("reshape_method", lambda x: x.reshape(-1), [M], True),
    ("ravel", anp.ravel, [M], True),
    ("squeeze", anp.squeeze, [(1, 3)], True),
    ("expand_dims", lambda x: anp.expand_dims(x, 1), [M], True),
    ("concatenate", lambda x, y: anp.concatenate([x, y], axis=1), [M, (2, 2)], True),
    ("stack", lambda x, y: anp.stack([x, y], axis=1), [M, M], True),
    ("hstack", lambda x, y: anp.hstack([x, y]), [V, (2,)], True),
    ("vstack", lambda x, y: anp.vstack([x, y]), [M, V], True),
    ("broadcast_to", lambda x: anp.broadcast_to(x, (2, 3)), [V], True),
    ("atleast_1d", anp.atleast_1d, [S], True),
    ("atleast_2d", anp.atleast_2d, [V], True),
    ("astype", lambda x: anp.astype(x, np.float32), [M], False),
    ("array_of_traced", lambda x, y: anp.array([x, y * y]), [V, V], True),
    ("flip", anp.flip, [M], True),
    ("roll", lambda x: anp.roll(x, 1, axis=1), [M], True),
    ("tile", lambda x: anp.tile(x, (2, 1)), [M], True),
    ("repeat", lambda x: anp.repeat(x, 2, axis=0), [M], True),
    ("sort", anp.sort, [M], True),
    ("sort_axis0", lambda x: anp.sort(x, axis=0), [M], True),
    ("diagonal", anp.diagonal, [(3, 3)], True),
    ("take_along_axis", lambda x, i: anp.take_along_axis(x, i, axis=1), [M, _int(3, M)], True),
    # indexing and functional updates
    ("getitem_int", lambda x: x[1], [M], True),
    ("getitem_slice", lambda x: x[:, 1:], [M], True),
    ("getitem_array", lambda x: x[np.array([0, 1, 1])], [M], True),
    ("getitem_separated_arrays", lambda x: x[np.array([0, 1]), :, np.array([1, 0])], [(2, 3, 2)], True),
    ("getitem_mask", lambda x: x[np.array([True, False, True])], [V], True),
    ("getitem_newaxis_ellipsis", lambda x: x[None, ..., 0], [M], True),
    # x[i] on a traced x is ix.getitem(x, i); spelled out so that a plain x (in_axes None) works too
    ("getitem_batched_index", lambda x, i: ix.getitem(x, i), [V, _int(3, ())], True),
    ("getitem_batched_index_array", lambda x, i: ix.getitem(x, (slice(None), i)), [M, _int(3, (2,))], True),
    ("getitem_batched_rows", lambda x, i: ix.getitem(x, (i, slice(None))), [M, _int(2, (3,))], True),
    ("getitem_two_batched_parts", lambda x, i, j: ix.getitem(x, (i, j)), [M, _int(2, (2, 2)), _int(3, (2,))], True),
    ("getitem_batched_and_plain", lambda x, i: ix.getitem(x, (i, np.array([0, 2]), None)), [M, _int(2, ())], True),
    ("take_along_axis_rows", lambda x, i: anp.take_along_axis(x, i, axis=0), [M, _int(2, (1, 3))], True),
    # (x.at[i].set(v) is index_set(x, i, v); plain arrays have no .at, and the loop passes plain arrays)
    ("at_set", lambda x, v: ix.index_set(x, (0, slice(1, None)), v), [M, (2,)], True),
    ("at_add_repeated", lambda x, v: ix.index_add(x, np.array([0, 0, 1]), v), [V, S], True),
    ("at_set_batched_index", lambda x, i, v: ix.index_set(x, i, v), [V, _int(3, ()), S], True),
    ("at_add_batched_index", lambda x, i, v: ix.index_add(x, i, v), [V, _int(3, ()), S], True),
    ("iterate", lambda x: sum(r * r for r in x), [M], True),
    # more elementwise
    *[(n, getattr(anp, n), [M], True) for n in "fabs deg2rad degrees rad2deg radians".split()],
    *[(n, getattr(anp, n), [M, V], True) for n in "fmax fmin logaddexp2".split()],
    ("fmod", lambda x, y: anp.fmod(x, 1.5 + y * y), [M, V], True),
    ("heaviside", lambda x: anp.heaviside(x, 0.5), [M], False),
    ("float16_int8_int16_uint8", lambda x: anp.float16(x) + anp.int8(3 * x) * anp.int16(x) + anp.uint8(3 * x * x),
     [M], False),
    ("float32_int64", lambda x: anp.float32(x) * anp.int64(2 * x), [M], False),
    ("nan_to_num", lambda x: anp.nan_to_num(
        anp.where(x > 1.0, anp.nan, anp.where(x < -1.0, -anp.inf, x)), nan=0.5, neginf=-5.0), [M], True),
    ("nan_to_num_defaults", lambda x: anp.nan_to_num(anp.where(x > 1.0, anp.nan, anp.where(x < -1.0, anp.inf, x))),
     [M], False),
    # joining and splitting
    ("append", lambda x, y: anp.append(x, y, axis=0), [M, (1, 3)], True),
    ("append_flat", anp.append, [V, (2,)], True),
    ("split", lambda x: anp.split(x, 3, axis=1), [M], True),
    ("array_split", lambda x: anp.array_split(x, 2, axis=1), [M], True),
    ("hsplit", lambda x: anp.hsplit(x, [1]), [M], True),
    ("vsplit", lambda x: anp.vsplit(x, 2), [M], True),
    ("dsplit", lambda x: anp.dsplit(x, 2), [(2, 3, 4)], True),
    ("atleast_3d", anp.atleast_3d, [V], True),
    ("column_stack", lambda x, y: anp.column_stack([x, y]), [V, V], True),
    ("row_stack", lambda x, y: anp.row_stack([x, y]), [V, V], True),
    ("dstack", lambda x, y: anp.dstack([x, y]), [M, M], True),
    ("pad", lambda x: anp.pad(x, ((1, 0), (2, 1))), [M], True),
    ("pad_reflect", lambda x: anp.pad(x, 2, mode="reflect"), [V], True),
    ("rollaxis", lambda x: anp.rollaxis(x, 2), [(2, 3, 4)], True),
    ("rot90", anp.rot90, [M], True),
    ("fliplr", anp.fliplr, [M], True),
    ("flipud", anp.flipud, [M], True),
    ("select", lambda x: anp.select([x < -0.5, x > 0.5], [x * x, -x], 0.25), [M], True),
    ("tril", anp.tril, [(3, 3)], True),
    ("triu", lambda x: anp.triu(x, 1), [(3, 3)], True),
    ("diag", anp.diag, [V], True),
    ("diag_of_matrix", anp.diag, [(3, 3)], True),
    ("diagflat", anp.diagflat, [M], True),
    ("partition", lambda x: anp.partition(x, 1), [M], True),
    # products
    ("cross", anp.cross, [V, V], True),
    ("kron", anp.kron, [M, (2,)], True),
    # series
    ("diff", anp.diff, [M], True),
    ("diff_axis0", lambda x: anp.diff(x, axis=0), [M], True),
    ("ediff1d", anp.ediff1d, [V], True),
    ("gradient", lambda x: anp.gradient(x), [(5,)], True),
    ("convolve", anp.convolve, [(4,), V], True),
    ("correlate", lambda a, v: anp.correlate(a, v, mode="full"), [(4,), V], True),
    ("interp", lambda x, fp: anp.interp(x, np.array([-2.0, 0.0, 2.0]), fp), [V, V], True),
    # statistics
    ("average", lambda x, w: anp.average(x, axis=1, weights=w), [M, _pos(V)], True),
    ("cov", anp.cov, [(2, 4)], True),
    ("corrcoef", anp.corrcoef, [(2, 4)], True),
    *[(n, lambda x, n=n: getattr(anp, n)(anp.where(x > 1.2, anp.nan, x)), [M], True)
      for n in "nansum nanmean nanmax nanmin nanprod nanvar nanstd".split()],
    # decompositions (each a primitive on stacks of matrices)
    ("cholesky", anp.linalg.cholesky, [_spd(3)], True),
    ("eigh", lambda a: anp.linalg.eigh(a), [_spd(3)], False),
    ("eigvalsh", anp.linalg.eigvalsh, [_spd(3)], True),
    ("svd", lambda a: anp.linalg.svd(a, full_matrices=False), [(3, 2)], False),
    ("svdvals", anp.linalg.svdvals, [(3, 2)], True),
    ("qr", lambda a: anp.linalg.qr(a), [(3, 2)], False),
    ("pinv", anp.linalg.pinv, [(3, 2)], True),
    ("norm_nuclear", lambda a: anp.linalg.norm(a, ord="nuc"), [(3, 2)], True),
    ("norm_2", lambda a: anp.linalg.norm(a, ord=2), [(3, 2)], True),
]


def axis_choices(specs):
    """Per-argument in_axes: all 0, all 1 where possible, then mixes with None (at least one mapped)."""
    options = [[None, 0] + [1, -1][: min(logical_rank(s), 2)] for s in specs]
    combos = [c for c in itertools.product(*options) if any(a is not None for a in c)]
    rng = np.random.default_rng(len(specs))
    first = [tuple(0 for _ in specs), tuple(o[-1] for o in options)]
    rest = [c for c in combos if c not in first]
    picked = [rest[i] for i in rng.choice(len(rest), size=min(4, len(rest)), replace=False)] if rest else []
    return first + picked


def batched_args(specs, axes, rng):
    args = []
    for s, ax in zip(specs, axes):
        if ax is None:
            args.append(draw(s, rng))
        else:
            args.append(np.moveaxis(draw(s, rng, batch=B), 0, ax))
    return args


def element(args, axes, b):
    return [a if ax is None else np.take(a, b, axis=ax) for a, ax in zip(args, axes)]


def loop(f, args, axes):
    outs = [f(*element(args, axes, b)) for b in range(B)]
    return ai.tree_map(lambda *xs: np.stack([np.asarray(x) for x in xs]), *outs)


def compare(actual, expected, what):
    for a, e in zip(ai.tree_leaves(actual), ai.tree_leaves(expected)):
        assert np.asarray(a).dtype.kind == np.asarray(e).dtype.kind, what
        assert_close(a, e, atol=1e-10, rtol=1e-10, what=what)


@pytest.mark.parametrize("name, f, specs, diff", CASES, ids=[c[0] for c in CASES])
def test_vmap_equals_loop(name, f, specs, diff):
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    for axes in axis_choices(specs):
        args = batched_args(specs, axes, rng)
        compare(ai.vmap(f, in_axes=axes)(*args), loop(f, args, axes), f"{name} in_axes={axes}")


def _float_positions(specs):
    return [i for i, s in enumerate(specs) if not (isinstance(s, tuple) and s and s[0] in ("int", "mask"))]


@pytest.mark.parametrize("name, f, specs, diff", [c for c in CASES if c[3]], ids=[c[0] for c in CASES if c[3]])
def test_vmap_of_derivatives_equals_loop(name, f, specs, diff):
    """vmap(grad), vmap(jvp) and vmap(jacrev) of each function against loops of the same derivative."""
    rng = np.random.default_rng(abs(hash(name)) % 2**32 + 1)
    fl = _float_positions(specs)
    out = f(*[draw(s, rng) for s in specs])
    weights = ai.tree_map(lambda o: rng.standard_normal(np.shape(o)), out)

    def scalar(*args):
        return sum(anp.sum(o * w) for o, w in zip(ai.tree_leaves(f(*args)), ai.tree_leaves(weights)))

    g = ai.grad(scalar, argnums=tuple(fl))

    def jv(*args):
        tangents = [np.ones(np.shape(a)) for a in args]
        return ai.jvp(lambda *xs: f(*[xs[fl.index(i)] if i in fl else args[i] for i in range(len(args))]),
                      tuple(args[i] for i in fl), tuple(tangents[i] for i in fl))[1]

    jr = ai.jacrev(f, argnums=fl[0])
    for axes in axis_choices(specs)[:3]:
        args = batched_args(specs, axes, rng)
        for what, h in (("grad", g), ("jvp", jv), ("jacrev", jr)):
            compare(ai.vmap(h, in_axes=axes)(*args), loop(h, args, axes), f"vmap({what}) of {name} in_axes={axes}")
    # grad of vmap: each primitive's own derivative rules, on the whole batch at once
    axes = tuple(0 for _ in specs)
    args = batched_args(specs, axes, rng)
    total = ai.grad(lambda *a: anp.sum(ai.vmap(scalar)(*a)), argnums=tuple(fl))
    compare(total(*args), loop(g, args, axes), f"grad(vmap) of {name}")


# -- which primitives are mapped by the loop --------------------------------------------------------

# Mapped one batch element at a time (correct, slower): their results have data-dependent shapes
# (nonzero) or are whole-array verdicts.  (gather and scatter, indexing with batched index parts,
# also loop when those parts come after a slice: x[:, i].)
FALLBACK = {"nonzero", "allclose", "array_equal", "argpartition"}  # argpartition: kth is positional


def all_primitives():
    import pkgutil
    import importlib

    import autoint.numpy as pkg

    found = set()
    modules = [pkg] + [importlib.import_module(f"autoint.numpy.{m.name}") for m in pkgutil.iter_modules(pkg.__path__)]
    for mod in modules:
        for v in vars(mod).values():
            if isinstance(v, Primitive):
                found.add(v)
            elif isinstance(getattr(v, "prim", None), Primitive):
                found.add(v.prim)
    return found


def test_primitives_on_the_fallback_are_listed():
    on_loop = {p.name for p in all_primitives() if nb.rule_for(p) is nb.loop}
    assert on_loop == FALLBACK, (
        f"primitives mapped by the loop: {sorted(on_loop)}; give a new primitive a batching rule in "
        "autoint/numpy/batching.py, or list it in FALLBACK"
    )


def test_every_public_function_is_covered():
    covered = set()
    for name, f, specs, diff in CASES:
        covered.update(n for n in dir(anp) if n in name.split("_") or n == name)
    not_functions = {
        "ndarray", "float32", "float64", "int32", "int64", "bool_", "linalg", "pi", "e", "inf", "nan",
        "newaxis", "flatten",  # flatten is ravel
    }
    creation = {"array", "asarray", "zeros", "ones", "full", "empty", "arange", "linspace", "logspace", "eye",
                "identity", "shape", "ndim", "size", "stop_gradient", "empty_like"}
    covered_elsewhere = {  # exercised by cases under another name
        "less", "less_equal", "greater", "greater_equal", "equal", "not_equal", "logical_and", "logical_or",
        "logical_not", "logical_xor", "isnan", "isinf", "signbit", "rint", "trunc", "fix", "around", "any", "all",
        "floor_divide", "mod", "remainder", "isclose", "nonzero", "allclose", "array_equal",
    }
    public = {n for n in dir(anp) if not n.startswith("_") and callable(getattr(anp, n))} - not_functions
    missing = public - covered - creation - covered_elsewhere
    assert not missing, f"public autoint.numpy functions without a vmap case: {sorted(missing)}"


@pytest.mark.parametrize("name", ["isnan", "isinf", "signbit", "rint", "trunc", "fix", "around", "remainder",
                                  "logical_not", "isclose"])
def test_more_elementwise_helpers(name):
    f = getattr(anp, name)
    g = (lambda x: f(x, 0.25)) if name in ("remainder", "isclose") else f
    xs = np.random.default_rng(1).uniform(-2, 2, (B, 3))
    xs[0, 0] = np.inf
    with np.errstate(invalid="ignore"):  # remainder(inf, .) is nan, with NumPy's warning
        compare(ai.vmap(g)(xs), loop(g, [xs], [0]), name)


def test_a_new_primitive_without_a_rule_is_mapped_by_the_loop():
    calls = []

    def impl(x, y):
        calls.append(np.shape(x))
        return np.outer(x, y)

    outer = Primitive("outer_for_test", impl)
    outer.defjvp(
        lambda g, ans, x, y: anp.einsum("...i,j->...ij", g, y),
        lambda g, ans, x, y: anp.einsum("i,...j->...ij", x, g),
    )
    outer.defvjp(lambda g, ans, x, y: g @ y, lambda g, ans, x, y: x @ g)
    assert nb.rule_for(outer) is nb.loop
    xs, y = np.random.default_rng(2).standard_normal((B, 3)), np.array([1.0, -2.0])
    out = ai.vmap(outer, in_axes=(0, None))(xs, y)
    assert calls == [(3,)] * B  # once per element, on elements
    assert_close(out, np.einsum("bi,j->bij", xs, y))
    per_example = ai.vmap(ai.grad(lambda x: anp.sum(anp.sin(outer(x, y)))))(xs)
    assert_close(per_example, [np.cos(np.outer(x, y)) @ y for x in xs])
    assert_close(ai.grad(lambda y: anp.sum(ai.vmap(outer, (0, None))(xs, y)))(y), np.full(2, xs.sum()))


def test_batched_leading_index_parts_need_no_loop(monkeypatch):
    def no_loop(prim, *args):
        raise AssertionError(f"{prim.name} was mapped by the loop")

    monkeypatch.setattr(nb, "loop", no_loop)
    rng = np.random.default_rng(3)
    xs, idx = rng.standard_normal((B, 5, 2)), rng.integers(0, 5, (B, 3))
    out = ai.vmap(lambda x, i: x[i])(xs, idx)
    assert_close(out, [x[i] for x, i in zip(xs, idx)])
    # per-example gradient of a gathered loss: gather's transpose (scatter) is batched too
    g = ai.vmap(ai.grad(lambda x, i: anp.sum(x[i, 1] ** 2)))(xs, idx)
    ref = np.zeros_like(xs)
    for b in range(B):
        np.add.at(ref[b], (idx[b], 1), 2 * xs[b][idx[b], 1])
    assert_close(g, ref)
