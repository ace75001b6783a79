"""Nested transformations, perturbation confusion, closures, control flow, long chains, fan-out."""
import math
import sys

import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, rng_array


def test_grad_of_grad_of_grad():
    f = lambda x: anp.sin(x) * x
    # d^3/dx^3 [x sin x] = -3 sin x - x cos x
    x = 0.7
    assert_close(ai.grad(ai.grad(ai.grad(f)))(x), -3 * math.sin(x) - x * math.cos(x), rtol=1e-12)
    # fourth order of exp: exp
    assert_close(ai.grad(ai.grad(ai.grad(ai.grad(anp.exp))))(0.3), math.exp(0.3), rtol=1e-12)


@pytest.mark.parametrize("outer", [ai.jacfwd, ai.jacrev], ids=["fwd", "rev"])
@pytest.mark.parametrize("inner", [ai.jacfwd, ai.jacrev], ids=["fwd", "rev"])
def test_second_derivatives_all_mode_combinations(outer, inner):
    x = np.array([0.3, -0.4, 0.9])
    f = lambda x: anp.sum(anp.sin(x) * x[0]) + anp.prod(x)
    expected = np.diag(-np.sin(x) * x[0])
    expected[0, :] += np.cos(x)
    expected[:, 0] += np.cos(x)
    expected += np.array([[0, x[2], x[1]], [x[2], 0, x[0]], [x[1], x[0], 0]])
    assert_close(outer(ai.grad(f) if inner is ai.jacrev else inner(f))(x), expected)


@pytest.mark.parametrize("outer", [ai.jacfwd, ai.jacrev], ids=["fwd", "rev"])
@pytest.mark.parametrize("inner", [ai.jacfwd, ai.jacrev], ids=["fwd", "rev"])
def test_third_order_tensor(outer, inner):
    x = np.array([0.5, -0.2])
    f = lambda x: anp.sum(x**3) + x[0] * x[1] ** 2
    t = outer(ai.hessian(f) if inner is ai.jacfwd else inner(ai.jacrev(f)))(x)
    expected = np.zeros((2, 2, 2))
    expected[0, 0, 0] = 6.0
    expected[1, 1, 1] = 6.0
    expected[0, 1, 1] = expected[1, 0, 1] = expected[1, 1, 0] = 2.0
    assert_close(t, expected)


def _mat(n):
    return rng_array((n, n), -0.5, 0.5, seed=n) + 2.0 * np.eye(n)


THIRD_ORDER = [
    ("prod_axis", lambda x: anp.prod(x, axis=0), rng_array((2, 2), 0.5, 1.5, seed=1)),
    ("cumprod", anp.cumprod, rng_array((3,), 0.5, 1.5, seed=2)),
    ("logsumexp", lambda x: __import__("autoint.scipy.special").scipy.special.logsumexp(x, axis=1),
     rng_array((2, 2), seed=3)),
    ("matvec", lambda a: a @ anp.sin(a[0]), rng_array((2, 2), seed=4)),
    ("einsum_diag", lambda a: anp.einsum("ii,ij->j", a, a * a), rng_array((2, 2), seed=5)),
    ("inv", anp.linalg.inv, _mat(2)),
    ("solve", lambda a: anp.linalg.solve(a, anp.sin(a[0])), _mat(2)),
    ("advanced_index", lambda x: (x * x)[np.array([0, 0, 1]), np.array([1, 0, 1])], rng_array((2, 2), seed=6)),
    ("at_set", lambda x: x.at[0].set(x[1] ** 3), rng_array((2,), seed=7)),
    ("power", lambda x: x**x, np.array([0.7, 1.3])),
    ("sinc_at_zero", anp.sinc, np.array([0.0, 0.4])),
]


