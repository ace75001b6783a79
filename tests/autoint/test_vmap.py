"""vmap: its API (in_axes/out_axes, pytrees, keyword arguments), its errors, and every nesting
with the other transformations, against Python loops and finite differences."""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, numeric_jacobian

rng = np.random.default_rng(7)
XS = rng.uniform(-1.0, 1.0, (5, 3))  # a batch of 5 vectors
W = rng.uniform(-1.0, 1.0, (3, 2))


def f(x, w):
    """One example's scalar loss."""
    return anp.sum(anp.tanh(x @ w) ** 2) + anp.sum(anp.sin(x) * x)


def fd_grad(g, x):
    return ai.finite_difference(lambda x: np.asarray(g(x)), x)


# -- API ---------------------------------------------------------------------------------------


def test_in_axes_int_none_and_negative():
    assert_close(ai.vmap(f, in_axes=(0, None))(XS, W), [f(x, W) for x in XS])
    assert_close(ai.vmap(f, in_axes=(1, None))(XS.T, W), [f(x, W) for x in XS])
    assert_close(ai.vmap(f, in_axes=(-1, None))(XS.T, W), [f(x, W) for x in XS])
    ws = rng.uniform(-1, 1, (5, 3, 2))
    assert_close(ai.vmap(f, in_axes=(None, 0))(XS[0], ws), [f(XS[0], w) for w in ws])
    assert_close(ai.vmap(f)(XS, ws), [f(x, w) for x, w in zip(XS, ws)])
    assert_close(ai.vmap(f, in_axes=[0, 2])(XS, np.moveaxis(ws, 0, 2)), [f(x, w) for x, w in zip(XS, ws)])


def test_pytree_prefix_in_and_out():
    params = {"w": W, "b": rng.uniform(-1, 1, 2)}
    batch = {"x": XS, "y": rng.uniform(-1, 1, (2, 5))}

    def g(p, d):
        z = d["x"] @ p["w"] + p["b"]
        return {"pred": z, "err": (anp.sum((z - d["y"]) ** 2), d["y"])}

    out = ai.vmap(g, in_axes=(None, {"x": 0, "y": 1}), out_axes={"pred": 1, "err": 0})(params, batch)
    for b in range(5):
        ref = g(params, {"x": XS[b], "y": batch["y"][:, b]})
        assert_close(out["pred"][:, b], ref["pred"])
        assert_close(out["err"][0][b], ref["err"][0])
        assert_close(out["err"][1][b], ref["err"][1])


def test_out_axes_and_unbatched_outputs():
    out = ai.vmap(lambda x: (anp.outer(x, x), 2.0, W), out_axes=(2, None, 0))(XS)
    assert_close(out[0], np.einsum("bi,bj->ijb", XS, XS))
    assert out[1] == 2.0
    assert_close(out[2], np.broadcast_to(W, (5, 3, 2)))  # an output that does not depend on the batch
    out[2][0, 0, 0] = 1.0  # is an array of its own, not a read-only view of W
    assert W[0, 0] != 1.0


def test_keyword_arguments_are_not_mapped():
    def g(x, scale=1.0, w=None):
        return scale * anp.dot(x, w)

    assert_close(ai.vmap(g)(XS, scale=2.0, w=W[:, 0]), 2.0 * XS @ W[:, 0])


def test_axis_size_with_nothing_mapped():
    assert_close(ai.vmap(lambda w: anp.sum(w), in_axes=None, axis_size=3)(W), np.full(3, W.sum()))


def test_docstring_example():
    import doctest

    import autoint.batching

    assert doctest.testmod(autoint.batching, raise_on_error=False).failed == 0


def test_python_floats_and_integer_batches():
    assert_close(ai.vmap(lambda x, c: x * c, in_axes=(0, None))(np.arange(4), 2.5), np.arange(4) * 2.5)
    assert ai.vmap(lambda i: i + 1)(np.arange(3)).dtype.kind == "i"


# -- errors -----------------------------------------------------------------------------------


