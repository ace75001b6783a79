"""autoint.scipy.special: logsumexp, softmax and the special functions of statistics, differentiable.

Computed with NumPy and the standard library only (autoint does not depend
on SciPy); values agree with scipy.special to rounding.
"""
import math

import numpy as np

from .. import numpy as anp
from ..core import concrete
from ..numpy._util import elementwise, float_like


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """log(sum(b * exp(a))) along ``axis``, shifting by the maximum so exp never overflows.

    The shift is a constant (no derivative flows through it): the result does
    not depend on it, so the derivative is softmax(a) (weighted by b), exact.
    With ``b`` the sum may be negative: ``return_sign=True`` returns
    (log|sum|, sign), the sign carrying no derivative; otherwise a negative
    sum gives nan, as SciPy.
    """
    m = anp.max(anp.stop_gradient(a), axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    e = anp.exp(a - m)
    s = anp.sum(e if b is None else b * e, axis=axis, keepdims=True)
    sign = np.sign(concrete(s))
    out = anp.log(s * sign if return_sign else s) + m
    if not keepdims:
        out = anp.squeeze(out, axis=axis) if axis is not None else anp.reshape(out, ())
        sign = np.squeeze(sign, axis=axis) if axis is not None else np.reshape(sign, ())
    return (out, sign) if return_sign else out


def softmax(x, axis=None):
    """exp(x) / sum(exp(x)) along ``axis``, computed as exp(x - logsumexp(x))."""
    return anp.exp(log_softmax(x, axis))


def log_softmax(x, axis=None):
    """x - logsumexp(x) along ``axis``."""
    return x - logsumexp(x, axis=axis, keepdims=True)


def _expit_impl(x):
    x = np.asarray(x, dtype=float_like(0, x).dtype)
    e = np.exp(-np.abs(x))  # never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


expit = elementwise("expit", _expit_impl, lambda ans, x: ans * (1.0 - ans), doc="Logistic sigmoid 1 / (1 + exp(-x)).")
logit = elementwise(
    "logit",
    lambda p: np.log(p) - np.log1p(-p),
    lambda ans, p: 1.0 / (p * (1.0 - p)),
    doc="log(p / (1 - p)), the inverse of expit.",
)

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


def _vectorized(f):
    uf = np.frompyfunc(f, 1, 1)
    return lambda x: np.asarray(uf(x), dtype=float_like(0, x).dtype)[()]


erf = elementwise(
    "erf", _vectorized(math.erf), lambda ans, x: _TWO_OVER_SQRT_PI * anp.exp(-x * x), doc="The error function."
)
erfc = elementwise(
    "erfc", _vectorized(math.erfc), lambda ans, x: -_TWO_OVER_SQRT_PI * anp.exp(-x * x), doc="1 - erf(x), accurate for large x."
)

# -- log-gamma and the polygamma functions -----------------------------------------------------------
# psi^(n)(x) by the recurrence psi^(n)(x) = psi^(n)(x + 1) + (-1)^(n+1) n! / x^(n+1), which moves x up to
# at least 20, then the asymptotic series in 1/x with Bernoulli numbers B_2k (error far below rounding there).

_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6)


def _polygamma_impl(x, n):
    x = np.asarray(x, dtype=float_like(0, x).dtype)
    if n == 0:
        # reflection for x < 0.5: psi(x) = psi(1 - x) - pi / tan(pi x)
        refl = x < 0.5
        xr = np.where(refl, 1.0 - x, x)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(refl, _psi_positive(xr, 0) - np.pi / np.tan(np.pi * x), _psi_positive(xr, 0))[()]
    with np.errstate(invalid="ignore"):
        return np.where(x > 0, _psi_positive(np.where(x > 0, x, 1.0), n), np.nan)[()]


def _psi_positive(x, n):
    acc = np.zeros_like(x)
    sign = (-1.0) ** (n + 1)
    fact = math.factorial(n)
    while np.any(x < 20):
        small = x < 20
        step = -1.0 / x if n == 0 else sign * fact / x ** (n + 1)
        acc = acc + np.where(small, step, 0.0)
        x = np.where(small, x + 1.0, x)
    if n == 0:
        series = np.log(x) - 0.5 / x
        for k, b in enumerate(_BERNOULLI, start=1):
            series = series - b / (2 * k * x ** (2 * k))
    else:
        series = math.factorial(n - 1) / x**n + fact / (2 * x ** (n + 1))
        for k, b in enumerate(_BERNOULLI, start=1):
            series = series + b * math.factorial(2 * k + n - 1) / (math.factorial(2 * k) * x ** (2 * k + n))
        series = sign * series
    return acc + series


polygamma_p = elementwise(
    "polygamma",
    lambda x, n: _polygamma_impl(x, n),
    lambda ans, x, n: polygamma_p(x, n + 1),
    None,
    doc="The n-th derivative of digamma (x > 0 for n >= 1; nan elsewhere).",
)


def polygamma(n, x):
    """psi^(n)(x), the (n+1)-th derivative of log Gamma; differentiable in x (n is an integer)."""
    return polygamma_p(x, int(n))


def digamma(x):
    """psi(x) = d/dx log Gamma(x); its derivative is polygamma(1, x) (defined for x > 0)."""
    return polygamma_p(x, 0)


psi = digamma
gammaln = elementwise(
    "gammaln",
    _vectorized(math.lgamma),
    lambda ans, x: digamma(x),
    doc="log |Gamma(x)|; derivative digamma(x).",
)


def _xlogy_partials(log):
    def dx(ans, x, y):
        return log(y)

    def dy(ans, x, y):
        ratio = x / (y if log is anp.log else 1.0 + y)
        return anp.where(concrete(x) == 0, 0.0, ratio)

    return dx, dy


def _xlogy_impl(log):
    def impl(x, y):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(np.asarray(x) == 0, 0.0, x * log(y))[()]

    return impl


xlogy = elementwise(
    "xlogy",
    _xlogy_impl(np.log),
    *_xlogy_partials(anp.log),
    doc="x * log(y), 0 where x = 0. Convention: at x = 0 the derivative in y is 0 and in x is log(y).",
)
xlog1py = elementwise(
    "xlog1py",
    _xlogy_impl(np.log1p),
    *_xlogy_partials(anp.log1p),
    doc="x * log1p(y), 0 where x = 0. Convention: at x = 0 the derivative in y is 0 and in x is log1p(y).",
)
