"""Shape arithmetic shared by the rule definitions: axes, and the checks that refuse complex values.

A leaf: it imports no sibling module and makes no primitive, so every module of
``autoint.numpy`` can import it.  Helpers that compute with primitives live next to
the primitives they use: ``broadcast_tangent`` (``fit``) and ``float_like`` in
``shape_ops``, ``unbroadcast`` next to ``sum`` in ``reductions``, and the
``elementwise`` factory in ``elementwise``.
"""
import numpy as np

from ..core import Tracer, concrete, result_dtype, shape_of


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
