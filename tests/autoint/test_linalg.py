"""Products, contractions and matrix functions."""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close, check_primitive, rng_array

# (name, autoint function, NumPy reference, shape of a, shape of b)
PRODUCTS = [
    ("matmul_mm", anp.matmul, np.matmul, (2, 3), (3, 2)),
    ("matmul_mv", anp.matmul, np.matmul, (2, 3), (3,)),
    ("matmul_vm", anp.matmul, np.matmul, (3,), (3, 2)),
    ("matmul_vv", anp.matmul, np.matmul, (3,), (3,)),
    ("matmul_stack", anp.matmul, np.matmul, (2, 2, 3), (3, 2)),
    ("matmul_stack_broadcast", anp.matmul, np.matmul, (2, 1, 2, 3), (3, 3, 1)),
    ("matmul_stack_v", anp.matmul, np.matmul, (2, 2, 3), (3,)),
    ("matmul_op", lambda a, b: a @ b, lambda a, b: a @ b, (2, 3), (3, 2)),
    ("dot_mm", anp.dot, np.dot, (2, 3), (3, 2)),
    ("dot_vv", anp.dot, np.dot, (3,), (3,)),
    ("dot_scalar", anp.dot, np.dot, (), (2, 3)),
    ("dot_nd", anp.dot, np.dot, (2, 3), (2, 3, 2)),
    ("vdot", anp.vdot, np.vdot, (2, 3), (2, 3)),
    ("inner", anp.inner, np.inner, (2, 3), (4, 3)),
    ("inner_vv", anp.inner, np.inner, (3,), (3,)),
    ("outer", anp.outer, np.outer, (3,), (2,)),
    ("outer_2d", anp.outer, np.outer, (2, 2), (2,)),
    ("tensordot_int", lambda a, b: anp.tensordot(a, b, 1), lambda a, b: np.tensordot(a, b, 1), (2, 3), (3, 2)),
    ("tensordot_2", anp.tensordot, np.tensordot, (2, 2, 3), (2, 3, 2)),
    ("tensordot_axes", lambda a, b: anp.tensordot(a, b, ([0], [1])),
     lambda a, b: np.tensordot(a, b, ([0], [1])), (3, 2), (2, 3)),
    ("tensordot_0", lambda a, b: anp.tensordot(a, b, 0), lambda a, b: np.tensordot(a, b, 0), (2,), (3,)),
    ("einsum_mm", lambda a, b: anp.einsum("ij,jk->ik", a, b), lambda a, b: np.einsum("ij,jk->ik", a, b),
     (2, 3), (3, 2)),
    ("einsum_implicit", lambda a, b: anp.einsum("ij,jk", a, b), lambda a, b: np.einsum("ij,jk", a, b),
     (2, 3), (3, 2)),
    ("einsum_batch", lambda a, b: anp.einsum("bij,bjk->bik", a, b), lambda a, b: np.einsum("bij,bjk->bik", a, b),
     (2, 2, 3), (2, 3, 2)),
    ("einsum_sum_out", lambda a, b: anp.einsum("ij,j->", a, b), lambda a, b: np.einsum("ij,j->", a, b),
     (2, 3), (3,)),
    ("einsum_ellipsis", lambda a, b: anp.einsum("...ij,jk->...ik", a, b),
     lambda a, b: np.einsum("...ij,jk->...ik", a, b), (2, 2, 3), (3, 2)),
    ("einsum_ellipsis_broadcast", lambda a, b: anp.einsum("...ij,...jk->...ik", a, b),
     lambda a, b: np.einsum("...ij,...jk->...ik", a, b), (2, 1, 2, 3), (3, 3, 2)),
    ("einsum_ellipsis_implicit", lambda a, b: anp.einsum("...j,j", a, b), lambda a, b: np.einsum("...j,j", a, b),
     (2, 3), (3,)),
    ("einsum_inner_only", lambda a, b: anp.einsum("ij,k->k", a, b), lambda a, b: np.einsum("ij,k->k", a, b),
     (2, 3), (2,)),
    ("einsum_outer", lambda a, b: anp.einsum("i,j->ij", a, b), lambda a, b: np.einsum("i,j->ij", a, b),
     (2,), (3,)),
]


