"""Linear algebra: matmul and einsum primitives, and matrix functions (inv, solve, det, slogdet).

Products are bilinear, so each rule is the same product with one operand
replaced by the (co)tangent.  dot, tensordot, inner, outer, vdot and trace
are compositions.
"""
import string

import numpy as np

from ..core import Primitive, concrete
from ._util import lead, unbroadcast, ndim_of, shape_of
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
    """The common cases without promoting vectors to matrices (None if not one of them)."""
    if not batch:  # an unbatched tangent has its primal's shape: matmul's own rules apply
        return matmul_p(g, b) if i == 0 else matmul_p(a, g)
    nda, ndb = ndim_of(a), ndim_of(b)
    if i == 0 and nda >= 2 and ndb == 2:
        return matmul_p(g, b)
    if i == 1 and nda == 2 and ndb >= 2:
        return matmul_p(a, g)
    if i == 1 and nda == 2 and ndb == 1:  # matrix @ batch of vectors = vectors @ matrix.T
        return matmul_p(g, so.swapaxes(a, -1, -2))
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
            ct = unbroadcast(matmul_p(g2, so.swapaxes(b2, -1, -2)), shape_of(a2))
        else:
            ct = unbroadcast(matmul_p(so.swapaxes(a2, -1, -2), g2), shape_of(b2))
        return so.reshape(ct, shape_of((a, b)[i]))

    return rule


builtins_max = max
matmul_p = Primitive("matmul", np.matmul, "a @ b with NumPy's rules for vectors and stacks of matrices.")
matmul_p.defjvp(_matmul_jvp(0), _matmul_jvp(1))
matmul_p.defvjp(_matmul_vjp(0), _matmul_vjp(1))


def matmul(a, b):
    if ndim_of(a) == 0 or ndim_of(b) == 0:
        raise ValueError("matmul: input operand does not have enough dimensions (use multiply for scalars)")
    return matmul_p(a, b)


def tensordot(a, b, axes=2):
    """np.tensordot as transpose, reshape and one matrix product."""
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
    if ndim_of(a) == 0 or ndim_of(b) == 0:
        return a * b
    if ndim_of(b) <= 2:
        return matmul_p(a, b)
    return tensordot(a, b, ([ndim_of(a) - 1], [ndim_of(b) - 2]))


def inner(a, b):
    if ndim_of(a) == 0 or ndim_of(b) == 0:
        return a * b
    return tensordot(a, b, ([ndim_of(a) - 1], [ndim_of(b) - 1]))


def outer(a, b):
    return so.reshape(so.ravel(a), (-1, 1)) * so.reshape(so.ravel(b), (1, -1))


def vdot(a, b):
    return red.sum(so.ravel(a) * so.ravel(b))


def trace(x, offset=0, axis1=0, axis2=1):
    return red.sum(so.diagonal(x, offset, axis1, axis2), axis=-1)


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
    def rule(g, *args, spec):
        ans, ops = args[0], args[1:]
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
    def rule(g, *args, spec):
        ans, ops = args[0], args[1:]
        ins, out = spec
        target = ins[i]
        if len(set(target.replace("...", ""))) != len(target.replace("...", "")):
            raise NotImplementedError("einsum: reverse mode for an operand with a repeated index (a diagonal)")
        others = [ops[k] for k in range(len(ops)) if k != i] + [g]
        other_specs = [ins[k] for k in range(len(ops)) if k != i] + [out]
        present = "".join(c for c in target if c in "".join(other_specs) or c == ".")
        ct = einsum_p(*others, spec=(tuple(other_specs), present))
        if present != target:  # indices summed away only inside operand i: broadcast back
            shape = tuple(
                shape_of(ops[i])[k] if c in present else 1 for k, c in enumerate(target)
            )
            ct = so.broadcast_to(so.reshape(ct, shape), shape_of(ops[i]))
        return unbroadcast(ct, shape_of(ops[i]))

    return rule


