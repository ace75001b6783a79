"""Elementwise primitives: each defined by its value and its partial derivatives.

Read a definition as "value, then ∂out/∂input": ``elementwise(name, impl, d0, d1)``
where ``d(ans, *args)`` is the local derivative.  Rules compute with these same
primitives, so derivatives of derivatives come for free.
"""
import math

import numpy as np

from ..core import concrete
import operator

from ._util import NEG, ONE, OTHER, elementwise, float_like, refuse_complex, ndim_of, operator_fast, scalar_fast

# -- arithmetic ---------------------------------------------------------------

add = elementwise("add", operator_fast(np.add, operator.add), ONE, ONE, doc="x + y, broadcasting.")
subtract = elementwise("subtract", operator_fast(np.subtract, operator.sub), ONE, NEG, doc="x - y, broadcasting.")
multiply = elementwise(
    "multiply", operator_fast(np.multiply, operator.mul), OTHER, OTHER, doc="x * y, broadcasting."
)
divide = elementwise(
    "divide",
    operator_fast(np.true_divide, operator.truediv),
    lambda ans, x, y: 1.0 / y,
    lambda ans, x, y: -ans / y,
    doc="x / y, broadcasting.",
)
true_divide = divide


def _quotient_partial(rounding):
    """∂/∂y of x - rounding(x / y) * y: the quotient is piecewise constant, so -rounding(x / y)."""

    def partial(ans, x, y):
        with np.errstate(divide="ignore", invalid="ignore"):
            return float_like(-rounding(np.true_divide(concrete(x), concrete(y))), ans)

    return partial


mod = elementwise(
    "mod",
    operator_fast(np.mod, operator.mod),
    ONE,
    _quotient_partial(np.floor),
    doc="""x % y with the sign of y (Python's and NumPy's remainder): x - floor(x / y) * y.

    Derivatives: 1 in x, -floor(x / y) in y; at the jumps (x / y an integer)
    the one-sided value from the right of x / y is used, as floor gives it.""",
)
remainder = mod
fmod = elementwise(
    "fmod",
    np.fmod,
    ONE,
    _quotient_partial(np.trunc),
    doc="""C's remainder, with the sign of x: x - trunc(x / y) * y.

    Derivatives: 1 in x, -trunc(x / y) in y; at the jumps the value trunc gives is used.""",
)
negative = elementwise("negative", scalar_fast(np.negative, operator.neg), NEG, doc="-x.")


def _dpow_base(ans, x, y):
    if not ndim_of(y) and not hasattr(y, "_trace"):
        # A constant exponent: x**0 is constant (derivative 0 everywhere, also at x = 0).
        if y == 0:
            return 0.0 * x
        return y * x if y == 2 else y * power(x, y - 1)  # x**2 is common: save a power
    y_is_zero = concrete(y) == 0
    safe_y = where(y_is_zero, 1.0, y)
    return where(y_is_zero, 0.0, safe_y * power(x, safe_y - 1))


def _dpow_exponent(ans, x, y):
    x_is_zero = concrete(x) == 0
    return where(x_is_zero, 0.0, ans * log(where(x_is_zero, 1.0, x)))


power = elementwise(
    "power",
    operator_fast(np.power, operator.pow),
    _dpow_base,
    _dpow_exponent,
    doc="""x ** y, broadcasting.

    Convention: x ** 0 has derivative 0 with respect to x everywhere, x = 0
    included (JAX gives nan at 0); the derivative with respect to y at x = 0 is 0.""",
)
square = elementwise("square", scalar_fast(np.square, lambda x: x * x), lambda ans, x: 2.0 * x, doc="x ** 2.")
reciprocal = elementwise("reciprocal", np.reciprocal, lambda ans, x: -(ans * ans), doc="1 / x.")
sqrt = elementwise("sqrt", scalar_fast(np.sqrt, math.sqrt), lambda ans, x: 0.5 / ans, doc="Square root; derivative inf at 0.")
cbrt = elementwise("cbrt", np.cbrt, lambda ans, x: 1.0 / (3.0 * ans * ans), doc="Cube root.")

# -- exponentials and logarithms ------------------------------------------------

