"""Elementwise primitives: each defined by its value and its partial derivatives.

Read a definition as "value, then ∂out/∂input": ``elementwise(name, impl, d0, d1)``
where ``d(ans, *args)`` is the local derivative.  Rules compute with these same
primitives, so derivatives of derivatives come for free.
"""
import math

import numpy as np

from ..core import Primitive, Tracer, concrete, result_dtype, shape_of
from ._util import ndim_of, refuse_complex
from . import shape_ops as so
from .reductions import unbroadcast  # by name: the rules below call these two once per edge of every graph
from .shape_ops import fit

# -- the factory: a primitive from its partial derivatives ----------------------

ONE = "one"  # partial derivative 1: pass the (co)tangent through
NEG = "neg"  # partial derivative -1
OTHER = "other"  # partial derivative = the other operand (a product): no call needed to get it


def elementwise(name, impl, *partials, doc=None):
    """A broadcasting elementwise primitive defined by its partial derivatives.

    ``partials[i](ans, *args)`` is ∂out/∂args[i] (elementwise), or ``ONE``/``NEG``
    (constant ±1), ``OTHER`` (the other operand of a product), or ``None`` for
    a non-differentiable argument.  Both modes follow from it:
    JVP multiplies the tangent by it, VJP multiplies the cotangent and sums the
    broadcast axes away.
    """
    prim = Primitive(name, impl, doc)
    prim.defjvp(*(_jvp_rule(i, d) for i, d in enumerate(partials)))
    prim.defvjp(*(_vjp_rule(i, d) for i, d in enumerate(partials)))
    BROADCASTING.append(prim)
    return prim


BROADCASTING = []  # every primitive made by elementwise(): vmap just lines up their batch axes


def _partial_value(d, ans, args):
    """``d(ans, *args)``, with NumPy's inf/nan where Python float arithmetic would raise.

    Values may be Python floats (inputs, and the scalar fast path of the
    impls, which turns NumPy scalars into floats too); ``0.5 / 0.0`` raises
    ZeroDivisionError where NumPy gives inf (the derivative of sqrt at 0).
    Such a partial is recomputed with scalars as 1-element arrays: arithmetic
    on those stays in NumPy all the way through, then the shape is restored.
    """
    try:
        return d(ans, *args)
    except (ZeroDivisionError, OverflowError):
        return _partial_in_numpy(d, ans, args)


def _partial_in_numpy(d, ans, args):
    vals = (ans,) + tuple(args)
    shape = np.broadcast_shapes(*(shape_of(v) for v in vals))
    out = d(*(np.reshape(v, (1,)) if not isinstance(v, Tracer) and shape_of(v) == () else v for v in vals))
    return so.reshape(out, shape)


def _jvp_rule(i, d):
    if d is None:
        return None
    if d is ONE:
        return lambda g, ans, *args: fit(g, args[i], ans)
    if d is NEG:
        return lambda g, ans, *args: -fit(g, args[i], ans)
    if d is OTHER:
        return lambda g, ans, x, y: fit(g, (x, y)[i], ans) * (y if i == 0 else x)
    return lambda g, ans, *args: fit(g, args[i], ans) * _partial_value(d, ans, args)


def _vjp_rule(i, d):
    # Written out rather than composed from helpers: these run once per edge of
    # the graph in every backward pass, and a scalar cotangent needs no
    # unbroadcasting at all.
    if d is None:
        return None
    if d is ONE:
        def rule(g, ans, *args):
            return g if type(g) is float else unbroadcast(g, shape_of(args[i]))
    elif d is NEG:
        def rule(g, ans, *args):
            return -g if type(g) is float else unbroadcast(-g, shape_of(args[i]))
    elif d is OTHER:
        def rule(g, ans, x, y):
            c = g * (y if i == 0 else x)
            return c if type(c) is float else unbroadcast(c, shape_of(x if i == 0 else y))
    else:
        def rule(g, ans, *args):
            try:
                c = g * d(ans, *args)
            except (ZeroDivisionError, OverflowError):  # d already failed on floats: go to NumPy
                c = g * _partial_in_numpy(d, ans, args)
            return c if type(c) is float else unbroadcast(c, shape_of(args[i]))
    return rule