class _Einsum(Primitive):
    """Variadic: one rule per operand position, made on demand."""

    def rule(self, mode, i):
        return _einsum_jvp(i) if mode == "jvp" else _einsum_vjp(i)


def _einsum_impl(*ops, spec):
    ins, out = spec
    return np.einsum(",".join(ins) + "->" + out, *ops)


einsum_p = _Einsum("einsum", _einsum_impl, "Einstein summation over explicit subscripts.")
einsum_p.jvps = einsum_p.vjps = ()


def einsum(subscripts, *operands, optimize=False):
    ins, out = _parse(subscripts, operands)
    return einsum_p(*operands, spec=(tuple(ins), out))


# -- matrix functions ---------------------------------------------------------------------------


def _mT(x):
    return so.swapaxes(x, -1, -2)


inv_p = Primitive("inv", np.linalg.inv, "Matrix inverse (of each matrix in a stack).")
inv_p.defjvp(lambda g, ans, x: -matmul_p(matmul_p(ans, g), ans))
inv_p.defvjp(lambda g, ans, x: -matmul_p(matmul_p(_mT(ans), g), _mT(ans)))


def _solve_impl(a, b):
    return np.linalg.solve(a, b)


def _as_columns(b, a):
    """A right-hand side as a stack of column matrices (vectors become one column)."""
    return so.reshape(b, shape_of(b) + (1,)) if ndim_of(b) == ndim_of(a) - 1 else b


def _solve_b_jvp(g, ans, a, b):
    nb = lead(g, b)
    if ndim_of(b) == ndim_of(a) - 1:  # vectors: solve each batch row as a column
        cols = so.reshape(g, nb + shape_of(b) + (1,))
        return so.reshape(solve_p(a, cols), nb + shape_of(ans))
    return solve_p(a, g)


def _solve_a_jvp(g, ans, a, b):
    x = _as_columns(ans, a)
    nb = lead(g, a)
    return _solve_b_jvp(-so.reshape(matmul_p(g, x), nb + shape_of(ans)), ans, a, b)


def _solve_a_vjp(g, ans, a, b):
    gb = _solve_b_vjp(g, ans, a, b)
    return unbroadcast(-matmul_p(_as_columns(gb, a), _mT(_as_columns(ans, a))), shape_of(a))


def _solve_b_vjp(g, ans, a, b):
    return solve_p(_mT(a), g)


solve_p = Primitive("solve", _solve_impl, "Solve a x = b for x (b a vector or a stack of matrices).")
solve_p.defjvp(_solve_a_jvp, _solve_b_jvp)
solve_p.defvjp(_solve_a_vjp, _solve_b_vjp)


def solve(a, b):
    return solve_p(a, b)


def inv(x):
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
    return det_p(x)


def slogdet(x):
    """(sign, log|det|); the sign is piecewise constant and gets no derivative."""
    sign = np.linalg.slogdet(concrete(x))[0]
    return sign, logabsdet_p(x)


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector and Frobenius norms (ord None, 'fro', 1, 2 for vectors, inf, -inf).

    The derivative at the zero vector is nan, as in JAX: the norm has no derivative there.
    """
    from .elementwise import absolute, sqrt

    if ord in (None, "fro", 2) and (ord != 2 or axis is not None or ndim_of(x) == 1):
        return sqrt(red.sum(x * x, axis=axis, keepdims=keepdims))
    if ord == 1 and (ndim_of(x) == 1 or isinstance(axis, int)):
        return red.sum(absolute(x), axis=axis, keepdims=keepdims)
    if ord == np.inf and (ndim_of(x) == 1 or isinstance(axis, int)):
        return red.max(absolute(x), axis=axis, keepdims=keepdims)
    if ord == -np.inf and (ndim_of(x) == 1 or isinstance(axis, int)):
        return red.min(absolute(x), axis=axis, keepdims=keepdims)
    raise NotImplementedError(
        f"autoint.numpy.linalg.norm: ord={ord!r} for a {ndim_of(x)}-d input is not supported; "
        "supported: vector norms 1, 2, inf, -inf and the Frobenius norm."
    )
