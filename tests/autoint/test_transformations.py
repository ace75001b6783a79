"""The public transformations: grad, value_and_grad, jvp, vjp, linearize, jacfwd, jacrev, hessian."""
import math

import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, rng_array


def f_scalar(x, y):
    return anp.sin(x) * y + x * x * y


def df_dx(x, y):
    return math.cos(x) * y + 2 * x * y


def df_dy(x, y):
    return math.sin(x) + x * x


def test_grad_argnums_int_and_tuple():
    x, y = 0.7, -1.3
    assert_close(ai.grad(f_scalar)(x, y), df_dx(x, y))
    assert_close(ai.grad(f_scalar, argnums=1)(x, y), df_dy(x, y))
    assert_close(ai.grad(f_scalar, argnums=-1)(x, y), df_dy(x, y))
    gx, gy = ai.grad(f_scalar, argnums=(0, 1))(x, y)
    assert_close(gx, df_dx(x, y))
    assert_close(gy, df_dy(x, y))
    (gy1,) = ai.grad(f_scalar, argnums=(1,))(x, y)
    assert_close(gy1, df_dy(x, y))
    g = ai.grad(f_scalar, argnums=(1, 0))(x, y)
    assert_close(g[0], df_dy(x, y))
    assert_close(g[1], df_dx(x, y))


def test_grad_keyword_arguments_are_constants():
    f = lambda x, *, scale: scale * x * x
    assert_close(ai.grad(f)(3.0, scale=2.0), 12.0)


def test_value_and_grad():
    x, y = 0.4, 2.0
    v, g = ai.value_and_grad(f_scalar)(x, y)
    assert_close(v, math.sin(x) * y + x * x * y)
    assert_close(g, df_dx(x, y))
    v, (gx, gy) = ai.value_and_grad(f_scalar, argnums=(0, 1))(x, y)
    assert_close(gy, df_dy(x, y))


def test_grad_has_aux_pytree():
    def f(x):
        aux = {"square": x * x, "note": "hello"}
        return anp.sum(anp.sin(x)), aux

    x = np.array([0.1, 0.2])
    g, aux = ai.grad(f, has_aux=True)(x)
    assert_close(g, np.cos(x))
    assert_close(aux["square"], x * x)
    assert aux["note"] == "hello"
    assert not isinstance(aux["square"], ai.core.Tracer)
    (v, aux2), g2 = ai.value_and_grad(f, has_aux=True)(x)
    assert_close(v, np.sum(np.sin(x)))
    assert_close(g2, np.cos(x))
    assert_close(aux2["square"], x * x)


def test_grad_has_aux_array():
    x = np.array([0.1, 0.2])
    g, aux = ai.grad(lambda x: (anp.sum(anp.sin(x)), x * x), has_aux=True)(x)
    assert_close(g, np.cos(x))
    assert type(aux) is np.ndarray
    assert_close(aux, x * x)


def test_grad_has_aux_scalar_aux_is_plain():
    g, aux = ai.grad(lambda x: (x * x, x + 1.0), has_aux=True)(2.0)
    assert g == 4.0 and aux == 3.0
    assert isinstance(aux, (float, np.floating, np.ndarray))


def test_jvp():
    x = np.array([0.3, -0.8])
    v = np.array([1.0, 2.0])
    out, t = ai.jvp(anp.sin, (x,), (v,))
    assert_close(out, np.sin(x))
    assert_close(t, np.cos(x) * v)
    out, t = ai.jvp(f_scalar, (0.5, 2.0), (1.0, 0.0))
    assert_close(t, df_dx(0.5, 2.0))
    out, t = ai.jvp(f_scalar, [0.5, 2.0], [0.0, 1.0])  # lists too
    assert_close(t, df_dy(0.5, 2.0))


def test_jvp_constant_output_gives_zero_tangent():
    out, t = ai.jvp(lambda x: np.ones(3), (np.array([1.0, 2.0]),), (np.array([1.0, 1.0]),))
    assert_close(t, np.zeros(3))


def test_vjp():
    x = np.array([0.3, -0.8, 1.1])
    out, pullback = ai.vjp(lambda x: anp.sin(x) * 2.0, x)
    assert_close(out, 2 * np.sin(x))
    ct = np.array([1.0, -1.0, 0.5])
    (g,) = pullback(ct)
    assert_close(g, 2 * np.cos(x) * ct)
    (g2,) = pullback(2 * ct)  # a pullback can be called again
    assert_close(g2, 4 * np.cos(x) * ct)