# -- arithmetic ---------------------------------------------------------------

add_p = elementwise("add", np.add, ONE, ONE, doc="""x + y, broadcasting.

    >>> float(anp.add(2.0, 3.0)), [float(d) for d in ai.grad(anp.add, argnums=(0, 1))(2.0, 3.0)]
    (5.0, [1.0, 1.0])
    """)
add = add_p
subtract_p = elementwise("subtract", np.subtract, ONE, NEG, doc="""x - y, broadcasting.

    >>> float(anp.subtract(2.0, 3.0)), [float(d) for d in ai.grad(anp.subtract, argnums=(0, 1))(2.0, 3.0)]
    (-1.0, [1.0, -1.0])
    """)
subtract = subtract_p
multiply_p = elementwise(
    "multiply", np.multiply, OTHER, OTHER, doc="""x * y, broadcasting.

    >>> float(anp.multiply(2.0, 3.0)), [float(d) for d in ai.grad(anp.multiply, argnums=(0, 1))(2.0, 3.0)]
    (6.0, [3.0, 2.0])
    """
)
multiply = multiply_p
divide_p = elementwise(
    "divide",
    np.true_divide,
    lambda ans, x, y: 1.0 / y,
    lambda ans, x, y: -ans / y,
    doc="""x / y, broadcasting.

    >>> float(anp.divide(3.0, 2.0)), [float(d) for d in ai.grad(anp.divide, argnums=(0, 1))(3.0, 2.0)]  # 1/y, -x/y²
    (1.5, [0.5, -0.75])
    """,
)
divide = divide_p
true_divide = divide


def _quotient_partial(rounding):
    """∂/∂y of x - rounding(x / y) * y: the quotient is piecewise constant, so -rounding(x / y)."""

    def partial(ans, x, y):
        with np.errstate(divide="ignore", invalid="ignore"):
            return so.float_like(-rounding(np.true_divide(concrete(x), concrete(y))), ans)

    return partial


mod_p = elementwise(
    "mod",
    np.mod,
    ONE,
    _quotient_partial(np.floor),
    doc="""x % y with the sign of y (Python's and NumPy's remainder): x - floor(x / y) * y.

    Derivatives: 1 in x, -floor(x / y) in y; at the jumps (x / y an integer)
    the one-sided value from the right of x / y is used, as floor gives it.

    >>> float(anp.mod(7.0, 3.0)), [float(d) for d in ai.grad(anp.mod, argnums=(0, 1))(7.0, 3.0)]  # 1, -floor(7/3)
    (1.0, [1.0, -2.0])
    """,
)
mod = mod_p
remainder = mod
fmod_p = elementwise(
    "fmod",
    np.fmod,
    ONE,
    _quotient_partial(np.trunc),
    doc="""C's remainder, with the sign of x: x - trunc(x / y) * y.

    Derivatives: 1 in x, -trunc(x / y) in y; at the jumps the value trunc gives is used.

    >>> float(anp.fmod(-7.0, 3.0)), [float(d) for d in ai.grad(anp.fmod, argnums=(0, 1))(-7.0, 3.0)]  # 1, -trunc(-7/3)
    (-1.0, [1.0, 2.0])
    """,
)
fmod = fmod_p
negative_p = elementwise("negative", np.negative, NEG, doc="""-x.

    >>> float(anp.negative(2.0)), float(ai.grad(anp.negative)(2.0))
    (-2.0, -1.0)
    """)
negative = negative_p


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


