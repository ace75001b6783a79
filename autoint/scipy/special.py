"""autoint.scipy.special: logsumexp, softmax and the special functions of statistics, differentiable.

Computed with NumPy and the standard library only (autoint does not depend
on SciPy); values agree with scipy.special to rounding.
"""
import math as _math

import numpy as _np

from .. import numpy as _anp
from ..core import concrete as _concrete
from ..numpy.elementwise import elementwise as _elementwise
from ..numpy.shape_ops import float_like as _float_like

# The public names (the API page lists these): each primitive is also bound to <name>_p (erf_p), not listed.
__all__ = [
    "digamma", "erf", "erfc", "expit", "gammaln", "log_softmax", "logit", "logsumexp", "polygamma", "psi", "softmax",
    "xlog1py", "xlogy",
]


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """log(sum(b * exp(a))) along ``axis``, shifting by the maximum so exp never overflows.

    The shift is a constant (no derivative flows through it): the result does
    not depend on it, so the derivative is softmax(a) (weighted by b), exact.
    With ``b`` the sum may be negative: ``return_sign=True`` returns
    (log|sum|, sign), the sign carrying no derivative; otherwise a negative
    sum gives nan, as SciPy.

    >>> a = np.array([0.0, np.log(3.0)])
    >>> round(float(special.logsumexp(a)), 6), ai.grad(special.logsumexp)(a).round(6).tolist()  # log 4, softmax(a)
    (1.386294, [0.25, 0.75])
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
    """exp(x) / sum(exp(x)) along ``axis``, computed as exp(x - logsumexp(x)).

    >>> a = np.array([0.0, np.log(3.0)])
    >>> special.softmax(a).round(6).tolist(), ai.jacfwd(special.softmax)(a).round(6).tolist()  # J = diag(s) - s sᵀ
    ([0.25, 0.75], [[0.1875, -0.1875], [-0.1875, 0.1875]])
    """
    return _anp.exp(log_softmax(x, axis))


def log_softmax(x, axis=None):
    """x - logsumexp(x) along ``axis``.

    >>> a = np.array([0.0, np.log(3.0)])
    >>> special.log_softmax(a).round(6).tolist(), ai.grad(lambda a: special.log_softmax(a)[0])(a).round(6).tolist()
    ([-1.386294, -0.287682], [0.75, -0.75])
    """
    return x - logsumexp(x, axis=axis, keepdims=True)


def _expit_impl(x):
    x = _np.asarray(x, dtype=_float_like(0, x).dtype)
    e = _np.exp(-_np.abs(x))  # never overflows
    return _np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


expit_p = _elementwise("expit", _expit_impl, lambda ans, x: ans * (1.0 - ans), doc="""Logistic sigmoid 1 / (1 + exp(-x)).

    >>> float(special.expit(0.0)), float(ai.grad(special.expit)(0.0))  # derivative expit (1 - expit)
    (0.5, 0.25)
    """)
expit = expit_p
logit_p = _elementwise(
    "logit",
    lambda p: _np.log(p) - _np.log1p(-p),
    lambda ans, p: 1.0 / (p * (1.0 - p)),
    doc="""log(p / (1 - p)), the inverse of expit.

    >>> float(special.logit(0.5)), float(ai.grad(special.logit)(0.5))  # derivative 1 / (p (1 - p))
    (0.0, 4.0)
    """,
)
logit = logit_p

_TWO_OVER_SQRT_PI = 2.0 / _math.sqrt(_math.pi)


def _vectorized(f):
    uf = _np.frompyfunc(f, 1, 1)
    return lambda x: _np.asarray(uf(x), dtype=_float_like(0, x).dtype)[()]


erf_p = _elementwise(
    "erf", _vectorized(_math.erf), lambda ans, x: _TWO_OVER_SQRT_PI * _anp.exp(-x * x), doc="""The error function.

    >>> float(special.erf(0.0)), round(float(ai.grad(special.erf)(0.0)), 6)  # derivative 2 exp(-x²) / √π
    (0.0, 1.128379)
    """
)
erf = erf_p
erfc_p = _elementwise(
    "erfc", _vectorized(_math.erfc), lambda ans, x: -_TWO_OVER_SQRT_PI * _anp.exp(-x * x), doc="""1 - erf(x), accurate for large x.

    >>> float(special.erfc(0.0)), round(float(ai.grad(special.erfc)(0.0)), 6)  # derivative -2 exp(-x²) / √π
    (1.0, -1.128379)
    """
)
erfc = erfc_p

# -- log-gamma and the polygamma functions -----------------------------------------------------------
# psi^(n)(x) by the recurrence psi^(n)(x) = psi^(n)(x + 1) + (-1)^(n+1) n! / x^(n+1) (valid for negative x
# too), which moves x up to at least 20, then the asymptotic series in 1/x with Bernoulli numbers B_2k (error
# far below rounding there).  digamma of x < 0.5 uses the reflection psi(x) = psi(1 - x) - pi / tan(pi x).

_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6)


def _polygamma_impl(x, n):
    x = _np.asarray(x, dtype=_float_like(0, x).dtype)
    if n == 0:
        # reflection for x < 0.5: psi(x) = psi(1 - x) - pi / tan(pi x)
        refl = x < 0.5
        xr = _np.where(refl, 1.0 - x, x)
        with _np.errstate(divide="ignore", invalid="ignore"):
            return _np.where(refl, _psi_shifted(xr, 0) - _np.pi / _np.tan(_np.pi * x), _psi_shifted(xr, 0))[()]
    with _np.errstate(divide="ignore", invalid="ignore"):
        return _psi_shifted(x, n)[()]


def _psi_shifted(x, n):
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
    doc="The n-th derivative of digamma (poles at 0, -1, -2, ...).",
)


def polygamma(n, x):
    """psi^(n)(x), the (n+1)-th derivative of log Gamma; differentiable in x (n is an integer).

    >>> round(float(special.polygamma(1, 1.0)), 6), round(float(ai.grad(lambda x: special.polygamma(1, x))(1.0)), 6)
    (1.644934, -2.404114)
    """
    return _polygamma_p(x, int(n))


def digamma(x):
    """psi(x) = d/dx log Gamma(x); its derivative is polygamma(1, x).

    >>> round(float(special.digamma(1.0)), 6), round(float(ai.grad(special.digamma)(1.0)), 6)  # -γ and π²/6
    (-0.577216, 1.644934)
    """
    return _polygamma_p(x, 0)


psi = digamma
gammaln_p = _elementwise(
    "gammaln",
    _vectorized(_math.lgamma),
    lambda ans, x: digamma(x),
    doc="""log |Gamma(x)|; derivative digamma(x).

    >>> round(float(special.gammaln(3.0)), 6), round(float(ai.grad(special.gammaln)(1.0)), 6)  # log 2! and -γ (Euler)
    (0.693147, -0.577216)
    """,
)
gammaln = gammaln_p


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


xlogy_p = _elementwise(
    "xlogy",
    _xlogy_impl(_np.log),
    *_xlogy_partials(_anp.log),
    doc="""x * log(y), 0 where x = 0. Convention: at x = 0 the derivative in y is 0 and in x is log(y).

    >>> dx, dy = ai.grad(special.xlogy, argnums=(0, 1))(0.0, 2.0)
    >>> float(special.xlogy(0.0, 2.0)), round(float(dx), 6), float(dy)  # 0, log 2, 0
    (0.0, 0.693147, 0.0)
    """,
)
xlogy = xlogy_p
xlog1py_p = _elementwise(
    "xlog1py",
    _xlogy_impl(_np.log1p),
    *_xlogy_partials(_anp.log1p),
    doc="""x * log1p(y), 0 where x = 0. Convention: at x = 0 the derivative in y is 0 and in x is log1p(y).

    >>> dx, dy = ai.grad(special.xlog1py, argnums=(0, 1))(0.0, 1.0)
    >>> float(special.xlog1py(0.0, 1.0)), round(float(dx), 6), float(dy)  # 0, log 2, 0
    (0.0, 0.693147, 0.0)
    """,
)
xlog1py = xlog1py_p