exp = elementwise("exp", scalar_fast(np.exp, math.exp), lambda ans, x: ans, doc="e ** x.")
exp2 = elementwise("exp2", np.exp2, lambda ans, x: ans * math.log(2.0), doc="2 ** x.")
expm1 = elementwise("expm1", scalar_fast(np.expm1, math.expm1), lambda ans, x: ans + 1.0, doc="exp(x) - 1, accurate near 0.")
log = elementwise("log", scalar_fast(np.log, math.log), lambda ans, x: 1.0 / x, doc="Natural logarithm.")
log2 = elementwise("log2", scalar_fast(np.log2, math.log2), lambda ans, x: 1.0 / (x * math.log(2.0)), doc="Base-2 logarithm.")
log10 = elementwise("log10", scalar_fast(np.log10, math.log10), lambda ans, x: 1.0 / (x * math.log(10.0)), doc="Base-10 logarithm.")
log1p = elementwise("log1p", scalar_fast(np.log1p, math.log1p), lambda ans, x: 1.0 / (1.0 + x), doc="log(1 + x), accurate near 0.")
logaddexp2 = elementwise(
    "logaddexp2",
    np.logaddexp2,
    lambda ans, x, y: exp2(x - ans),
    lambda ans, x, y: exp2(y - ans),
    doc="log2(2**x + 2**y) without overflow.",
)
logaddexp = elementwise(
    "logaddexp",
    np.logaddexp,
    lambda ans, x, y: exp(x - ans),
    lambda ans, x, y: exp(y - ans),
    doc="log(exp(x) + exp(y)) without overflow.",
)

# -- trigonometric and hyperbolic -----------------------------------------------

_DEG = math.pi / 180.0
deg2rad = elementwise("deg2rad", np.deg2rad, lambda ans, x: _DEG, doc="Degrees to radians: x * pi / 180.")
rad2deg = elementwise("rad2deg", np.rad2deg, lambda ans, x: 1.0 / _DEG, doc="Radians to degrees: x * 180 / pi.")
radians, degrees = deg2rad, rad2deg

sin = elementwise("sin", scalar_fast(np.sin, math.sin), lambda ans, x: cos(x), doc="Sine.")
cos = elementwise("cos", scalar_fast(np.cos, math.cos), lambda ans, x: -sin(x), doc="Cosine.")
tan = elementwise("tan", scalar_fast(np.tan, math.tan), lambda ans, x: 1.0 + ans * ans, doc="Tangent.")
arcsin = elementwise("arcsin", scalar_fast(np.arcsin, math.asin), lambda ans, x: 1.0 / sqrt(1.0 - x * x), doc="Inverse sine.")
arccos = elementwise("arccos", scalar_fast(np.arccos, math.acos), lambda ans, x: -1.0 / sqrt(1.0 - x * x), doc="Inverse cosine.")
arctan = elementwise("arctan", scalar_fast(np.arctan, math.atan), lambda ans, x: 1.0 / (1.0 + x * x), doc="Inverse tangent.")
arctan2 = elementwise(
    "arctan2",
    np.arctan2,
    lambda ans, y, x: x / (x * x + y * y),
    lambda ans, y, x: -y / (x * x + y * y),
    doc="Angle of the point (x, y): arctan2(y, x).",
)
hypot = elementwise(
    "hypot",
    np.hypot,
    lambda ans, x, y: x / _nonzero(ans),
    lambda ans, x, y: y / _nonzero(ans),
    doc="sqrt(x**2 + y**2). Convention: derivative 0 at the origin (a subgradient).",
)
sinh = elementwise("sinh", scalar_fast(np.sinh, math.sinh), lambda ans, x: cosh(x), doc="Hyperbolic sine.")
cosh = elementwise("cosh", scalar_fast(np.cosh, math.cosh), lambda ans, x: sinh(x), doc="Hyperbolic cosine.")
tanh = elementwise("tanh", scalar_fast(np.tanh, math.tanh), lambda ans, x: 1.0 - ans * ans, doc="Hyperbolic tangent.")
arcsinh = elementwise("arcsinh", scalar_fast(np.arcsinh, math.asinh), lambda ans, x: 1.0 / sqrt(x * x + 1.0), doc="Inverse hyperbolic sine.")
arccosh = elementwise("arccosh", scalar_fast(np.arccosh, math.acosh), lambda ans, x: 1.0 / sqrt(x * x - 1.0), doc="Inverse hyperbolic cosine.")
arctanh = elementwise("arctanh", scalar_fast(np.arctanh, math.atanh), lambda ans, x: 1.0 / (1.0 - x * x), doc="Inverse hyperbolic tangent.")


def _nonzero(x):
    return where(concrete(x) == 0, 1.0, x)


# -- sinc: every derivative, including at 0 ----------------------------------------


