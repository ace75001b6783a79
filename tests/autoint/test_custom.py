"""custom_jvp and custom_vjp with JAX's interface."""
import math

import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, check_primitive, rng_array


def make_log1pexp():
    """softplus with a stable derivative rule (the textbook custom_jvp example)."""

    @ai.custom_jvp
    def log1pexp(x):
        return anp.log(1.0 + anp.exp(x))

    @log1pexp.defjvp
    def _(primals, tangents):
        (x,), (t,) = primals, tangents
        return log1pexp(x), t * (1.0 - 1.0 / (1.0 + anp.exp(x)))

    return log1pexp


@pytest.mark.filterwarnings("ignore:overflow encountered in exp")
def test_custom_jvp_is_used_in_both_modes():
    f = make_log1pexp()
    # the naive derivative exp(x)/(1+exp(x)) overflows to nan at x=1000; the rule gives 1
    assert ai.grad(f)(1000.0) == 1.0
    assert ai.jvp(f, (1000.0,), (2.0,))[1] == 2.0
    assert ai.jacfwd(f)(1000.0) == 1.0
    x = np.array([-1.0, 0.0, 2.0])
    assert_close(ai.grad(lambda x: anp.sum(f(x)))(x), 1 / (1 + np.exp(-x)))


def test_custom_jvp_derivatives_all_orders():
    f = make_log1pexp()
    x = rng_array((3,), -2, 2, seed=1)
    check_primitive(f, x)
    s = 1 / (1 + np.exp(-x))
    assert_close(ai.hessian(lambda x: anp.sum(f(x)))(x), np.diag(s * (1 - s)))


def test_custom_jvp_rule_differs_from_function():
    # A deliberately "wrong" rule shows which one is used: the rule, not the body.
    @ai.custom_jvp
    def f(x):
        return anp.sin(x)

    @f.defjvp
    def f_jvp(primals, tangents):
        (x,), (t,) = primals, tangents
        return f(x), 10.0 * t

    assert ai.grad(f)(0.3) == 10.0
    assert ai.jvp(f, (0.3,), (1.0,))[1] == 10.0
    assert_close(f(0.3), math.sin(0.3))


def test_custom_jvp_two_arguments():
    @ai.custom_jvp
    def f(x, y):
        return x * anp.sin(y)

    @f.defjvp
    def f_jvp(primals, tangents):
        (x, y), (tx, ty) = primals, tangents
        return f(x, y), tx * anp.sin(y) + ty * x * anp.cos(y)

    x, y = np.array([0.5, 1.5]), np.array([0.3, -0.2])
    check_primitive(f, x, y)
    gx, gy = ai.grad(lambda x, y: anp.sum(f(x, y)), argnums=(0, 1))(x, y)
    assert_close(gx, np.sin(y))
    assert_close(gy, x * np.cos(y))


def test_custom_jvp_nested_in_outer_trace():
    f = make_log1pexp()
    # d/dx d/dy f(x * y) at y = 1 = d/dx [x f'(x)] = f'(x) + x f''(x)
    x = 0.4
    s = 1 / (1 + math.exp(-x))
    g = ai.grad(lambda x: ai.grad(lambda y: f(x * y))(1.0))(x)
    assert_close(g, s + x * s * (1 - s))


def make_clip_gradient():
    """Identity in the forward pass, gradient clipped to [-1, 1] in the backward pass."""

    @ai.custom_vjp
    def clip_gradient(x):
        return x

    def fwd(x):
        return x, None

    def bwd(res, g):
        return (anp.clip(g, -1.0, 1.0),)

    clip_gradient.defvjp(fwd, bwd)
    return clip_gradient


def test_custom_vjp_bwd_is_used():
    f = make_clip_gradient()
    assert ai.grad(lambda x: 5.0 * f(x))(2.0) == 1.0
    assert ai.grad(lambda x: 0.5 * f(x))(2.0) == 0.5
    x = np.array([1.0, 2.0])
    assert_close(ai.grad(lambda x: anp.sum(f(x) * np.array([3.0, -0.2])))(x), [1.0, -0.2])
    assert_close(f(x), x)


