"""Every public autoint.numpy / linalg / scipy.special function against central differences.

Each case runs ``check_primitive``: check_grads in both modes up to order 2,
jacfwd and jacrev against a central-difference Jacobian, and three second-order
compositions against differences of the gradient.  Where NumPy (or a closed
form) has the function, its value is compared too.  The namespace tests at the
bottom fail when a public function has neither a case here nor a reason to
have none, so a function added later cannot go without a derivative test.
"""
import math

import mpmath
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
import autoint.scipy.special as asp
from ad_helpers import assert_close, check_primitive, rng_array


def A(shape, low=-1.0, high=1.0, seed=0):
    return rng_array(shape, low, high, seed=seed)


def SPD(n, seed=0):
    b = A((n, n), seed=seed)
    return b @ b.T + 3.0 * np.eye(n)


V, W = A((4,), seed=1), A((4,), seed=2)  # vectors
M, N = A((3, 4), seed=3), A((3, 4), seed=4)  # matrices
P = A((4,), 0.5, 2.0, seed=5)  # positive
Q = A((3, 4), 0.1, 0.9, seed=6)  # in (0, 1)
T = A((2, 3, 4), seed=7)


def _holes(x):
    """x with a column of nan (constants: no derivative reaches x through them)."""
    return anp.where(np.array([True, False, True, True]), x, np.nan)


