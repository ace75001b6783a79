"""User-defined primitives: ai.Primitive with defjvp/defvjp; broadcast_tangent and unbroadcast for their rules."""
import doctest

import numpy as np
import pytest

import autoint as ai
import autoint.core
import autoint.numpy as anp
from ad_helpers import check_primitive, rng_array


def make_softplus():
    softplus = ai.Primitive("softplus", lambda x: np.logaddexp(0.0, x))
    softplus.defjvp(lambda g, ans, x: g * anp.exp(x - ans))
    softplus.defvjp(lambda g, ans, x: g * anp.exp(x - ans))
    return softplus


def test_docstring_examples_run():
    result = doctest.testmod(autoint.core)
    assert result.attempted > 0 and result.failed == 0
    runner = doctest.DocTestRunner()
    for helper in (ai.unbroadcast, ai.broadcast_tangent):
        for test in doctest.DocTestFinder().find(helper):
            runner.run(test)
    assert runner.summarize(verbose=False) == doctest.TestResults(failed=0, attempted=4)


def test_softplus_against_closed_forms_in_both_modes_and_at_second_order():
    softplus = make_softplus()
    x = rng_array((4,), -3.0, 3.0)
    sigmoid = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(softplus(x), np.log1p(np.exp(x)))
    np.testing.assert_allclose(ai.jvp(softplus, (x,), (np.ones(4),))[1], sigmoid)
    np.testing.assert_allclose(ai.grad(lambda v: anp.sum(softplus(v)))(x), sigmoid)
    second = sigmoid * (1 - sigmoid)
    np.testing.assert_allclose(np.diag(ai.hessian(lambda v: anp.sum(softplus(v)))(x)), second)
    np.testing.assert_allclose(ai.grad(ai.grad(softplus))(0.5), np.exp(-0.5) / (1 + np.exp(-0.5)) ** 2)
    check_primitive(softplus, x)  # check_grads in both modes at order 2, jacfwd/jacrev against differences


def test_binary_primitive_with_broadcasting_uses_unbroadcast():
    scale = ai.Primitive("scale", np.multiply).defjvp(lambda g, ans, a, b: ai.broadcast_tangent(g, a, ans) * b,
                                                      lambda g, ans, a, b: ai.broadcast_tangent(g, b, ans) * a)
    scale.defvjp(lambda g, ans, a, b: ai.unbroadcast(g * b, anp.shape(a)),
                 lambda g, ans, a, b: ai.unbroadcast(g * a, anp.shape(b)))
    a, b = rng_array((2, 3), seed=1), rng_array((3,), seed=2)
    ga, gb = ai.grad(lambda a, b: anp.sum(scale(a, b) ** 2), argnums=(0, 1))(a, b)
    np.testing.assert_allclose(ga, 2 * a * b**2)
    np.testing.assert_allclose(gb, (2 * a**2 * b).sum(axis=0))
    check_primitive(scale, a, b)


def test_unbroadcast_sums_added_and_stretched_axes():
    g = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(ai.unbroadcast(g, (3,)), [3.0, 5.0, 7.0])
    np.testing.assert_array_equal(ai.unbroadcast(g, (2, 1)), [[3.0], [12.0]])
    np.testing.assert_array_equal(ai.unbroadcast(g, ()), 15.0)
    assert ai.unbroadcast(g, (2, 3)) is g
    t = ai.broadcast_tangent(np.arange(6.0).reshape(2, 3), np.ones(3), np.ones((4, 3)))  # 2 directions
    np.testing.assert_array_equal(t, np.broadcast_to(np.arange(6.0).reshape(2, 1, 3), (2, 4, 3)))


def test_missing_rule_is_a_clear_error():
    only_forward = ai.Primitive("only_forward", np.sin).defjvp(lambda g, ans, x: g * anp.cos(x))
    assert ai.jvp(only_forward, (0.0,), (1.0,))[1] == 1.0
    with pytest.raises(NotImplementedError, match="only_forward.*reverse-mode.*custom_jvp"):
        ai.grad(only_forward)(0.0)