def test_error_batch_sizes_differ():
    with pytest.raises(ValueError, match=r"autoint\.vmap: .*different sizes.*argument 0 has size 5 along axis 0.*"
                       r"argument 1 has size 3 along axis 0"):
        ai.vmap(f)(XS, W)


def test_error_in_axes_structure():
    with pytest.raises(ValueError, match=r"autoint\.vmap: in_axes = \(0, 0, 0\) does not match.*tuple of 2"):
        ai.vmap(f, in_axes=(0, 0, 0))(XS, W)
    with pytest.raises(ValueError, match=r"autoint\.vmap: in_axes\[0\] = \{'a': 0\} does not match.*leaf"):
        ai.vmap(f, in_axes=({"a": 0}, None))(XS, W)


def test_error_axis_out_of_range():
    with pytest.raises(ValueError, match=r"autoint\.vmap: in_axes gives argument 1 axis 2.*\(3, 2\).*out of range"):
        ai.vmap(f, in_axes=(0, 2))(XS, W)
    with pytest.raises(ValueError, match=r"autoint\.vmap: in_axes gives argument 0 axis 0.*shape \(\)"):
        ai.vmap(anp.sin)(1.0)


def test_error_out_axes():
    with pytest.raises(TypeError, match=r"autoint\.vmap: the output\[1\] is a str, not an array.*out_axes"):
        ai.vmap(lambda x: (x, "label"))(XS)
    with pytest.raises(ValueError, match=r"autoint\.vmap: out_axes gives the output axis 2.*out of range"):
        ai.vmap(anp.sum, out_axes=2)(XS)
    with pytest.raises(ValueError, match=r"autoint\.vmap: out_axes is None for the output.*differs across the batch"):
        ai.vmap(anp.sum, out_axes=None)(XS)
    with pytest.raises(ValueError, match=r"autoint\.vmap: out_axes = \(0, 0\) does not match"):
        ai.vmap(anp.sum, out_axes=(0, 0))(XS)


def test_error_nothing_mapped_and_non_array():
    with pytest.raises(ValueError, match=r"autoint\.vmap: in_axes maps no argument"):
        ai.vmap(f, in_axes=None)(XS, W)
    with pytest.raises(TypeError, match=r"autoint\.vmap: argument 1 is a str, not an array"):
        ai.vmap(lambda x, s: x, in_axes=(0, 0))(XS, "abc")


def test_error_python_control_flow_on_a_batched_value():
    with pytest.raises(TypeError, match=r"autoint\.vmap: Python control flow.*anp\.where"):
        ai.vmap(lambda x: x if anp.sum(x) > 0 else -x)(XS)


# -- nesting ----------------------------------------------------------------------------------


def test_vmap_of_grad_per_example_gradients():
    per_example = ai.vmap(ai.grad(f, argnums=1), in_axes=(0, None))(XS, W)
    assert per_example.shape == (5, 3, 2)
    for x, g in zip(XS, per_example):
        assert_close(g, fd_grad(lambda w: f(x, w), W), atol=1e-6)
    gx = ai.vmap(ai.grad(f))(XS, np.broadcast_to(W, (5, 3, 2)))
    assert_close(gx, [fd_grad(lambda x: f(x, W), x) for x in XS], atol=1e-6)


def test_grad_of_vmap():
    def total(w):
        return anp.sum(ai.vmap(f, in_axes=(0, None))(XS, w))

    assert_close(ai.grad(total)(W), fd_grad(total, W), atol=1e-6)
    assert_close(ai.grad(total)(W), sum(ai.grad(f, 1)(x, W) for x in XS))


def test_vmap_of_jvp_and_jvp_of_vmap():
    ts = rng.uniform(-1, 1, (5, 3))
    out, tan = ai.vmap(lambda x, t: ai.jvp(lambda x: f(x, W), (x,), (t,)))(XS, ts)
    for b in range(5):
        o, t = ai.jvp(lambda x: f(x, W), (XS[b],), (ts[b],))
        assert_close(out[b], o)
        assert_close(tan[b], t)
        assert_close(t, numeric_jacobian(lambda x: f(x, W), (XS[b],), 0) @ ts[b], atol=1e-6)
    _, tan2 = ai.jvp(ai.vmap(lambda x: f(x, W)), (XS,), (ts,))
    assert_close(tan2, tan)


