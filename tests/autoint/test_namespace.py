"""The autoint.numpy namespace: plain arrays, operators, non-differentiable helpers, constants, creation."""
import subprocess
import sys

import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, check_primitive


def test_package_depends_only_on_numpy():
    code = (
        "import sys; import autoint, autoint.numpy, autoint.scipy.special; "
        "banned = ('scipy', 'matplotlib', 'jax', 'torch', 'autograd', 'sympy', 'pandas', 'hypothesis', 'pytest'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in banned))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


REQUIRED = (
    "add subtract multiply divide true_divide power negative reciprocal square sqrt cbrt exp exp2 expm1 log log2 "
    "log10 log1p sin cos tan arcsin arccos arctan arctan2 sinh cosh tanh arcsinh arccosh arctanh abs absolute sign "
    "maximum minimum clip where logaddexp hypot sinc sum mean prod max min var std cumsum cumprod dot matmul vdot "
    "inner outer tensordot einsum trace transpose moveaxis swapaxes reshape ravel squeeze expand_dims concatenate "
    "stack hstack vstack broadcast_to flip roll tile repeat sort zeros_like ones_like full_like shape ndim size "
    "argmax argmin floor ceil round isfinite array asarray zeros ones full arange linspace eye"
).split()


@pytest.mark.parametrize("name", REQUIRED)
def test_required_function_exists(name):
    assert callable(getattr(anp, name))


@pytest.mark.parametrize("name", ["norm", "solve", "inv", "det", "slogdet"])
def test_required_linalg_function_exists(name):
    assert callable(getattr(anp.linalg, name))


PLAIN = [
    ("sin", lambda m: m.sin(np.array([0.1, 0.2]))),
    ("power", lambda m: m.power(np.array([1.5, 2.0]), 2.5)),
    ("sum_axis", lambda m: m.sum(np.arange(6.0).reshape(2, 3), axis=1, keepdims=True)),
    ("prod", lambda m: m.prod(np.array([1.5, 2.0, 3.0]))),
    ("var", lambda m: m.var(np.array([1.0, 2.0, 4.0]), ddof=1)),
    ("matmul", lambda m: m.matmul(np.eye(2), np.array([1.0, 2.0]))),
    ("einsum", lambda m: m.einsum("ij,j->i", np.eye(2), np.array([1.0, 2.0]))),
    ("concatenate", lambda m: m.concatenate([np.ones(2), np.zeros(1)])),
    ("sort", lambda m: m.sort(np.array([3.0, 1.0, 2.0]))),
    ("where", lambda m: m.where(np.array([True, False]), 1.0, np.array([5.0, 6.0]))),
    ("clip", lambda m: m.clip(np.array([-2.0, 0.5, 3.0]), -1.0, 1.0)),
    ("inv", lambda m: m.linalg.inv(np.array([[2.0, 1.0], [0.0, 1.0]]))),
    ("cumprod", lambda m: m.cumprod(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=0)),
    ("tile", lambda m: m.tile(np.array([1.0, 2.0]), (2, 2))),
    ("repeat", lambda m: m.repeat(np.array([[1.0, 2.0]]), 3, axis=0)),
]


@pytest.mark.parametrize("name, call", PLAIN, ids=[p[0] for p in PLAIN])
def test_plain_arrays_just_compute(name, call):
    out = call(anp)
    ref = call(np)
    assert not isinstance(out, ai.core.Tracer)
    assert np.shape(out) == np.shape(ref)
    assert_close(out, ref, atol=1e-14)


OPERATORS = [
    ("radd", lambda x: 2.0 + x),
    ("rsub", lambda x: 2.0 - x),
    ("rmul", lambda x: 2.0 * x),
    ("rtruediv", lambda x: 2.0 / x),
    ("rpow", lambda x: 2.0**x),
    ("array_left_add", lambda x: np.array([1.0, 2.0, 3.0]) + x),
    ("array_left_sub", lambda x: np.array([1.0, 2.0, 3.0]) - x),
    ("array_left_div", lambda x: np.array([1.0, 2.0, 3.0]) / x),
    ("array_left_matmul", lambda x: np.ones((2, 3)) @ x),
    ("array_left_pow", lambda x: np.array([1.5, 2.0, 2.5]) ** x),
    ("neg", lambda x: -x),
    ("abs", lambda x: abs(x - 5.0)),
    ("chain", lambda x: (x * 2.0 - 1.0) / (x + 3.0) ** 2.0),
]


@pytest.mark.parametrize("name, f", OPERATORS, ids=[o[0] for o in OPERATORS])
def test_operators(name, f):
    x = np.array([0.5, 1.0, 1.5])
    assert_close(f(x), f(x))
    check_primitive(f, x)


NONDIFF = [
    ("zeros_like", lambda x: anp.zeros_like(x), lambda x: np.zeros_like(x)),
    ("ones_like", lambda x: anp.ones_like(x), lambda x: np.ones_like(x)),
    ("full_like", lambda x: anp.full_like(x, 7.0), lambda x: np.full_like(x, 7.0)),
    ("floor", anp.floor, np.floor),
    ("ceil", anp.ceil, np.ceil),
    ("round", anp.round, np.round),
    ("sign", anp.sign, np.sign),
    ("isfinite", anp.isfinite, np.isfinite),
    ("argmax", anp.argmax, np.argmax),
    ("argmin", anp.argmin, np.argmin),
    ("argmax_axis", lambda x: anp.argmax(x, axis=0), lambda x: np.argmax(x, axis=0)),
    ("less", lambda x: x < 0.5, lambda x: x < 0.5),
    ("greater_equal", lambda x: x >= 0.5, lambda x: x >= 0.5),
    ("equal", lambda x: x == x, lambda x: x == x),
    ("not_equal", lambda x: x != 0.3, lambda x: x != 0.3),
    ("floordiv", lambda x: x // 0.3, lambda x: x // 0.3),
]


@pytest.mark.parametrize("name, f, ref", NONDIFF, ids=[n[0] for n in NONDIFF])
def test_non_differentiable_helpers_on_traced_values(name, f, ref):
    x = np.array([[0.2, -1.7], [2.5, 0.9]])
    seen = {}

    def g(x):
        seen["value"] = f(x)
        return anp.sum(x * x)

    assert_close(ai.grad(g)(x), 2 * x)  # the helper neither breaks nor alters differentiation
    assert_close(seen["value"], ref(x))
    assert not isinstance(seen["value"], ai.core.Tracer)
    ai.jvp(g, (x,), (x,))
    assert_close(seen["value"], ref(x))


def test_rounding_contributes_zero_derivative():
    # floor(x) is piecewise constant: derivative 0 almost everywhere
    assert_close(ai.grad(lambda x: anp.sum(x * anp.floor(x) + anp.sign(x) * x))(np.array([1.5, -0.5])),
                 np.array([1.0 + 1.0, -1.0 - 1.0]))


def test_shape_helpers_on_traced_values():
    def f(x):
        assert anp.shape(x) == (2, 3) and x.shape == (2, 3)
        assert anp.ndim(x) == 2 and x.ndim == 2
        assert anp.size(x) == 6 and x.size == 6
        assert len(x) == 2
        return anp.sum(x) / anp.size(x)

    assert_close(ai.grad(f)(np.ones((2, 3))), np.full((2, 3), 1 / 6))


def test_constants():
    assert anp.pi == np.pi and anp.e == np.e
    assert anp.inf == np.inf and np.isnan(anp.nan)
    assert anp.newaxis is None
    x = np.array([1.0, 2.0])
    assert ai.jacfwd(lambda x: x[anp.newaxis, :] * anp.pi)(x).shape == (1, 2, 2)


CREATION = [
    ("array", lambda: anp.array([1.0, 2.0]), lambda: np.array([1.0, 2.0])),
    ("asarray", lambda: anp.asarray([[1.0], [2.0]]), lambda: np.asarray([[1.0], [2.0]])),
    ("zeros", lambda: anp.zeros((2, 3)), lambda: np.zeros((2, 3))),
    ("ones", lambda: anp.ones(3), lambda: np.ones(3)),
    ("full", lambda: anp.full((2,), 4.0), lambda: np.full((2,), 4.0)),
    ("arange", lambda: anp.arange(1.0, 3.0, 0.5), lambda: np.arange(1.0, 3.0, 0.5)),
    ("linspace", lambda: anp.linspace(0.0, 1.0, 5), lambda: np.linspace(0.0, 1.0, 5)),
    ("eye", lambda: anp.eye(3), lambda: np.eye(3)),
]


@pytest.mark.parametrize("name, make, ref", CREATION, ids=[c[0] for c in CREATION])
def test_creation(name, make, ref):
    out = make()
    assert isinstance(out, np.ndarray)
    assert_close(out, ref())
    # usable inside a differentiated function
    assert_close(ai.grad(lambda x: anp.sum(make() * x))(1.0), np.sum(ref()))


def test_array_and_asarray_of_traced_values():
    def f(x, y):
        m = anp.array([[x, y], [y * y, x]])
        return anp.linalg.det(m)

    # det = x^2 - y^3
    gx, gy = ai.grad(f, argnums=(0, 1))(2.0, 1.5)
    assert_close(gx, 4.0)
    assert_close(gy, -3 * 1.5**2)
    assert_close(ai.grad(lambda x: anp.sum(anp.asarray(x) * 2.0))(np.ones(2)), [2.0, 2.0])


def test_where_single_argument_is_nonzero():
    (idx,) = anp.where(np.array([0.0, 1.0, 2.0]) > 0.5)
    assert list(idx) == [1, 2]
    with pytest.raises(ValueError, match="both or neither"):
        anp.where(np.array([True]), 1.0)


def test_boolean_mask_and_integer_index_from_traced_comparison():
    x = np.array([-1.0, 2.0, 3.0, -4.0])
    assert_close(ai.grad(lambda x: anp.sum(x[x > 0] ** 2))(x), np.where(x > 0, 2 * x, 0.0))
    assert_close(ai.jacfwd(lambda x: anp.sum(x[x > 0] ** 2))(x), np.where(x > 0, 2 * x, 0.0))


def test_astype_and_dtype_attribute():
    def f(x):
        assert x.dtype == np.float64
        return anp.sum(x.astype(np.float32) * 2.0)

    g = ai.grad(f)(np.ones(2))
    assert g.dtype == np.float64
    assert_close(g, [2.0, 2.0])
