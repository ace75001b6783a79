"""Statistics: nan-ignoring reductions, weighted average, covariance and correlation.

Built on the reductions: a nan entry is replaced by the reduction's neutral
value with ``where`` (so it gets derivative 0) before reducing.
"""
import numpy as np

from ..core import concrete, shape_of, Tracer
from ._util import complex_plain, axes_tuple, ndim_of
from . import elementwise as ew
from . import linalg_ops as la
from . import nondiff
from . import reductions as red
from . import shape_ops as so


def _nan_mask(x):
    c = concrete(x)  # under vmap, a batch: np.isnan maps it
    return np.isnan(c if isinstance(c, Tracer) else np.asarray(c))


def nansum(x, axis=None, keepdims=False):
    """Sum treating nan as 0; nan entries get derivative 0.

    >>> x = np.array([1.0, np.nan, 3.0])
    >>> print(anp.nansum(x), ai.grad(anp.nansum)(x))
    4.0 [1. 0. 1.]
    """
    x = nondiff.listed(x)
    return red.sum(ew.where(_nan_mask(x), 0.0, x), axis=axis, keepdims=keepdims)


def nanprod(x, axis=None, keepdims=False):
    """Product treating nan as 1; nan entries get derivative 0.

    >>> x = np.array([1.0, np.nan, 3.0])
    >>> print(anp.nanprod(x), ai.grad(anp.nanprod)(x))  # the product of the other non-nan entries
    3.0 [3. 0. 1.]
    """
    x = nondiff.listed(x)
    return red.prod(ew.where(_nan_mask(x), 1.0, x), axis=axis, keepdims=keepdims)


def nanmean(x, axis=None, keepdims=False):
    """Mean of the non-nan entries; nan entries get derivative 0.

    >>> x = np.array([1.0, np.nan, 3.0])
    >>> print(anp.nanmean(x), ai.grad(anp.nanmean)(x))
    2.0 [0.5 0.  0.5]
    """
    x = nondiff.listed(x)
    count = np.sum(~_nan_mask(x), axis=axis, keepdims=keepdims)
    return nansum(x, axis, keepdims) / so.float_like(count, x)


def nanvar(x, axis=None, ddof=0, keepdims=False):
    """Variance of the non-nan entries.

    >>> x = np.array([1.0, np.nan, 3.0])
    >>> print(anp.nanvar(x), ai.grad(anp.nanvar)(x))  # 2 (x - mean) / n over the non-nan entries
    1.0 [-1.  0.  1.]
    """
    x = nondiff.listed(x)
    if complex_plain("nanvar", x):
        return np.nanvar(x, axis=axis, ddof=ddof, keepdims=keepdims)
    mask = _nan_mask(x)
    count = so.float_like(np.sum(~mask, axis=axis, keepdims=keepdims), x)
    centered = ew.where(mask, 0.0, x - nanmean(x, axis, keepdims=True))
    return red.sum(centered * centered, axis=axis, keepdims=keepdims) / (count - ddof)


def nanstd(x, axis=None, ddof=0, keepdims=False):
    """Standard deviation of the non-nan entries; derivative 0 where it is 0 (as ``anp.std``).

    >>> x = np.array([1.0, np.nan, 3.0])
    >>> print(anp.nanstd(x), ai.grad(anp.nanstd)(x))  # (x - mean) / (n std)
    1.0 [-0.5  0.   0.5]
    """
    x = nondiff.listed(x)
    v = nanvar(x, axis, ddof, keepdims)
    zero = concrete(v) == 0
    return ew.where(zero, 0.0, ew.sqrt(ew.where(zero, 1.0, v)))


def nanmax(x, axis=None, keepdims=False):
    """Max ignoring nan (nan entries get derivative 0; ties share the derivative, as ``anp.max``).

    >>> x = np.array([1.0, np.nan, 3.0])
    >>> print(anp.nanmax(x), ai.grad(anp.nanmax)(x))
    3.0 [0. 0. 1.]
    """
    x = nondiff.listed(x)
    return red.max(ew.where(_nan_mask(x), -np.inf, x), axis=axis, keepdims=keepdims)


