"""autoint.scipy.special: logsumexp, softmax and the special functions of statistics, differentiable.

Computed with NumPy and the standard library only (autoint does not depend
on SciPy); values agree with scipy.special to rounding.
"""
import math as _math

import numpy as _np

from .. import numpy as _anp
from ..core import concrete as _concrete
from ..numpy._util import elementwise as _elementwise, float_like as _float_like


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """log(sum(b * exp(a))) along ``axis``, shifting by the maximum so exp never overflows.

    The shift is a constant (no derivative flows through it): the result does
    not depend on it, so the derivative is softmax(a) (weighted by b), exact.
    With ``b`` the sum may be negative: ``return_sign=True`` returns
    (log|sum|, sign), the sign carrying no derivative; otherwise a negative
    sum gives nan, as SciPy.
    """
    m = _anp.max(_anp.stop_gradient(a), axis=axis, keepdims=True)
    m = _np.where(_np.isfinite(m), m, 0.0)
    e = _anp.exp(a - m)
    s = _anp.sum(e if b is None else b * e, axis=axis, keepdims=True)
    sign = _np.sign(_concrete(s))
    out = _anp.log(s * sign if return_sign else s) + m
    if not keepdims:
        out = _anp.squeeze(out, axis=axis) if axis is not None else _anp.reshape(out, ())
        sign = _np.squeeze(sign, axis=axis) if axis is not None else _np.reshape(sign, ())
    return (out, sign) if return_sign else out


def softmax(x, axis=None):
    """exp(x) / sum(exp(x)) along ``axis``, computed as exp(x - logsumexp(x))."""
    return _anp.exp(log_softmax(x, axis))


def log_softmax(x, axis=None):
    """x - logsumexp(x) along ``axis``."""
    return x - logsumexp(x, axis=axis, keepdims=True)


def _expit_impl(x):
    x = _np.asarray(x, dtype=_float_like(0, x).dtype)
    e = _np.exp(-_np.abs(x))  # never overflows
    return _np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


expit = _elementwise("expit", _expit_impl, lambda ans, x: ans * (1.0 - ans), doc="Logistic sigmoid 1 / (1 + exp(-x)).")
logit = _elementwise(
    "logit",
    lambda p: _np.log(p) - _np.log1p(-p),
    lambda ans, p: 1.0 / (p * (1.0 - p)),
    doc="log(p / (1 - p)), the inverse of expit.",
)

_TWO_OVER_SQRT_PI = 2.0 / _math.sqrt(_math.pi)


def _vectorized(f):
    uf = _np.frompyfunc(f, 1, 1)
    return lambda x: _np.asarray(uf(x), dtype=_float_like(0, x).dtype)[()]


erf = _elementwise(
    "erf", _vectorized(_math.erf), lambda ans, x: _TWO_OVER_SQRT_PI * _anp.exp(-x * x), doc="The error function."
)
erfc = _elementwise(
    "erfc", _vectorized(_math.erfc), lambda ans, x: -_TWO_OVER_SQRT_PI * _anp.exp(-x * x), doc="1 - erf(x), accurate for large x."
)

# -- log-gamma and the polygamma functions -----------------------------------------------------------
# psi^(n)(x) by the recurrence psi^(n)(x) = psi^(n)(x + 1) + (-1)^(n+1) n! / x^(n+1), which moves x up to
# at least 20, then the asymptotic series in 1/x with Bernoulli numbers B_2k (error far below rounding there).

_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6)


def _polygamma_impl(x, n):
    x = _np.asarray(x, dtype=_float_like(0, x).dtype)
    if n == 0:
        # reflection for x < 0.5: psi(x) = psi(1 - x) - pi / tan(pi x)
        refl = x < 0.5
        xr = _np.where(refl, 1.0 - x, x)
        with _np.errstate(divide="ignore", invalid="ignore"):
            return _np.where(refl, _psi_positive(xr, 0) - _np.pi / _np.tan(_np.pi * x), _psi_positive(xr, 0))[()]
    with _np.errstate(invalid="ignore"):
        return _np.where(x > 0, _psi_positive(_np.where(x > 0, x, 1.0), n), _np.nan)[()]


def _psi_positive(x, n):
    acc = _np.zeros_like(x)
    sign = (-1.0) ** (n + 1)
    fact = _math.factorial(n)
    while _np.any(x < 20):
        small = x < 20
        step = -1.0 / x if n == 0 else sign * fact / x ** (n + 1)
        acc = acc + _np.where(small, step, 0.0)
        x = _np.where(small, x + 1.0, x)
    if n == 0:
        series = _np.log(x) - 0.5 / x
        for k, b in enumerate(_BERNOULLI, start=1):
            series = series - b / (2 * k * x ** (2 * k))
    else:
        series = _math.factorial(n - 1) / x**n + fact / (2 * x ** (n + 1))
        for k, b in enumerate(_BERNOULLI, start=1):
            series = series + b * _math.factorial(2 * k + n - 1) / (_math.factorial(2 * k) * x ** (2 * k + n))
        series = sign * series
    return acc + series


_polygamma_p = _elementwise(
    "polygamma",
    lambda x, n: _polygamma_impl(x, n),
    lambda ans, x, n: _polygamma_p(x, n + 1),
    None,
    doc="The n-th derivative of digamma (x > 0 for n >= 1; nan elsewhere).",
)


def polygamma(n, x):
    """psi^(n)(x), the (n+1)-th derivative of log Gamma; differentiable in x (n is an integer)."""
    return _polygamma_p(x, int(n))


def digamma(x):
    """psi(x) = d/dx log Gamma(x); its derivative is polygamma(1, x) (defined for x > 0)."""
    return _polygamma_p(x, 0)


psi = digamma
gammaln = _elementwise(
    "gammaln",
    _vectorized(_math.lgamma),
    lambda ans, x: digamma(x),
    doc="log |Gamma(x)|; derivative digamma(x).",
)


def _xlogy_partials(log):
    def dx(ans, x, y):
        return log(y)

    def dy(ans, x, y):
        ratio = x / (y if log is _anp.log else 1.0 + y)
        return _anp.where(_concrete(x) == 0, 0.0, ratio)

    return dx, dy


def _xlogy_impl(log):
    def impl(x, y):
        with _np.errstate(divide="ignore", invalid="ignore"):
            return _np.where(_np.asarray(x) == 0, 0.0, x * log(y))[()]

    return impl


xlogy = _elementwise(
    "xlogy",
    _xlogy_impl(_np.log),
    *_xlogy_partials(_anp.log),
    doc="x * log(y), 0 where x = 0. Convention: at x = 0 the derivative in y is 0 and in x is log(y).",
)
xlog1py = _elementwise(
    "xlog1py",
    _xlogy_impl(_np.log1p),
    *_xlogy_partials(_anp.log1p),
    doc="x * log1p(y), 0 where x = 0. Convention: at x = 0 the derivative in y is 0 and in x is log1p(y).",
)
