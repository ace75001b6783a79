"""Give tracers the operators and methods of a NumPy array.

Attached here rather than in the core so the core stays free of NumPy's
function surface.  A plain NumPy function applied to a tracer is routed to
its ``autoint.numpy`` counterpart through ``__array_ufunc__`` /
``__array_function__``, or refused with an error that names it.
"""


from ..core import Primitive, Tracer
from . import elementwise as ew
from . import indexing as ix
from . import linalg_ops as la
from . import nondiff as nd
from . import reductions as red
from . import shape_ops as so


def _method(f, swap=False):
    """An operator method for a plain function ``f``; ``swap`` for the reflected one."""
    return (lambda self, other: f(other, self)) if swap else (lambda self, other: f(self, other))


_OPERATORS = {
    "__add__": ew.add,
    "__sub__": ew.subtract,
    "__mul__": ew.multiply,
    "__truediv__": ew.divide,
    "__pow__": ew.power,
    "__matmul__": la.matmul,
    "__lt__": nd.less,
    "__le__": nd.less_equal,
    "__gt__": nd.greater,
    "__ge__": nd.greater_equal,
    "__eq__": nd.equal,
    "__ne__": nd.not_equal,
    "__floordiv__": nd.floor_divide,
    "__mod__": ew.mod,
}


def _install(name, f, swap):
    if isinstance(f, Primitive):
        Tracer.install_operator(name, f, swap)
    else:
        setattr(Tracer, name, _method(f, swap))


def install(namespace):
    """Attach operators and array methods to ``Tracer``; ``namespace`` resolves NumPy functions."""
    # Primitives go through Tracer.install_operator, so that each kind of
    # tracer can use its own fast path for the hottest calls there are.
    for name, f in _OPERATORS.items():
        _install(name, f, swap=False)
    for name in ("add", "sub", "mul", "truediv", "pow", "matmul", "floordiv", "mod"):
        _install(f"__r{name}__", _OPERATORS[f"__{name}__"], swap=True)
    Tracer.__neg__ = lambda self: ew.negative(self)
    Tracer.__pos__ = lambda self: self
    Tracer.__abs__ = lambda self: ew.absolute(self)
    Tracer.__getitem__ = ix.getitem
    Tracer.__iter__ = lambda self: (ix.getitem(self, i) for i in range(len(self)))
    Tracer.T = property(lambda self: so.transpose(self))
    Tracer.mT = property(lambda self: so.swapaxes(self, -1, -2))
    Tracer.at = property(ix.AtHelper)
    Tracer.reshape = lambda self, *shape, order="C": so.reshape(
        self, shape[0] if len(shape) == 1 else shape, order=order
    )
    Tracer.transpose = lambda self, *axes: so.transpose(self, axes[0] if len(axes) == 1 else (axes or None))
    for name in ("sum", "mean", "prod", "max", "min", "var", "std", "cumsum", "cumprod"):
        setattr(Tracer, name, getattr(red, name))
    Tracer.argmax, Tracer.argmin = nd.argmax, nd.argmin
    for name in ("ravel", "squeeze", "swapaxes", "astype", "flatten", "repeat", "diagonal"):
        setattr(Tracer, name, namespace[name])
    Tracer.dot = la.dot
    Tracer.clip = ew.clip
    Tracer.trace = la.trace
    Tracer.item = _no_item
    Tracer.tolist = _no_item
    Tracer.__array_ufunc__ = _array_ufunc(namespace)
    Tracer.__array_function__ = _array_function(namespace)


def _no_item(self, *args):
    raise TypeError(
        "autoint: .item()/.tolist() of a traced value would drop its derivative. Keep it as an array; "
        "use autoint.stop_gradient(x) if you only need the number."
    )


def _array_ufunc(namespace):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        f = namespace.get(ufunc.__name__)
        if method != "__call__" or f is None or kwargs.get("out") is not None:
            raise TypeError(
                f"autoint: numpy.{ufunc.__name__}" + (f".{method}" if method != "__call__" else "")
                + " cannot be applied to a traced value (it would drop the derivative). "
                + (f"Use autoint.numpy.{ufunc.__name__} instead." if f is not None else "autoint.numpy has no "
                   "differentiable version of it yet: build it from autoint.numpy functions.")
            )
        kwargs.pop("out", None)
        return f(*inputs, **kwargs)

    return __array_ufunc__


def _array_function(namespace):
    linalg = namespace["linalg"]

    def __array_function__(self, func, types, args, kwargs):
        module = getattr(func, "__module__", "") or ""
        target = getattr(linalg, func.__name__, None) if "linalg" in module else namespace.get(func.__name__)
        if target is None:
            raise TypeError(
                f"autoint: numpy.{func.__name__} cannot be applied to a traced value (it would drop the "
                "derivative). Use the function of the same name from autoint.numpy (import autoint.numpy as "
                "anp), or build it from autoint.numpy functions."
            )
        return target(*args, **kwargs)

    return __array_function__


