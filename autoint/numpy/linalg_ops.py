"""Linear algebra: matmul and einsum primitives, and matrix functions (inv, solve, det, slogdet).

Products are bilinear, so each rule is the same product with one operand
replaced by the (co)tangent.  dot, tensordot, inner, outer, vdot and trace
are compositions.
"""
import string

import numpy as np

from ..core import lead, Primitive, shape_of
from ._util import complex_plain, ndim_of
from . import indexing as ix
from . import nondiff
from . import reductions as red
from . import shape_ops as so

# -- matmul -------------------------------------------------------------------------------


def _matmul_jvp(i):
    def rule(g, ans, a, b):
        b_shape = lead(g, (a, b)[i])
        fast = _matmul_jvp_fast(i, g, a, b, b_shape)
        if fast is not None:
            return fast
        a2 = a if ndim_of(a) > 1 else so.reshape(a, (1,) + shape_of(a))
        b2 = b if ndim_of(b) > 1 else so.reshape(b, shape_of(b) + (1,))
        x2 = (a2, b2)[i]
        out_nd = builtins_max(ndim_of(a2), ndim_of(b2))
        g2 = so.reshape(g, b_shape + (1,) * (out_nd - ndim_of(x2)) + shape_of(x2))
        out = matmul_p(g2, b2) if i == 0 else matmul_p(a2, g2)
        return so.reshape(out, b_shape + shape_of(ans))

    return rule


def _matmul_jvp_fast(i, g, a, b, batch):
    """The cases where matmul itself lines the batch axes of ``g`` up right (None otherwise).

    A batched tangent has extra leading axes; matmul broadcasts leading axes
    from the right, so they fall into place unless the other operand has more
    stack axes, or a vector operand would be read as a matrix.
    """
    if not batch:  # an unbatched tangent has its primal's shape: matmul's own rules apply
        return matmul_p(g, b) if i == 0 else matmul_p(a, g)
    nda, ndb = ndim_of(a), ndim_of(b)
    if i == 0 and (ndb <= 2 or nda >= ndb):
        return matmul_p(g, b)
    if i == 1 and ndb >= 2 and nda <= ndb:
        return matmul_p(a, g)
    if i == 1 and ndb == 1 and nda <= 2:  # matrix @ batch of vectors = vectors @ matrix.T
        return matmul_p(g, so.swapaxes(a, -1, -2) if nda == 2 else a)
    return None


def _matmul_vjp_fast(i, g, a, b):
    """Cotangents for plain matrices and vectors, without promotion or broadcasting (else None)."""
    nda, ndb = ndim_of(a), ndim_of(b)
    if nda == 2 and ndb == 2:
        return matmul_p(g, so.swapaxes(b, 0, 1)) if i == 0 else matmul_p(so.swapaxes(a, 0, 1), g)
    if nda == 1 and ndb == 1:  # inner product: g is a scalar
        return g * b if i == 0 else g * a
    if nda == 2 and ndb == 1:  # matrix @ vector
        return so.reshape(g, (-1, 1)) * b if i == 0 else matmul_p(g, a)
    if nda == 1 and ndb == 2:  # vector @ matrix
        return matmul_p(b, g) if i == 0 else so.reshape(a, (-1, 1)) * g
    return None


def _matmul_vjp(i):
    def rule(g, ans, a, b):
        fast = _matmul_vjp_fast(i, g, a, b)
        if fast is not None:
            return fast
        a2 = a if ndim_of(a) > 1 else so.reshape(a, (1,) + shape_of(a))
        b2 = b if ndim_of(b) > 1 else so.reshape(b, shape_of(b) + (1,))
        out_shape = np.broadcast_shapes(shape_of(a2)[:-2], shape_of(b2)[:-2]) + (
            shape_of(a2)[-2],
            shape_of(b2)[-1],
        )
        g2 = so.reshape(g, out_shape)
        if i == 0:
            ct = red.unbroadcast(matmul_p(g2, so.swapaxes(b2, -1, -2)), shape_of(a2))
        else:
            ct = red.unbroadcast(matmul_p(so.swapaxes(a2, -1, -2), g2), shape_of(b2))
        return so.reshape(ct, shape_of((a, b)[i]))

    return rule


