"""linearize (a staged linear program) and linear_transpose, against jvp, vjp and central differences."""
import doctest

import numpy as np
import pytest

import autoint as ai
import autoint.linear
import autoint.numpy as anp
from ad_helpers import assert_close, rng_array


def f(x):
    return anp.sum(anp.sin(x) * x**2) + anp.exp(x[0]) * x[1]


def g(x, W):
    """Two arguments, array output."""
    return anp.tanh(W @ x) * x[:2]


X = rng_array((3,), seed=4)
V = rng_array((3,), seed=5)
W = rng_array((2, 3), seed=6)
DW = rng_array((2, 3), seed=7)


def test_docstrings_run():
    result = doctest.testmod(autoint.linear)
    assert result.attempted > 0 and result.failed == 0


def test_linearize_matches_jvp_and_finite_differences():
    y, f_jvp = ai.linearize(f, X)
    assert_close(y, f(X))
    assert_close(f_jvp(V), ai.jvp(f, (X,), (V,))[1], atol=1e-12)
    assert_close(f_jvp(V), ai.numerical_jvp(f, (X,), (V,)), atol=1e-6)
    assert_close(f_jvp(2.0 * V), 2.0 * f_jvp(V), atol=1e-12)  # linear in the tangent
    out, g_jvp = ai.linearize(g, X, W)
    assert_close(out, g(X, W))
    assert_close(g_jvp(V, DW), ai.jvp(g, (X, W), (V, DW))[1], atol=1e-12)


def test_f_jvp_replays_the_recording_only():
    calls = []

    def counted(x):
        calls.append(1)
        return f(x)

    _, f_jvp = ai.linearize(counted, X)
    for _ in range(3):
        f_jvp(V)
    assert len(calls) == 1  # f ran once; each f_jvp call replays the recorded equations
    names = {e.prim.name for e in f_jvp.program.equations}
    assert names <= {"multiply", "add", "sum", "getitem", "broadcast_to", "reshape"}  # no sin, exp, power


def test_linearize_under_nesting_matches_jvp():
    hvp = lambda x: ai.jvp(ai.grad(f), (x,), (V,))[1]  # noqa: E731 - the reference: forward over reverse
    # linearize of grad; grad through f_jvp; jvp of f_jvp; jacfwd and jacrev through linearize
    assert_close(ai.linearize(ai.grad(f), X)[1](V), hvp(X), atol=1e-10)
    assert_close(ai.grad(lambda x: ai.linearize(f, x)[1](V))(X), hvp(X), atol=1e-10)
    assert_close(ai.jacfwd(lambda x: ai.linearize(f, x)[1](V))(X), hvp(X), atol=1e-10)
    assert_close(ai.jacrev(lambda x: ai.linearize(f, x)[1](V))(X), hvp(X), atol=1e-10)
    assert_close(ai.jvp(ai.linearize(f, X)[1], (V,), (X,))[1], ai.jvp(f, (X,), (X,))[1], atol=1e-12)
    # second order: linearize of the linearized derivative, and linearize inside jvp
    inner = lambda x: ai.linearize(f, x)[1](V)  # noqa: E731
    assert_close(ai.linearize(inner, X)[1](X), ai.jvp(lambda x: ai.jvp(f, (x,), (V,))[1], (X,), (X,))[1], atol=1e-10)
    assert_close(ai.jvp(inner, (X,), (X,))[1], hvp(X) @ X, atol=1e-10)
    ai.check_grads(inner, (X,), order=2)


def test_linearize_pytrees_constants_and_errors():
    out, f_jvp = ai.linearize(lambda p: {"a": p["w"] * 3.0, "c": 1.0}, {"w": 2.0})
    assert out == {"a": 6.0, "c": 1.0}
    assert f_jvp({"w": 1.0}) == {"a": 3.0, "c": 0.0}
    _, f_jvp = ai.linearize(f, X)
    with pytest.raises(ValueError, match="shape"):
        f_jvp(np.ones(2))
    with pytest.raises(ValueError, match="shaped like the primals"):
        f_jvp(V, V)
    with pytest.raises(TypeError, match="floating-point"):
        ai.linearize(f, np.arange(3))


# -- linear_transpose ---------------------------------------------------------------------------------


LINEAR_FUNCTIONS = {
    "matmul": (lambda x: W @ x, (X,)),
    "sum and broadcast": (lambda x: anp.sum(x) + 2.0 * x, (X,)),
    "indexing and concatenate": (lambda x: anp.concatenate([x[1:], -x[:1]]), (X,)),
    "where with a constant mask": (lambda x: anp.where(np.array([True, False, True]), x, 0.0), (X,)),
    "two arguments, pytree output": (lambda x, M: (W @ x + M[:, 0], {"s": anp.sum(M, axis=0) / 4.0}), (X, W)),
    "reshape, transpose, cumsum": (lambda M: anp.cumsum(anp.transpose(anp.reshape(M, (3, 2))), axis=1), (W,)),
}


