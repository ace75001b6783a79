"""autoint.numpy: a NumPy-like namespace whose functions can be differentiated.

On plain arrays every function just computes (the result is what NumPy
gives); on traced values it records or propagates derivatives.  Code written
against it also runs under ``jax.numpy`` by swapping the import.
"""
import numpy as _np

from . import linalg
from .elementwise import (
    deg2rad, degrees, fabs, fmax, fmin, logaddexp2, nan_to_num, rad2deg, radians,
    abs, absolute, add, arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, cbrt, clip, cos, cosh,
    divide, exp, exp2, expm1, fmod, hypot, log, log1p, log2, log10, logaddexp, maximum, minimum, mod, multiply,
    negative, power, reciprocal, remainder, sin, sinc, sinh, sqrt, square, subtract, tan, tanh, true_divide, where,
)
from .joining import (
    append, array_split, atleast_3d, c_, column_stack, dsplit, dstack, hsplit, pad, r_, rollaxis, row_stack, select,
    split, vsplit,
)
from .linalg_ops import cross, dot, einsum, inner, kron, matmul, outer, tensordot, trace, vdot
from .creation import arange, empty, eye, full, identity, linspace, logspace, ones, zeros
from .nondiff import (
    all, allclose, any, argmax, argmin, argpartition, argsort, around, array, array_equal, asarray, ceil, count_nonzero,
    empty_like, equal, fix, floor, floor_divide, full_like, greater, greater_equal, heaviside, isclose, isfinite,
    isinf, isnan, less, less_equal, logical_and, logical_not, logical_or, logical_xor, ndim, nonzero, not_equal,
    ones_like, rint, round, shape, sign, signbit, size, stop_gradient, trunc, zeros_like,
)
from .reductions import (
    amax, amin, cumprod, cumsum, max, mean, min, prod, std, sum, var,
)
from .indexing import (
    diag, diagflat, diagonal, flip, fliplr, flipud, partition, repeat, roll, rot90, sort, take_along_axis, tile,
    tril, triu,
)
from .shape_ops import (
    astype, atleast_1d, atleast_2d, broadcast_to, concatenate, expand_dims, hstack, moveaxis, ravel, reshape,
    squeeze, stack, swapaxes, transpose, vstack,
)
from .series import convolve, correlate, diff, ediff1d, gradient, interp
from .statistics import (
    average, corrcoef, cov, nanmax, nanmean, nanmin, nanprod, nanstd, nansum, nanvar,
)
from .types import bool_, float16, float32, float64, int8, int16, int32, int64, ndarray, uint8
from . import methods as _methods

pi = _np.pi
e = _np.e
inf = _np.inf
nan = _np.nan
newaxis = None

flatten = ravel


_methods.install({**globals(), "flatten": ravel})
