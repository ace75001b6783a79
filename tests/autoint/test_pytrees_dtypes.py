"""Pytree arguments and outputs; input dtypes (float64, float32, Python floats)."""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, rng_array


def loss(params, x):
    h = anp.tanh(x @ params["w"] + params["b"])
    return anp.sum(h * h) + params["extra"][0] * params["extra"][1][0] ** 2


def make_params():
    return {
        "w": rng_array((3, 2), seed=1),
        "b": rng_array((2,), seed=2),
        "extra": (0.5, [np.array(1.5)]),
    }


X = rng_array((4, 3), seed=3)


def numeric_grad_tree(params):
    """Central differences of ``loss`` for every leaf, in the same structure."""
    leaves, tree = ai.tree_flatten(params)
    out = []
    for k, leaf in enumerate(leaves):
        def f_leaf(v, k=k):
            new = list(leaves)
            new[k] = v
            return loss(ai.tree_unflatten(tree, new), X)

        out.append(ai.finite_difference(f_leaf, np.asarray(leaf, dtype=float)))
    return ai.tree_unflatten(tree, out)


def test_grad_of_dict_is_dict_with_same_structure():
    params = make_params()
    g = ai.grad(loss)(params, X)
    assert isinstance(g, dict) and sorted(g) == ["b", "extra", "w"]
    assert isinstance(g["extra"], tuple) and isinstance(g["extra"][1], list)
    ref = numeric_grad_tree(params)
    for a, b in zip(ai.tree_leaves(g), ai.tree_leaves(ref)):
        assert_close(a, b)
    assert g["w"].shape == (3, 2) and np.shape(g["extra"][0]) == ()


def test_value_and_grad_argnums_tuple_with_pytrees():
    params = make_params()
    v, (gp, gx) = ai.value_and_grad(loss, argnums=(0, 1))(params, X)
    assert_close(v, loss(params, X))
    assert isinstance(gp, dict)
    assert_close(gx, ai.finite_difference(lambda x: loss(params, x), X))


def test_check_grads_with_pytree_arguments():
    ai.check_grads(loss, (make_params(), X), order=2)


def test_jvp_with_pytrees_in_and_out():
    p = {"a": np.array([0.3, 0.4]), "b": [0.2, (np.array(1.5),)]}
    t = {"a": np.array([1.0, 0.0]), "b": [1.0, (np.array(2.0),)]}

    def f(p):
        return {"s": anp.sin(p["a"]) * p["b"][0], "l": [p["b"][1][0] ** 2]}

    out, tan = ai.jvp(f, (p,), (t,))
    assert set(out) == {"s", "l"} and isinstance(out["l"], list)
    assert_close(tan["s"], np.cos(p["a"]) * t["a"] * 0.2 + np.sin(p["a"]) * 1.0)
    assert_close(tan["l"][0], 2 * 1.5 * 2.0)


def test_vjp_with_pytree_output_and_cotangent():
    def f(x, y):
        return (x * y, {"q": anp.sum(x)})

    x, y = np.array([1.0, 2.0]), 3.0
    out, pullback = ai.vjp(f, x, y)
    gx, gy = pullback((np.array([1.0, 1.0]), {"q": 2.0}))
    assert_close(gx, np.array([3.0, 3.0]) + 2.0)
    assert_close(gy, 3.0)


