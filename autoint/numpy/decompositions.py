"""Matrix decompositions: cholesky, eigh, svd, qr, and pinv.

A primitive returns one array, so a decomposition with several factors packs
them into one (factors stacked along the second-to-last axis) and the public
function slices them apart; slicing is differentiable, so the rules see one
packed (co)tangent.  The rules are the textbook perturbation formulas, written
with autoint's own primitives (matmul, solve, masks), so they can be
differentiated again.  Every formula below is derived in its comment; the
tests check each against central differences in both modes and at order 2.
"""
import numpy as np

from ..core import concrete, Primitive, shape_of
from ._util import complex_plain
from . import elementwise as ew
from . import indexing as ix
from . import linalg_ops as la
from . import nondiff
from . import reductions as red
from . import shape_ops as so


def _mT(x):
    return so.swapaxes(x, -1, -2)


def _mm(a, b):
    return la.matmul_p(a, b)


def _diag_matrix(d):
    """A stack of diagonal matrices from a stack of vectors (d may carry batch axes)."""
    n = shape_of(d)[-1]
    return so.expand_dims(d, -1) * so.float_like(np.eye(n), d)


def _diag_part(m):
    n = shape_of(m)[-1]
    return red.sum(m * so.float_like(np.eye(n), m), axis=-1)


def _lower_as_symmetric(a):
    """The symmetric matrix NumPy reads from the lower triangle of a: tril(a) + tril(a, -1)ᵀ."""
    return ix.tril(a) + _mT(ix.tril(a, -1))


def _onto_lower(g):
    """Adjoint of ``_lower_as_symmetric``: <g, tril(d) + tril(d, -1)ᵀ> = <tril(g) + tril(gᵀ, -1), d>."""
    return ix.tril(g) + ix.tril(_mT(g), -1)


def _square(x, name):
    s = shape_of(x)
    if len(s) < 2 or s[-1] != s[-2]:
        raise ValueError(f"autoint.numpy.linalg.{name}: expected a (stack of) square matrices, got shape {s}.")


# -- cholesky ---------------------------------------------------------------------------------
# A = L Lᵀ.  Differentiating, dA = dL Lᵀ + L dLᵀ, so L⁻¹ dA L⁻ᵀ = L⁻¹dL + (L⁻¹dL)ᵀ, where L⁻¹dL is lower
# triangular: dL = L Φ(L⁻¹ dA L⁻ᵀ), Φ = strict lower triangle plus half the diagonal.  Its adjoint:
# Ā = L⁻ᵀ Φ(Lᵀ L̄) L⁻¹ (Φ is a mask, hence self-adjoint).


def _phi(x):
    n = shape_of(x)[-1]
    return x * so.float_like(np.tri(n, n, -1) + 0.5 * np.eye(n), x)


def _sandwich_inv(l, x):
    """L⁻¹ x L⁻ᵀ for symmetric x, by two triangular solves."""
    return _mT(la.solve_p(l, _mT(la.solve_p(l, x))))


def _cholesky_jvp(g, ans, a):
    return _mm(ans, _phi(_sandwich_inv(ans, _lower_as_symmetric(g))))


def _cholesky_vjp(g, ans, a):
    lt = _mT(ans)
    inner = _phi(_mm(lt, g))
    return _onto_lower(_mT(la.solve_p(lt, _mT(la.solve_p(lt, inner)))))


cholesky_p = Primitive(
    "cholesky",
    np.linalg.cholesky,
    "Lower Cholesky factor L of a symmetric positive definite a = L Lᵀ (a's lower triangle is read).",
)
cholesky_p.defjvp(_cholesky_jvp)
cholesky_p.defvjp(_cholesky_vjp)


def cholesky(a):
    """np.linalg.cholesky.  As NumPy, only the lower triangle of ``a`` is read, so the derivative with
    respect to the strict upper triangle is 0 and an off-diagonal entry below it counts for both of the
    symmetric entries (for a symmetric input built from traced values, the chain rule adds both).

    >>> A = np.array([[4.0, 2.0], [2.0, 2.0]])
    >>> print(anp.linalg.cholesky(A).tolist())
    [[2.0, 0.0], [1.0, 1.0]]
    >>> print(ai.jvp(anp.linalg.cholesky, (A,), (np.array([[1.0, 0.0], [0.0, 0.0]]),))[1].tolist())  # d sqrt(a00) = 1/4, ...
    [[0.25, 0.0], [-0.125, 0.125]]
    """
    _square(a, "cholesky")
    if complex_plain("linalg.cholesky", a):
        return np.linalg.cholesky(a)
    return cholesky_p(a)