power_p = elementwise(
    "power",
    np.power,
    _dpow_base,
    _dpow_exponent,
    doc="""x ** y, broadcasting.

    Convention: x ** 0 has derivative 0 with respect to x everywhere, x = 0
    included (JAX gives nan at 0); the derivative with respect to y at x = 0 is 0.

    >>> [round(float(d), 6) for d in ai.grad(anp.power, argnums=(0, 1))(3.0, 2.0)]  # y x**(y-1), x**y log x
    [6.0, 9.887511]
    >>> [float(d) for d in ai.grad(anp.power, argnums=(0, 1))(0.0, 0.0)]  # x**0 is constant
    [0.0, 0.0]
    """,
)
power = power_p
square_p = elementwise("square", np.square, lambda ans, x: 2.0 * x, doc="""x ** 2.

    >>> float(anp.square(3.0)), float(ai.grad(anp.square)(3.0))
    (9.0, 6.0)
    """)
square = square_p
reciprocal_p = elementwise("reciprocal", np.reciprocal, lambda ans, x: -(ans * ans), doc="""1 / x.

    >>> float(anp.reciprocal(2.0)), float(ai.grad(anp.reciprocal)(2.0))  # -1/x²
    (0.5, -0.25)
    """)
reciprocal = reciprocal_p
sqrt_p = elementwise("sqrt", np.sqrt, lambda ans, x: 0.5 / ans, doc="""Square root; derivative inf at 0.

    >>> float(anp.sqrt(4.0)), float(ai.grad(anp.sqrt)(4.0))  # 1 / (2 sqrt x)
    (2.0, 0.25)
    """)
sqrt = sqrt_p
cbrt_p = elementwise("cbrt", np.cbrt, lambda ans, x: 1.0 / (3.0 * ans * ans), doc="""Cube root.

    >>> round(float(anp.cbrt(8.0)), 6), round(float(ai.grad(anp.cbrt)(8.0)), 6)  # 1 / (3 cbrt(x)²) = 1/12
    (2.0, 0.083333)
    """)
cbrt = cbrt_p

# -- exponentials and logarithms ------------------------------------------------

exp_p = elementwise("exp", np.exp, lambda ans, x: ans, doc="""e ** x.

    >>> float(anp.exp(0.0)), float(ai.grad(anp.exp)(0.0))
    (1.0, 1.0)
    """)
exp = exp_p
exp2_p = elementwise("exp2", np.exp2, lambda ans, x: ans * math.log(2.0), doc="""2 ** x.

    >>> round(float(anp.exp2(1.0)), 6), round(float(ai.grad(anp.exp2)(1.0)), 6)  # 2**x log 2
    (2.0, 1.386294)
    """)
exp2 = exp2_p
expm1_p = elementwise("expm1", np.expm1, lambda ans, x: ans + 1.0, doc="""exp(x) - 1, accurate near 0.

    >>> float(anp.expm1(0.0)), float(ai.grad(anp.expm1)(0.0))
    (0.0, 1.0)
    """)
expm1 = expm1_p
log_p = elementwise("log", np.log, lambda ans, x: 1.0 / x, doc="""Natural logarithm.

    >>> round(float(anp.log(2.0)), 6), round(float(ai.grad(anp.log)(2.0)), 6)  # 1/x
    (0.693147, 0.5)
    """)
log = log_p
log2_p = elementwise("log2", np.log2, lambda ans, x: 1.0 / (x * math.log(2.0)), doc="""Base-2 logarithm.

    >>> round(float(anp.log2(4.0)), 6), round(float(ai.grad(anp.log2)(4.0)), 6)  # 1 / (x log 2)
    (2.0, 0.360674)
    """)
log2 = log2_p
log10_p = elementwise("log10", np.log10, lambda ans, x: 1.0 / (x * math.log(10.0)), doc="""Base-10 logarithm.

    >>> round(float(anp.log10(100.0)), 6), round(float(ai.grad(anp.log10)(100.0)), 6)  # 1 / (x log 10)
    (2.0, 0.004343)
    """)
log10 = log10_p
log1p_p = elementwise("log1p", np.log1p, lambda ans, x: 1.0 / (1.0 + x), doc="""log(1 + x), accurate near 0.

    >>> float(anp.log1p(0.0)), float(ai.grad(anp.log1p)(0.0))
    (0.0, 1.0)
    """)
