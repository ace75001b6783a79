"""Numerical references: finite differences and ``check_grads``.

These use only function *values*, never autoint's rules, so they are an
independent check of every derivative autoint computes.
"""
import numpy as np

from .api import jvp, vjp
from .core import float_dtype
from .tree import tree_flatten, tree_map, tree_unflatten

_METHODS = ("central", "forward", "backward")


def finite_difference(f, x, h=1e-6, method="central"):
    """Estimate the derivative (Jacobian) of ``f`` at array ``x`` by finite differences.

    Returns an array of shape ``f(x).shape + x.shape``.  ``method`` is
    ``"central"`` (error O(h²)), ``"forward"`` or ``"backward"`` (error O(h)).

    >>> round(float(ai.finite_difference(anp.sin, 0.0)), 6)
    1.0
    >>> round(float(ai.finite_difference(lambda x: x ** 3, 2.0)), 4)
    12.0
    """
    if method not in _METHODS:
        raise ValueError(f"finite_difference: method must be one of {_METHODS}, not {method!r}.")
    x = np.asarray(x, dtype=np.result_type(x, np.float64) if np.ndim(x) == 0 else None)
    if not np.issubdtype(x.dtype, np.inexact):
        x = x.astype(float)
    f0 = np.asarray(f(x))
    columns = []
    for i in range(x.size):
        e = np.zeros(x.size, x.dtype)
        e[i] = h
        e = e.reshape(x.shape)
        if method == "central":
            d = (np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * h)
        elif method == "forward":
            d = (np.asarray(f(x + e)) - f0) / h
        else:
            d = (f0 - np.asarray(f(x - e))) / h
        columns.append(d)
    jac = np.stack(columns, axis=-1) if columns else np.zeros(f0.shape + (0,))
    return jac.reshape(f0.shape + x.shape)


def numerical_jvp(f, args, tangents, eps=1e-4):
    """Central-difference directional derivative of ``f`` at ``args`` along ``tangents`` (pytrees).

    >>> round(float(ai.numerical_jvp(lambda x, y: x * y, (2.0, 3.0), (1.0, 0.0))), 6)  # ∂/∂x (x y) = y
    3.0
    """
    plus = tree_map(lambda a, t: a + eps * t, args, tangents)
    minus = tree_map(lambda a, t: a - eps * t, args, tangents)
    return tree_map(lambda p, m: (np.asarray(p) - np.asarray(m)) / (2 * eps), f(*plus), f(*minus))


def _random_like(tree, rng):
    leaves, td = tree_flatten(tree)
    return tree_unflatten(td, [_randn(np.shape(x), float_dtype(x), rng) for x in leaves])


def _randn(shape, dtype, rng):
    return np.asarray(rng.standard_normal(shape), dtype=dtype)[()]


def _inner(a, b):
    la, lb = tree_flatten(a)[0], tree_flatten(b)[0]
    return sum(float(np.sum(np.asarray(x) * np.asarray(y))) for x, y in zip(la, lb))


def _assert_close(what, actual, expected, atol, rtol):
    la, lb = tree_flatten(actual)[0], tree_flatten(expected)[0]
    for x, y in zip(la, lb):
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        if not np.allclose(x, y, atol=atol, rtol=rtol, equal_nan=True):
            err = np.max(np.abs(x - y)) if x.size else 0.0
            raise AssertionError(
                f"check_grads: {what} disagrees with finite differences (max abs error {err:.3g}, "
                f"atol={atol}, rtol={rtol}).\nautoint:   {x}\nnumerical: {y}"
            )


def check_grads(f, args, order=2, modes=("fwd", "rev"), atol=None, rtol=None, eps=None, seed=0):
    """Check autoint's derivatives of ``f`` at ``args`` against central differences.

    ``fwd`` compares each JVP with a numerical directional derivative; ``rev``
    checks each VJP by the dot-product test <ct, J t> = <Jᵀ ct, t>.  With
    ``order=2`` the same checks run on the JVP and VJP functions themselves, in
    both modes, so forward-over-reverse and reverse-over-forward are covered.
    Raises AssertionError naming the failing check.

    >>> ai.check_grads(lambda x: anp.sin(x) * x, (2.0,), order=2)  # silent: the derivatives agree
    >>> wrong = ai.custom_jvp(lambda x: anp.sin(x))
    >>> _ = wrong.defjvp(lambda p, t: (anp.sin(p[0]), 2 * t[0]))  # should be cos(x) * t
    >>> ai.check_grads(wrong, (0.5,), order=1)
    Traceback (most recent call last):
    ...
    AssertionError: ...
    """
    args = tuple(args)
    low_precision = any(np.result_type(x) == np.float32 for x in tree_flatten(args)[0])
    eps = eps or (1e-3 if low_precision else 1e-4)
    atol = atol or (2e-2 if low_precision else 1e-5)
    rtol = rtol or (2e-2 if low_precision else 1e-5)
    rng = np.random.default_rng(seed)
    for mode in modes:
        if mode not in ("fwd", "rev"):
            raise ValueError(f"check_grads: modes must be 'fwd' and/or 'rev', not {mode!r}.")
    _check(f, args, order, modes, atol, rtol, eps, rng, "")


def _check(f, args, order, modes, atol, rtol, eps, rng, prefix):
    tangents = _random_like(args, rng)
    if "fwd" in modes:
        _, out_t = jvp(f, args, tangents)
        _assert_close(prefix + "JVP", out_t, numerical_jvp(f, args, tangents, eps), atol, rtol)
        if order > 1:
            _check(lambda *a: jvp(f, a, tangents)[1], args, order - 1, modes, atol, rtol, eps, rng, prefix + "JVP of ")
    if "rev" in modes:
        out, pullback = vjp(f, *args)
        ct = _random_like(out, rng)
        lhs = _inner(ct, numerical_jvp(f, args, tangents, eps))
        rhs = _inner(pullback(ct), tangents)
        _assert_close(prefix + "VJP", rhs, lhs, atol, rtol)
        if order > 1:
            _check(lambda *a: vjp(f, *a)[1](ct), args, order - 1, modes, atol, rtol, eps, rng, prefix + "VJP of ")