builtins_max = max
matmul_p = Primitive("matmul", np.matmul, "a @ b with NumPy's rules for vectors and stacks of matrices.")
matmul_p.defjvp(_matmul_jvp(0), _matmul_jvp(1))
matmul_p.defvjp(_matmul_vjp(0), _matmul_vjp(1))


def matmul(a, b):
    """The matrix product ``a @ b``, as ``np.matmul``: 1-d operands are vectors, more than two axes are stacks of
    matrices broadcast against each other; a 0-d operand is a ValueError (use ``multiply``).

    Bilinear: d(a @ b) = da @ b + a @ db; the cotangents are g @ bᵀ and aᵀ @ g (summed over broadcast axes).

    >>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> print(anp.matmul(A, np.ones(2)), ai.grad(lambda x: anp.sum(anp.matmul(A, x)))(np.zeros(2)))
    [3. 7.] [4. 6.]
    """
    if ndim_of(a) == 0 or ndim_of(b) == 0:
        raise ValueError("matmul: input operand does not have enough dimensions (use multiply for scalars)")
    return matmul_p(a, b)


def tensordot(a, b, axes=2):
    """np.tensordot as transpose, reshape and one matrix product.

    >>> A = np.array([[2.0, 1.0], [1.0, 3.0]])
    >>> float(anp.tensordot(A, A, 2)), ai.grad(lambda X: anp.tensordot(X, A, 2))(np.zeros((2, 2))).tolist()  # sum of A * A; A
    (15.0, [[2.0, 1.0], [1.0, 3.0]])
    """
    if isinstance(axes, (int, np.integer)):
        axes_a = list(range(ndim_of(a) - axes, ndim_of(a)))
        axes_b = list(range(axes))
    else:
        axes_a, axes_b = ([x] if ndim_of(x) == 0 else list(x) for x in axes)
        axes_a = [x % ndim_of(a) for x in axes_a]
        axes_b = [x % ndim_of(b) for x in axes_b]
    free_a = [i for i in range(ndim_of(a)) if i not in axes_a]
    free_b = [i for i in range(ndim_of(b)) if i not in axes_b]
    sa, sb = shape_of(a), shape_of(b)
    k = int(np.prod([sa[i] for i in axes_a]))
    a2 = so.reshape(so.transpose(a, free_a + axes_a), (-1, k))
    b2 = so.reshape(so.transpose(b, axes_b + free_b), (k, -1))
    return so.reshape(matmul_p(a2, b2), tuple(sa[i] for i in free_a) + tuple(sb[i] for i in free_b))


def dot(a, b):
    """``np.dot``: the product for a 0-d operand, the inner product of vectors, ``matmul`` when b has at most two
    axes, else a sum over a's last axis and b's second-to-last (``tensordot``).

    Bilinear: d dot(a, b) = dot(da, b) + dot(a, db).

    >>> a, b = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    >>> print(anp.dot(a, b), ai.grad(anp.dot)(a, b), ai.grad(anp.dot, argnums=1)(a, b))
    11.0 [3. 4.] [1. 2.]
    """
    a, b = nondiff.listed(a), nondiff.listed(b)
    if ndim_of(a) == 0 or ndim_of(b) == 0:
        return a * b
    if ndim_of(b) <= 2:
        return matmul_p(a, b)
    return tensordot(a, b, ([ndim_of(a) - 1], [ndim_of(b) - 2]))


def inner(a, b):
    """``np.inner``: a sum of products over the last axes of a and b (the product if one is 0-d).

    Bilinear: the gradient of inner(x, x) is 2x.

    >>> x = np.array([1.0, 2.0])
    >>> print(anp.inner(x, np.array([3.0, 4.0])), ai.grad(lambda x: anp.inner(x, x))(x))
    11.0 [2. 4.]
    """
    a, b = nondiff.listed(a), nondiff.listed(b)
    if ndim_of(a) == 0 or ndim_of(b) == 0:
        return a * b
    return tensordot(a, b, ([ndim_of(a) - 1], [ndim_of(b) - 1]))