log1p = log1p_p
logaddexp2_p = elementwise(
    "logaddexp2",
    np.logaddexp2,
    lambda ans, x, y: exp2(x - ans),
    lambda ans, x, y: exp2(y - ans),
    doc="""log2(2**x + 2**y) without overflow.

    >>> float(anp.logaddexp2(1.0, 1.0)), [float(d) for d in ai.grad(anp.logaddexp2, argnums=(0, 1))(1.0, 1.0)]
    (2.0, [0.5, 0.5])
    """,
)
logaddexp2 = logaddexp2_p
logaddexp_p = elementwise(
    "logaddexp",
    np.logaddexp,
    lambda ans, x, y: exp(x - ans),
    lambda ans, x, y: exp(y - ans),
    doc="""log(exp(x) + exp(y)) without overflow.

    >>> round(float(anp.logaddexp(0.0, 0.0)), 6), [float(d) for d in ai.grad(anp.logaddexp, argnums=(0, 1))(0.0, 0.0)]  # log 2; softmax
    (0.693147, [0.5, 0.5])
    """,
)
logaddexp = logaddexp_p

# -- trigonometric and hyperbolic -----------------------------------------------

_DEG = math.pi / 180.0
deg2rad_p = elementwise("deg2rad", np.deg2rad, lambda ans, x: _DEG, doc="""Degrees to radians: x * pi / 180.

    >>> round(float(anp.deg2rad(180.0)), 6), round(float(ai.grad(anp.deg2rad)(180.0)), 6)  # pi/180
    (3.141593, 0.017453)
    """)
deg2rad = deg2rad_p
rad2deg_p = elementwise("rad2deg", np.rad2deg, lambda ans, x: 1.0 / _DEG, doc="""Radians to degrees: x * 180 / pi.

    >>> round(float(anp.rad2deg(np.pi)), 6), round(float(ai.grad(anp.rad2deg)(np.pi)), 6)  # 180/pi
    (180.0, 57.29578)
    """)
rad2deg = rad2deg_p
radians, degrees = deg2rad, rad2deg

sin_p = elementwise("sin", np.sin, lambda ans, x: cos(x), doc="""Sine.

    >>> float(anp.sin(0.0)), float(ai.grad(anp.sin)(0.0))  # cos 0
    (0.0, 1.0)
    """)
sin = sin_p
cos_p = elementwise("cos", np.cos, lambda ans, x: -sin(x), doc="""Cosine.

    >>> round(float(anp.cos(np.pi / 2)), 6), round(float(ai.grad(anp.cos)(np.pi / 2)), 6)  # -sin(pi/2)
    (0.0, -1.0)
    """)
cos = cos_p
tan_p = elementwise("tan", np.tan, lambda ans, x: 1.0 + ans * ans, doc="""Tangent.

    >>> float(anp.tan(0.0)), float(ai.grad(anp.tan)(0.0))  # 1 + tan²
    (0.0, 1.0)
    """)
tan = tan_p
arcsin_p = elementwise("arcsin", np.arcsin, lambda ans, x: 1.0 / sqrt(1.0 - x * x), doc="""Inverse sine.

    >>> float(anp.arcsin(0.0)), float(ai.grad(anp.arcsin)(0.0))  # 1 / sqrt(1 - x²)
    (0.0, 1.0)
    """)
arcsin = arcsin_p
arccos_p = elementwise("arccos", np.arccos, lambda ans, x: -1.0 / sqrt(1.0 - x * x), doc="""Inverse cosine.

    >>> round(float(anp.arccos(0.0)), 6), round(float(ai.grad(anp.arccos)(0.0)), 6)  # -1 / sqrt(1 - x²)
    (1.570796, -1.0)
    """)
arccos = arccos_p
arctan_p = elementwise("arctan", np.arctan, lambda ans, x: 1.0 / (1.0 + x * x), doc="""Inverse tangent.

    >>> round(float(anp.arctan(1.0)), 6), round(float(ai.grad(anp.arctan)(1.0)), 6)  # 1 / (1 + x²)
    (0.785398, 0.5)
    """)
