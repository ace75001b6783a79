"""Audit of every function that computes on plain values (no derivative flows through it).

Such a function is only correct if its true derivative is zero: it is boolean
or integer valued, or piecewise constant.  Each one is found by its
``plain_values`` mark in the public namespace and checked against central
differences at random points, so a differentiable function filed here by
mistake (as mod once was) fails this test.
"""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp

PLAIN = sorted(
    name for name in dir(anp) if not name.startswith("_") and getattr(getattr(anp, name), "plain_values", None)
)


def test_the_audit_finds_the_plain_functions():
    # a floor on the count, so that losing the mark does not silently empty the audit
    assert {"floor", "sign", "less", "argmax", "isclose", "floor_divide", "heaviside", "zeros_like"} <= set(PLAIN)


FIXED = {"argpartition": (2,)}  # arguments that are not values: (x, kth)


def _call(f, args):
    """f on as many random arguments as it takes (one, else two), or on one and its fixed extra arguments."""
    if f.__name__ in FIXED:
        return f(args[0], *FIXED[f.__name__]), 1
    try:
        return f(*args[:1]), 1
    except TypeError:
        return f(*args), 2


def _leaves(out):
    return [np.asarray(o) for o in (out if isinstance(out, tuple) else (out,))]


@pytest.mark.parametrize("name", PLAIN)
@pytest.mark.parametrize("seed", range(3))
def test_plain_function_has_zero_derivative(name, seed):
    f = getattr(anp, name)
    kind = f.plain_values
    rng = np.random.default_rng(seed)
    args = (rng.uniform(-3, 3, 5), rng.uniform(0.5, 2.0, 5) * rng.choice([-1.0, 1.0], 5))
    out, n = _call(f, args)
    for leaf in _leaves(out):
        if kind in ("boolean", "integer"):
            expected = np.bool_ if kind == "boolean" else np.integer
            assert np.issubdtype(leaf.dtype, expected), f"{name} is filed as {kind}-valued but gives {leaf.dtype}"
    if kind != "piecewise constant":
        return
    h = 1e-6
    for i in range(n):
        d = rng.standard_normal(5)
        plus = args[:i] + (args[i] + h * d,) + args[i + 1:n]
        minus = args[:i] + (args[i] - h * d,) + args[i + 1:n]
        for p, m in zip(_leaves(_call(f, plus)[0] if n == 1 else f(*plus)), _leaves(_call(f, minus)[0] if n == 1 else f(*minus))):
            fd = (p.astype(float) - m.astype(float)) / (2 * h)
            assert np.all(fd == 0), f"{name}: central difference in argument {i} is {fd}, not 0"


@pytest.mark.parametrize("name", PLAIN)
def test_plain_function_accepts_traced_values(name):
    f = getattr(anp, name)
    x = np.array([0.7, -1.3, 2.2])
    seen = []

    def g(x):
        out, _ = _call(f, (x, x * 0.5 + 1.0))
        seen.append(out)
        return anp.sum(x * x)

    assert np.allclose(ai.grad(g)(x), 2 * x)
    ref, _ = _call(f, (x, x * 0.5 + 1.0))
    for a, b in zip(_leaves(seen[0]), _leaves(ref)):
        np.testing.assert_array_equal(a, b)


def test_full_like_is_differentiable_in_its_fill_value():
    x = np.zeros((2, 3))
    assert ai.grad(lambda v: anp.sum(anp.full_like(x, v)))(1.5) == 6.0
    ai.check_grads(lambda v: anp.full_like(x, v) ** 2, (1.5,), order=2)