def outer(a, b):
    """``np.outer``: out[i, j] = a[i] * b[j] over the flattened inputs.

    Bilinear: the gradient of sum(outer(a, b)) with respect to a is sum(b) in every entry.

    >>> b = np.array([3.0, 4.0, 5.0])
    >>> print(anp.outer(np.array([1.0, 2.0]), b).tolist(), ai.grad(lambda a: anp.sum(anp.outer(a, b)))(np.ones(2)))
    [[3.0, 4.0, 5.0], [6.0, 8.0, 10.0]] [12. 12.]
    """
    a, b = nondiff.listed(a), nondiff.listed(b)
    return so.reshape(so.ravel(a), (-1, 1)) * so.reshape(so.ravel(b), (1, -1))


def vdot(a, b):
    """``np.vdot``: the sum of the products of the flattened inputs.

    Bilinear. Plain complex inputs are NumPy's ``np.vdot`` (a conjugated); traced complex inputs are an error.

    >>> a = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> print(anp.vdot(a, a), ai.grad(lambda a: anp.vdot(a, a))(a).tolist())
    30.0 [[2.0, 4.0], [6.0, 8.0]]
    """
    a, b = nondiff.listed(a), nondiff.listed(b)
    if complex_plain("vdot", a, b):
        return np.vdot(a, b)
    return red.sum(so.ravel(a) * so.ravel(b))


def trace(x, offset=0, axis1=0, axis2=1):
    """Sum of diagonal ``offset`` of the matrices in axes ``axis1``, ``axis2``, as ``np.trace``.

    Linear: the gradient of trace(A) is the identity (ones on diagonal ``offset``).

    >>> A = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> print(anp.trace(A), ai.grad(anp.trace)(A).tolist())
    5.0 [[1.0, 0.0], [0.0, 1.0]]
    """
    return red.sum(ix.diagonal(x, offset, axis1, axis2), axis=-1)


# -- einsum ---------------------------------------------------------------------------------


def _parse(subscripts, operands):
    """Explicit form 'ab,bc->ac' of an einsum spec (implicit output made explicit)."""
    subscripts = subscripts.replace(" ", "")
    if "->" in subscripts:
        ins, out = subscripts.split("->")
    else:
        ins = subscripts
        letters = ins.replace(",", "").replace("...", "")
        out = ("..." if "..." in ins else "") + "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    ins = ins.split(",")
    if len(ins) != len(operands):
        raise ValueError(f"einsum: {len(ins)} operands in '{subscripts}' but {len(operands)} given")
    return ins, out


def _fresh(used):
    return next(c for c in string.ascii_letters if c not in used)


def _einsum_jvp(i):
    def rule(g, ans, *ops, spec):
        ins, out = spec
        ins = list(ins)
        if lead(g, ops[i]):
            z = _fresh("".join(ins) + out)
            ins[i], out = z + ins[i], z + out
        operands = list(ops)
        operands[i] = g
        return einsum_p(*operands, spec=(tuple(ins), out))

    return rule


def _einsum_vjp(i):
    def rule(g, ans, *ops, spec):
        ins, out = spec
        target = ins[i]
        sizes = dict(zip(target, shape_of(ops[i])))
        unique = "".join(dict.fromkeys(target))  # a repeated index (a diagonal) once
        others = [ops[k] for k in range(len(ops)) if k != i] + [g]
        other_specs = [ins[k] for k in range(len(ops)) if k != i] + [out]
        present = "".join(c for c in unique if c in "".join(other_specs))
        ct = einsum_p(*others, spec=(tuple(other_specs), present))
        if present != unique:  # indices summed away only inside operand i: broadcast back
            ct = so.reshape(ct, tuple(sizes[c] if c in present else 1 for c in unique))
            ct = so.broadcast_to(ct, tuple(sizes[c] for c in unique))
        if unique != target:
            ct = _onto_diagonals(ct, unique, target, sizes, "".join(ins) + out)
        return red.unbroadcast(ct, shape_of(ops[i]))

    return rule