@pytest.mark.parametrize("name, f, x", THIRD_ORDER, ids=[t[0] for t in THIRD_ORDER])
def test_third_derivatives_every_mode_order(name, f, x):
    """Three nested Jacobians: tangents with two and three levels of batch axes."""
    rrr = ai.jacrev(ai.jacrev(ai.jacrev(f)))(x)
    ref = ai.finite_difference(lambda x: np.asarray(ai.jacrev(ai.jacrev(f))(x)), x, h=1e-5)
    assert_close(rrr, ref, atol=1e-4, rtol=1e-4)
    for outer in (ai.jacfwd, ai.jacrev):
        for middle in (ai.jacfwd, ai.jacrev):
            assert_close(outer(middle(ai.jacfwd(f)))(x), rrr, atol=1e-9, rtol=1e-9)
    assert_close(ai.jacrev(ai.jacfwd(ai.jacrev(f)))(x), rrr, atol=1e-9, rtol=1e-9)


def test_jvp_of_grad_and_grad_of_jvp():
    f = lambda x: anp.sum(anp.exp(x) * x)
    x = np.array([0.2, -0.5])
    v = np.array([1.0, 3.0])
    # Hessian-vector product: diag((x + 2) e^x) v
    hvp = np.exp(x) * (x + 2) * v
    assert_close(ai.jvp(ai.grad(f), (x,), (v,))[1], hvp)
    assert_close(ai.grad(lambda x: ai.jvp(f, (x,), (v,))[1])(x), hvp)
    assert_close(ai.vjp(ai.grad(f), x)[1](v)[0], hvp)


def test_linearize_of_grad():
    f = lambda x: anp.sum(x**4)
    x = np.array([1.0, 2.0])
    _, hvp = ai.linearize(ai.grad(f), x)
    assert_close(hvp(np.array([1.0, 1.0])), 12 * x**2)


# -- perturbation confusion (Siskind & Pearlmutter): d/dx [x * d/dy (x + y) at y=1] at x=1 is 1 ----


def _confusion(outer, inner):
    def f(x):
        return x * inner(lambda y: x + y)(1.0)

    return outer(f)(1.0)


def _d_fwd(f):
    return lambda x: ai.jvp(f, (x,), (1.0,))[1]


def _d_rev(f):
    return ai.grad(f)


MODES = {"fwd": _d_fwd, "rev": _d_rev, "jacfwd": ai.jacfwd, "jacrev": ai.jacrev}


@pytest.mark.parametrize("outer", MODES, ids=str)
@pytest.mark.parametrize("inner", MODES, ids=str)
def test_no_perturbation_confusion(outer, inner):
    assert _confusion(MODES[outer], MODES[inner]) == 1.0


@pytest.mark.parametrize("outer", ["fwd", "rev"])
@pytest.mark.parametrize("inner", ["fwd", "rev"])
def test_no_perturbation_confusion_product(outer, inner):
    # d/dx [ d/dy (x * y) at y=2 ] = d/dx x = 1, and d/dx [x * d/dy (x * y)] = 2x.
    d_out, d_in = MODES[outer], MODES[inner]
    assert d_out(lambda x: d_in(lambda y: x * y)(2.0))(3.0) == 1.0
    assert d_out(lambda x: x * d_in(lambda y: x * y)(2.0))(3.0) == 6.0


def test_closure_over_outer_traced_value():
    # g(x) = d/dy [sin(x * y)] at y = 2 = x cos(2x); g'(x) = cos(2x) - 2x sin(2x)
    def g(x):
        return ai.grad(lambda y: anp.sin(x * y))(2.0)

    x = 0.4
    expected = math.cos(2 * x) - 2 * x * math.sin(2 * x)
    assert_close(ai.grad(g)(x), expected, rtol=1e-12)
    assert_close(ai.jvp(g, (x,), (1.0,))[1], expected, rtol=1e-12)
    assert_close(ai.jacfwd(g)(x), expected, rtol=1e-12)


def test_closure_with_arrays_and_batched_inner():
    w = rng_array((3,), seed=2)

    def inner_jac(x):
        return ai.jacfwd(lambda y: anp.sin(x * y))(w)  # diag(x cos(x w))

    x = np.array(0.6)
    expected = np.diag(np.cos(x * w) - x * w * np.sin(x * w))
    assert_close(ai.jacrev(inner_jac)(x), expected)
    assert_close(ai.jacfwd(inner_jac)(x), expected)


