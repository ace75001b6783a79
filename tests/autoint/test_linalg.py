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


# -- decompositions: each factor against central differences, both modes, order 2 --------------------


def _spd(shape, seed):
    b = rng_array(shape, seed=seed)
    return b @ np.swapaxes(b, -1, -2) + 3.0 * np.eye(shape[-1])


DECOMPOSITIONS = [
    ("cholesky", anp.linalg.cholesky, np.linalg.cholesky, "spd", (3, 3)),
    ("cholesky_stack", anp.linalg.cholesky, np.linalg.cholesky, "spd", (2, 3, 3)),
    ("eigh_values", lambda a: anp.linalg.eigh(a)[0], lambda a: np.linalg.eigh(a)[0], "spd", (3, 3)),
    ("eigh_vectors", lambda a: anp.linalg.eigh(a)[1], lambda a: np.linalg.eigh(a)[1], "spd", (3, 3)),
    ("eigh_stack", lambda a: anp.linalg.eigh(a)[1], lambda a: np.linalg.eigh(a)[1], "spd", (2, 3, 3)),
    ("eigvalsh", anp.linalg.eigvalsh, np.linalg.eigvalsh, "spd", (3, 3)),
    ("svd_s", lambda a: anp.linalg.svd(a)[1], lambda a: np.linalg.svd(a)[1], "any", (3, 3)),
    ("svd_u_square", lambda a: anp.linalg.svd(a)[0], lambda a: np.linalg.svd(a)[0], "any", (3, 3)),
    ("svd_vh_full_square", lambda a: anp.linalg.svd(a, full_matrices=True)[2],
     lambda a: np.linalg.svd(a)[2], "any", (3, 3)),
    ("svd_u_tall", lambda a: anp.linalg.svd(a, full_matrices=False)[0],
     lambda a: np.linalg.svd(a, full_matrices=False)[0], "any", (4, 2)),
    ("svd_vh_tall", lambda a: anp.linalg.svd(a, full_matrices=False)[2],
     lambda a: np.linalg.svd(a, full_matrices=False)[2], "any", (4, 2)),
    ("svd_u_wide", lambda a: anp.linalg.svd(a, full_matrices=False)[0],
     lambda a: np.linalg.svd(a, full_matrices=False)[0], "any", (2, 4)),
    ("svd_vh_wide", lambda a: anp.linalg.svd(a, full_matrices=False)[2],
     lambda a: np.linalg.svd(a, full_matrices=False)[2], "any", (2, 4)),
    ("svd_stack", lambda a: anp.linalg.svd(a, compute_uv=False), lambda a: np.linalg.svd(a, compute_uv=False),
     "any", (2, 3, 2)),
    ("qr_q", lambda a: anp.linalg.qr(a)[0], lambda a: np.linalg.qr(a)[0], "any", (4, 3)),
    ("qr_r", lambda a: anp.linalg.qr(a)[1], lambda a: np.linalg.qr(a)[1], "any", (4, 3)),
    ("qr_square", lambda a: anp.linalg.qr(a, mode="r"), lambda a: np.linalg.qr(a, mode="r"), "any", (3, 3)),
    ("pinv_square", anp.linalg.pinv, np.linalg.pinv, "any", (3, 3)),
    ("pinv_tall", anp.linalg.pinv, np.linalg.pinv, "any", (4, 2)),
    ("pinv_wide", anp.linalg.pinv, np.linalg.pinv, "any", (2, 3)),
]


@pytest.mark.parametrize("name, f, ref, kind, shape", DECOMPOSITIONS, ids=[d[0] for d in DECOMPOSITIONS])
def test_decomposition(name, f, ref, kind, shape):
    x = _spd(shape, seed=len(name)) if kind == "spd" else rng_array(shape, seed=len(name))
    assert_close(f(x), ref(x), atol=1e-12)
    # 1e-4: central differences of eigen- and singular vectors lose digits to their large third derivatives
    check_primitive(f, x, atol=1e-4, rtol=1e-4)