# -- eigh --------------------------------------------------------------------------------------
# S = V diag(w) Vᵀ with VᵀV = I.  With M = Vᵀ dS V: dw = diag(M) and dV = V (F ∘ M), F_ij = 1/(w_j - w_i)
# off the diagonal, 0 on it.  Adjoint: S̄ = V (diag(w̄) + F ∘ (Vᵀ V̄)) Vᵀ, then onto the lower triangle.
# At a repeated eigenvalue (w_i = w_j) the eigenvectors are not unique and have no derivative: those
# entries of dV are nan, while dw stays the derivative of the eigenvalues as returned (exact for any
# function symmetric in the repeated ones, such as their sum).


def _eigh_impl(a):
    w, v = np.linalg.eigh(a)
    return np.concatenate([np.expand_dims(w, -2), v], axis=-2)


def _eigh_parts(packed):
    return packed[..., 0, :], packed[..., 1:, :]


def _gap_inverse(w, c):
    """F_ij = 1/(w_j - w_i) for distinct values, 0 on the diagonal; ``deg`` marks repeated pairs (i ≠ j)."""
    n = shape_of(c)[-1]
    eye = np.eye(n, dtype=bool)
    deg = (c[..., None, :] == c[..., :, None]) & ~eye
    skip = so.float_like(eye | deg, w)
    diff = so.expand_dims(w, -2) - so.expand_dims(w, -1)
    return (1.0 - skip) / (diff + skip), deg


def _undefined_where(deg, m, fm):
    """F ∘ M, with nan where a repeated eigenvalue pair would need a derivative (M nonzero there)."""
    if isinstance(deg, np.ndarray) and not deg.any():  # (under vmap deg is a batch: no shortcut)
        return fm
    return ew.where(deg & (concrete(m) != 0), np.nan, fm)


def _eigh_jvp(g, ans, a):
    w, v = _eigh_parts(ans)
    f, deg = _gap_inverse(w, concrete(ans)[..., 0, :])
    m = _mm(_mm(_mT(v), _lower_as_symmetric(g)), v)
    dv = _mm(v, _undefined_where(deg, m, f * m))
    return so.concatenate([so.expand_dims(_diag_part(m), -2), dv], axis=-2)


def _eigh_vjp(g, ans, a):
    w, v = _eigh_parts(ans)
    gw, gv = _eigh_parts(g)
    f, deg = _gap_inverse(w, concrete(ans)[..., 0, :])
    m = _mm(_mT(v), gv)
    inner = _diag_matrix(gw) + _undefined_where(deg, m, f * m)
    return _onto_lower(_mm(_mm(v, inner), _mT(v)))


eigh_p = Primitive("eigh", _eigh_impl, "Eigenvalues (row 0) and eigenvectors (rows 1:) of a symmetric matrix.")
eigh_p.defjvp(_eigh_jvp)
eigh_p.defvjp(_eigh_vjp)


def eigh(a, UPLO="L"):
    """np.linalg.eigh: (w, v), eigenvalues ascending.  Reads the lower triangle (``UPLO='L'``, as NumPy).

    Eigenvectors have a sign NumPy chooses; derivatives are those of the vectors NumPy returns.
    Convention at a repeated eigenvalue: the eigenvalues' derivative is diag(Vᵀ dA V) (exact for any
    function symmetric in the repeated eigenvalues); the eigenvectors' derivative does not exist there
    and is nan (only where it is actually needed: a function of w alone gets finite derivatives).

    >>> A = np.array([[2.0, 1.0], [1.0, 2.0]])
    >>> w, v = anp.linalg.eigh(A)
    >>> print(w, np.abs(v).round(6).tolist(), round(float(ai.grad(lambda a: anp.linalg.eigh(a * A)[0][1])(1.0)), 6))  # d(3a)/da
    [1. 3.] [[0.707107, 0.707107], [0.707107, 0.707107]] 3.0
    """
    if UPLO != "L":
        raise NotImplementedError("autoint.numpy.linalg.eigh supports UPLO='L' (NumPy's default) only.")
    _square(a, "eigh")
    if complex_plain("linalg.eigh", a):
        return tuple(np.linalg.eigh(a))
    packed = eigh_p(a)
    return _eigh_parts(packed)


