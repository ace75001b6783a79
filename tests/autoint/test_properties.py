"""Property tests: random compositions of primitives against central differences."""
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import autoint as ai
import autoint.numpy as anp
import autoint.scipy.special as asp
from ad_helpers import assert_close

# Smooth maps that are defined (and tame) for every real input, so random chains of them
# can be checked anywhere: (name, autoint function).
SAFE_UNARY = [
    ("sin", anp.sin),
    ("cos", anp.cos),
    ("tanh", anp.tanh),
    ("arctan", anp.arctan),
    ("arcsinh", anp.arcsinh),
    ("sq_damped", lambda x: x * x / (1.0 + x * x)),
    ("softplus", lambda x: anp.logaddexp(x, 0.0)),
    ("exp_neg_sq", lambda x: anp.exp(-x * x)),
    ("sqrt_1p_sq", lambda x: anp.sqrt(1.0 + x * x)),
    ("log_1p_sq", lambda x: anp.log1p(x * x)),
    ("sinc", anp.sinc),
    ("scale_shift", lambda x: 0.7 * x - 0.3),
    ("cube_damped", lambda x: x**3.0 / (2.0 + x**2)),
]

SAFE_BINARY = [
    ("add", anp.add),
    ("sub", anp.subtract),
    ("mul", anp.multiply),
    ("hypot", lambda x, y: anp.hypot(x, y + 3.0)),
    ("arctan2", lambda x, y: anp.arctan2(x, 2.0 + anp.tanh(y))),
    ("div", lambda x, y: x / (1.5 + anp.sin(y))),
    ("logaddexp", anp.logaddexp),
]

SHAPE_MAPS = [
    ("id", lambda x: x),
    ("flip", anp.flip),
    ("roll", lambda x: anp.roll(x, 1)),
    ("cumsum", anp.cumsum),
    ("mix", lambda x: x + 0.5 * anp.mean(x)),
    ("normalize", lambda x: x / anp.sqrt(1.0 + anp.sum(x * x))),
]

REDUCERS = [
    ("sum", anp.sum),
    ("mean", anp.mean),
    ("logsumexp", lambda x: __import__("autoint.scipy.special").scipy.special.logsumexp(x)),
    ("sumsq", lambda x: anp.sum(x * x)),
    ("dot_self_flip", lambda x: anp.dot(x, anp.flip(x))),
]

step = st.one_of(
    st.tuples(st.just("u"), st.integers(0, len(SAFE_UNARY) - 1)),
    st.tuples(st.just("b"), st.integers(0, len(SAFE_BINARY) - 1)),
    st.tuples(st.just("s"), st.integers(0, len(SHAPE_MAPS) - 1)),
)
programs = st.tuples(st.lists(step, min_size=1, max_size=6), st.integers(0, len(REDUCERS) - 1))
inputs = st.lists(st.floats(-2.0, 2.0, allow_nan=False), min_size=3, max_size=3).map(np.array)


def build(program):
    """A scalar function of a length-3 vector from a list of steps (binary steps use the input)."""
    steps, reducer = program

    def f(x):
        y = x
        for kind, k in steps:
            if kind == "u":
                y = SAFE_UNARY[k][1](y)
            elif kind == "b":
                y = SAFE_BINARY[k][1](y, x)
            else:
                y = SHAPE_MAPS[k][1](y)
        return REDUCERS[reducer][1](y)

    return f


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(programs, inputs)
def test_gradient_of_random_composition(program, x):
    f = build(program)
    ref = ai.finite_difference(f, x)
    assert_close(ai.grad(f)(x), ref, atol=1e-6, rtol=1e-5)
    assert_close(ai.jacfwd(f)(x), ref, atol=1e-6, rtol=1e-5)


@SETTINGS
@given(programs, inputs)
def test_hessian_of_random_composition(program, x):
    f = build(program)
    ref = ai.finite_difference(lambda x: np.asarray(ai.grad(f)(x)), x, h=1e-5)
    h = ai.hessian(f)(x)
    assert_close(h, ref, atol=1e-5, rtol=1e-4)
    assert_close(h, h.T, atol=1e-10, rtol=1e-10)  # symmetric: forward-over-reverse is exact
    assert_close(ai.jacrev(ai.grad(f))(x), h, atol=1e-10, rtol=1e-8)


@settings(max_examples=25, deadline=None)
@given(programs, inputs, st.integers(0, 2**31 - 1))
def test_check_grads_on_random_composition(program, x, seed):
    f = build(program)
    # A small step: compositions like sinc(2x²) have third derivatives near 1e4, whose
    # truncation error at the default step (1e-4) alone would exceed the tolerance.
    ai.check_grads(f, (x,), order=2, atol=1e-5, rtol=1e-4, eps=1e-5, seed=seed)


@settings(max_examples=25, deadline=None)
@given(programs, inputs)
def test_jvp_vjp_dot_product_identity(program, x):
    # <u, J v> computed by forward mode equals <J^T u, v> by reverse mode, to rounding.
    steps, _ = program

    def g(x):
        return build((steps, 0))(x) * x  # vector-valued

    rng = np.random.default_rng(0)
    u, v = rng.standard_normal(3), rng.standard_normal(3)
    _, jv = ai.jvp(g, (x,), (v,))
    _, pullback = ai.vjp(g, x)
    (jtu,) = pullback(u)
    assert_close(np.dot(u, jv), np.dot(jtu, v), atol=1e-10, rtol=1e-10)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(0, 3))