def test_reconstructions_have_the_input_as_derivative():
    # d(U S Vh)/dA is the identity map: an independent closed form for the three factors together
    a = rng_array((3, 2), seed=7)

    def rebuild(a):
        u, s, vh = anp.linalg.svd(a, full_matrices=False)
        q, r = anp.linalg.qr(a)
        return (u * s) @ vh + q @ r

    assert_close(ai.jacrev(rebuild)(a), 2 * np.eye(6).reshape(3, 2, 3, 2), atol=1e-10)
    assert_close(ai.jacfwd(rebuild)(a), 2 * np.eye(6).reshape(3, 2, 3, 2), atol=1e-10)


def test_cholesky_reads_the_lower_triangle():
    a = _spd((3, 3), seed=1)
    g = ai.grad(lambda a: anp.sum(anp.linalg.cholesky(a)))(a)
    assert np.all(np.triu(g, 1) == 0)  # as NumPy: the strict upper triangle is never read
    sym = lambda b: anp.linalg.cholesky((b + b.T) / 2)  # a symmetric parametrisation sees both halves
    check_primitive(sym, a)


def test_eigh_at_repeated_eigenvalue():
    a = np.diag([1.0, 1.0, 3.0])
    # eigenvalues: a function symmetric in the repeated pair has its exact derivative
    assert_close(ai.grad(lambda a: anp.sum(anp.linalg.eigvalsh(a)))(a), np.eye(3))
    assert_close(ai.jacfwd(lambda a: anp.linalg.eigvalsh(a)[2])(a), np.diag([0.0, 0.0, 1.0]))
    # eigenvectors of the repeated pair have no derivative: nan, never a made-up number
    with np.errstate(invalid="ignore"):
        g = ai.grad(lambda a: anp.linalg.eigh(a)[1][1, 0])(a)
    assert np.isnan(g).any()


def test_svd_full_matrices_of_non_square_needs_reduced():
    a = rng_array((3, 2), seed=2)
    assert [np.shape(f) for f in anp.linalg.svd(a)] == [(3, 3), (2,), (2, 2)]  # plain values: NumPy's answer
    with pytest.raises(NotImplementedError, match="full_matrices=False"):
        ai.grad(lambda a: anp.sum(anp.linalg.svd(a)[0]))(a)


def test_qr_of_wide_matrix_is_refused_under_differentiation():
    a = rng_array((2, 3), seed=2)
    assert_close(anp.linalg.qr(a)[1], np.linalg.qr(a)[1])
    with pytest.raises(NotImplementedError, match="m ≥ n"):
        ai.grad(lambda a: anp.sum(anp.linalg.qr(a)[1]))(a)


VECTOR_ORDS = [None, 1, 2, 3, 0.5, -1.5, np.inf, -np.inf]
MATRIX_ORDS = [None, "fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]


@pytest.mark.parametrize("ord", VECTOR_ORDS, ids=str)
def test_vector_norms(ord):
    v = rng_array((4,), seed=3)
    assert_close(anp.linalg.norm(v, ord), np.linalg.norm(v, ord))
    check_primitive(lambda v: anp.linalg.norm(v, ord), v, atol=1e-4, rtol=1e-4)
    x = rng_array((2, 3), seed=4)
    for keepdims in (False, True):
        assert_close(anp.linalg.norm(x, ord, 1, keepdims), np.linalg.norm(x, ord, 1, keepdims))
    check_primitive(lambda x: anp.linalg.norm(x, ord, axis=0), x, hessian=False, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("ord", MATRIX_ORDS, ids=str)
def test_matrix_norms(ord):
    m = rng_array((3, 4), seed=5)
    assert_close(anp.linalg.norm(m, ord), np.linalg.norm(m, ord))
    check_primitive(lambda m: anp.linalg.norm(m, ord), m, atol=1e-4, rtol=1e-4)
    t = rng_array((2, 3, 3), seed=6)
    for keepdims in (False, True):
        assert_close(anp.linalg.norm(t, ord, (2, 0), keepdims), np.linalg.norm(t, ord, (2, 0), keepdims))
    check_primitive(lambda t: anp.linalg.norm(t, ord, (2, 0)), t, hessian=False, atol=1e-4, rtol=1e-4)


def test_norm_zero_order_counts_and_has_zero_derivative():
    v = np.array([0.0, 1.5, -2.0])
    assert anp.linalg.norm(v, 0) == 2.0
    assert_close(ai.grad(lambda v: anp.linalg.norm(v, 0) + anp.sum(v))(v), np.ones(3))