# name -> list of (function of float arrays, arguments, NumPy reference or None)
CASES = {
    # -- elementwise --------------------------------------------------------------------------------
    "abs": [(anp.abs, (P,), np.abs)],
    "absolute": [(anp.absolute, (-P,), np.absolute)],
    "fabs": [(anp.fabs, (V + 2.0 * np.sign(V),), np.fabs)],
    "add": [(anp.add, (M, V[:4]), np.add)],
    "subtract": [(anp.subtract, (M, N), np.subtract)],
    "multiply": [(anp.multiply, (M, N), np.multiply)],
    "divide": [(anp.divide, (M, N + 3.0), np.divide)],
    "true_divide": [(anp.true_divide, (M, N + 3.0), np.true_divide)],
    "power": [(anp.power, (Q + 0.5, M), np.power)],
    "negative": [(anp.negative, (M,), np.negative)],
    "reciprocal": [(anp.reciprocal, (P,), np.reciprocal)],
    "square": [(anp.square, (M,), np.square)],
    "sqrt": [(anp.sqrt, (P,), np.sqrt)],
    "cbrt": [(anp.cbrt, (P,), np.cbrt)],
    "exp": [(anp.exp, (M,), np.exp)],
    "exp2": [(anp.exp2, (M,), np.exp2)],
    "expm1": [(anp.expm1, (M,), np.expm1)],
    "log": [(anp.log, (P,), np.log)],
    "log2": [(anp.log2, (P,), np.log2)],
    "log10": [(anp.log10, (P,), np.log10)],
    "log1p": [(anp.log1p, (Q,), np.log1p)],
    "logaddexp": [(anp.logaddexp, (M, N), np.logaddexp)],
    "logaddexp2": [(anp.logaddexp2, (M, N), np.logaddexp2)],
    "sin": [(anp.sin, (M,), np.sin)],
    "cos": [(anp.cos, (M,), np.cos)],
    "tan": [(anp.tan, (M,), np.tan)],
    "arcsin": [(anp.arcsin, (0.9 * M,), np.arcsin)],
    "arccos": [(anp.arccos, (0.9 * M,), np.arccos)],
    "arctan": [(anp.arctan, (M,), np.arctan)],
    "arctan2": [(anp.arctan2, (M, N + 2.0), np.arctan2)],
    "sinh": [(anp.sinh, (M,), np.sinh)],
    "cosh": [(anp.cosh, (M,), np.cosh)],
    "tanh": [(anp.tanh, (M,), np.tanh)],
    "arcsinh": [(anp.arcsinh, (M,), np.arcsinh)],
    "arccosh": [(anp.arccosh, (P + 1.2,), np.arccosh)],
    "arctanh": [(anp.arctanh, (0.8 * M,), np.arctanh)],
    "deg2rad": [(anp.deg2rad, (M,), np.deg2rad)],
    "radians": [(anp.radians, (M,), np.radians)],
    "rad2deg": [(anp.rad2deg, (M,), np.rad2deg)],
    "degrees": [(anp.degrees, (M,), np.degrees)],
    "hypot": [(anp.hypot, (M, N), np.hypot)],
    "sinc": [(anp.sinc, (M,), np.sinc)],
    "maximum": [(anp.maximum, (M, N), np.maximum)],
    "minimum": [(anp.minimum, (M, N), np.minimum)],
    "fmax": [(anp.fmax, (M, N), np.fmax)],
    "fmin": [(anp.fmin, (M, N), np.fmin)],
    "clip": [(lambda x: anp.clip(x, -0.5, 0.5), (M,), lambda x: np.clip(x, -0.5, 0.5))],
    "where": [(lambda x, y: anp.where(M > 0, x, y), (M, N), lambda x, y: np.where(M > 0, x, y))],
    "mod": [(anp.mod, (M * 3.0, P[:4] + 0.05), np.mod)],
    "remainder": [(anp.remainder, (M * 3.0, -P[:4]), np.remainder)],
    "fmod": [(anp.fmod, (M * 3.0, P[:4]), np.fmod)],
    "nan_to_num": [(lambda x: anp.nan_to_num(anp.where(np.array([1, 0, 1, 0]) > 0, x, np.array([0, np.nan, 0, -np.inf]))),
                    (P,), lambda x: np.nan_to_num(np.where(np.array([1, 0, 1, 0]) > 0, x, np.array([0, np.nan, 0, -np.inf]))))],
    # -- reductions and statistics -----------------------------------------------------------------
    "sum": [(lambda x: anp.sum(x, axis=1), (M,), lambda x: np.sum(x, axis=1))],
    "mean": [(lambda x: anp.mean(x, axis=0), (M,), lambda x: np.mean(x, axis=0)),
             (lambda x: anp.mean([x[0], x[1] + 2.0]), (V,), lambda x: np.mean([x[0], x[1] + 2.0]))],
    "prod": [(lambda x: anp.prod(x, axis=1), (M,), lambda x: np.prod(x, axis=1))],
    "max": [(lambda x: anp.max(x, axis=1), (M,), lambda x: np.max(x, axis=1))],
    "amax": [(anp.amax, (M,), np.amax)],
    "min": [(lambda x: anp.min(x, axis=0), (M,), lambda x: np.min(x, axis=0))],
    "amin": [(anp.amin, (M,), np.amin)],
    "var": [(lambda x: anp.var(x, axis=1, ddof=1), (M,), lambda x: np.var(x, axis=1, ddof=1))],
    "std": [(lambda x: anp.std(x, axis=0), (M,), lambda x: np.std(x, axis=0))],
    "cumsum": [(lambda x: anp.cumsum(x, axis=1), (M,), lambda x: np.cumsum(x, axis=1))],
    "cumprod": [(lambda x: anp.cumprod(x, axis=1), (M,), lambda x: np.cumprod(x, axis=1))],
    "nansum": [(lambda x: anp.nansum(_holes(x), axis=0), (M,),
                lambda x: np.nansum(_holes(x), axis=0))],
    "nanprod": [(lambda x: anp.nanprod(_holes(x), axis=1), (M,),
                 lambda x: np.nanprod(_holes(x), axis=1))],
    "nanmean": [(lambda x: anp.nanmean(_holes(x), axis=1), (M,),
                 lambda x: np.nanmean(_holes(x), axis=1))],
    "nanvar": [(lambda x: anp.nanvar(_holes(x)), (M,),
                lambda x: np.nanvar(_holes(x)))],
    "nanstd": [(lambda x: anp.nanstd(_holes(x), axis=1), (M,),
                lambda x: np.nanstd(_holes(x), axis=1))],
    "nanmax": [(lambda x: anp.nanmax(_holes(x), axis=1), (M,),
                lambda x: np.nanmax(_holes(x), axis=1))],
    "nanmin": [(lambda x: anp.nanmin(_holes(x), axis=1), (M,),
                lambda x: np.nanmin(_holes(x), axis=1))],
    "average": [(lambda x, w: anp.average(x, axis=1, weights=w), (M, P), lambda x, w: np.average(x, 1, w)),
                (lambda x, w: anp.average(x, weights=w), (M, Q + 0.5), lambda x, w: np.average(x, weights=w))],
    "cov": [(anp.cov, (M,), np.cov), (lambda x, y: anp.cov(x, y, rowvar=False), (M, N), lambda x, y: np.cov(x, y, rowvar=False))],
    "corrcoef": [(anp.corrcoef, (M,), np.corrcoef)],
    # -- products and linear algebra ----------------------------------------------------------------
    "dot": [(anp.dot, (M, V), np.dot), (lambda x, y: anp.dot([x[0], 1.0], [2.0, y[1]]), (V, W), None)],
    "matmul": [(anp.matmul, (M, M.T), np.matmul)],
    "vdot": [(anp.vdot, (M, N), np.vdot)],
    "inner": [(anp.inner, (M, N), np.inner)],
    "outer": [(anp.outer, (V, W), np.outer)],
    "tensordot": [(lambda a, b: anp.tensordot(a, b, axes=([1, 2], [0, 1])), (T, M), lambda a, b: np.tensordot(a, b, axes=([1, 2], [0, 1])))],
    "einsum": [(lambda a, b: anp.einsum("ijk,jk->i", a, b), (T, M), lambda a, b: np.einsum("ijk,jk->i", a, b)),
               (lambda a, b: anp.einsum(a, [0, 1], b, [0, 1], [1]), (M, N), lambda a, b: np.einsum(a, [0, 1], b, [0, 1], [1]))],
    "trace": [(lambda x: anp.trace(x, 1), (M,), lambda x: np.trace(x, 1)), (lambda x: anp.trace(x, -1, 1, 2), (T,), lambda x: np.trace(x, -1, 1, 2))],
    "kron": [(anp.kron, (M[:2, :2], A((2, 3), seed=9)), np.kron)],
    "cross": [(anp.cross, (M[:, :3], N[:, :3]), np.cross), (lambda a, b: anp.cross(a, b, axis=0), (M[:3, :3], N[:3, :3]), lambda a, b: np.cross(a, b, axis=0))],
    # -- shapes -----------------------------------------------------------------------------------------
    "reshape": [(lambda x: anp.reshape(x, (4, 3)), (M,), lambda x: np.reshape(x, (4, 3)))],
    "ravel": [(anp.ravel, (M,), np.ravel)],
    "flatten": [(anp.flatten, (M,), np.ravel)],
    "transpose": [(lambda x: anp.transpose(x, (2, 0, 1)), (T,), lambda x: np.transpose(x, (2, 0, 1)))],
    "moveaxis": [(lambda x: anp.moveaxis(x, 0, -1), (T,), lambda x: np.moveaxis(x, 0, -1))],
    "swapaxes": [(lambda x: anp.swapaxes(x, 0, 2), (T,), lambda x: np.swapaxes(x, 0, 2))],
    "rollaxis": [(lambda x: anp.rollaxis(x, 2, 0), (T,), lambda x: np.rollaxis(x, 2, 0))],
    "squeeze": [(anp.squeeze, (M[:, :1],), np.squeeze)],
    "expand_dims": [(lambda x: anp.expand_dims(x, 1), (M,), lambda x: np.expand_dims(x, 1))],
    "broadcast_to": [(lambda x: anp.broadcast_to(x, (2, 4)), (V,), lambda x: np.broadcast_to(x, (2, 4)))],
    "astype": [(lambda x: anp.astype(x, np.float32), (V.astype(np.float32),), None)],
    "atleast_1d": [(anp.atleast_1d, (np.float64(0.3),), np.atleast_1d)],
    "atleast_2d": [(anp.atleast_2d, (V,), np.atleast_2d)],
    "atleast_3d": [(anp.atleast_3d, (M,), np.atleast_3d)],
    "concatenate": [(lambda a, b: anp.concatenate([a, b], axis=1), (M, N), lambda a, b: np.concatenate([a, b], axis=1))],
    "stack": [(lambda a, b: anp.stack([a, b], axis=1), (M, N), lambda a, b: np.stack([a, b], axis=1))],
    "hstack": [(lambda a, b: anp.hstack([a, b]), (M, N), lambda a, b: np.hstack([a, b]))],
    "vstack": [(lambda a, b: anp.vstack([a, b]), (V, W), lambda a, b: np.vstack([a, b]))],
    "row_stack": [(lambda a, b: anp.row_stack([a, b]), (V, W), lambda a, b: np.vstack([a, b]))],
    "column_stack": [(lambda a, b: anp.column_stack([a, b]), (V, M.T), lambda a, b: np.column_stack([a, b]))],
    "dstack": [(lambda a, b: anp.dstack([a, b]), (M, N), lambda a, b: np.dstack([a, b]))],
    "append": [(anp.append, (M, V), np.append), (lambda a, b: anp.append(a, b, axis=0), (M, N), lambda a, b: np.append(a, b, axis=0))],
    "split": [(lambda x: anp.split(x, 2, axis=1)[1], (M,), lambda x: np.split(x, 2, axis=1)[1])],
    "array_split": [(lambda x: anp.array_split(x, 3, axis=1)[0], (M,), lambda x: np.array_split(x, 3, axis=1)[0])],
    "hsplit": [(lambda x: anp.hsplit(x, [1])[1], (M,), lambda x: np.hsplit(x, [1])[1])],
    "vsplit": [(lambda x: anp.vsplit(x, [2])[0], (M,), lambda x: np.vsplit(x, [2])[0])],
    "dsplit": [(lambda x: anp.dsplit(x, 2)[1], (T,), lambda x: np.dsplit(x, 2)[1])],
    "pad": [(lambda x, mode=mode: anp.pad(x, ((1, 0), (2, 1)), mode), (M,), lambda x, mode=mode: np.pad(x, ((1, 0), (2, 1)), mode))
            for mode in ("constant", "edge", "reflect", "symmetric", "wrap")]
    + [(lambda x, c: anp.pad(x, 1, constant_values=c), (M, np.float64(0.7)), lambda x, c: np.pad(x, 1, constant_values=c))],
    "select": [(lambda a, b: anp.select([M > 0.3, M < -0.3], [a, b], 0.5), (M, N), lambda a, b: np.select([M > 0.3, M < -0.3], [a, b], 0.5))],
    # -- indexing ---------------------------------------------------------------------------------------
    "flip": [(lambda x: anp.flip(x, 1), (M,), lambda x: np.flip(x, 1))],
    "flipud": [(anp.flipud, (M,), np.flipud)],
    "fliplr": [(anp.fliplr, (M,), np.fliplr)],
    "rot90": [(lambda x, k=k: anp.rot90(x, k), (M,), lambda x, k=k: np.rot90(x, k)) for k in (1, 2, 3)],
    "roll": [(lambda x: anp.roll(x, 2, axis=1), (M,), lambda x: np.roll(x, 2, axis=1))],
    "repeat": [(lambda x: anp.repeat(x, 2, axis=0), (M,), lambda x: np.repeat(x, 2, axis=0))],
    "tile": [(lambda x: anp.tile(x, (2, 1)), (M,), lambda x: np.tile(x, (2, 1)))],
    "sort": [(lambda x: anp.sort(x, axis=1), (M,), lambda x: np.sort(x, axis=1))],
    "partition": [(lambda x: anp.partition(x, 2), (V,), lambda x: np.partition(x, 2)),
                  (lambda x: anp.partition(x, 1, axis=0), (M,), lambda x: np.partition(x, 1, axis=0))],
    "take_along_axis": [(lambda x: anp.take_along_axis(x, np.argsort(M, axis=1), 1), (M,), lambda x: np.take_along_axis(x, np.argsort(M, axis=1), 1))],
    "diagonal": [(lambda x: anp.diagonal(x, 1), (M,), lambda x: np.diagonal(x, 1))],
    "diag": [(lambda x: anp.diag(x, -1), (M,), lambda x: np.diag(x, -1)), (lambda x: anp.diag(x, 1), (V,), lambda x: np.diag(x, 1))],
    "diagflat": [(lambda x: anp.diagflat(x, -1), (M[:2, :2],), lambda x: np.diagflat(x, -1))],
    "tril": [(lambda x: anp.tril(x, 1), (M,), lambda x: np.tril(x, 1))],
    "triu": [(lambda x: anp.triu(x, -1), (M,), lambda x: np.triu(x, -1))],
    # -- sequences ---------------------------------------------------------------------------------------
    "diff": [(lambda x: anp.diff(x, 2, axis=1), (M,), lambda x: np.diff(x, 2, axis=1)),
             (lambda x, p: anp.diff(x, prepend=p), (V, np.float64(0.2)), lambda x, p: np.diff(x, prepend=p))],
    "ediff1d": [(lambda x: anp.ediff1d(x, to_begin=x[0]), (M,), lambda x: np.ediff1d(x, to_begin=x[0]))],
    "gradient": [(lambda x: anp.gradient(x, 0.5, axis=1, edge_order=2), (M,), lambda x: np.gradient(x, 0.5, axis=1, edge_order=2)),
                 (lambda x: anp.gradient(x, np.cumsum(P)), (V,), lambda x: np.gradient(x, np.cumsum(P)))],
    "interp": [(lambda x, xp, fp: anp.interp(x, xp, fp), (np.array([-0.5, 0.3, 1.7, 2.2, 3.5]), np.array([0.0, 1.0, 2.5, 3.0]), W),
                lambda x, xp, fp: np.interp(x, xp, fp))],
    "convolve": [(lambda a, v, mode=mode: anp.convolve(a, v, mode), (V, W[:3]), lambda a, v, mode=mode: np.convolve(a, v, mode)) for mode in ("full", "same", "valid")],
    "correlate": [(lambda a, v, mode=mode: anp.correlate(a, v, mode), (V[:3], W), lambda a, v, mode=mode: np.correlate(a, v, mode)) for mode in ("full", "same", "valid")],
    # -- creation that carries derivatives -------------------------------------------------------------
    "linspace": [(lambda a, b: anp.linspace(a, b, 5), (V[:2], W[:2]), lambda a, b: np.linspace(a, b, 5))],
    "logspace": [(lambda a, b: anp.logspace(a, b, 4), (V[:2], W[:2]), lambda a, b: np.logspace(a, b, 4))],
    "full_like": [(lambda v: anp.full_like(M, v), (np.float64(0.3),), lambda v: np.full_like(M, v))],
    "array": [(lambda x, y: anp.array([[x[0], y[1]], [y[0] * x[1], 1.0]]), (V, W), None)],
    "asarray": [(lambda x, y: anp.asarray([x, y]), (V, W), lambda x, y: np.asarray([x, y]))],
    # -- types -----------------------------------------------------------------------------------------------
    "float64": [(lambda x: anp.float64(x) * x, (np.float64(0.7),), None)],
    "float32": [(lambda x: anp.float32(x) * 1.0, (np.float32(0.7),), None)],
}

