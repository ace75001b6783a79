"""Helpers shared by the rule definitions: broadcasting, batch axes and axes.

Tangents may carry leading batch axes (see ``autoint.forward``); a rule finds
them as the extra leading dimensions of ``g`` compared with the primal.
"""
import numpy as np

from ..core import Primitive, Tracer, concrete, float_dtype, lead, result_dtype, shape_of  # noqa: F401 (lead: for siblings)


def ndim_of(x):
    return len(shape_of(x))


def normalize_axis(axis, nd):
    axis = int(axis)
    if not -nd <= axis < max(nd, 1):
        raise np.exceptions.AxisError(axis, nd)
    return axis % nd if nd else 0


def axes_tuple(axis, nd):
    """Non-negative axes as a sorted tuple (``None`` means all)."""
    if axis is None:
        return tuple(range(nd))
    if isinstance(axis, (tuple, list)):
        return tuple(sorted(normalize_axis(a, nd) for a in axis))
    return (normalize_axis(axis, nd),)


def fit(g, x, ans):
    """Broadcast tangent ``g`` of input ``x`` to the batch shape plus ``ans``'s shape.

    Public as ``autoint.broadcast_tangent``: a JVP rule's first step for an input
    that broadcasting enlarges.  ``g`` may carry leading batch axes (``jacfwd``
    pushes all directions at once), which stay in front.

    >>> import numpy as np, autoint as ai
    >>> ai.broadcast_tangent(np.ones((5, 3)), np.ones(3), np.ones((2, 3))).shape  # 5 directions for x, output (2, 3)
    (5, 2, 3)
    """
    xs, outs = shape_of(x), shape_of(ans)
    if xs == outs:
        return g
    from . import shape_ops as so

    b = lead(g, x)
    g = so.reshape(g, b + (1,) * (len(outs) - len(xs)) + xs)
    return so.broadcast_to(g, b + outs)


def unbroadcast(g, target_shape):
    """Sum ``g`` over the axes that broadcasting added to an input of ``target_shape``.

    The cotangent of an input that broadcasting enlarged: a VJP rule's last step.

    >>> import numpy as np, autoint as ai
    >>> ai.unbroadcast(np.ones((2, 3)), (3,)), ai.unbroadcast(np.ones((2, 3)), (2, 1))
    (array([2., 2., 2.]), array([[3.],
           [3.]]))
    """
    if type(g) is float:  # a scalar cotangent always belongs to a scalar input
        return g
    gs = shape_of(g)
    if gs == target_shape:
        return g
    from .reductions import sum as _sum
    from .shape_ops import reshape

    extra = len(gs) - len(target_shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, n in enumerate(target_shape) if n == 1 and gs[extra + i] != 1
    )
    return reshape(_sum(g, axis=axes), target_shape)


def float_like(mask, x):
    """A constant array (no derivative) of ``mask``'s values in ``x``'s float dtype."""
    if isinstance(mask, Tracer):  # a batch of masks under vmap: cast it as a batch
        from .shape_ops import astype

        return astype(mask, float_dtype(x))
    return np.asarray(mask, dtype=float_dtype(x))


def refuse_complex(x, name):
    """Raise if ``x`` is complex where ``name`` maps it to a real value (abs, a cast): autoint differentiates
    real-valued functions, and a complex value on its way to a real one would otherwise lose its imaginary part's
    derivative without a word."""
    if result_dtype(concrete(x)).kind == "c":
        raise TypeError(
            f"autoint.numpy.{name}: differentiating through a complex value ({result_dtype(concrete(x))}) "
            "is not supported: autoint differentiates real-valued functions, and this step would give a wrong "
            "derivative. Compute with the real and imaginary parts as separate real arrays."
        )


def complex_plain(name, *xs):
    """True if some input is complex and none is traced: NumPy's own ``name`` then gives the answer.

    For functions written for real values (x * x where complex needs |x|², no conjugates), a traced
    complex input raises (``refuse_complex``) and a plain one goes to NumPy, so neither is ever wrong.
    """
    if not any(result_dtype(concrete(x)).kind == "c" for x in xs if x is not None):
        return False
    for x in xs:
        if isinstance(x, Tracer):
            refuse_complex(x, name)
            raise TypeError(
                f"autoint.numpy.{name}: complex inputs cannot be differentiated: autoint differentiates "
                "real-valued functions. Compute with the real and imaginary parts as separate real arrays."
            )
    return True


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
    from .shape_ops import reshape

    vals = (ans,) + tuple(args)
    shape = np.broadcast_shapes(*(shape_of(v) for v in vals))
    out = d(*(np.reshape(v, (1,)) if not isinstance(v, Tracer) and shape_of(v) == () else v for v in vals))
    return reshape(out, shape)


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