arctan = arctan_p
arctan2_p = elementwise(
    "arctan2",
    np.arctan2,
    lambda ans, y, x: x / (x * x + y * y),
    lambda ans, y, x: -y / (x * x + y * y),
    doc="""Angle of the point (x, y): arctan2(y, x).

    >>> round(float(anp.arctan2(1.0, 1.0)), 6), [float(d) for d in ai.grad(anp.arctan2, argnums=(0, 1))(1.0, 1.0)]  # x/r², -y/r²
    (0.785398, [0.5, -0.5])
    """,
)
arctan2 = arctan2_p
hypot_p = elementwise(
    "hypot",
    np.hypot,
    lambda ans, x, y: x / _nonzero(ans),
    lambda ans, x, y: y / _nonzero(ans),
    doc="""sqrt(x**2 + y**2). Convention: derivative 0 at the origin (a subgradient).

    >>> float(anp.hypot(3.0, 4.0)), [float(d) for d in ai.grad(anp.hypot, argnums=(0, 1))(3.0, 4.0)]  # x/r, y/r
    (5.0, [0.6, 0.8])
    >>> [float(d) for d in ai.grad(anp.hypot, argnums=(0, 1))(0.0, 0.0)]
    [0.0, 0.0]
    """,
)
hypot = hypot_p
sinh_p = elementwise("sinh", np.sinh, lambda ans, x: cosh(x), doc="""Hyperbolic sine.

    >>> float(anp.sinh(0.0)), float(ai.grad(anp.sinh)(0.0))  # cosh 0
    (0.0, 1.0)
    """)
sinh = sinh_p
cosh_p = elementwise("cosh", np.cosh, lambda ans, x: sinh(x), doc="""Hyperbolic cosine.

    >>> float(anp.cosh(0.0)), float(ai.grad(anp.cosh)(0.0))  # sinh 0
    (1.0, 0.0)
    """)
cosh = cosh_p
tanh_p = elementwise("tanh", np.tanh, lambda ans, x: 1.0 - ans * ans, doc="""Hyperbolic tangent.

    >>> float(anp.tanh(0.0)), float(ai.grad(anp.tanh)(0.0))  # 1 - tanh²
    (0.0, 1.0)
    """)
tanh = tanh_p
arcsinh_p = elementwise("arcsinh", np.arcsinh, lambda ans, x: 1.0 / sqrt(x * x + 1.0), doc="""Inverse hyperbolic sine.

    >>> float(anp.arcsinh(0.0)), float(ai.grad(anp.arcsinh)(0.0))  # 1 / sqrt(x² + 1)
    (0.0, 1.0)
    """)
arcsinh = arcsinh_p
arccosh_p = elementwise("arccosh", np.arccosh, lambda ans, x: 1.0 / sqrt(x * x - 1.0), doc="""Inverse hyperbolic cosine.

    >>> round(float(anp.arccosh(2.0)), 6), round(float(ai.grad(anp.arccosh)(2.0)), 6)  # 1 / sqrt(x² - 1)
    (1.316958, 0.57735)
    """)
arccosh = arccosh_p
arctanh_p = elementwise("arctanh", np.arctanh, lambda ans, x: 1.0 / (1.0 - x * x), doc="""Inverse hyperbolic tangent.

    >>> round(float(anp.arctanh(0.5)), 6), round(float(ai.grad(anp.arctanh)(0.5)), 6)  # 1 / (1 - x²)
    (0.549306, 1.333333)
    """)
arctanh = arctanh_p


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


sinc_derivative_p = elementwise(
    "sinc_derivative",
    _sinc_derivative,
    lambda ans, x, k: sinc_derivative_p(x, k + 1),
    None,
    doc="k-th derivative of sinc; sinc's rules are built from it, so all orders are exact at 0.",
)
sinc_p = elementwise(
    "sinc", np.sinc, lambda ans, x: sinc_derivative_p(x, 1), doc="""Normalized sinc, sin(pi x)/(pi x); sinc(0) = 1.

    >>> float(anp.sinc(0.0)), float(ai.grad(anp.sinc)(0.0)), round(float(ai.grad(ai.grad(anp.sinc))(0.0)), 6)  # -pi²/3
    (1.0, 0.0, -3.289868)
    """
)
sinc = sinc_p