def _onto_diagonals(ct, unique, target, sizes, used):
    """Cotangent over the distinct indices -> operand layout with repeated indices.

    The derivative of reading the diagonal x[i, i] is zero off the diagonal, so
    each repeated occurrence becomes a fresh index tied to the first by an
    identity matrix: ``einsum('i,ia->ia', ct, eye)`` for ``ii``.
    """
    dt = so.float_like(0, ct).dtype
    letters, eyes, eye_specs = [], [], []
    seen = set()
    for c in target:
        if c in seen:
            f = _fresh(used + "".join(letters))
            letters.append(f)
            eyes.append(np.eye(sizes[c], dtype=dt))
            eye_specs.append(c + f)
        else:
            seen.add(c)
            letters.append(c)
    return einsum_p(ct, *eyes, spec=((unique, *eye_specs), "".join(letters)))


def _einsum_impl(*ops, spec):
    ins, out = spec
    return np.einsum(",".join(ins) + "->" + out, *ops)


einsum_p = Primitive("einsum", _einsum_impl, "Einstein summation over explicit subscripts.")
einsum_p.defrules(lambda mode, i: _einsum_jvp(i) if mode == "jvp" else _einsum_vjp(i))


def einsum(*args, optimize=False):
    """np.einsum, in the subscript form ``einsum('ij,jk->ik', a, b)`` or the interleaved form
    ``einsum(a, [0, 1], b, [1, 2], [0, 2])`` (operand, index list, ..., optional output list).

    >>> A, b = np.array([[2.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0])
    >>> print(anp.einsum("ij,j->i", A, b), ai.grad(lambda b: anp.sum(anp.einsum("ij,j->i", A, b)))(b))  # A b; column sums
    [4. 7.] [3. 4.]
    """
    if isinstance(args[0], str):
        subscripts, operands = args[0], args[1:]
    else:
        subscripts, operands = _interleaved(args)
    ins, out = _parse(subscripts, operands)
    if any("..." in s for s in ins + [out]):
        operands, ins, out = _expand_ellipsis(list(operands), ins, out)
    return einsum_p(*operands, spec=(tuple(ins), out))


def _interleaved(args):
    """The subscript string and operands of einsum's interleaved form."""
    out = args[-1] if len(args) % 2 else None  # an odd count ends with the output's index list
    pairs = args[:-1] if len(args) % 2 else args
    operands, lists = pairs[0::2], pairs[1::2]

    def spell(sub):
        s = ""
        for k in sub:
            if k is Ellipsis:
                s += "..."
                continue
            if not isinstance(k, (int, np.integer)) or not 0 <= k < 52:
                raise ValueError(f"einsum: subscript {k!r} in the interleaved form must be an integer in [0, 52).")
            s += string.ascii_letters[int(k)]
        return s

    spec = ",".join(spell(sub) for sub in lists)
    if out is not None:
        spec += "->" + spell(out)
    return spec, tuple(operands)


def _expand_ellipsis(operands, ins, out):
    """Spell '...' out as letters, so the rules (which prepend batch indices) never see it.

    The dimensions under '...' broadcast against each other; an operand whose
    size-1 dimensions broadcast is expanded first with broadcast_to (whose
    reverse-mode rule sums the cotangent back).
    """
    ell = []
    for op, s in zip(operands, ins):
        n = ndim_of(op) - len(s.replace("...", ""))
        start = s.index("...") if "..." in s else 0
        ell.append(shape_of(op)[start:start + n] if "..." in s else ())
    full = np.broadcast_shapes(*ell)
    used = "".join(ins) + out
    letters = ""
    for _ in full:
        letters += _fresh(used + letters)
    new_ins = []
    for k, (op, s) in enumerate(zip(operands, ins)):
        if "..." not in s:
            new_ins.append(s)
            continue
        n = len(ell[k])
        target = full[len(full) - n:]
        if ell[k] != target:
            start = s.index("...")
            shape = shape_of(op)
            operands[k] = so.broadcast_to(op, shape[:start] + target + shape[start + n:])
        new_ins.append(s.replace("...", letters[len(full) - n:]))
    return operands, new_ins, out.replace("...", letters)


# -- matrix functions ---------------------------------------------------------------------------


def _mT(x):
    return so.swapaxes(x, -1, -2)


