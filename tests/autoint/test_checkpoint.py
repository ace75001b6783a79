"""ai.checkpoint (remat): the same values and derivatives as the function, at every order and nesting.

References are the un-checkpointed function (derivatives through autoint's
rules) and central differences (``check_grads``), in forward, reverse and
mixed nesting; the recomputation itself is observed by counting calls.
"""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, rng_array


def segment(x, w):
    return anp.tanh(x * w + 0.1) + 0.5 * anp.sin(x)


def make_loss(step):
    def loss(x, w):
        for _ in range(4):
            x = step(x, w)
        return anp.sum(x**2)

    return loss


plain, checked = make_loss(segment), make_loss(ai.checkpoint(segment))
X, W = rng_array((3,), seed=3), 0.7


TRANSFORMS = {
    "value": lambda f: f,
    "grad": lambda f: ai.grad(f, argnums=(0, 1)),
    "jvp": lambda f: lambda x, w: ai.jvp(f, (x, w), (np.ones(3), 0.5)),
    "vjp": lambda f: lambda x, w: ai.vjp(f, x, w)[1](1.0),
    "jacfwd": lambda f: ai.jacfwd(f),
    "jacrev": lambda f: ai.jacrev(f),
    "hessian (fwd over rev)": lambda f: ai.hessian(f),
    "rev over rev": lambda f: ai.jacrev(ai.grad(f)),
    "rev over fwd": lambda f: ai.grad(lambda x, w: ai.jvp(lambda x: f(x, w), (x,), (np.ones(3),))[1], argnums=(0, 1)),
    "grad of grad w": lambda f: ai.grad(ai.grad(f, argnums=1), argnums=1),
    "third order": lambda f: ai.grad(ai.grad(ai.grad(f, argnums=1), argnums=1), argnums=1),
}


@pytest.mark.parametrize("name", TRANSFORMS)
def test_same_values_and_derivatives_as_the_plain_function(name):
    a = TRANSFORMS[name](checked)(X, W)
    b = TRANSFORMS[name](plain)(X, W)
    for u, v in zip(ai.tree_leaves(a), ai.tree_leaves(b)):
        assert_close(u, v, atol=1e-12, rtol=1e-10, what=name)


def test_against_central_differences_in_both_modes_to_second_order():
    ai.check_grads(checked, (X, W), order=2)


def test_tuple_state_pytrees_keyword_constants_and_decorator():
    @ai.remat
    def pendulum_step(state, params, dt=0.1):
        q, p = state
        return (q + dt * p, p - dt * params["k"] * anp.sin(q))

    def energy_after(q0, k, step):
        state = (q0, 0.0 * q0)
        for _ in range(5):
            state = step(state, {"k": k}, dt=0.05)
        return anp.sum(state[0] ** 2 + state[1] ** 2)

    undecorated = pendulum_step.__wrapped__
    q0 = np.array([0.3, -0.2])
    for f in (ai.grad(energy_after, argnums=(0, 1)), ai.hessian(energy_after)):
        for u, v in zip(ai.tree_leaves(f(q0, 2.0, pendulum_step)), ai.tree_leaves(f(q0, 2.0, undecorated))):
            assert_close(u, v, atol=1e-12, rtol=1e-10)
    ai.check_grads(lambda q0, k: energy_after(q0, k, pendulum_step), (q0, 2.0), order=2)


def test_reverse_mode_recomputes_the_segment_and_forward_mode_does_not():
    calls = []

    def counted(x, w):
        calls.append(1)
        return segment(x, w)

    loss = make_loss(ai.checkpoint(counted))
    ai.grad(loss)(X, W)
    assert len(calls) == 4 + 4  # four segments forward, each recomputed once in the backward pass
    calls.clear()
    ai.jvp(loss, (X, W), (np.ones(3), 0.0))
    assert len(calls) == 4  # forward mode keeps no tape: nothing to recompute
    calls.clear()
    make_loss(counted)(X, W)
    ai.grad(make_loss(counted))(X, W)
    assert len(calls) == 8  # plain: one call per segment and evaluation


def test_non_differentiable_arguments_and_traces_pass_through():
    f = ai.checkpoint(lambda x, n: x ** n)
    assert ai.grad(f)(3.0, 2) == 6.0
    t = ai.trace(lambda x: f(x, 2) + 1.0)(3.0)
    assert [e.prim.name for e in t.equations] == ["power", "add"]  # trace shows the inside


def test_errors():
    with pytest.raises(TypeError, match="expected a function.*@checkpoint"):
        ai.checkpoint(3.0)

    def closes_over(w):
        return ai.checkpoint(lambda x: x * w)(anp.sin(w))

    with pytest.raises(TypeError, match="closes over.*Pass that value as an argument"):
        ai.grad(closes_over)(1.5)
    assert ai.grad(lambda w: ai.checkpoint(lambda x: x * w)(2.0))(1.5) == 2.0  # no traced argument: runs inline
    with pytest.raises(TypeError, match="must return arrays"):
        ai.grad(lambda x: ai.checkpoint(lambda x: (x, "label"))(x)[0])(1.0)


def test_docstring_example_runs():
    import doctest

    import autoint.checkpointing

    result = doctest.testmod(autoint.checkpointing)
    assert result.attempted > 0 and result.failed == 0