# -- selection and kinks -------------------------------------------------------------


def _abs_partial(ans, x):
    refuse_complex(x, "absolute")
    return so.float_like(np.where(concrete(x) >= 0, 1.0, -1.0), x)


absolute_p = elementwise(
    "absolute", np.absolute, _abs_partial, doc="""|x|. Convention (as JAX): derivative +1 at x = 0.

    >>> float(anp.abs(-2.0)), [float(ai.grad(anp.abs)(x)) for x in (-2.0, 0.0, 2.0)]
    (2.0, [-1.0, 1.0, 1.0])
    """
)
absolute = absolute_p
abs = absolute
fabs_p = elementwise(
    "fabs", np.fabs, _abs_partial, doc="""|x| for real x. Convention (as JAX): derivative +1 at x = 0.

    >>> float(anp.fabs(-2.0)), [float(ai.grad(anp.fabs)(x)) for x in (-2.0, 0.0, 2.0)]
    (2.0, [-1.0, 1.0, 1.0])
    """
)
fabs = fabs_p


def _max_partial(ans, x, y):
    cx, cy = concrete(x), concrete(y)
    return so.float_like(np.where(cx > cy, 1.0, np.where(cx == cy, 0.5, 0.0)), x)


maximum_p = elementwise(
    "maximum",
    np.maximum,
    _max_partial,
    lambda ans, x, y: _max_partial(ans, y, x),
    doc="""Elementwise max. Convention (as JAX): at ties each argument gets half the derivative.

    >>> float(anp.maximum(2.0, 1.0)), [float(d) for d in ai.grad(anp.maximum, argnums=(0, 1))(2.0, 1.0)]
    (2.0, [1.0, 0.0])
    >>> [float(d) for d in ai.grad(anp.maximum, argnums=(0, 1))(1.0, 1.0)]  # a tie
    [0.5, 0.5]
    """,
)
maximum = maximum_p
minimum_p = elementwise(
    "minimum",
    np.minimum,
    lambda ans, x, y: _max_partial(ans, y, x),
    _max_partial,
    doc="""Elementwise min. Convention (as JAX): at ties each argument gets half the derivative.

    >>> float(anp.minimum(2.0, 1.0)), [float(d) for d in ai.grad(anp.minimum, argnums=(0, 1))(2.0, 1.0)]
    (1.0, [0.0, 1.0])
    >>> [float(d) for d in ai.grad(anp.minimum, argnums=(0, 1))(1.0, 1.0)]  # a tie
    [0.5, 0.5]
    """,
)
minimum = minimum_p


def _nan_loses(x, y, partial):
    """``partial`` (x's share of the derivative) where neither is nan; a nan loses:
    the other argument gets the whole derivative."""
    cx, cy = concrete(x), concrete(y)
    wins = np.where(np.isnan(cy) & ~np.isnan(cx), 1.0, np.where(np.isnan(cx), 0.0, partial(cx, cy)))
    return so.float_like(wins, x)


def _fmax_partial(ans, x, y):
    """As maximum, except that a nan loses."""
    return _nan_loses(x, y, lambda cx, cy: _max_partial(ans, cx, cy))


fmax_p = elementwise(
    "fmax",
    np.fmax,
    _fmax_partial,
    lambda ans, x, y: _fmax_partial(ans, y, x),
    doc="""Elementwise max ignoring nan. Convention: ties split the derivative in half; a nan gets none.

    >>> float(anp.fmax(1.0, np.nan)), [float(d) for d in ai.grad(anp.fmax, argnums=(0, 1))(1.0, np.nan)]
    (1.0, [1.0, 0.0])
    """,
)
fmax = fmax_p


def _fmin_partial(ans, x, y):
    """As minimum (maximum's rule with the roles swapped), except that a nan loses."""
    return _nan_loses(x, y, lambda cx, cy: _max_partial(ans, cy, cx))