def nanmin(x, axis=None, keepdims=False):
    """Min ignoring nan (nan entries get derivative 0; ties share the derivative, as ``anp.min``).

    >>> x = np.array([1.0, np.nan, 3.0])
    >>> print(anp.nanmin(x), ai.grad(anp.nanmin)(x))
    1.0 [1. 0. 0.]
    """
    x = nondiff.listed(x)
    return red.min(ew.where(_nan_mask(x), np.inf, x), axis=axis, keepdims=keepdims)


def average(x, axis=None, weights=None, returned=False, keepdims=False):
    """Weighted mean sum(w x) / sum(w), differentiable in x and in the weights.

    >>> x, w = np.array([1.0, 3.0]), np.array([1.0, 3.0])
    >>> print(anp.average(x, weights=w), ai.grad(lambda x: anp.average(x, weights=w))(x))  # w / sum(w)
    2.5 [0.25 0.75]
    """
    x = nondiff.listed(x)
    if weights is None:
        avg = red.mean(x, axis=axis, keepdims=keepdims)
        n = np.prod([shape_of(x)[a] for a in axes_tuple(axis, ndim_of(x))])
        wsum = so.float_like(np.broadcast_to(n, shape_of(concrete(avg))), x)
    else:
        w = nondiff.listed(weights)
        if shape_of(w) != shape_of(x):
            if axis is None or ndim_of(w) != 1:
                raise ValueError("average: 1-d weights need an axis; otherwise weights must have x's shape")
            shape = [1] * ndim_of(x)
            shape[int(axis) % ndim_of(x)] = shape_of(w)[0]
            w = so.broadcast_to(so.reshape(w, tuple(shape)), shape_of(x))
        wsum = red.sum(w, axis=axis, keepdims=keepdims)
        avg = red.sum(w * x, axis=axis, keepdims=keepdims) / wsum
    return (avg, wsum) if returned else avg


def _variables_as_rows(m, rowvar):
    x = so.atleast_2d(nondiff.listed(m))
    return so.transpose(x) if not rowvar and shape_of(x)[0] != 1 else x


def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
    """Covariance matrix of the variables (rows, or columns with ``rowvar=False``), as np.cov.

    >>> m = np.array([[1.0, 2.0, 3.0], [1.0, 0.0, 2.0]])
    >>> print(anp.cov(m).tolist(), ai.grad(lambda m: anp.cov(m)[0, 0])(m).tolist())  # 2 (x - mean) / (n - 1)
    [[1.0, 0.5], [0.5, 1.0]] [[-1.0, 0.0, 1.0], [0.0, 0.0, 0.0]]
    """
    if complex_plain("cov", m, y):
        return np.cov(m, y, rowvar, bias, ddof)
    if fweights is not None or aweights is not None:
        raise NotImplementedError("autoint.numpy.cov: fweights and aweights are not supported.")
    x = _variables_as_rows(m, rowvar)
    if y is not None:
        x = so.concatenate([x, _variables_as_rows(y, rowvar)], axis=0)
    n = shape_of(x)[1]
    if ddof is None:
        ddof = 0 if bias else 1
    centered = x - red.mean(x, axis=1, keepdims=True)
    c = la.matmul(centered, so.transpose(centered)) / (n - ddof)
    return so.squeeze(c) if shape_of(c) == (1, 1) else c


def corrcoef(x, y=None, rowvar=True):
    """Correlation coefficients cov_ij / sqrt(cov_ii cov_jj), clipped to [-1, 1] as NumPy does.

    At ±1 (perfectly correlated variables) the clip is at its bound, where the derivative is
    halved (as ``anp.clip``); the diagonal is exactly 1 with derivative 0 only up to rounding.

    >>> print(anp.corrcoef(np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])).round(6).tolist())
    [[1.0, -1.0], [-1.0, 1.0]]
    """
    if complex_plain("corrcoef", x, y):
        return np.corrcoef(x, y, rowvar)
    c = cov(x, y, rowvar)
    if ndim_of(c) == 0:
        return c / c
    d = ew.sqrt(red.sum(c * np.eye(shape_of(c)[0]), axis=1))
    return ew.clip(c / so.reshape(d, (-1, 1)) / so.reshape(d, (1, -1)), -1.0, 1.0)