LINALG_CASES = {
    "inv": [(anp.linalg.inv, (SPD(3),), np.linalg.inv)],
    "det": [(anp.linalg.det, (SPD(3),), np.linalg.det)],
    "slogdet": [(lambda x: anp.linalg.slogdet(x)[1], (SPD(3),), lambda x: np.linalg.slogdet(x)[1])],
    "solve": [(anp.linalg.solve, (SPD(3), V[:3]), np.linalg.solve)],
    "cholesky": [(anp.linalg.cholesky, (SPD(3),), np.linalg.cholesky)],
    "eigh": [(lambda x: anp.linalg.eigh(x)[0], (SPD(3),), lambda x: np.linalg.eigh(x)[0]),
             (lambda x: anp.linalg.eigh(x)[1], (SPD(3),), lambda x: np.linalg.eigh(x)[1])],
    "eigvalsh": [(anp.linalg.eigvalsh, (SPD(3),), np.linalg.eigvalsh)],
    "svd": [(lambda x, k=k: anp.linalg.svd(x, full_matrices=False)[k], (M,), lambda x, k=k: np.linalg.svd(x, full_matrices=False)[k]) for k in range(3)],
    "svdvals": [(anp.linalg.svdvals, (M,), lambda x: np.linalg.svd(x, compute_uv=False))],
    "qr": [(lambda x, k=k: anp.linalg.qr(x)[k], (M.T,), lambda x, k=k: np.linalg.qr(x)[k]) for k in range(2)],
    "pinv": [(anp.linalg.pinv, (M,), np.linalg.pinv)],
    "norm": [(lambda x, o=o: anp.linalg.norm(x, o), (M,), lambda x, o=o: np.linalg.norm(x, o)) for o in (None, "nuc", 2, 1, np.inf)]
    + [(lambda x: anp.linalg.norm(x, 3.0), (V,), lambda x: np.linalg.norm(x, 3.0))],
}