@pytest.mark.parametrize("jac", [ai.jacfwd, ai.jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_pytree_input_and_output(jac):
    p = {"u": np.array([1.0, 2.0]), "v": 0.5}

    def f(p):
        return [p["u"] * p["v"], anp.sum(p["u"])]

    j = jac(f)(p)
    assert isinstance(j, list) and isinstance(j[0], dict)
    assert_close(j[0]["u"], 0.5 * np.eye(2))
    assert_close(j[0]["v"], p["u"])
    assert_close(j[1]["u"], np.ones(2))
    assert_close(j[1]["v"], 0.0)


def test_hessian_of_dict():
    p = {"a": np.array([1.0, 2.0]), "b": 3.0}
    h = ai.hessian(lambda p: anp.sum(p["a"] ** 2) * p["b"])(p)
    assert_close(h["a"]["a"], 2 * 3.0 * np.eye(2))
    assert_close(h["a"]["b"], 2 * p["a"])
    assert_close(h["b"]["a"], 2 * p["a"])
    assert_close(h["b"]["b"], 0.0)


def test_none_leaves_are_structure():
    g = ai.grad(lambda p: p[0] * 2.0)((1.0, None))
    assert g[1] is None and g[0] == 2.0


def test_tree_utilities():
    tree = {"b": [1, (2, 3)], "a": 4}
    leaves, td = ai.tree_flatten(tree)
    assert leaves == [4, 1, 2, 3]
    assert ai.tree_unflatten(td, leaves) == tree
    assert ai.tree_map(lambda x, y: x + y, tree, tree) == {"b": [2, (4, 6)], "a": 8}
    with pytest.raises(ValueError, match="structure"):
        ai.tree_map(lambda x, y: x, tree, [1, 2])


# -- dtypes -------------------------------------------------------------------------------


F32_FUNCS = [
    ("sin", lambda x: anp.sum(anp.sin(x))),
    ("matmul", lambda x: anp.sum(x @ x.T)),
    ("reductions", lambda x: anp.mean(x) + anp.max(x) * anp.prod(x) + anp.var(x)),
    ("indexing", lambda x: anp.sum(x[0, 1:] * x[1:, 0]) + anp.sum(anp.where(x > 0.5, 2.0, x)) + anp.sum(anp.stack([x[0], x[2]])[:, ::2])),
    ("python_scalars", lambda x: anp.sum(2.0 * x**2 + 1.0 / (x + 3.0))),
    ("logsumexp", lambda x: __import__("autoint.scipy.special").scipy.special.logsumexp(x)),
    ("linalg", lambda x: anp.linalg.det(x[:2, :2] + 3.0 * np.eye(2, dtype=np.float32))),
]


@pytest.mark.parametrize("name, f", F32_FUNCS, ids=[f[0] for f in F32_FUNCS])
def test_float32_stays_float32(name, f):
    x = rng_array((3, 3), 0.2, 1.0, seed=5, dtype=np.float32)
    assert f(x).dtype == np.float32
    g = ai.grad(f)(x)
    assert g.dtype == np.float32, name
    assert ai.jacfwd(f)(x).dtype == np.float32, name
    assert ai.hessian(f)(x).dtype == np.float32, name
    assert ai.jvp(f, (x,), (np.ones_like(x),))[1].dtype == np.float32
    assert_close(g, ai.grad(f)(x.astype(np.float64)), atol=2e-3, rtol=2e-3)


def test_python_float_input_gives_float64():
    g = ai.grad(lambda x: x * x)(3.0)
    assert isinstance(g, np.float64) and g == 6.0
    v, g = ai.value_and_grad(lambda x: anp.sin(x))(0.5)
    assert isinstance(v, np.float64) or isinstance(v, np.ndarray)
    assert ai.jacfwd(lambda x: x * x)(3.0) == 6.0


def test_float64_zero_d_array_input():
    g = ai.grad(lambda x: x**3)(np.array(2.0))
    assert np.shape(g) == () and g == 12.0


def test_integer_arrays_mixed_in_as_constants():
    x = np.array([1.0, 2.0])
    k = np.array([3, 4])
    g = ai.grad(lambda x: anp.sum(x * k))(x)
    assert g.dtype == np.float64
    assert_close(g, k.astype(float))


def test_float32_at_update_and_scatter():
    x = np.array([0.5, 1.5, 2.5], dtype=np.float32)
    g = ai.grad(lambda x: anp.sum(x.at[1].set(2.0) * x.at[np.array([0, 0])].add(x[2])))(x)
    assert g.dtype == np.float32
    # f = x0 (x0 + 2 x2) + 2 x1 + x2 * x2 -> (2 x0 + 2 x2, 2, 2 x0 + 2 x2)
    assert_close(g, [2 * 0.5 + 2 * 2.5, 2.0, 2 * 0.5 + 2 * 2.5], rtol=1e-6)
