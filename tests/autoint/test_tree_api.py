"""The public pytree helpers as the posts use them (JAX's names and semantics), and stop_gradient at order 2."""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp


def test_tree_map_keeps_containers_and_none():
    tree = {"b": [1.0, (2.0, None)], "a": 3.0}
    out = ai.tree_map(lambda x: 10 * x, tree)
    assert out == {"b": [10.0, (20.0, None)], "a": 30.0}
    assert type(out["b"]) is list and type(out["b"][1]) is tuple


def test_tree_leaves_order_is_sorted_keys_then_position():
    assert ai.tree_leaves({"w": [1, 2], "b": 3, "a": (4, None)}) == [4, 3, 1, 2]


def test_tree_map_mismatch_names_both_structures():
    with pytest.raises(ValueError, match=r"\{'W': \*\}.*\[\*\]"):
        ai.tree_map(lambda x, y: x + y, {"W": 1.0}, [1.0])


def test_tree_map_update_of_a_gradient_pytree():
    # loss(p) = sum(W * x) + b0 ** 2 + 3 * b1: gradient x, 2 b0, 3 by hand
    x = np.array([0.5, -1.0])
    params = {"W": np.array([1.0, 2.0]), "b": [4.0, -2.0]}
    loss = lambda p: anp.sum(p["W"] * x) + p["b"][0] ** 2 + 3.0 * p["b"][1]
    value, grads = ai.value_and_grad(loss)(params)
    assert value == pytest.approx(-1.5 + 16.0 - 6.0)
    new = ai.tree_map(lambda p, g: p - 0.1 * g, params, grads)
    np.testing.assert_allclose(new["W"], [1.0 - 0.05, 2.0 + 0.1])
    assert new["b"][0] == pytest.approx(4.0 - 0.8) and new["b"][1] == pytest.approx(-2.0 - 0.3)


def test_stop_gradient_is_a_constant_at_second_order_in_every_mode():
    # f(x) = x^2 * c with c = stop(x): f' = 2 x c, f'' = 2 c (not 6 x, the derivative of x^3)
    f = lambda x: x * x * ai.stop_gradient(x)
    x = 3.0
    fwd = lambda g: (lambda x: ai.jvp(g, (x,), (1.0,))[1])
    assert ai.grad(f)(x) == pytest.approx(18.0) and fwd(f)(x) == pytest.approx(18.0)
    for second in (ai.grad(ai.grad(f)), fwd(fwd(f)), fwd(ai.grad(f)), ai.grad(fwd(f))):
        assert second(x) == pytest.approx(6.0)
    np.testing.assert_allclose(ai.hessian(lambda v: anp.sum(v * v * ai.stop_gradient(v)))(np.array([1.0, 2.0])),
                               np.diag([2.0, 4.0]))