_mp = lambda f: np.vectorize(lambda x: float(f(mpmath.mpf(float(x)))))  # noqa: E731  mpmath reference
SPECIAL_CASES = {
    "logsumexp": [(lambda x: asp.logsumexp(x, axis=1), (M,), lambda x: np.log(np.sum(np.exp(x), axis=1))),
                  (lambda x, b: asp.logsumexp(x, b=b), (V, P), lambda x, b: np.log(np.sum(b * np.exp(x)))),
                  (lambda x, b: asp.logsumexp(x, b=b, return_sign=True)[0], (V, P - 1.2),
                   lambda x, b: np.log(np.abs(np.sum(b * np.exp(x)))))],
    "softmax": [(lambda x: asp.softmax(x, axis=0), (M,), lambda x: np.exp(x) / np.sum(np.exp(x), axis=0))],
    "log_softmax": [(lambda x: asp.log_softmax(x, axis=1), (M,), lambda x: x - np.log(np.sum(np.exp(x), axis=1, keepdims=True)))],
    "expit": [(asp.expit, (M * 5.0,), lambda x: 1.0 / (1.0 + np.exp(-x)))],
    "logit": [(asp.logit, (Q,), lambda p: np.log(p / (1.0 - p)))],
    "erf": [(asp.erf, (M,), _mp(mpmath.erf))],
    "erfc": [(asp.erfc, (M,), _mp(mpmath.erfc))],
    "gammaln": [(asp.gammaln, (P * 3.0,), _mp(mpmath.loggamma))],
    "digamma": [(asp.digamma, (P,), _mp(mpmath.digamma)), (asp.digamma, (-P + 0.1 * np.sign(P),), _mp(mpmath.digamma))],
    "psi": [(asp.psi, (P * 30.0,), _mp(mpmath.digamma))],
    "polygamma": [(lambda x, n=n: asp.polygamma(n, x), (P,), _mp(lambda t, n=n: mpmath.polygamma(n, t))) for n in (1, 2)],
    "xlogy": [(asp.xlogy, (M, P), lambda x, y: x * np.log(y))],
    "xlog1py": [(asp.xlog1py, (M, Q), lambda x, y: x * np.log1p(y))],
}