def eigvalsh(a, UPLO="L"):
    """Eigenvalues of a symmetric matrix (the lower triangle is read), ascending; see ``eigh``.

    >>> A = np.array([[2.0, 1.0], [1.0, 2.0]])
    >>> print(anp.linalg.eigvalsh(A), ai.grad(lambda A: anp.linalg.eigvalsh(A)[1])(A).round(6).tolist())  # v vᵀ, lower triangle read
    [1. 3.] [[0.5, 0.0], [1.0, 0.5]]
    """
    return eigh(a, UPLO)[0]


# -- svd ---------------------------------------------------------------------------------------
# A = U diag(s) Vᵀ (reduced: U m×k, V n×k, k = min(m, n)).  With P = Uᵀ dA V and F_ij = 1/(s_j² - s_i²):
#   ds = diag(P)
#   dU = U (F ∘ (P S + S Pᵀ)) + (I - UUᵀ) dA V S⁻¹
#   dV = V (F ∘ (S P + Pᵀ S)) + (I - VVᵀ) dAᵀ U S⁻¹
# Adjoint (J = F ∘ (UᵀŪ), K = F ∘ (VᵀV̄)):
#   Ā = U (diag(s̄) + (J + Jᵀ) S + S (K + Kᵀ)) Vᵀ + (I - UUᵀ) Ū S⁻¹ Vᵀ + U S⁻¹ V̄ᵀ (I - VVᵀ)
# Singular vectors of repeated (or zero, for the projection terms) singular values have no derivative:
# those entries are nan where needed, as for eigh.


def _svd_impl(a):
    u, s, vh = np.linalg.svd(a, full_matrices=False)
    return np.concatenate([u, np.expand_dims(s, -2), np.swapaxes(vh, -1, -2)], axis=-2)


def _svd_parts(packed, m):
    return packed[..., :m, :], packed[..., m, :], packed[..., m + 1:, :]


def _svd_gaps(s, c):
    k = shape_of(c)[-1]
    eye = np.eye(k, dtype=bool)
    deg = (c[..., None, :] == c[..., :, None]) & ~eye
    skip = so.float_like(eye | deg, s)
    s2 = s * s
    return (1.0 - skip) / (so.expand_dims(s2, -2) - so.expand_dims(s2, -1) + skip), deg


def _svd_jvp(g, ans, a):
    m, n = shape_of(a)[-2:]
    u, s, v = _svd_parts(ans, m)
    f, deg = _svd_gaps(s, concrete(ans)[..., m, :])
    p = _mm(_mm(_mT(u), g), v)
    s_row = so.expand_dims(s, -2)  # P * s_row = P S;  P * s_col = S P
    s_col = so.expand_dims(s, -1)
    ps = p * s_row
    sp = p * s_col
    du_in = ps + _mT(ps)
    dv_in = sp + _mT(sp)
    du = _mm(u, _undefined_where(deg, du_in, f * du_in))
    dv = _mm(v, _undefined_where(deg, dv_in, f * dv_in))
    if m > n:
        dav = _mm(g, v)
        du = du + (dav - _mm(u, _mm(_mT(u), dav))) / s_row
    if n > m:
        dau = _mm(_mT(g), u)
        dv = dv + (dau - _mm(v, _mm(_mT(v), dau))) / s_row
    return so.concatenate([du, so.expand_dims(_diag_part(p), -2), dv], axis=-2)


def _svd_vjp(g, ans, a):
    m, n = shape_of(a)[-2:]
    u, s, v = _svd_parts(ans, m)
    gu, gs, gv = _svd_parts(g, m)
    f, deg = _svd_gaps(s, concrete(ans)[..., m, :])
    s_row = so.expand_dims(s, -2)
    s_col = so.expand_dims(s, -1)
    utg = _mm(_mT(u), gu)
    vtg = _mm(_mT(v), gv)
    j = _undefined_where(deg, utg, f * utg)
    k = _undefined_where(deg, vtg, f * vtg)
    inner = _diag_matrix(gs) + (j + _mT(j)) * s_row + s_col * (k + _mT(k))
    out = _mm(_mm(u, inner), _mT(v))
    if m > n:
        out = out + _mm((gu - _mm(u, utg)) / s_row, _mT(v))
    if n > m:
        out = out + _mm(u, _mT((gv - _mm(v, vtg)) / s_row))
    return out