inv_p = Primitive("inv", np.linalg.inv, "Matrix inverse (of each matrix in a stack).")
inv_p.defjvp(lambda g, ans, x: -matmul_p(matmul_p(ans, g), ans))
inv_p.defvjp(lambda g, ans, x: -matmul_p(matmul_p(_mT(ans), g), _mT(ans)))


def _solve_impl(a, b):
    return np.linalg.solve(a, b)


# The primitive always solves for a stack of column matrices: ``solve`` below turns a vector
# right-hand side into one column, so the rules never have to guess whether ``b`` (or a tangent
# with batch axes in front of it) is a vector or a matrix.  Stacks of ``a`` and ``b`` broadcast,
# so tangents are padded with unit axes to keep their batch axes in front of the stack axes.


def _pad(g, batch, nd):
    """Tangent ``g`` (batch axes first) with unit axes inserted after ``batch`` to reach ``nd`` core axes."""
    core = shape_of(g)[len(batch):]
    return so.reshape(g, batch + (1,) * (nd - len(core)) + core)


def _solve_a_jvp(g, ans, a, b):
    nb = lead(g, a)
    return solve_p(a, -matmul_p(_pad(g, nb, ndim_of(ans)), ans))


def _solve_b_jvp(g, ans, a, b):
    return solve_p(a, _pad(g, lead(g, b), ndim_of(ans)))


def _solve_a_vjp(g, ans, a, b):
    gb = solve_p(_mT(a), g)
    return red.unbroadcast(-matmul_p(gb, _mT(ans)), shape_of(a))


def _solve_b_vjp(g, ans, a, b):
    return red.unbroadcast(solve_p(_mT(a), g), shape_of(b))


solve_p = Primitive("solve", _solve_impl, "Solve a x = b for x (b a stack of column matrices).")
solve_p.defjvp(_solve_a_jvp, _solve_b_jvp)
solve_p.defvjp(_solve_a_vjp, _solve_b_vjp)

_NUMPY2 = int(np.__version__.split(".")[0]) >= 2


def solve(a, b):
    """np.linalg.solve: b is a vector (NumPy 2: b.ndim == 1; before: b.ndim == a.ndim - 1) or a stack of matrices.

    >>> A, b = np.array([[2.0, 1.0], [1.0, 3.0]]), np.array([1.0, 2.0])
    >>> anp.linalg.solve(A, b).round(6).tolist(), ai.grad(lambda b: anp.sum(anp.linalg.solve(A, b)))(b).round(6).tolist()  # inv(A)ᵀ 1
    ([0.2, 0.6], [0.4, 0.2])
    """
    vector = ndim_of(b) == 1 if _NUMPY2 else ndim_of(b) == ndim_of(a) - 1
    if vector:
        x = solve_p(a, so.reshape(b, shape_of(b) + (1,)))
        return so.reshape(x, shape_of(x)[:-1])
    return solve_p(a, b)


def inv(x):
    """The inverse of a square matrix (of each matrix in a stack), as ``np.linalg.inv``; a singular matrix is NumPy's LinAlgError.

    Derivative: d inv(A) = -inv(A) dA inv(A); the cotangent is -inv(A)ᵀ G inv(A)ᵀ.

    >>> A = np.array([[2.0, 1.0], [1.0, 3.0]])
    >>> print(np.round(anp.linalg.inv(A), 6).tolist(), np.round(ai.grad(lambda A: anp.linalg.inv(A)[0, 0])(A), 6).tolist())
    [[0.6, -0.2], [-0.2, 0.4]] [[-0.36, 0.12], [0.12, -0.04]]
    """
    return inv_p(x)


def _logabsdet_impl(x):
    return np.linalg.slogdet(x)[1]


def _trace_of_inv_times(g, x):
    """trace(inv(x) @ g) for each matrix of a stack (g may carry batch axes)."""
    return red.sum(_mT(inv_p(x)) * g, axis=(-2, -1))


logabsdet_p = Primitive("logabsdet", _logabsdet_impl, "log |det x|.")
logabsdet_p.defjvp(lambda g, ans, x: _trace_of_inv_times(g, x))
logabsdet_p.defvjp(lambda g, ans, x: so.expand_dims(so.expand_dims(g, -1), -1) * _mT(inv_p(x)))