# Public callables that take no differentiable values, each with the reason.
NO_DERIVATIVE = {
    "shape": "array metadata",
    "ndim": "array metadata",
    "size": "array metadata",
    "stop_gradient": "removes the derivative by definition (tested in test_transformations)",
    "zeros": "takes a shape",
    "ones": "takes a shape",
    "full": "takes a shape and a plain fill value",
    "empty": "takes a shape",
    "arange": "takes plain bounds (integer-valued steps of a grid)",
    "eye": "takes a shape",
    "identity": "takes a shape",
    "int8": "integer cast: no derivative (checked below)",
    "int16": "integer cast: no derivative (checked below)",
    "int32": "integer cast: no derivative (checked below)",
    "int64": "integer cast: no derivative (checked below)",
    "uint8": "integer cast: no derivative (checked below)",
    "bool_": "boolean cast: no derivative (checked below)",
    "ndarray": "a type for isinstance checks (checked below)",
    "float16": "too coarse for central differences: its cast is checked below",
}


def _flat(table, prefix):
    return [pytest.param(f, args, ref, id=f"{prefix}{name}[{k}]") for name, cases in table.items()
            for k, (f, args, ref) in enumerate(cases)]


@pytest.mark.parametrize("f, args, ref", _flat(CASES, "") + _flat(LINALG_CASES, "linalg.") + _flat(SPECIAL_CASES, "special."))
def test_derivatives_against_finite_differences(f, args, ref):
    if ref is not None:
        assert_close(f(*args), ref(*args), atol=1e-10, rtol=1e-10)
    low = any(np.result_type(a) in (np.float32, np.float16) for a in args)
    tol = 2e-2 if low else 1e-4
    check_primitive(f, *args, atol=tol, rtol=tol)


