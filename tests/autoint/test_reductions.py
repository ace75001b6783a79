"""Reductions and scans: every axis/keepdims combination, conventions at ties and zeros."""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
import autoint.scipy.special as asp
from ad_helpers import assert_close, check_primitive, rng_array

REDUCTIONS = [
    ("sum", anp.sum),
    ("mean", anp.mean),
    ("prod", anp.prod),
    ("max", anp.max),
    ("min", anp.min),
    ("amax", anp.amax),
    ("var", anp.var),
    ("std", anp.std),
    ("logsumexp", asp.logsumexp),
]

# (shape, axis, keepdims)
AXES = [
    ((4,), None, False),
    ((2, 3), None, False),
    ((2, 3), 0, False),
    ((2, 3), 1, True),
    ((2, 3), -1, False),
    ((2, 3, 2), (0, 2), False),
    ((2, 3, 2), (-1, 0), True),
    ((2, 3), None, True),
]


@pytest.mark.parametrize("shape, axis, keepdims", AXES, ids=str)
@pytest.mark.parametrize("name, f", REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
def test_reduction(name, f, shape, axis, keepdims):
    x = rng_array(shape, 0.5, 2.0, seed=len(name))  # distinct values: no ties in max/min
    expected = getattr(np, name if name != "logsumexp" else "sum")(x, axis=axis, keepdims=keepdims)
    out = f(x, axis=axis, keepdims=keepdims)
    assert np.shape(out) == np.shape(expected)
    check_primitive(lambda x: f(x, axis=axis, keepdims=keepdims), x)


@pytest.mark.parametrize("name, method", [("sum", "sum"), ("mean", "mean"), ("prod", "prod"), ("max", "max"),
                                          ("min", "min"), ("var", "var"), ("std", "std")])
def test_reduction_methods(name, method):
    x = rng_array((2, 3), 0.5, 2.0, seed=11)
    check_primitive(lambda x: getattr(x, method)(axis=1), x)
    check_primitive(lambda x: getattr(x, method)(), x)


def test_zero_d_reductions():
    x = np.array(1.7)
    for f in (anp.sum, anp.mean, anp.prod, anp.max, anp.min, anp.cumsum, anp.cumprod):
        check_primitive(f, x)


@pytest.mark.parametrize("ddof", [0, 1])
def test_var_std_ddof(ddof):
    x = rng_array((5,), seed=3)
    n = x.size
    assert_close(ai.grad(lambda x: anp.var(x, ddof=ddof))(x), 2 * (x - x.mean()) / (n - ddof))
    assert_close(ai.grad(lambda x: anp.std(x, ddof=ddof))(x),
                 (x - x.mean()) / ((n - ddof) * np.std(x, ddof=ddof)))
    check_primitive(lambda x: anp.std(x, ddof=ddof), x)


SCANS = [("cumsum", anp.cumsum), ("cumprod", anp.cumprod)]


@pytest.mark.parametrize("shape, axis", [((4,), None), ((4,), 0), ((2, 3), 0), ((2, 3), 1), ((2, 3), -1),
                                         ((2, 3), None), ((2, 2, 3), 1)], ids=str)
@pytest.mark.parametrize("name, f", SCANS, ids=[s[0] for s in SCANS])
def test_scan(name, f, shape, axis):
    x = rng_array(shape, 0.5, 1.5, seed=4)
    assert_close(f(x, axis=axis), getattr(np, name)(x, axis=axis))
    check_primitive(lambda x: f(x, axis=axis), x)


def test_scan_methods():
    x = rng_array((2, 3), 0.5, 1.5, seed=4)
    check_primitive(lambda x: x.cumsum(axis=1) * x.cumprod(axis=0), x)


# -- conventions -----------------------------------------------------------------------


def test_prod_with_zero_entry_is_exact():
    assert_close(ai.grad(anp.prod)(np.array([0.0, 2.0, 3.0])), [6.0, 0.0, 0.0])
    assert_close(ai.jacfwd(anp.prod)(np.array([0.0, 2.0, 3.0])), [6.0, 0.0, 0.0])
    assert_close(ai.grad(anp.prod)(np.array([0.0, 0.0, 3.0])), [0.0, 0.0, 0.0])
    # Hessian of x0 x1 x2 at (0, 2, 3): off-diagonal entries are the third factor.
    expected = np.array([[0.0, 3.0, 2.0], [3.0, 0.0, 0.0], [2.0, 0.0, 0.0]])
    assert_close(ai.hessian(anp.prod)(np.array([0.0, 2.0, 3.0])), expected)
    assert_close(ai.jacrev(ai.grad(anp.prod))(np.array([0.0, 2.0, 3.0])), expected)
    # with axis: row-wise products
    x = np.array([[0.0, 2.0], [3.0, 4.0]])
    assert_close(ai.grad(lambda x: anp.sum(anp.prod(x, axis=1)))(x), [[2.0, 0.0], [4.0, 3.0]])


def test_cumprod_with_zero_entry_is_exact():
    x = np.array([2.0, 0.0, 3.0])
    # out = [x0, x0 x1, x0 x1 x2]; d(sum out)/dx = [1 + x1 + x1 x2, x0 + x0 x2, x0 x1]
    expected = np.array([1.0 + 0.0 + 0.0, 2.0 + 6.0, 0.0])
    assert_close(ai.grad(lambda x: anp.sum(anp.cumprod(x)))(x), expected)
    assert_close(ai.jacfwd(lambda x: anp.sum(anp.cumprod(x)))(x), expected)


@pytest.mark.parametrize("f, pick", [(anp.max, np.max), (anp.min, np.min)])
def test_max_min_ties_split_equally(f, pick):
    x = np.array([1.0, 3.0, 3.0, -2.0, 3.0]) if pick is np.max else np.array([1.0, -3.0, -3.0, 2.0, 5.0])
    hit = (x == pick(x)).astype(float)
    assert_close(ai.grad(f)(x), hit / hit.sum())
    assert_close(ai.jacfwd(f)(x), hit / hit.sum())
    y = np.array([[1.0, 1.0], [2.0, 0.0]])
    hit = (y == pick(y, axis=1, keepdims=True)).astype(float)
    assert_close(ai.grad(lambda y: anp.sum(f(y, axis=1)))(y), hit / hit.sum(1, keepdims=True))


def test_logsumexp_is_stable_and_its_gradient_is_softmax():
    x = np.array([1000.0, 1000.0, 999.0])
    assert_close(asp.logsumexp(x), 1000.0 + np.log(2 + np.exp(-1.0)), rtol=1e-14)
    softmax = np.exp(x - x.max()) / np.exp(x - x.max()).sum()
    assert_close(ai.grad(asp.logsumexp)(x), softmax)
    assert_close(ai.jacfwd(asp.logsumexp)(x), softmax)
    h = ai.hessian(asp.logsumexp)(x)
    assert_close(h, np.diag(softmax) - np.outer(softmax, softmax))
    assert asp.logsumexp(np.array([-np.inf, 0.0])) == 0.0


def test_logsumexp_against_numpy():
    x = rng_array((3, 4), -3, 3, seed=9)
    for axis in (None, 0, 1, -1):
        assert_close(asp.logsumexp(x, axis=axis), np.log(np.sum(np.exp(x), axis=axis)))


def test_mean_gradient_closed_form():
    x = rng_array((3, 4), seed=2)
    assert_close(ai.grad(lambda x: anp.mean(x))(x), np.full((3, 4), 1 / 12))
    assert_close(ai.grad(lambda x: anp.sum(anp.mean(x, axis=0) ** 2))(x), np.broadcast_to(2 * x.mean(0) / 3, (3, 4)))


def test_argmax_argmin_on_traced_values():
    x = np.array([0.3, 2.0, -1.0])

    def f(x):
        i, j = anp.argmax(x), anp.argmin(x)
        assert (int(i), int(j)) == (1, 2)
        return x[i] - x[j] + x.argmax() * 0.0

    assert_close(ai.grad(f)(x), [0.0, 1.0, -1.0])
    assert_close(ai.jacfwd(f)(x), [0.0, 1.0, -1.0])
