"""Derivatives that were once wrong or missing: remainders, linspace, std of one element, norm, einsum."""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, check_primitive, rng_array


# -- remainders: 1 in x, -floor(x/y) (mod) or -trunc(x/y) (fmod) in y -------------------------


def test_mod_operator_has_unit_derivative():
    assert_close(ai.grad(lambda x: x % 1.0)(2.3), 1.0)
    assert_close(ai.jacfwd(lambda x: x % 1.0)(2.3), 1.0)


@pytest.mark.parametrize("f", [anp.mod, anp.remainder, lambda x, y: x % y], ids=["mod", "remainder", "op"])
def test_mod_derivative_in_divisor(f):
    assert_close(ai.grad(f, 1)(0.7, 0.3), -2.0)
    assert_close(ai.grad(f, 1)(-0.7, 0.3), 3.0)  # floor(-2.33) = -3


def test_fmod_derivative_in_divisor_truncates():
    assert_close(ai.grad(anp.fmod, 1)(-0.7, 0.3), 2.0)  # trunc(-2.33) = -2
    assert_close(anp.fmod(-0.7, 0.3), np.fmod(-0.7, 0.3))


@pytest.mark.parametrize("f", [anp.mod, anp.fmod, lambda x, y: 2.5 % y], ids=["mod", "fmod", "rmod"])
def test_remainders_against_finite_differences(f):
    # away from the jumps, where x / y is far from an integer
    x = np.array([[0.75, -1.6], [2.35, -0.45]])
    y = np.array([0.3, -0.7])
    check_primitive(f, x, y)


# -- linspace / logspace differentiable in their endpoints --------------------------------------


def test_linspace_endpoint_derivative():
    assert_close(ai.grad(lambda x: anp.sum(anp.linspace(x, 2.0, 5)))(1.0), 2.5)
    assert_close(ai.grad(lambda x: anp.sum(anp.linspace(0.0, x, 5)))(1.0), 2.5)


@pytest.mark.parametrize("kwargs", [{}, {"endpoint": False}, {"axis": 1}], ids=str)
def test_linspace_arrays_against_finite_differences(kwargs):
    a, b = rng_array((2,), seed=1), rng_array((2,), 2, 3, seed=2)
    check_primitive(lambda a, b: anp.linspace(a, b, 4, **kwargs), a, b)
    assert_close(anp.linspace(a, b, 4, **kwargs), np.linspace(a, b, 4, **kwargs))


def test_logspace_against_finite_differences():
    check_primitive(lambda a, b, base: anp.logspace(a, b, 4, base=base), 0.3, 1.2, 2.5)
    assert_close(ai.jvp(lambda a: anp.logspace(a, 1.0, 3), (0.5,), (1.0,))[0], np.logspace(0.5, 1.0, 3))


# -- std / var of one element, or of equal elements -----------------------------------------------


@pytest.mark.parametrize("f", [anp.std, anp.var])
def test_std_var_of_one_element_have_zero_derivative(f):
    assert ai.grad(f)(3.5) == 0.0
    assert ai.grad(ai.grad(f))(3.5) == 0.0
    assert_close(ai.jacfwd(lambda x: f(x, axis=1))(np.ones((2, 1))), np.zeros((2, 2, 1)))


def test_std_of_equal_elements_takes_zero_subgradient():
    assert_close(ai.grad(anp.std)(np.full(3, 2.0)), np.zeros(3))
    check_primitive(anp.std, np.array([0.3, -1.2, 0.8]))


# -- norm of lists, einsum's interleaved form ------------------------------------------------------


def test_norm_of_list():
    assert anp.linalg.norm([3.0, 4.0]) == 5.0
    assert_close(ai.grad(lambda x: anp.linalg.norm([x, 4.0]))(3.0), 0.6)


def test_einsum_interleaved_form():
    a, b = rng_array((2, 3), seed=3), rng_array((3, 4), seed=4)
    assert_close(anp.einsum(a, [0, 1], b, [1, 2]), np.einsum(a, [0, 1], b, [1, 2]))
    assert_close(anp.einsum(a, [0, 1], b, [1, 2], [2, 0]), np.einsum(a, [0, 1], b, [1, 2], [2, 0]))
    assert_close(anp.einsum(a, [Ellipsis, 1], [Ellipsis]), np.einsum(a, [Ellipsis, 1], [Ellipsis]))
    check_primitive(lambda a, b: anp.einsum(a, [0, 1], b, [1, 2], [2, 0]), a, b)
