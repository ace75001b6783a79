"""Elementwise primitives: derivatives of every order and mode, broadcasting, kink conventions."""
import math

import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, check_primitive, rng_array

# (name, function, low, high): inputs drawn from [low, high), away from kinks and singularities.
UNARY = [
    ("negative", anp.negative, -2, 2),
    ("reciprocal", anp.reciprocal, 0.5, 2),
    ("square", anp.square, -2, 2),
    ("sqrt", anp.sqrt, 0.5, 2),
    ("cbrt", anp.cbrt, 0.5, 2),
    ("cbrt_negative", anp.cbrt, -2, -0.5),
    ("exp", anp.exp, -1, 1),
    ("exp2", anp.exp2, -1, 1),
    ("expm1", anp.expm1, -1, 1),
    ("log", anp.log, 0.5, 2),
    ("log2", anp.log2, 0.5, 2),
    ("log10", anp.log10, 0.5, 2),
    ("log1p", anp.log1p, -0.5, 1),
    ("sin", anp.sin, -2, 2),
    ("cos", anp.cos, -2, 2),
    ("tan", anp.tan, -1, 1),
    ("arcsin", anp.arcsin, -0.9, 0.9),
    ("arccos", anp.arccos, -0.9, 0.9),
    ("arctan", anp.arctan, -2, 2),
    ("sinh", anp.sinh, -1, 1),
    ("cosh", anp.cosh, -1, 1),
    ("tanh", anp.tanh, -1, 1),
    ("arcsinh", anp.arcsinh, -2, 2),
    ("arccosh", anp.arccosh, 1.2, 3),
    ("arctanh", anp.arctanh, -0.8, 0.8),
    ("abs", anp.abs, 0.3, 2),
    ("abs_negative", anp.abs, -2, -0.3),
    ("absolute", anp.absolute, -2, -0.3),
    ("sinc", anp.sinc, -1.5, 1.5),
    ("sinc_far", anp.sinc, 1.2, 3.5),
    ("power_const", lambda x: anp.power(x, 3.0), -2, 2),
    ("power_frac", lambda x: x ** 1.5, 0.5, 2),
    ("rpow_const", lambda x: 2.0 ** x, -1, 1),
    ("clip_inside", lambda x: anp.clip(x, -3.0, 3.0), -2, 2),
    ("clip_method", lambda x: x.clip(-0.5, 0.5), -2, 2),
    ("pos", lambda x: +x, -2, 2),
    ("neg_op", lambda x: -x, -2, 2),
    ("abs_builtin", lambda x: abs(x), 0.3, 2),
]

SHAPES = [(), (3,), (2, 3)]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name, f, low, high", UNARY, ids=[u[0] for u in UNARY])
def test_unary(name, f, low, high, shape):
    x = rng_array(shape, low, high, seed=len(name))
    if name == "clip_method":
        x = np.where(np.abs(np.abs(x) - 0.5) < 0.1, 0.2, x)  # keep away from the bounds
    check_primitive(f, x)


@pytest.mark.parametrize("name, f, low, high", UNARY[:8], ids=[u[0] for u in UNARY[:8]])
def test_unary_python_float(name, f, low, high):
    x = float(rng_array((), low, high, seed=3))
    assert_close(ai.grad(f)(x), ai.finite_difference(f, x))
    check_primitive(f, x, hessian=False)