def test_broadcasting_multiply_shapes(n, m, case):
    # x of shape (n, m) against y of a broadcastable shape; gradient shapes equal input shapes.
    shapes = [(n, m), (m,), (1, m), ()]
    x = np.linspace(-1.0, 1.0, n * m).reshape(n, m)
    y = np.linspace(0.5, 1.5, int(np.prod(shapes[case]))).reshape(shapes[case])
    f = lambda x, y: anp.sum(anp.sin(x * y) * y)
    gx, gy = ai.grad(f, argnums=(0, 1))(x, y)
    assert gx.shape == x.shape and np.shape(gy) == y.shape
    assert_close(gy, ai.finite_difference(lambda y: f(x, y), y), atol=1e-7)
    assert_close(gx, ai.finite_difference(lambda x: f(x, y), x), atol=1e-7)


AXIS_FUNCS = [
    ("sum", anp.sum),
    ("mean", anp.mean),
    ("prod", anp.prod),
    ("max", anp.max),
    ("min", anp.min),
    ("var", anp.var),
    ("logsumexp", asp.logsumexp),
]


@st.composite
def reduction_cases(draw):
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
    nd = len(shape)
    axis = draw(st.one_of(
        st.none(),
        st.integers(-nd, nd - 1),
        st.lists(st.integers(0, nd - 1), min_size=1, max_size=nd, unique=True).map(tuple),
    ))
    keepdims = draw(st.booleans())
    k = draw(st.integers(0, len(AXIS_FUNCS) - 1))
    seed = draw(st.integers(0, 1000))
    return shape, axis, keepdims, k, seed


@settings(max_examples=40, deadline=None)
@given(reduction_cases())
def test_reductions_random_axes(case):
    shape, axis, keepdims, k, seed = case
    name, red = AXIS_FUNCS[k]
    # distinct values (no ties for max/min), away from zero
    x = np.random.default_rng(seed).permutation(np.arange(1, int(np.prod(shape)) + 1)).reshape(shape) / 7.0 + 0.3
    f = lambda x: red(anp.sin(x) + x, axis=axis, keepdims=keepdims)
    ref = ai.finite_difference(f, x)
    assert_close(ai.jacfwd(f)(x), ref, atol=1e-6, rtol=1e-5)
    assert_close(ai.jacrev(f)(x), ref, atol=1e-6, rtol=1e-5)
    s = lambda x: anp.sum(f(x) ** 2)
    h = ai.hessian(s)(x)
    assert_close(h, ai.jacrev(ai.jacrev(s))(x), atol=1e-9, rtol=1e-8)
    assert_close(ai.jacfwd(ai.jacfwd(s))(x), h, atol=1e-9, rtol=1e-8)


@st.composite
def index_cases(draw):
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)))
    index = []
    for n in shape:
        kind = draw(st.sampled_from(["int", "slice", "array", "full"]))
        if kind == "int":
            index.append(draw(st.integers(-n, n - 1)))
        elif kind == "slice":
            index.append(slice(draw(st.integers(0, n - 1)), None, draw(st.sampled_from([1, -1, 2]))))
        elif kind == "array":
            index.append(np.array(draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=3))))
        else:
            index.append(slice(None))
    arrays = [i for i in index if isinstance(i, np.ndarray)]
    if len(arrays) > 1:  # advanced indices must broadcast together: give them one length
        m = min(len(a) for a in arrays)
        index = [i[:m] if isinstance(i, np.ndarray) else i for i in index]
    return shape, tuple(index)


@settings(max_examples=40, deadline=None)
@given(index_cases())
def test_indexing_random(case):
    shape, index = case
    x = np.linspace(-1.0, 1.0, int(np.prod(shape))).reshape(shape)
    f = lambda x: (x * x + x)[index]
    assert_close(f(x), (x * x + x)[index])
    ref = ai.finite_difference(f, x)
    assert_close(ai.jacfwd(f)(x), ref, atol=1e-6, rtol=1e-5)
    assert_close(ai.jacrev(f)(x), ref, atol=1e-6, rtol=1e-5)
    s = lambda x: anp.sum(anp.sin(f(x)))
    assert_close(ai.hessian(s)(x), ai.jacrev(ai.jacrev(s))(x), atol=1e-9, rtol=1e-8)


# -- every public function inside random compositions ------------------------------------------------
# The table of test_coverage.py (one or more cases per public function, at inputs away from kinks) is
# composed with random smooth maps before and after, and the composition checked against central
# differences in both modes and at order 2 (check_grads with a random seed for its directions).

from test_coverage import CASES, LINALG_CASES, SPECIAL_CASES  # noqa: E402

ALL_CASES = [c for table in (CASES, LINALG_CASES, SPECIAL_CASES) for cases in table.values() for c in cases]
SMOOTH_AFTER = [("id", lambda y: y)] + SAFE_UNARY[:5]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(ALL_CASES) - 1), st.integers(0, len(SMOOTH_AFTER) - 1), st.integers(0, 2**31 - 1))
def test_every_public_function_in_a_random_composition(k, after, seed):
    f, args, _ = ALL_CASES[k]
    if any(np.result_type(a) != np.float64 for a in args):
        return  # the float32 cases need looser tolerances than a composition allows; test_coverage has them
    if not np.all(np.abs(f(*args)) < 1e6):
        return  # nan_to_num's stand-ins for infinities (1.8e308) overflow any weighted sum
    post = SMOOTH_AFTER[after][1]
    rng = np.random.default_rng(seed)
    y = f(*args)
    weights = rng.standard_normal(np.shape(y))
    scale = 1.0 / max(1.0, float(np.max(np.abs(y))))  # keeps the smooth map's curvature tame (degrees: 57 x)

    def composed(*xs):
        # a smooth change of every input that is the identity at the test point, then a smooth map of the output
        moved = [x + 0.1 * anp.sin(x - a) for x, a in zip(xs, args)]
        return anp.sum(post(f(*moved) * scale) * weights)

    ai.check_grads(composed, args, order=2, atol=1e-4, rtol=1e-4, seed=seed)