svd_p = Primitive("svd", _svd_impl, "Reduced SVD packed as rows [U; s; V] (V = Vhᵀ).")
svd_p.defjvp(_svd_jvp)
svd_p.defvjp(_svd_vjp)


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """np.linalg.svd: (U, s, Vh), singular values descending, or s alone with ``compute_uv=False``.

    Derivatives need distinct nonzero singular values for U and Vh (at a repeated one they are nan where
    needed); s is differentiable wherever its entries are distinct.  Signs of singular vectors are
    NumPy's.  ``full_matrices=True`` for a non-square matrix adds columns (an arbitrary basis of the
    complement) that have no derivative: use ``full_matrices=False`` to differentiate them.

    >>> B = np.array([[3.0, 0.0], [0.0, -2.0]])
    >>> print(anp.linalg.svd(B, compute_uv=False), ai.grad(lambda b: anp.linalg.svd(b, compute_uv=False)[0])(B).tolist())  # u₁ v₁ᵀ
    [3. 2.] [[1.0, 0.0], [0.0, 0.0]]
    """
    sh = shape_of(a)
    if len(sh) < 2:
        raise ValueError(f"autoint.numpy.linalg.svd: expected a (stack of) matrices, got shape {sh}.")
    m, n = sh[-2:]
    if complex_plain("linalg.svd", a):
        return np.linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv)
    packed = svd_p(a)
    u, s, v = _svd_parts(packed, m)
    if not compute_uv:
        return s
    if full_matrices and m != n:
        if concrete(a) is a:  # plain values: NumPy's answer
            return np.linalg.svd(a, full_matrices=True)
        raise NotImplementedError(
            "autoint.numpy.linalg.svd: full_matrices=True for a non-square matrix adds singular vectors "
            "(an arbitrary basis of the complement) that have no derivative. Pass full_matrices=False."
        )
    return u, s, _mT(v)


def svdvals(a):
    """The singular values of a matrix, descending, as ``np.linalg.svdvals`` (``svd(a, compute_uv=False)``).

    Differentiable wherever the singular values are distinct: d sᵢ = uᵢᵀ dA vᵢ, so the gradient of
    sum(s) is U Vᵀ.

    >>> B = np.array([[3.0, 0.0], [0.0, -2.0]])
    >>> print(anp.linalg.svdvals(B), ai.grad(lambda a: anp.sum(anp.linalg.svdvals(a)))(B).tolist())
    [3. 2.] [[1.0, 0.0], [0.0, -1.0]]
    """
    return svd(a, compute_uv=False)


# -- qr ----------------------------------------------------------------------------------------
# A = QR, m ≥ n, Q m×n with QᵀQ = I, R n×n upper triangular.  C = Qᵀ dA R⁻¹, ω = L(C) - L(C)ᵀ
# (L = strict lower triangle): dQ = Q ω + (I - QQᵀ) dA R⁻¹, dR = Qᵀ dA - ω R.
# Adjoint, with M = QᵀQ̄ - R̄Rᵀ: Ā = Q R̄ + (Q L(M - Mᵀ) + (I - QQᵀ) Q̄) R⁻ᵀ.


def _right_inv(x, r):
    """x R⁻¹ = (R⁻ᵀ xᵀ)ᵀ."""
    return _mT(la.solve_p(_mT(r), _mT(x)))


def _right_inv_t(x, r):
    """x R⁻ᵀ = (R⁻¹ xᵀ)ᵀ."""
    return _mT(la.solve_p(r, _mT(x)))


def _qr_impl(a):
    q, r = np.linalg.qr(a)
    return np.concatenate([q, np.swapaxes(r, -1, -2)], axis=-2)


def _qr_jvp(g, ans, a):
    m = shape_of(a)[-2]
    q, r = ans[..., :m, :], _mT(ans[..., m:, :])
    c = _mm(_mT(q), _right_inv(g, r))
    low = ix.tril(c, -1)
    omega = low - _mT(low)
    dq = _mm(q, omega) + _right_inv(g - _mm(q, _mm(_mT(q), g)), r)
    dr = _mm(_mT(q), g) - _mm(omega, r)
    return so.concatenate([dq, _mT(dr)], axis=-2)