@pytest.mark.parametrize("name", LINEAR_FUNCTIONS)
def test_linear_transpose_is_vjp_and_passes_the_dot_product_test(name):
    fn, args = LINEAR_FUNCTIONS[name]
    out = fn(*args)
    rng = np.random.default_rng(0)
    ct = ai.tree_map(lambda o: rng.normal(size=np.shape(o)), out)
    transposed = ai.linear_transpose(fn, *args)(ct)
    expected = ai.vjp(fn, *args)[1](ct)
    for u, v in zip(ai.tree_leaves(transposed), ai.tree_leaves(expected)):
        assert_close(u, v, atol=1e-12)
    # <ct, f(t)> = <f^T(ct), t> for a random t
    t = tuple(rng.normal(size=np.shape(a)) for a in args)
    lhs = sum(np.vdot(c, o) for c, o in zip(ai.tree_leaves(ct), ai.tree_leaves(fn(*t))))
    rhs = sum(np.vdot(c, x) for c, x in zip(ai.tree_leaves(transposed), t))
    assert lhs == pytest.approx(rhs, rel=1e-10)


def test_vjp_is_linearize_then_transpose():
    for fn, args in ((f, (X,)), (g, (X, W))):
        out, f_jvp = ai.linearize(fn, *args)
        ct = np.ones_like(out) if np.ndim(out) else 1.0
        via_transpose = ai.linear_transpose(f_jvp, *args)(ct)
        for u, v in zip(via_transpose, ai.vjp(fn, *args)[1](ct)):
            assert_close(u, v, atol=1e-12)


def test_transpose_of_transpose_and_under_grad():
    A = rng_array((3, 3), seed=9)
    ft = ai.linear_transpose(lambda x: A @ x, X)
    ftt = ai.linear_transpose(lambda c: ft(c)[0], X)
    assert_close(ftt(V)[0], A @ V, atol=1e-12)
    # the transpose is differentiable in the cotangent (it is linear: its derivative is itself)
    assert_close(ai.jacrev(lambda c: ft(c)[0])(V), A.T, atol=1e-12)


def test_non_linear_functions_are_clear_errors():
    with pytest.raises(TypeError, match=r"not linear.*v₁ = sin v₀.*applies sin.*vjp"):
        ai.linear_transpose(anp.sin, 1.0)
    with pytest.raises(TypeError, match="multiplies two values"):
        ai.linear_transpose(lambda x: x * x, 1.0)
    with pytest.raises(TypeError, match="affine"):
        ai.linear_transpose(lambda x: x + 1.0, 1.0)
    with pytest.raises(TypeError, match="output 1 of f does not depend"):
        ai.linear_transpose(lambda x: (2.0 * x, 3.0), 1.0)
    with pytest.raises(TypeError, match="divide"):
        ai.linear_transpose(lambda x: 1.0 / x, 1.0)
    ft = ai.linear_transpose(lambda x: (2.0 * x, 0.0), 1.0)  # a zero output is linear
    assert ft((1.0, 5.0)) == (2.0,)
    with pytest.raises(ValueError, match="shape"):
        ai.linear_transpose(lambda x: W @ x, X)(np.ones(3))


_S = rng_array((3, 3), seed=11) @ rng_array((3, 3), seed=11).T + 3 * np.eye(3)  # symmetric positive definite
_P = rng_array((3,), 0.2, 0.8, seed=12)
BROAD = {
    "sort": (anp.sort, _P), "max": (anp.max, _P), "prod": (anp.prod, _P), "cumprod": (anp.cumprod, _P),
    "clip": (lambda x: anp.clip(x, 0.3, 0.6), _P), "where": (lambda x: anp.where(x > 0.5, x, x**2), _P),
    "pad, diff, tile, stack": (lambda x: anp.stack([anp.diff(anp.pad(x, 1)), anp.tile(x, 2)[1:5]]), _P),
    "std": (anp.std, _P), "inv": (anp.linalg.inv, _S), "solve": (lambda M: anp.linalg.solve(M, _P), _S),
    "slogdet": (lambda M: anp.linalg.slogdet(M)[1], _S), "cholesky": (anp.linalg.cholesky, _S),
    "eigh": (lambda M: anp.linalg.eigh(M)[0], _S), "einsum": (lambda M: anp.einsum("ij,jk->ik", M, M), _S),
}


@pytest.mark.parametrize("name", BROAD)
def test_vjp_is_linearize_then_transpose_across_the_primitives(name):
    fn, x = BROAD[name]
    out, f_jvp = ai.linearize(fn, x)
    ct = rng_array(np.shape(out), seed=13) if np.ndim(out) else 1.0
    assert_close(ai.linear_transpose(f_jvp, x)(ct)[0], ai.vjp(fn, x)[1](ct)[0], atol=1e-10, what=name)