def test_python_control_flow_on_traced_values():
    def f(x):
        if x > 0:
            y = x * x
        else:
            y = -x
        n = 0
        while y < 10.0 and n < 100:
            y = y * 2.0
            n += 1
        for _ in range(3):
            y = y + anp.sin(x)
        return y

    # for x = 1.5: y = 2.25 * 2^3 (=18) + 3 sin x -> derivative 8 * 2x + 3 cos x
    assert_close(ai.grad(f)(1.5), 8 * 3.0 + 3 * math.cos(1.5))
    assert_close(ai.jvp(f, (1.5,), (1.0,))[1], 8 * 3.0 + 3 * math.cos(1.5))
    assert_close(ai.grad(f)(-2.0), -1.0 * 8 + 3 * math.cos(-2.0))


def test_comparisons_give_plain_booleans():
    seen = []

    def f(x):
        c = x > 1.0
        seen.append(type(c))
        return x * 2.0 if c else x

    ai.grad(f)(2.0)
    ai.jvp(f, (2.0,), (1.0,))
    assert all(t in (bool, np.bool_) for t in seen)

    def g(x):
        m = x > 0
        assert isinstance(m, np.ndarray) and m.dtype == bool
        return anp.sum(anp.where(m, x, 0.0))

    assert_close(ai.grad(g)(np.array([-1.0, 2.0])), [0.0, 1.0])


def test_deep_chain_reverse_no_recursion_error():
    n = 100_000

    def f(x):
        for _ in range(n):
            x = x * 1.0000001 + 1e-9
        return x

    limit = sys.getrecursionlimit()
    g = ai.grad(f)(1.0)
    assert sys.getrecursionlimit() == limit
    assert_close(g, 1.0000001**n, rtol=1e-9)


def test_deep_chain_of_array_ops():
    def f(x):
        for _ in range(2000):
            x = anp.sin(x) * 0.5 + x * 0.5
        return anp.sum(x)

    x = np.array([0.1, 0.2])
    assert_close(ai.grad(f)(x), ai.finite_difference(f, x), atol=1e-6)


def test_node_reused_many_times_accumulates():
    def f(x):
        y = x * 1.0
        total = 0.0
        for k in range(1000):
            total = total + y * float(k % 3)
        return total

    # d/dx sum_k (k mod 3) x = sum_k (k mod 3)
    assert ai.grad(f)(2.0) == float(sum(k % 3 for k in range(1000)))
    assert ai.jvp(f, (2.0,), (1.0,))[1] == float(sum(k % 3 for k in range(1000)))


def test_fan_out_and_fan_in_diamond():
    def f(x):
        a = anp.sin(x)
        b = a * a
        c = a * x
        return b + c + a

    x = 0.8
    s, c = math.sin(x), math.cos(x)
    expected = 2 * s * c + c * x + s + c
    assert_close(ai.grad(f)(x), expected, rtol=1e-12)
    assert_close(ai.jvp(f, (x,), (1.0,))[1], expected, rtol=1e-12)


def test_same_input_passed_twice():
    f = lambda x, y: x * y
    assert ai.grad(lambda x: f(x, x))(3.0) == 6.0
    gx, gy = ai.grad(f, argnums=(0, 1))(3.0, 3.0)
    assert gx == 3.0 and gy == 3.0


def test_reusing_a_vjp_after_other_transformations():
    out, pullback = ai.vjp(lambda x: anp.sin(x), np.array([0.1, 0.2]))
    ai.grad(lambda x: x * x)(1.0)
    assert_close(pullback(np.ones(2))[0], np.cos([0.1, 0.2]))


def test_nested_grad_inside_loss():
    # minimise w over the gradient norm: d/dw ||grad_x f(x, w)||^2 with f = w x^2/2 -> grad_x = w x
    def loss(w):
        g = ai.grad(lambda x: anp.sum(w * x * x / 2))(np.array([1.0, 2.0]))
        return anp.sum(g * g)

    # ||w x||^2 = 5 w^2 -> derivative 10 w
    assert_close(ai.grad(loss)(0.3), 3.0)
    assert_close(ai.jacfwd(loss)(0.3), 3.0)