@pytest.mark.parametrize("name, f, ref, sa, sb", PRODUCTS, ids=[p[0] for p in PRODUCTS])
def test_product(name, f, ref, sa, sb):
    a = rng_array(sa, -1, 1, seed=1)
    b = rng_array(sb, -1, 1, seed=2)
    assert_close(f(a, b), ref(a, b), atol=1e-12)
    check_primitive(f, a, b)
    check_primitive(lambda a, b: f(anp.sin(a) * a, b * b), a, b, hessian=False)


def test_product_of_same_argument():
    a = rng_array((3, 3), seed=3)
    check_primitive(lambda a: a @ a, a)
    check_primitive(lambda a: anp.einsum("ij,jk,kl->il", a, a, a), a)
    check_primitive(lambda v: anp.dot(v, v), rng_array((4,), seed=4))


@pytest.mark.parametrize("spec, shapes", [
    ("ii->", [(3, 3)]),
    ("ii->i", [(3, 3)]),
    ("ij->ji", [(2, 3)]),
    ("ij->", [(2, 3)]),
    ("ij,ij->i", [(2, 3), (2, 3)]),
    ("i,i,i->", [(3,), (3,), (3,)]),
    ("iij->j", [(2, 2, 3)]),
    ("ii,ij->j", [(3, 3), (3, 2)]),
    ("iji->ij", [(2, 3, 2)]),
    ("...ii->...i", [(2, 3, 3)]),
])
def test_einsum_specs(spec, shapes):
    ops = [rng_array(s, seed=k) for k, s in enumerate(shapes)]
    assert_close(anp.einsum(spec, *ops), np.einsum(spec, *ops), atol=1e-12)
    check_primitive(lambda *ops: anp.einsum(spec, *ops), *ops)


@pytest.mark.parametrize("offset, shape", [(0, (3, 3)), (1, (3, 3)), (-1, (3, 4)), (0, (2, 3, 3))])
def test_trace(offset, shape):
    x = rng_array(shape, seed=5)
    assert_close(anp.trace(x, offset), np.trace(x, offset))
    check_primitive(lambda x: anp.trace(x * x, offset), x)


def test_dot_method_on_traced_value():
    a, b = rng_array((2, 3), seed=1), rng_array((3,), seed=2)
    assert_close(ai.jacrev(lambda a: a.dot(b))(a), ai.finite_difference(lambda a: a.dot(b), a))
    assert_close(ai.jacfwd(lambda b: (a * 1.0 + 0 * b[0]).dot(b))(b), a, atol=1e-12)


def test_trace_method():
    x = rng_array((3, 3), seed=5)
    assert_close(ai.grad(lambda x: x.trace())(x), np.eye(3))


def _well_conditioned(shape, seed):
    n = shape[-1]
    return rng_array(shape, -0.5, 0.5, seed=seed) + 2.0 * np.eye(n)


MATRIX_FUNCTIONS = [
    ("inv", anp.linalg.inv, np.linalg.inv, (3, 3)),
    ("inv_stack", anp.linalg.inv, np.linalg.inv, (2, 2, 2)),
    ("det", anp.linalg.det, np.linalg.det, (3, 3)),
    ("det_stack", anp.linalg.det, np.linalg.det, (2, 3, 3)),
    ("logabsdet", lambda x: anp.linalg.slogdet(x)[1], lambda x: np.linalg.slogdet(x)[1], (3, 3)),
    ("logabsdet_stack", lambda x: anp.linalg.slogdet(x)[1], lambda x: np.linalg.slogdet(x)[1], (2, 2, 2)),
    ("logabsdet_negative_det", lambda x: anp.linalg.slogdet(-x)[1], lambda x: np.linalg.slogdet(-x)[1], (3, 3)),
]


@pytest.mark.parametrize("name, f, ref, shape", MATRIX_FUNCTIONS, ids=[m[0] for m in MATRIX_FUNCTIONS])
def test_matrix_function(name, f, ref, shape):
    x = _well_conditioned(shape, seed=len(name))
    assert_close(f(x), ref(x), atol=1e-12)
    check_primitive(f, x)