# (name, function, (low, high) of each argument).
BINARY = [
    ("add", anp.add, (-2, 2), (-2, 2)),
    ("subtract", anp.subtract, (-2, 2), (-2, 2)),
    ("multiply", anp.multiply, (-2, 2), (-2, 2)),
    ("divide", anp.divide, (-2, 2), (0.5, 2)),
    ("true_divide", anp.true_divide, (-2, 2), (-2, -0.5)),
    ("power", anp.power, (0.5, 2), (-2, 2)),
    ("arctan2", anp.arctan2, (-2, 2), (0.5, 2)),
    ("arctan2_left", anp.arctan2, (0.5, 2), (-2, -0.5)),
    ("hypot", anp.hypot, (0.5, 2), (-2, -0.5)),
    ("logaddexp", anp.logaddexp, (-2, 2), (-2, 2)),
    ("maximum", anp.maximum, (-2, 0), (0.1, 2)),
    ("maximum_other", anp.maximum, (0.1, 2), (-2, 0)),
    ("minimum", anp.minimum, (-2, 0), (0.1, 2)),
    ("minimum_other", anp.minimum, (0.1, 2), (-2, 0)),
    ("op_add", lambda x, y: x + y, (-2, 2), (-2, 2)),
    ("op_sub", lambda x, y: x - y, (-2, 2), (-2, 2)),
    ("op_mul", lambda x, y: x * y, (-2, 2), (-2, 2)),
    ("op_div", lambda x, y: x / y, (-2, 2), (0.5, 2)),
    ("op_pow", lambda x, y: x ** y, (0.5, 2), (-2, 2)),
    ("clip_arrays", lambda x, lo: anp.clip(x, lo, 5.0), (0.1, 2), (-2, 0)),
]

BINARY_SHAPES = [((), ()), ((3,), (3,)), ((2, 3), (3,)), ((), (2, 2)), ((2, 1), (1, 3)), ((2, 3), ())]


@pytest.mark.parametrize("shapes", BINARY_SHAPES, ids=str)
@pytest.mark.parametrize("name, f, dom_x, dom_y", BINARY, ids=[b[0] for b in BINARY])
def test_binary(name, f, dom_x, dom_y, shapes):
    x = rng_array(shapes[0], *dom_x, seed=1)
    y = rng_array(shapes[1], *dom_y, seed=2)
    check_primitive(f, x, y)


@pytest.mark.parametrize("name, f, dom_x, dom_y", BINARY[:10], ids=[b[0] for b in BINARY[:10]])
def test_binary_with_python_scalar(name, f, dom_x, dom_y):
    x = rng_array((2, 3), *dom_x, seed=1)
    y = float(rng_array((), *dom_y, seed=2))
    check_primitive(lambda x: f(x, y), x)
    check_primitive(lambda y: f(x, y), y)


@pytest.mark.parametrize("shapes", [((2, 3), (2, 3), (2, 3)), ((3,), (2, 3), ()), ((2, 1), (), (1, 3))], ids=str)
def test_where(shapes):
    c = rng_array(shapes[0], seed=5) > 0
    x = rng_array(shapes[1], seed=6)
    y = rng_array(shapes[2], seed=7)
    check_primitive(lambda x, y: anp.where(c, x, y) * anp.where(c, y, x), x, y)
    full = np.broadcast_shapes(*shapes)
    expected = np.broadcast_to(np.where(c, 1.0, 0.0), full)
    assert_close(ai.jacfwd(lambda x: anp.where(c, x, 0.0))(np.ones(full)).reshape(full + (-1,)).sum(-1), expected)


def test_where_traced_condition_is_not_differentiated():
    f = lambda x: anp.sum(anp.where(x > 0, x * x, -x))
    x = np.array([-1.0, 2.0, -3.0, 0.5])
    assert_close(ai.grad(f)(x), np.where(x > 0, 2 * x, -1.0))
    check_primitive(f, x)