det_p = Primitive("det", np.linalg.det, "Determinant (Jacobi's formula; needs an invertible matrix).")
det_p.defjvp(lambda g, ans, x: ans * _trace_of_inv_times(g, x))
det_p.defvjp(lambda g, ans, x: so.expand_dims(so.expand_dims(g * ans, -1), -1) * _mT(inv_p(x)))


def det(x):
    """The determinant of a square matrix (of each matrix in a stack), as ``np.linalg.det``.

    Derivative by Jacobi's formula: d det(A) = det(A) trace(inv(A) dA), so the gradient is det(A) inv(A)ᵀ;
    it needs an invertible A (at a singular one NumPy's LinAlgError is raised).

    >>> A = np.array([[2.0, 1.0], [1.0, 3.0]])
    >>> print(round(float(anp.linalg.det(A)), 6), np.round(ai.grad(anp.linalg.det)(A), 6).tolist())
    5.0 [[3.0, -1.0], [-1.0, 2.0]]
    """
    return det_p(x)


def slogdet(x):
    """(sign, log|det|); the sign is piecewise constant and gets no derivative.

    >>> A = np.array([[2.0, 1.0], [1.0, 3.0]])
    >>> sign, logdet = anp.linalg.slogdet(A)
    >>> float(sign), round(float(logdet), 6), ai.grad(lambda A: anp.linalg.slogdet(A)[1])(A).round(6).tolist()  # log 5, inv(A)ᵀ
    (1.0, 1.609438, [[0.6, -0.2], [-0.2, 0.4]])
    """
    return _sign_of_det(x), logabsdet_p(x)


_sign_of_det = nondiff._plain(lambda x: np.linalg.slogdet(x)[0], "piecewise constant", "sign_of_det")


# -- more products ------------------------------------------------------------------------------


def kron(a, b):
    """Kronecker product: every entry of a times the whole of b, as blocks.

    >>> print(anp.kron(np.array([1.0, 2.0]), np.array([1.0, 10.0])), ai.grad(lambda a: anp.sum(anp.kron(a, np.array([1.0, 10.0]))))(np.ones(2)))
    [ 1. 10.  2. 20.] [11. 11.]
    """
    nd = builtins_max(ndim_of(a), ndim_of(b))
    sa = (1,) * (nd - ndim_of(a)) + shape_of(a)
    sb = (1,) * (nd - ndim_of(b)) + shape_of(b)
    a2 = so.reshape(a, tuple(s for n in sa for s in (n, 1)))
    b2 = so.reshape(b, tuple(s for n in sb for s in (1, n)))
    return so.reshape(a2 * b2, tuple(x * y for x, y in zip(sa, sb)))


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of 3-vectors (or the z-component for 2-vectors), broadcasting over other axes.

    >>> e1, e2 = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    >>> print(anp.cross(e1, e2), ai.grad(lambda a: anp.cross(a, e2)[2])(e1))  # (a × e2)₃ = a₁
    [0. 0. 1.] [1. 0. 0.]
    """
    if axis is not None:
        axisa = axisb = axisc = axis
    a = so.moveaxis(a, axisa, -1)
    b = so.moveaxis(b, axisb, -1)
    na, nb = shape_of(a)[-1], shape_of(b)[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError("incompatible dimensions for cross product (dimension must be 2 or 3)")
    a0, a1 = a[..., 0], a[..., 1]
    b0, b1 = b[..., 0], b[..., 1]
    z = a0 * b1 - a1 * b0
    if na == 2 and nb == 2:
        return z
    a2 = a[..., 2] if na == 3 else 0.0
    b2 = b[..., 2] if nb == 3 else 0.0
    x = a1 * b2 - a2 * b1
    y = a2 * b0 - a0 * b2
    shape = np.broadcast_shapes(shape_of(x), shape_of(y), shape_of(z))
    out = so.stack([so.broadcast_to(c, shape) for c in (x, y, z)], axis=-1)
    return so.moveaxis(out, -1, axisc)