def _qr_vjp(g, ans, a):
    m = shape_of(a)[-2]
    q, r = ans[..., :m, :], _mT(ans[..., m:, :])
    gq, gr = g[..., :m, :], _mT(g[..., m:, :])
    mm = _mm(_mT(q), gq) - _mm(gr, _mT(r))
    inner = _mm(q, ix.tril(mm - _mT(mm), -1)) + gq - _mm(q, _mm(_mT(q), gq))
    return _mm(q, gr) + _right_inv_t(inner, r)


qr_p = Primitive("qr", _qr_impl, "Reduced QR of a tall matrix packed as rows [Q; Rᵀ].")
qr_p.defjvp(_qr_jvp)
qr_p.defvjp(_qr_vjp)


def qr(a, mode="reduced"):
    """np.linalg.qr (mode 'reduced', 'r' or 'complete'); differentiable for m ≥ n and full column rank.

    Q's columns have NumPy's signs.  A wide matrix (m < n), or mode='complete' for a tall one (whose
    extra columns are an arbitrary basis of the complement), raises: no derivative is defined there.

    >>> A = np.array([[3.0, 0.0], [4.0, 1.0]])
    >>> q, r = anp.linalg.qr(A)
    >>> float(abs(r[0, 0])), ai.grad(lambda A: anp.abs(anp.linalg.qr(A)[1][0, 0]))(A).round(6).tolist()  # |first column|
    (5.0, [[0.6, 0.0], [0.8, 0.0]])
    """
    sh = shape_of(a)
    m, n = sh[-2:]
    if complex_plain("linalg.qr", a):
        return np.linalg.qr(a, mode=mode)
    if concrete(a) is a and (m < n or (mode == "complete" and m != n)):
        return np.linalg.qr(a, mode=mode)
    if m < n or (mode == "complete" and m != n):
        raise NotImplementedError(
            f"autoint.numpy.linalg.qr: derivatives need a tall or square matrix (m ≥ n) and mode='reduced' "
            f"or 'r'; got shape {sh}, mode={mode!r}. Differentiate qr of the transpose, or use 'reduced'."
        )
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(f"autoint.numpy.linalg.qr: unknown mode {mode!r}.")
    packed = qr_p(a)
    q, r = packed[..., :m, :], _mT(packed[..., m:, :])
    return r if mode == "r" else (q, r)


# -- pinv --------------------------------------------------------------------------------------
# Where the rank is constant, P = A⁺ has
#   dP = -P dA P + P Pᵀ dAᵀ (I - A P) + (I - P A) dAᵀ Pᵀ P
# and the adjoint Ā = -Pᵀ P̄ Pᵀ + (I - A P) P̄ᵀ P Pᵀ + Pᵀ P P̄ᵀ (I - P A).


def _pinv_jvp(g, ans, a):
    p = ans
    left = np.eye(shape_of(a)[-2]) - _mm(a, p)  # I - A P (m×m)
    right = np.eye(shape_of(a)[-1]) - _mm(p, a)  # I - P A (n×n)
    return -_mm(_mm(p, g), p) + _mm(_mm(_mm(p, _mT(p)), _mT(g)), left) + _mm(_mm(right, _mT(g)), _mm(_mT(p), p))


def _pinv_vjp(g, ans, a):
    p = ans
    left = np.eye(shape_of(a)[-2]) - _mm(a, p)
    right = np.eye(shape_of(a)[-1]) - _mm(p, a)
    return (
        -_mm(_mm(_mT(p), g), _mT(p))
        + _mm(_mm(left, _mT(g)), _mm(p, _mT(p)))
        + _mm(_mm(_mm(_mT(p), p), _mT(g)), right)
    )


pinv_p = Primitive("pinv", lambda a, rcond: np.linalg.pinv(a, rcond=rcond), "Moore-Penrose pseudo-inverse.")
pinv_p.defjvp(lambda g, ans, a, rcond: _pinv_jvp(g, ans, a))
pinv_p.defvjp(lambda g, ans, a, rcond: _pinv_vjp(g, ans, a))