def test_sinc_derivatives_at_zero_are_exact():
    # sinc(x) = sum_n (-1)^n (pi x)^(2n) / (2n+1)!: sinc'(0) = 0, sinc''(0) = -pi^2/3,
    # sinc'''(0) = 0, sinc''''(0) = pi^4 / 5.
    d1 = ai.grad(anp.sinc)
    d2 = ai.grad(d1)
    d3 = ai.grad(d2)
    d4 = ai.grad(d3)
    assert d1(0.0) == 0.0
    assert_close(d2(0.0), -np.pi**2 / 3, rtol=1e-12)
    assert_close(d3(0.0), 0.0, atol=1e-12)
    assert_close(d4(0.0), np.pi**4 / 5, rtol=1e-10)
    assert_close(ai.hessian(anp.sinc)(0.0), -np.pi**2 / 3, rtol=1e-12)
    expected = np.zeros((2, 2, 2))
    expected[[0, 1], [0, 1], [0, 1]] = -np.pi**2 / 3
    assert_close(ai.jacfwd(ai.jacfwd(anp.sinc))(np.zeros(2)), expected, rtol=1e-12)
    assert_close(ai.hessian(lambda x: anp.sum(anp.sinc(x)))(np.zeros(2)), np.diag([-np.pi**2 / 3] * 2), rtol=1e-12)


def test_sinc_derivative_near_zero_is_smooth():
    # Closed form of sinc' away from 0: (cos(pi x) pi x - sin(pi x)) / (pi x^2).
    x = np.array([1e-3, 0.3, 0.99, 1.01, 2.5])
    expected = (np.cos(np.pi * x) * np.pi * x - np.sin(np.pi * x)) / (np.pi * x**2)
    assert_close(ai.grad(lambda x: anp.sum(anp.sinc(x)))(x), expected, rtol=1e-9)


# -- conventions at kinks (exact values) ------------------------------------------------


def test_abs_derivative_at_zero_is_one():
    assert ai.grad(anp.abs)(0.0) == 1.0
    assert ai.jvp(anp.abs, (0.0,), (1.0,))[1] == 1.0
    assert_close(ai.jacfwd(anp.abs)(np.array([0.0, -1.0, 2.0])), np.diag([1.0, -1.0, 1.0]))
    assert_close(ai.jacrev(anp.abs)(np.array([0.0, -1.0, 2.0])), np.diag([1.0, -1.0, 1.0]))


@pytest.mark.parametrize("op", [anp.maximum, anp.minimum])
def test_maximum_minimum_ties_split(op):
    assert ai.grad(op, argnums=(0, 1))(1.5, 1.5) == (0.5, 0.5)
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([1.0, 0.0, 4.0])
    gx, gy = ai.grad(lambda x, y: anp.sum(op(x, y)), argnums=(0, 1))(x, y)
    px = np.where(x == y, 0.5, (x > y) if op is anp.maximum else (x < y)).astype(float)
    assert_close(gx, px)
    assert_close(gy, 1.0 - px)
    assert_close(ai.jacfwd(op)(x, y), np.diag(px))
    assert_close(ai.jvp(op, (x, y), (np.ones(3), np.zeros(3)))[1], px)


def test_clip_at_bounds_is_half():
    x = np.array([-1.0, 0.0, 0.5, 1.0, 2.0])
    expected = np.array([0.0, 0.5, 1.0, 0.5, 0.0])
    assert_close(ai.grad(lambda x: anp.sum(anp.clip(x, 0.0, 1.0)))(x), expected)
    assert_close(ai.jacfwd(lambda x: anp.clip(x, 0.0, 1.0))(x), np.diag(expected))


def test_clip_one_sided():
    x = np.array([-1.0, 0.5, 2.0])
    assert_close(ai.grad(lambda x: anp.sum(anp.clip(x, None, 1.0)))(x), [1.0, 1.0, 0.0])
    assert_close(ai.grad(lambda x: anp.sum(anp.clip(x, 0.0, None)))(x), [0.0, 1.0, 1.0])


def test_power_zero_exponent_at_zero():
    # d/dx x**0 = 0 everywhere, also at x = 0 (JAX gives nan there).
    assert ai.grad(lambda x: x**0.0)(0.0) == 0.0
    assert ai.grad(lambda x: anp.power(x, 0.0))(0.0) == 0.0
    assert ai.grad(lambda x: anp.power(x, 0.0))(2.0) == 0.0
    assert_close(ai.jacfwd(lambda x: anp.power(x, 0.0))(np.array([0.0, 3.0])), np.zeros((2, 2)))
    # with a traced exponent too
    assert ai.grad(lambda x, y: x**y)(0.0, 0.0) == 0.0
    assert ai.grad(lambda x, y: x**y, argnums=1)(0.0, 2.0) == 0.0