def test_jacfwd_and_jacrev_of_vmap():
    g = ai.vmap(lambda x: anp.tanh(x @ W))
    ref = numeric_jacobian(g, (XS,), 0)
    assert ref.shape == (5, 2, 5, 3)
    assert_close(ai.jacfwd(g)(XS), ref, atol=1e-6)
    assert_close(ai.jacrev(g)(XS), ref, atol=1e-6)


def test_vmap_of_jacobians_and_hessian():
    g = lambda x: anp.sin(x) * anp.sum(x ** 2)
    for jac in (ai.jacfwd, ai.jacrev):
        assert_close(ai.vmap(jac(g))(XS), [numeric_jacobian(g, (x,), 0) for x in XS], atol=1e-6)
    h = ai.vmap(ai.hessian(lambda x: f(x, W)))(XS)
    for x, hx in zip(XS, h):
        ref = numeric_jacobian(ai.grad(lambda x: f(x, W)), (x,), 0)
        assert_close(hx, ref, atol=1e-5)
        assert_close(hx, ai.hessian(lambda x: f(x, W))(x))


def test_vmap_of_vmap():
    ys = rng.uniform(-1, 1, (4, 3))
    pairwise = ai.vmap(ai.vmap(lambda x, y: anp.sum((x - y) ** 2), (None, 0)), (0, None))(XS, ys)
    assert_close(pairwise, ((XS[:, None, :] - ys[None, :, :]) ** 2).sum(-1))
    # the inner vmap maps axis 1 of an argument the outer one maps along axis 0
    grid = rng.uniform(-1, 1, (5, 4, 3))
    assert_close(ai.vmap(ai.vmap(lambda x: anp.max(x), in_axes=1), in_axes=0)(np.swapaxes(grid, 1, 2)),
                 grid.max(-1))


def test_closure_over_an_outer_batched_value():
    ys = rng.uniform(-1, 1, (4, 3))

    def row(x):
        return ai.vmap(lambda y: anp.dot(x, y) * anp.sum(x))(ys)  # x is the outer vmap's batched value

    assert_close(ai.vmap(row)(XS), np.einsum("bi,ji->bj", XS, ys) * XS.sum(1)[:, None])
    # and a gradient inside, closing over the batched value
    out = ai.vmap(lambda x: ai.grad(lambda w: anp.sum(anp.sin(x * w)))(XS[0]))(XS)
    assert_close(out, XS * np.cos(XS * XS[0]))


def test_grad_through_nested_vmap_with_closure():
    ys = rng.uniform(-1, 1, (4, 3))

    def total(w):
        return anp.sum(ai.vmap(lambda x: ai.vmap(lambda y: anp.tanh(anp.dot(x * w, y)))(ys))(XS))

    w0 = rng.uniform(-1, 1, 3)
    assert_close(ai.grad(total)(w0), fd_grad(total, w0), atol=1e-6)
    assert_close(ai.hessian(total)(w0), numeric_jacobian(ai.grad(total), (w0,), 0), atol=1e-5)


def test_no_batch_confusion_between_levels():
    # d/dw of vmap over x of (x * w): the inner grad must not see the outer batch, nor the reverse.
    out = ai.vmap(lambda x: ai.grad(lambda w: ai.vmap(lambda z: z * w * x)(np.arange(3.0)).sum())(1.0))(XS[:, 0])
    assert_close(out, XS[:, 0] * 3.0)
    # jvp inside vmap inside jvp: each tangent stays with its own level
    def inner(c):
        return ai.vmap(lambda x: ai.jvp(lambda a: a * c * x, (1.0,), (1.0,))[1])(XS[:, 0])

    _, t = ai.jvp(inner, (2.0,), (1.0,))
    assert_close(t, XS[:, 0])