def test_det_closed_form():
    x = _well_conditioned((3, 3), 1)
    assert_close(ai.grad(anp.linalg.det)(x), np.linalg.det(x) * np.linalg.inv(x).T)
    assert_close(ai.jacfwd(anp.linalg.det)(x), np.linalg.det(x) * np.linalg.inv(x).T)
    sign, _ = anp.linalg.slogdet(x)
    assert sign == np.linalg.slogdet(x)[0]


@pytest.mark.parametrize("sa, sb", [((3, 3), (3,)), ((3, 3), (3, 2)), ((2, 3, 3), (2, 3, 1)), ((2, 2, 2), (2, 2)),
                                     ((2, 3, 3), (3,)), ((2, 3, 3), (3, 2)), ((3, 3), (2, 3, 1)),
                                     ((2, 1, 2, 2), (3, 2, 1))], ids=str)
def test_solve(sa, sb):
    a = _well_conditioned(sa, 6)
    b = rng_array(sb, seed=7)
    assert_close(anp.linalg.solve(a, b), np.linalg.solve(a, b), atol=1e-12)
    check_primitive(anp.linalg.solve, a, b)


NORMS = [
    ("vec_2", lambda x: anp.linalg.norm(x), lambda x: np.linalg.norm(x), (4,)),
    ("vec_ord2", lambda x: anp.linalg.norm(x, 2), lambda x: np.linalg.norm(x, 2), (4,)),
    ("vec_1", lambda x: anp.linalg.norm(x, 1), lambda x: np.linalg.norm(x, 1), (4,)),
    ("vec_inf", lambda x: anp.linalg.norm(x, np.inf), lambda x: np.linalg.norm(x, np.inf), (4,)),
    ("vec_-inf", lambda x: anp.linalg.norm(x, -np.inf), lambda x: np.linalg.norm(x, -np.inf), (4,)),
    ("fro", lambda x: anp.linalg.norm(x), lambda x: np.linalg.norm(x), (2, 3)),
    ("fro_named", lambda x: anp.linalg.norm(x, "fro"), lambda x: np.linalg.norm(x, "fro"), (2, 3)),
    ("rows", lambda x: anp.linalg.norm(x, axis=1), lambda x: np.linalg.norm(x, axis=1), (2, 3)),
    ("rows_keepdims", lambda x: anp.linalg.norm(x, axis=-1, keepdims=True),
     lambda x: np.linalg.norm(x, axis=-1, keepdims=True), (2, 3)),
    ("rows_1", lambda x: anp.linalg.norm(x, 1, axis=0), lambda x: np.linalg.norm(x, 1, axis=0), (2, 3)),
]


@pytest.mark.parametrize("name, f, ref, shape", NORMS, ids=[n[0] for n in NORMS])
def test_norm(name, f, ref, shape):
    x = np.array([0.3, -1.2, 0.7, 2.1, -0.5, 1.6])[: int(np.prod(shape))].reshape(shape)  # distinct |x|
    assert_close(f(x), ref(x), atol=1e-12)
    check_primitive(f, x)


def test_norm_gradient_closed_form():
    x = np.array([3.0, -4.0])
    assert_close(ai.grad(anp.linalg.norm)(x), x / 5.0)
    assert_close(ai.grad(lambda x: anp.linalg.norm(x, 1))(x), np.sign(x))


def test_numpy_linalg_dispatches_on_traced_values():
    x = _well_conditioned((3, 3), 2)
    assert_close(ai.grad(lambda x: np.linalg.det(x))(x), np.linalg.det(x) * np.linalg.inv(x).T)
    assert_close(ai.grad(lambda x: np.sum(np.linalg.inv(x)))(x), ai.grad(lambda x: anp.sum(anp.linalg.inv(x)))(x))


def test_einsum_diagonal_gradients_closed_form():
    x = rng_array((3, 3), seed=12)
    assert_close(ai.grad(lambda x: anp.einsum("ii->", x))(x), np.eye(3))
    w = np.array([1.0, 2.0, 3.0])
    assert_close(ai.grad(lambda x: anp.sum(anp.einsum("ii->i", x) * w))(x), np.diag(w))
    assert_close(ai.jacfwd(lambda x: anp.einsum("ii->", x))(x), np.eye(3))