def pinv(a, rcond=1e-15):
    """np.linalg.pinv.  The derivative is that of the pseudo-inverse at constant rank: singular values
    below the cutoff ``rcond * max(s)`` count as exact zeros, and stay zero under perturbation.

    >>> a = np.array([[2.0, 0.0]])
    >>> print(anp.linalg.pinv(a).tolist(), ai.grad(lambda a: anp.linalg.pinv(a)[0, 0])(a).tolist())  # a₀₀ / |a|²
    [[0.5], [0.0]] [[-0.25, 0.0]]
    """
    if complex_plain("linalg.pinv", a):
        return np.linalg.pinv(a, rcond=rcond)
    return pinv_p(a, rcond=float(rcond))


# -- norm --------------------------------------------------------------------------------------


def norm(x, ord=None, axis=None, keepdims=False):
    """np.linalg.norm: vector norms (any p, inf, -inf, 0) and matrix norms (fro, nuc, 1, -1, 2, -2, inf, -inf).

    Conventions at kinks: the 2-norm (and Frobenius) at the zero vector has derivative nan (JAX too: it has
    none there); |x| inside the 1- and p-norms has derivative +1 at 0, and ties in max/min (inf norms,
    matrix 1/inf norms) share the derivative, as ``anp.abs``, ``anp.max`` do; ord=0 counts nonzeros and
    has derivative 0; the matrix 2-norms need a distinct largest (smallest) singular value.

    >>> x = np.array([3.0, 4.0])
    >>> float(anp.linalg.norm(x)), ai.grad(anp.linalg.norm)(x).round(6).tolist(), float(anp.linalg.norm(x, 1))  # x / |x|
    (5.0, [0.6, 0.8], 7.0)
    """
    x = nondiff.asarray(x)  # a list of numbers or of traced values, as NumPy accepts
    if complex_plain("linalg.norm", x):
        return np.linalg.norm(x, ord, axis, keepdims)
    nd = len(shape_of(x))
    if axis is None:
        if ord is None:
            out = ew.sqrt(red.sum(x * x))
            return so.reshape(out, (1,) * nd) if keepdims else out
        axis = tuple(range(nd))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    axes = tuple(int(a) % nd for a in axes)
    if len(axes) == 1:
        return _vector_norm(x, ord, axes[0], keepdims)
    if len(axes) == 2:
        out = _matrix_norm(x, ord, axes)
        return so.expand_dims(out, sorted(axes)) if keepdims else out
    raise ValueError(f"autoint.numpy.linalg.norm: improper number of dimensions to norm: axis={axis!r}.")


def _vector_norm(x, ord, axis, keepdims):
    if ord is None or ord == 2:
        return ew.sqrt(red.sum(x * x, axis=axis, keepdims=keepdims))
    if isinstance(ord, str):
        raise ValueError(f"autoint.numpy.linalg.norm: invalid norm order {ord!r} for vectors.")
    a = ew.absolute(x)
    if ord == np.inf:
        return red.max(a, axis=axis, keepdims=keepdims)
    if ord == -np.inf:
        return red.min(a, axis=axis, keepdims=keepdims)
    if ord == 0:
        return np.sum(concrete(x) != 0, axis=axis, keepdims=keepdims).astype(so.float_like(0, x).dtype)
    if ord == 1:
        return red.sum(a, axis=axis, keepdims=keepdims)
    return red.sum(a ** float(ord), axis=axis, keepdims=keepdims) ** (1.0 / ord)


def _matrix_norm(x, ord, axes):
    r, c = axes
    if ord in (None, "fro"):
        return ew.sqrt(red.sum(x * x, axis=axes))
    if ord in ("nuc", 2, -2):
        s = svd(so.moveaxis(x, axes, (-2, -1)), compute_uv=False)
        if ord == "nuc":
            return red.sum(s, axis=-1)
        return s[..., 0] if ord == 2 else s[..., -1]
    a = ew.absolute(x)
    if ord in (1, -1):  # largest (smallest) column sum
        sums, along = red.sum(a, axis=r), c - (c > r)
    elif ord in (np.inf, -np.inf):  # largest (smallest) row sum
        sums, along = red.sum(a, axis=c), r - (r > c)
    else:
        raise ValueError(f"autoint.numpy.linalg.norm: invalid norm order {ord!r} for matrices.")
    return red.max(sums, axis=along) if ord > 0 else red.min(sums, axis=along)