def test_where_with_a_list_condition_still_differentiates():
    # the derivative mask of where is built from the condition; a list must act as an array of booleans
    assert_close(ai.grad(lambda x: anp.sum(anp.where([True, False, True], x, 0.0)))(XS[0]), [1.0, 0.0, 1.0])
    assert_close(ai.vmap(ai.grad(lambda x: anp.sum(anp.where([True, False, True], x, 0.0))))(XS),
                 np.tile([1.0, 0.0, 1.0], (5, 1)))


def test_second_order_under_vmap_with_kinks():
    # max, abs and where take their derivative masks from the batch, element by element
    g = lambda x: anp.max(anp.abs(x)) + anp.sum(anp.where(x > 0, x ** 3, -x))
    assert_close(ai.vmap(ai.grad(g))(XS), [fd_grad(g, x) for x in XS], atol=1e-6)
    assert_close(ai.vmap(ai.hessian(g))(XS), [ai.hessian(g)(x) for x in XS])


# -- custom rules under vmap ----------------------------------------------------------------------


@ai.custom_jvp
def softplus(x):
    return anp.log1p(anp.exp(x))


@softplus.defjvp
def _softplus_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    calls.append(np.shape(x))
    return softplus(x), t / (1.0 + anp.exp(-x))


@ai.custom_vjp
def clip_grad(x, c):
    return x * c


def _clip_fwd(x, c):
    return x * c, (x, c)


def _clip_bwd(res, g):
    x, c = res
    return (anp.clip(g * c, -0.1, 0.1), anp.sum(g * x))


clip_grad.defvjp(_clip_fwd, _clip_bwd)
calls = []


def test_custom_jvp_under_vmap_uses_the_rule_batched():
    g = lambda x: anp.sum(softplus(x) * x)
    calls.clear()
    out = ai.vmap(ai.grad(g))(XS)
    assert_close(out, [fd_grad(g, x) for x in XS], atol=1e-6)
    assert calls and all(s == (3,) for s in calls)  # the rule ran on elements (inside vmap), never lost
    calls.clear()
    total = lambda x: anp.sum(ai.vmap(g)(x))
    assert_close(ai.grad(total)(XS), fd_grad(total, XS), atol=1e-6)
    assert calls  # grad outside vmap still used the custom rule
    assert_close(ai.jacfwd(ai.vmap(softplus))(XS[0]), np.diag(1 / (1 + np.exp(-XS[0]))))


def test_custom_vjp_under_vmap_uses_the_rule_batched():
    c = 3.0
    per_example = ai.vmap(ai.grad(lambda x: anp.sum(clip_grad(x, c))))(XS)
    assert_close(per_example, np.full_like(XS, 0.1))  # the clipped rule, not the true derivative 3
    gc = ai.grad(lambda c: anp.sum(ai.vmap(clip_grad, (0, None))(XS, c)))(c)
    assert_close(gc, XS.sum())  # an unmapped argument gets the sum over the batch
    gx = ai.grad(lambda xs: anp.sum(ai.vmap(clip_grad, (0, None))(xs, c) ** 2))(XS)
    assert_close(gx, np.clip(2 * XS * c * c, -0.1, 0.1))


def test_checkpoint_with_several_outputs_under_vmap():
    # each output of a checkpointed function is its own primitive, read from one evaluation:
    # under vmap that evaluation must be of the whole batch
    step = ai.checkpoint(lambda x, w: (anp.sin(x @ w), anp.cos(x) * 2.0))

    def g(x):
        a, b = step(x, W)
        return anp.sum(a) * anp.sum(b)

    ref = [fd_grad(g, x) for x in XS]
    assert_close(ai.vmap(ai.grad(g))(XS), ref, atol=1e-6)
    assert_close(ai.grad(lambda xs: anp.sum(ai.vmap(g)(xs)))(XS), ref, atol=1e-6)
    assert_close(ai.vmap(ai.hessian(g))(XS), [ai.hessian(g)(x) for x in XS])