def test_custom_vjp_with_residuals_and_two_arguments():
    calls = {"fwd": 0, "bwd": 0}

    @ai.custom_vjp
    def f(x, y):
        return anp.sin(x) * y

    def fwd(x, y):
        calls["fwd"] += 1
        return f(x, y), (anp.cos(x), anp.sin(x), y)

    def bwd(res, g):
        calls["bwd"] += 1
        cos_x, sin_x, y = res
        return g * cos_x * y, g * sin_x

    f.defvjp(fwd, bwd)
    x, y = 0.3, 2.0
    gx, gy = ai.grad(f, argnums=(0, 1))(x, y)
    assert_close(gx, math.cos(x) * y)
    assert_close(gy, math.sin(x))
    assert calls["bwd"] >= 1
    ai.check_grads(f, (np.array([0.3, 0.6]), np.array([1.0, -2.0])), order=1, modes=("rev",))


def test_custom_vjp_second_order_reverse():
    @ai.custom_vjp
    def cube(x):
        return x**3

    cube.defvjp(lambda x: (x**3, x), lambda x, g: (3.0 * x * x * g,))
    assert ai.grad(cube)(2.0) == 12.0
    assert ai.grad(ai.grad(cube))(2.0) == 12.0
    assert_close(ai.jacrev(ai.jacrev(lambda x: anp.sum(cube(x))))(np.array([1.0, 2.0])), np.diag([6.0, 12.0]))
    ai.check_grads(cube, (np.array([0.5, -1.0]),), order=2, modes=("rev",))


def test_custom_vjp_cached_cotangents_do_not_leak_between_calls():
    @ai.custom_vjp
    def f(x, y):
        return x * y

    f.defvjp(lambda x, y: (x * y, (x, y)), lambda r, g: (g * r[1], g * r[0]))
    g1 = ai.grad(f, argnums=(0, 1))(2.0, 3.0)
    g2 = ai.grad(f, argnums=(0, 1))(5.0, 7.0)
    assert g1 == (3.0, 2.0) and g2 == (7.0, 5.0)
    # the same function used twice in one computation with different arguments
    h = ai.grad(lambda x: f(x, 2.0) + f(3.0, x))(1.0)
    assert h == 5.0


def test_custom_vjp_fresh_arguments_each_call():
    # Each call gets new argument objects; freed objects' ids are reused by Python, and the
    # cached cotangents of an earlier call must never be returned for a later one.
    @ai.custom_vjp
    def f(x, y):
        return x * y

    f.defvjp(lambda x, y: (x * y, (x, y)), lambda r, g: (g * r[1], g * r[0]))
    wrong = []
    for k in range(200):
        gx, gy = ai.grad(f, argnums=(0, 1))(float(k), float(k + 1))
        if (gx, gy) != (k + 1, k):
            wrong.append(k)
    assert wrong == []


def test_custom_vjp_bwd_must_return_tuple():
    @ai.custom_vjp
    def f(x):
        return x

    f.defvjp(lambda x: (x, None), lambda r, g: g)
    with pytest.raises(TypeError, match="tuple"):
        ai.grad(f)(1.0)


def test_custom_functions_without_rules():
    @ai.custom_jvp
    def f(x):
        return x

    @ai.custom_vjp
    def g(x):
        return x

    with pytest.raises(TypeError, match="defjvp"):
        f(1.0)
    with pytest.raises(TypeError, match="defvjp"):
        g(1.0)


def test_custom_functions_on_plain_values():
    f = make_log1pexp()
    assert_close(f(np.array([0.0, 1.0])), np.log1p(np.exp([0.0, 1.0])))
    assert make_clip_gradient()(2.5) == 2.5