def test_power_integer_exponent_negative_base():
    x = np.array([-2.0, -0.5, 1.5])
    assert_close(ai.grad(lambda x: anp.sum(x**3.0))(x), 3 * x**2)
    assert_close(ai.grad(lambda x: anp.sum(x**2))(x), 2 * x)
    assert_close(ai.hessian(lambda x: anp.sum(x**3))(x), np.diag(6 * x))


def test_power_square_at_zero():
    assert ai.grad(lambda x: x**2.0)(0.0) == 0.0
    assert ai.grad(ai.grad(lambda x: x**2.0))(0.0) == 2.0
    assert ai.grad(ai.grad(lambda x: x**2))(0.0) == 2.0


def test_hypot_at_origin_is_zero():
    assert ai.grad(anp.hypot, argnums=(0, 1))(0.0, 0.0) == (0.0, 0.0)


@pytest.mark.filterwarnings("ignore:divide by zero", "ignore:invalid value")
@pytest.mark.parametrize("x", [0.0, np.float64(0.0), np.array(0.0)], ids=["float", "float64", "0d"])
def test_derivative_at_singularity_is_inf_not_an_exception(x):
    # Python floats raise ZeroDivisionError where NumPy gives inf: the rules must give NumPy's answer.
    assert ai.grad(anp.sqrt)(x) == np.inf
    assert ai.jvp(anp.sqrt, (x,), (1.0,))[1] == np.inf
    assert ai.grad(anp.log)(x) == np.inf
    assert ai.grad(lambda y: 1.0 / y)(x) == -np.inf or np.isnan(ai.grad(lambda y: 1.0 / y)(x))
    assert ai.grad(anp.arcsin)(x + 1.0) == np.inf
    assert ai.grad(anp.arctanh)(x + 1.0) == np.inf
    assert ai.grad(anp.cbrt)(x) == np.inf
    assert np.all(np.isnan(ai.grad(anp.arctan2, argnums=(0, 1))(x, x)))  # no derivative at the origin


def test_float32_elementwise_dtype():
    x = np.array([0.5, 1.0, 1.5], dtype=np.float32)
    for f in (anp.sin, anp.exp, anp.log, anp.sqrt, anp.tanh, lambda x: x**2.0, lambda x: 2.0 * x + 1.0):
        g = ai.grad(lambda x: anp.sum(f(x)))(x)
        assert g.dtype == np.float32
        assert ai.jacfwd(f)(x).dtype == np.float32
        assert ai.jacrev(f)(x).dtype == np.float32
    ai.check_grads(lambda x: anp.sin(x) * anp.exp(x), (x,), order=2)


@pytest.mark.parametrize(
    "name, f, d",
    [
        ("exp2", anp.exp2, lambda x: np.exp2(x) * math.log(2)),
        ("log10", anp.log10, lambda x: 1 / (x * math.log(10))),
        ("arccosh", anp.arccosh, lambda x: 1 / np.sqrt(x * x - 1)),
        ("cbrt", anp.cbrt, lambda x: 1 / (3 * np.cbrt(x) ** 2)),
        ("logaddexp", lambda x: anp.logaddexp(x, 0.3), lambda x: np.exp(x) / (np.exp(x) + np.exp(0.3))),
    ],
)
def test_closed_form_first_derivatives(name, f, d):
    x = np.array([1.3, 2.0, 4.5])
    assert_close(ai.grad(lambda x: anp.sum(f(x)))(x), d(x), rtol=1e-12)


def test_logaddexp_large_arguments_stable():
    g = ai.grad(anp.logaddexp, argnums=(0, 1))(1000.0, 1000.0)
    assert_close(np.array(g), [0.5, 0.5])
    assert_close(ai.grad(anp.logaddexp)(1000.0, -1000.0), 1.0)