def _public(module):
    import inspect

    return {  # a module's __all__ when it has one (autoint.scipy.special: its primitives' <name>_p are not listed)
        n for n in getattr(module, "__all__", dir(module))
        if not n.startswith("_") and callable(getattr(module, n)) and not inspect.ismodule(getattr(module, n))
    }


def test_every_public_numpy_function_has_a_derivative_test():
    plain = {n for n in _public(anp) if getattr(getattr(anp, n), "plain_values", None)}  # test_nondiff_audit.py
    untested = _public(anp) - set(CASES) - plain - set(NO_DERIVATIVE)
    assert not untested, f"public autoint.numpy functions without a derivative test: {sorted(untested)}"
    assert not set(CASES) - _public(anp), "cases for names that are not public"


def test_every_public_linalg_and_special_function_has_a_derivative_test():
    assert _public(anp.linalg) == set(LINALG_CASES)
    assert _public(asp) == set(SPECIAL_CASES)


def test_integer_casts_and_array_type():
    def f(x):
        assert isinstance(x, anp.ndarray)
        n = anp.int64(x * 2.0)
        assert type(n) is np.int64 and isinstance(n, anp.int64)
        assert anp.bool_(x) == True  # noqa: E712
        return x * n

    assert ai.grad(f)(1.7) == 3.0  # d/dx x * 3 with the integer held constant
    assert ai.jacfwd(f)(1.7) == 3.0
    assert np.zeros(2, dtype=anp.float32).dtype == np.float32
    assert np.dtype(anp.int64) == np.int64 and anp.float64(2) == 2.0
    assert not isinstance([1.0], anp.ndarray)
    g = ai.grad(lambda x: anp.sum(anp.float16(x) * x))(np.float16(0.5))  # d/dx x^2 through the cast
    assert g.dtype == np.float16 and g == 1.0
    assert isinstance(anp.ndarray((2,)), np.ndarray)


def test_r_and_c_concatenators():
    v, w = V[:3], W[:3]
    assert_close(anp.r_[v, 0.5, w], np.r_[v, 0.5, w])
    assert_close(anp.c_[v, w], np.c_[v, w])
    check_primitive(lambda a, b: anp.r_[a, b[0], b], v, w)
    check_primitive(lambda a, b: anp.c_[a, b * b], v, w)
    with pytest.raises(NotImplementedError, match="string"):
        anp.r_["0,2", v, w]


def test_gamma_and_erf_second_derivatives_have_closed_forms():
    x = 1.3
    assert_close(ai.grad(ai.grad(asp.gammaln))(x), float(mpmath.polygamma(1, x)), atol=1e-12)
    assert_close(ai.grad(ai.grad(asp.erf))(x), -4 * x / math.sqrt(math.pi) * math.exp(-x * x), atol=1e-12)
