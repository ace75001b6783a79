"""Scalar types and ``ndarray`` that accept traced values, as JAX's do.

``anp.float64(x)`` casts (keeping the derivative, like ``jnp.float64``),
``anp.int64(x)`` gives the integer value (no derivative); each type still
works as a dtype (``np.zeros(3, dtype=anp.float64)``, ``x.dtype == anp.float64``)
because it carries NumPy's ``dtype``.  ``isinstance(x, anp.ndarray)`` is true
for NumPy arrays and for traced values.
"""
import numpy as np

from ..core import Tracer, concrete


class _ScalarMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, cls.numpy_type)

    def __repr__(cls):
        return f"autoint.numpy.{cls.__name__}"


def _scalar_type(numpy_type):
    dtype = np.dtype(numpy_type)

    def __new__(cls, x=0):
        if isinstance(x, Tracer):
            if dtype.kind in "fc":
                from .shape_ops import astype

                return astype(x, dtype)
            c = concrete(x)  # an integer or boolean carries no derivative (under vmap c is still a batch)
            if isinstance(c, Tracer):
                from .shape_ops import astype

                return astype(c, dtype)
            return numpy_type(np.asarray(c).astype(dtype))
        return numpy_type(x)

    doc = f"numpy.{dtype.name} that also casts traced values" + (
        " (keeping their derivative)." if dtype.kind == "f" else " (to plain values: no derivative)."
    )
    name = dtype.name if dtype.name != "bool" else "bool_"
    if dtype.kind == "f":
        doc += f"\n\n>>> float(anp.{name}(1.5)), float(ai.grad(lambda x: 2 * anp.{name}(x))(1.5))\n(1.5, 2.0)"
    elif dtype.kind == "b":
        doc += f"\n\n>>> bool(anp.{name}(2.0)), float(ai.grad(lambda x: x * float(anp.{name}(x)))(2.0))\n(True, 1.0)"
    else:
        doc += (f"\n\n>>> int(anp.{name}(2.7)), float(ai.grad(lambda x: anp.{name}(x) * x)(2.7))  # a constant factor"
                "\n(2, 2.0)")
    return _ScalarMeta(name, (),
                       {"numpy_type": numpy_type, "dtype": dtype, "__new__": __new__, "__doc__": doc})


float16 = _scalar_type(np.float16)
float32 = _scalar_type(np.float32)
float64 = _scalar_type(np.float64)
int8 = _scalar_type(np.int8)
int16 = _scalar_type(np.int16)
int32 = _scalar_type(np.int32)
int64 = _scalar_type(np.int64)
uint8 = _scalar_type(np.uint8)
bool_ = _scalar_type(np.bool_)


class _ArrayMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, (np.ndarray, Tracer))

    def __subclasscheck__(cls, sub):
        return issubclass(sub, (np.ndarray, Tracer))


class ndarray(metaclass=_ArrayMeta):
    """isinstance(x, anp.ndarray) is True for NumPy arrays and traced values; calling it builds a NumPy array.

    >>> isinstance(np.ones(2), anp.ndarray), float(ai.grad(lambda x: x * x if isinstance(x, anp.ndarray) else 0.0)(3.0))
    (True, 6.0)
    """

    def __new__(cls, *args, **kwargs):
        return np.ndarray(*args, **kwargs)