fmin_p = elementwise(
    "fmin",
    np.fmin,
    _fmin_partial,
    lambda ans, x, y: _fmin_partial(ans, y, x),
    doc="""Elementwise min ignoring nan. Convention: ties split the derivative in half; a nan gets none.

    >>> float(anp.fmin(1.0, np.nan)), [float(d) for d in ai.grad(anp.fmin, argnums=(0, 1))(1.0, np.nan)]
    (1.0, [1.0, 0.0])
    """,
)
fmin = fmin_p


def _where_rule(branch, mode):
    """The (co)tangent selected where the branch was taken, 0 elsewhere.

    A selection, not a product with a 0/1 mask, so a nan or inf (co)tangent of
    the branch not taken (``where(x > 0, log(x), 0)`` at x < 0) stays out.
    """

    def rule(g, ans, c, x, y):
        c = concrete(c)
        if isinstance(c, Tracer):  # under vmap, still a batch of conditions: compared as one
            keep = (c != 0) if branch else (c == 0)
        else:
            keep = np.asarray(c, dtype=bool)
            keep = keep if branch else ~keep
        if mode == "jvp":
            return where_p(keep, fit(g, (x, y)[1 - branch], ans), 0.0)
        return unbroadcast(where_p(keep, g, 0.0), shape_of((x, y)[1 - branch]))  # g has ans's shape

    return rule


where_p = Primitive("where", np.where, "where(c, x, y): x where c is true, else y. The condition gets no derivative.")
where_p.defjvp(None, _where_rule(True, "jvp"), _where_rule(False, "jvp"))
where_p.defvjp(None, _where_rule(True, "vjp"), _where_rule(False, "vjp"))
BROADCASTING.append(where_p)  # vmap lines up its batch axes like those of the other elementwise primitives


def where(condition, x=None, y=None):
    """where(c, x, y): x where c is true, else y (the condition gets no derivative); where(c) is nonzero(c).

    >>> f = lambda x: anp.sum(anp.where(x > 0, x ** 2, -x))
    >>> print(anp.where(np.array([1.0, -1.0]) > 0, 1.0, 0.0), ai.grad(f)(np.array([3.0, -3.0])))
    [1. 0.] [ 6. -1.]
    """
    if x is None and y is None:
        return np.nonzero(concrete(condition))
    if x is None or y is None:
        raise ValueError("where: either both or neither of x and y should be given")
    return where_p(condition, x, y)


def clip(x, a_min=None, a_max=None):
    """Clip to [a_min, a_max] as maximum then minimum, so at a bound the derivative is 1/2 (as JAX).

    >>> print(anp.clip(np.array([-1.0, 0.5, 2.0]), 0.0, 1.0), [float(ai.grad(anp.clip)(x, 0.0, 1.0)) for x in (0.5, 1.0, 2.0)])
    [0.  0.5 1. ] [1.0, 0.5, 0.0]
    """
    if a_min is not None:
        x = maximum(x, a_min)
    if a_max is not None:
        x = minimum(x, a_max)
    return x


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """np.nan_to_num: derivative 1 at finite entries, 0 at the replaced ones (they become constants).

    >>> x = np.array([np.nan, 2.0])
    >>> print(anp.nan_to_num(x), ai.grad(lambda x: anp.sum(anp.nan_to_num(x)))(x))
    [0. 2.] [0. 1.]
    """
    c = concrete(x)
    if c is x:
        return np.nan_to_num(x, copy=copy, nan=nan, posinf=posinf, neginf=neginf)
    return where(np.isfinite(c), x, _replacements(c, nan, posinf, neginf))


def _replacements(c, nan, posinf, neginf):
    """What nan_to_num puts at the nan and ±inf entries of c (c may be a batch under vmap)."""
    if not isinstance(c, Tracer):
        return np.nan_to_num(c, copy=True, nan=nan, posinf=posinf, neginf=neginf)
    big = np.finfo(result_dtype(c)).max
    high, low = (big if posinf is None else posinf), (-big if neginf is None else neginf)
    return where(c != c, nan, where(c > 0, high, low))