def _sinc_derivative(x, k):
    """k-th derivative of sinc(x) = sin(pi x)/(pi x) with respect to x.

    Away from 0 it uses t f(t) = sin t differentiated k times,
    f^(k) = (sin^(k) t - k f^(k-1)) / t; near 0, where that recursion would
    lose digits, the Maclaurin series sum_n (-1)^n t^(2n) / (2n+1)!.
    """
    x = np.asarray(x)
    t = np.pi * x
    near = np.abs(t) < 1.0
    ts = np.where(near, 1.0, t)
    f = np.sin(ts) / ts
    for j in range(1, k + 1):
        f = (np.sin(ts + j * np.pi / 2) - j * f) / ts
    series = np.zeros_like(t)
    for n in range((k + 1) // 2, (k + 1) // 2 + 15):
        coeff = (-1) ** n * math.factorial(2 * n) / (math.factorial(2 * n - k) * math.factorial(2 * n + 1))
        series = series + coeff * t ** (2 * n - k)
    return (np.where(near, series, f) * np.pi**k).astype(x.dtype if x.dtype.kind == "f" else np.float64)[()]


sinc_derivative = elementwise(
    "sinc_derivative",
    _sinc_derivative,
    lambda ans, x, k: sinc_derivative(x, k + 1),
    None,
    doc="k-th derivative of sinc; sinc's rules are built from it, so all orders are exact at 0.",
)
sinc = elementwise(
    "sinc", np.sinc, lambda ans, x: sinc_derivative(x, 1), doc="Normalized sinc, sin(pi x)/(pi x); sinc(0) = 1."
)

# -- selection and kinks -------------------------------------------------------------


def _abs_partial(ans, x):
    refuse_complex(x, "absolute")
    return float_like(np.where(concrete(x) >= 0, 1.0, -1.0), x)


absolute = elementwise(
    "absolute", scalar_fast(np.absolute, abs), _abs_partial, doc="|x|. Convention (as JAX): derivative +1 at x = 0."
)
abs = absolute
fabs = elementwise(
    "fabs", np.fabs, _abs_partial, doc="|x| for real x. Convention (as JAX): derivative +1 at x = 0."
)


def _max_partial(ans, x, y):
    cx, cy = concrete(x), concrete(y)
    return float_like(np.where(cx > cy, 1.0, np.where(cx == cy, 0.5, 0.0)), x)


maximum = elementwise(
    "maximum",
    np.maximum,
    _max_partial,
    lambda ans, x, y: _max_partial(ans, y, x),
    doc="Elementwise max. Convention (as JAX): at ties each argument gets half the derivative.",
)
minimum = elementwise(
    "minimum",
    np.minimum,
    lambda ans, x, y: _max_partial(ans, y, x),
    _max_partial,
    doc="Elementwise min. Convention (as JAX): at ties each argument gets half the derivative.",
)


def _fmax_partial(ans, x, y):
    """As maximum, except that a nan loses: the other argument gets the whole derivative."""
    cx, cy = concrete(x), concrete(y)
    wins = np.where(np.isnan(cy) & ~np.isnan(cx), 1.0, np.where(np.isnan(cx), 0.0, _max_partial(ans, cx, cy)))
    return float_like(wins, x)


fmax = elementwise(
    "fmax",
    np.fmax,
    _fmax_partial,
    lambda ans, x, y: _fmax_partial(ans, y, x),
    doc="Elementwise max ignoring nan. Convention: ties split the derivative in half; a nan gets none.",
)


def _fmin_partial(ans, x, y):
    cx, cy = concrete(x), concrete(y)
    wins = np.where(np.isnan(cy) & ~np.isnan(cx), 1.0, np.where(np.isnan(cx), 0.0, _max_partial(ans, cy, cx)))
    return float_like(wins, x)


fmin = elementwise(
    "fmin",
    np.fmin,
    _fmin_partial,
    lambda ans, x, y: _fmin_partial(ans, y, x),
    doc="Elementwise min ignoring nan. Convention: ties split the derivative in half; a nan gets none.",
)


def _where_partial(branch):
    def partial(ans, c, x, y):
        c = np.asarray(concrete(c), dtype=bool)
        return float_like(c if branch else ~c, ans)

    return partial


where = elementwise(
    "where",
    np.where,
    None,
    _where_partial(True),
    _where_partial(False),
    doc="where(c, x, y): x where c is true, else y. The condition gets no derivative.",
)


def clip(x, a_min=None, a_max=None):
    """Clip to [a_min, a_max] as maximum then minimum, so at a bound the derivative is 1/2 (as JAX)."""
    if a_min is not None:
        x = maximum(x, a_min)
    if a_max is not None:
        x = minimum(x, a_max)
    return x


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """np.nan_to_num: derivative 1 at finite entries, 0 at the replaced ones (they become constants)."""
    c = concrete(x)
    if c is x:
        return np.nan_to_num(x, copy=copy, nan=nan, posinf=posinf, neginf=neginf)
    fixed = np.nan_to_num(c, copy=True, nan=nan, posinf=posinf, neginf=neginf)
    return where(np.isfinite(c), x, fixed)