def test_vjp_multiple_primals_returns_tuple():
    out, pullback = ai.vjp(f_scalar, 0.5, 2.0)
    res = pullback(1.0)
    assert isinstance(res, tuple) and len(res) == 2
    assert_close(res[0], df_dx(0.5, 2.0))
    assert_close(res[1], df_dy(0.5, 2.0))


def test_vjp_has_aux():
    out, pullback, aux = ai.vjp(lambda x: (x * 3.0, x - 1.0), 2.0, has_aux=True)
    assert out == 6.0 and aux == 1.0
    assert pullback(1.0) == (3.0,)


def test_linearize():
    x = np.array([0.3, 1.2])
    out, f_jvp = ai.linearize(lambda x: anp.exp(x) * x, x)
    assert_close(out, np.exp(x) * x)
    v = np.array([1.0, -2.0])
    assert_close(f_jvp(v), (np.exp(x) * x + np.exp(x)) * v)
    assert_close(f_jvp(2 * v), 2 * (np.exp(x) * x + np.exp(x)) * v)


@pytest.mark.parametrize("jac", [ai.jacfwd, ai.jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_shapes(jac):
    x = rng_array((2, 3), seed=1)
    assert jac(lambda x: x * 2.0)(x).shape == (2, 3, 2, 3)
    assert jac(anp.sum)(x).shape == (2, 3)
    assert jac(lambda x: anp.sum(x, axis=0))(x).shape == (3, 2, 3)
    assert np.shape(jac(lambda s: s * np.ones(4))(1.5)) == (4,)
    assert np.shape(jac(lambda s: s * s)(1.5)) == ()
    assert_close(jac(lambda x: anp.sum(x * x, axis=1))(x),
                 ai.finite_difference(lambda x: np.sum(x * x, axis=1), x))


@pytest.mark.parametrize("jac", [ai.jacfwd, ai.jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_argnums_tuple(jac):
    x, y = rng_array((2,), seed=1), rng_array((3,), seed=2)
    jx, jy = jac(lambda x, y: anp.outer(x, y), argnums=(0, 1))(x, y)
    assert jx.shape == (2, 3, 2) and jy.shape == (2, 3, 3)
    assert_close(jx, np.einsum("ik,j->ijk", np.eye(2), y))
    assert_close(jy, np.einsum("i,jk->ijk", x, np.eye(3)))


def test_hessian_closed_form():
    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([0.5, -1.0])
    assert_close(ai.hessian(lambda x: 0.5 * x @ a @ x)(x), a)
    # Rosenbrock
    r = lambda x: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
    x0, x1 = 1.2, 0.7
    expected = np.array([[2 - 400 * (x1 - 3 * x0**2), -400 * x0], [-400 * x0, 200.0]])
    assert_close(ai.hessian(r)(np.array([x0, x1])), expected, rtol=1e-12)


def test_hessian_shape_and_argnums():
    x = rng_array((2, 2), seed=3)
    h = ai.hessian(lambda x: anp.sum(x**3))(x)
    assert h.shape == (2, 2, 2, 2)
    assert_close(h.reshape(4, 4), np.diag(6 * x.ravel()))
    h01 = ai.hessian(lambda x, y: anp.sum(x * x * y), argnums=1)(x, 1.0)
    assert_close(h01, 0.0)


def _counting(f):
    calls = []

    def g(*args):
        calls.append(1)
        return f(*args)

    return g, calls


def test_jacfwd_calls_function_once():
    g, calls = _counting(lambda x: anp.sin(x) * anp.sum(x))
    x = rng_array((5,), seed=4)
    ai.jacfwd(g)(x)
    assert len(calls) == 1


def test_hessian_calls_function_once():
    g, calls = _counting(lambda x: anp.sum(anp.sin(x) * x[0]))
    x = rng_array((6,), seed=4)
    h = ai.hessian(g)(x)
    assert len(calls) == 1
    expected = np.diag(-np.sin(x) * x[0])
    expected[0, :] += np.cos(x)
    expected[:, 0] += np.cos(x)
    assert_close(h, expected)


def test_jacfwd_pytree_input_calls_once():
    g, calls = _counting(lambda p: p["a"] * anp.sum(p["b"]))
    ai.jacfwd(g)({"a": np.ones(2), "b": np.ones(3)})
    assert len(calls) == 1


def test_jacrev_non_differentiable_output_path():
    x = np.array([1.0, 2.0])
    assert_close(ai.jacrev(lambda x: np.array([3.0, 4.0, 5.0]))(x), np.zeros((3, 2)))
    assert_close(ai.jacfwd(lambda x: np.array([3.0, 4.0, 5.0]))(x), np.zeros((3, 2)))


def test_output_independent_of_input_gives_zeros():
    assert ai.grad(lambda x: 3.0)(1.0) == 0.0
    assert_close(ai.grad(lambda x, y: anp.sum(y * y))(np.ones(3), 2.0), np.zeros(3))
    assert_close(ai.grad(lambda x: anp.sum(anp.stop_gradient(x) * 2.0))(np.ones(2)), np.zeros(2))
    assert ai.jvp(lambda x: 3.0, (1.0,), (1.0,))[1] == 0.0
    assert ai.hessian(lambda x: 2.0 * x)(1.0) == 0.0


def test_results_are_numpy_not_wrappers():
    x = np.array([1.0, 2.0])
    results = [
        ai.grad(lambda x: anp.sum(x * x))(x),
        ai.grad(lambda s: s * s)(3.0),
        ai.jacfwd(anp.sin)(x),
        ai.jacrev(anp.sin)(x),
        ai.hessian(lambda x: anp.sum(x**3))(x),
        *ai.jvp(anp.sin, (x,), (x,)),
        ai.vjp(anp.sin, x)[0],
        ai.vjp(anp.sin, x)[1](x)[0],
        *ai.value_and_grad(lambda s: s * s)(3.0),
    ]
    for r in results:
        assert isinstance(r, (np.ndarray, np.generic)), type(r)
    assert isinstance(ai.grad(lambda s: s * s)(3.0), np.float64)


def test_stop_gradient():
    f = lambda x: x * ai.stop_gradient(x)
    assert ai.grad(f)(3.0) == 3.0
    assert ai.jvp(f, (3.0,), (1.0,))[1] == 3.0
    assert ai.stop_gradient(2.5) == 2.5


def test_finite_difference_helper():
    x = np.array([0.3, 0.7])
    for method, tol in (("central", 1e-8), ("forward", 1e-4), ("backward", 1e-4)):
        j = ai.finite_difference(lambda x: np.sin(x) * x[0], x, h=1e-6 if method == "central" else 1e-7, method=method)
        expected = np.diag(np.cos(x) * x[0])
        expected[:, 0] += np.sin(x)
        assert_close(j, expected, atol=tol, rtol=tol)
    assert ai.finite_difference(lambda s: s**3, 2.0).shape == ()
    with pytest.raises(ValueError, match="method"):
        ai.finite_difference(np.sin, x, method="sideways")


def test_check_grads_detects_a_wrong_rule():
    bad = ai.Primitive("bad_sin", np.sin)
    bad.defjvp(lambda g, ans, x: g * anp.cos(x) * 1.01)
    bad.defvjp(lambda g, ans, x: g * anp.cos(x))
    with pytest.raises(AssertionError, match="JVP"):
        ai.check_grads(bad, (np.array([0.3, 0.5]),), order=1, modes=("fwd",))
    ai.check_grads(bad, (np.array([0.3, 0.5]),), order=1, modes=("rev",))
    wrong_second = ai.Primitive("sin_wrong_second", np.sin)
    wrong_second.defjvp(lambda g, ans, x: g * np.cos(ai.stop_gradient(x)))  # constant: no second derivative
    with pytest.raises(AssertionError, match="JVP of JVP"):
        ai.check_grads(wrong_second, (np.array([0.3, 0.5]),), order=2, modes=("fwd",))


def test_user_primitive_with_both_rules():
    cube = ai.Primitive("cube", lambda x: x**3)
    cube.defjvp(lambda g, ans, x: g * 3.0 * x * x)
    cube.defvjp(lambda g, ans, x: g * 3.0 * x * x)
    x = np.array([0.5, -1.5])
    ai.check_grads(cube, (x,), order=2)
    assert_close(ai.hessian(lambda x: anp.sum(cube(x)))(x), np.diag(6 * x))
    assert_close(ai.jacfwd(cube)(x), np.diag(3 * x * x))
