"""Reductions and scans: sum, prod, max/min, cumsum, cumprod (+ mean, var, std built on them).

Axes in tangent rules are negative numbers so that leading batch axes of a
tangent are left alone.

Imports: ``elementwise`` builds on this module (its VJP rules end with
``unbroadcast``), so the two functions here that need ``sqrt``/``where`` (std,
and cumprod's partials) import them when they are called.
"""
import numpy as np

from ..core import concrete, Primitive, shape_of
from ._util import complex_plain, axes_tuple, ndim_of, normalize_axis
from . import indexing as ix
from . import nondiff
from . import shape_ops as so


def _kept_shape(x, axes):
    """x's shape with the reduced axes set to 1 (what keepdims=True gives)."""
    axes = [a % ndim_of(x) for a in axes]
    return tuple(1 if i in axes else n for i, n in enumerate(shape_of(x)))


def _from_end(axis, x):
    """Axes counted from the end (negative), so leading batch axes of a tangent are skipped."""
    nd = ndim_of(x)
    if isinstance(axis, tuple):
        return tuple(a - nd if a >= 0 else a for a in axis)
    return axis - nd if axis >= 0 else axis


def _expand(g, x, axes, keepdims):
    """Cotangent of a reduction reshaped so it broadcasts against x."""
    if keepdims or not shape_of(g):  # a scalar broadcasts as it is
        return g
    return so.reshape(g, _kept_shape(x, axes))


# -- sum ------------------------------------------------------------------------------------

# np.add.reduce rather than np.sum: the same result without np.sum's dispatch overhead.
sum_p = Primitive("sum", lambda x, axis, keepdims: np.add.reduce(x, axis=axis, keepdims=keepdims), "Sum over axes.")
sum_p.defjvp(lambda g, ans, x, axis, keepdims: sum_p(g, axis=_from_end(axis, x), keepdims=keepdims))
sum_p.defvjp(
    lambda g, ans, x, axis, keepdims: so.broadcast_to(_expand(g, x, axis, keepdims), shape_of(x))
)


def sum(x, axis=None, keepdims=False):
    """Sum of the elements over ``axis`` (all of them by default), as ``np.sum``; ``keepdims`` keeps the reduced axes with length 1.

    Linear: the derivative with respect to every element is 1, so the gradient is the cotangent broadcast back to x's shape.

    >>> x = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> print(anp.sum(x), anp.sum(x, axis=0), ai.grad(anp.sum)(x).tolist())
    10.0 [4. 6.] [[1.0, 1.0], [1.0, 1.0]]
    """
    x = nondiff.listed(x)
    return sum_p(x, axis=axes_tuple(axis, ndim_of(x)), keepdims=bool(keepdims))


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
    extra = len(gs) - len(target_shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, n in enumerate(target_shape) if n == 1 and gs[extra + i] != 1
    )
    return so.reshape(sum_p(g, axis=axes, keepdims=False), target_shape)


def mean(x, axis=None, keepdims=False):
    """Arithmetic mean over ``axis`` (all elements by default), as ``np.mean``: ``sum(x, axis) / n``.

    The derivative with respect to each element is 1/n, n the number of elements averaged.

    >>> x = np.array([1.0, 2.0, 3.0, 6.0])
    >>> print(anp.mean(x), ai.grad(anp.mean)(x))
    3.0 [0.25 0.25 0.25 0.25]
    """
    x = nondiff.listed(x)
    axes = axes_tuple(axis, ndim_of(x))
    n = int(np.prod([shape_of(x)[a] for a in axes]))
    return sum(x, axes, keepdims) / n


def var(x, axis=None, ddof=0, keepdims=False):
    """Variance over ``axis``, as ``np.var``: ``sum((x - mean(x))**2) / (n - ddof)``.

    Smooth everywhere: the derivative with respect to x_i is 2 (x_i - mean(x)) / (n - ddof).
    A plain complex input is NumPy's ``np.var``; a traced complex input is an error.

    >>> x = np.array([1.0, 2.0, 3.0, 6.0])
    >>> print(anp.var(x), ai.grad(anp.var)(x))
    3.5 [-1.  -0.5  0.   1.5]
    """
    x = nondiff.listed(x)
    if complex_plain("var", x):
        return np.var(x, axis=axis, ddof=ddof, keepdims=keepdims)
    axes = axes_tuple(axis, ndim_of(x))
    n = int(np.prod([shape_of(x)[a] for a in axes]))
    centered = x - mean(x, axes, keepdims=True)
    return sum(centered * centered, axes, keepdims) / (n - ddof)


def std(x, axis=None, ddof=0, keepdims=False):
    """sqrt(var(x)). Convention: where the variance is 0 (one element, or all equal) the derivative is 0.

    std of a single element is the constant 0, so 0 is its exact derivative;
    with several equal elements std has a kink like |x| at 0, and 0 is the
    subgradient of least norm (JAX gives nan in both cases).

    >>> print(anp.std(np.array([1.0, 3.0])), ai.grad(anp.std)(np.array([1.0, 3.0])), ai.grad(anp.std)(np.array([2.0, 2.0])))
    1.0 [-0.5  0.5] [0. 0.]
    """
    from .elementwise import sqrt, where

    v = var(nondiff.listed(x), axis, ddof, keepdims)
    zero = concrete(v) == 0
    return where(zero, 0.0, sqrt(where(zero, 1.0, v)))


# -- prod: exact also with zero entries --------------------------------------------------------


def _others(x, axes):
    """Product of all *other* entries along the reduced axes, computed without dividing by x.

    Exclusive products from the left and from the right, so a zero entry gives
    the correct finite derivative (grad of prod([0, 2, 3]) is [6, 0, 0]).
    """
    nd = ndim_of(x)
    axes = [a % nd for a in axes]
    rest = [a for a in range(nd) if a not in axes]
    xt = so.transpose(x, rest + list(axes))
    moved_shape = shape_of(xt)
    flat = so.reshape(xt, moved_shape[: len(rest)] + (-1,))
    ones = np.ones(shape_of(flat)[:-1] + (1,), dtype=so.float_like(0, x).dtype)
    left = cumprod(so.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
    right = ix.flip(cumprod(ix.flip(so.concatenate([flat[..., 1:], ones], axis=-1), -1), axis=-1), -1)
    others = so.reshape(left * right, moved_shape)
    return so.transpose(others, np.argsort(rest + list(axes)))


def _prod_jvp(g, ans, x, axis, keepdims):
    return sum_p(g * _others(x, axis), axis=_from_end(axis, x), keepdims=keepdims)


prod_p = Primitive(
    "prod",
    lambda x, axis, keepdims: np.prod(x, axis=axis, keepdims=keepdims),
    """Product over axes. Exact at zeros: the derivative multiplies the other entries, never divides by x.""",
)
prod_p.defjvp(_prod_jvp)
prod_p.defvjp(lambda g, ans, x, axis, keepdims: _expand(g, x, axis, keepdims) * _others(x, axis))


def prod(x, axis=None, keepdims=False):
    """Product of the elements over ``axis`` (all by default), as ``np.prod``.

    The derivative with respect to an element is the product of the other elements, computed
    without dividing by it: exact where elements are 0.

    >>> x = np.array([0.0, 2.0, 3.0])
    >>> print(anp.prod(x), ai.grad(anp.prod)(x))
    0.0 [6. 0. 0.]
    """
    x = nondiff.listed(x)
    return prod_p(x, axis=axes_tuple(axis, ndim_of(x)), keepdims=bool(keepdims))


# -- max / min ---------------------------------------------------------------------------------


def _chooser_weights(ans, x, axis, keepdims):
    """1/count at the positions that attain the extreme, else 0: ties share the derivative."""
    hit = concrete(x) == np.reshape(concrete(ans), _kept_shape(x, axis))
    return so.float_like(hit / np.sum(hit, axis=axis, keepdims=True), x)


def _chooser(name, impl):
    prim = Primitive(
        name,
        lambda x, axis, keepdims: impl(x, axis=axis, keepdims=keepdims),
        f"{name.capitalize()} over axes. Convention (as JAX): tied positions share the derivative equally.",
    )
    prim.defjvp(
        lambda g, ans, x, axis, keepdims: sum_p(
            g * _chooser_weights(ans, x, axis, keepdims),
            axis=_from_end(axis, x),
            keepdims=keepdims,
        )
    )
    prim.defvjp(
        lambda g, ans, x, axis, keepdims: _expand(g, x, axis, keepdims) * _chooser_weights(ans, x, axis, keepdims)
    )
    return prim


max_p = _chooser("max", np.max)
min_p = _chooser("min", np.min)


def max(x, axis=None, keepdims=False):
    """Largest element over ``axis`` (all by default), as ``np.max``; ``amax`` is the same function.

    The derivative is 1 at the position of the maximum and 0 elsewhere. Convention at ties (a kink,
    as |x| at 0): the positions attaining the maximum share the derivative equally, 1/k each (as JAX).

    >>> x = np.array([1.0, 3.0, 3.0])
    >>> print(anp.max(x), ai.grad(anp.max)(x))
    3.0 [0.  0.5 0.5]
    """
    x = nondiff.listed(x)
    return max_p(x, axis=axes_tuple(axis, ndim_of(x)), keepdims=bool(keepdims))


def min(x, axis=None, keepdims=False):
    """Smallest element over ``axis`` (all by default), as ``np.min``; ``amin`` is the same function.

    The derivative is 1 at the position of the minimum and 0 elsewhere. Convention at ties (a kink):
    the positions attaining the minimum share the derivative equally, 1/k each (as JAX).

    >>> x = np.array([2.0, 1.0, 5.0])
    >>> print(anp.min(x), ai.grad(anp.min)(x))
    1.0 [0. 1. 0.]
    """
    x = nondiff.listed(x)
    return min_p(x, axis=axes_tuple(axis, ndim_of(x)), keepdims=bool(keepdims))


amax, amin = max, min


# -- scans -------------------------------------------------------------------------------------

cumsum_p = Primitive("cumsum", lambda x, axis: np.cumsum(x, axis=axis), "Cumulative sum along one axis.")
cumsum_p.defjvp(lambda g, ans, x, axis: cumsum_p(g, axis=_from_end(axis, x)))
cumsum_p.defvjp(lambda g, ans, x, axis: ix.flip(cumsum_p(ix.flip(g, axis), axis=axis), axis))


def cumsum(x, axis=None):
    """Running sums along ``axis`` (of the flattened array when ``axis`` is None), as ``np.cumsum``.

    Linear: the JVP is the cumsum of the tangent; the VJP sums the cotangent from the end.

    >>> x = np.array([1.0, 2.0, 3.0])
    >>> print(anp.cumsum(x), ai.grad(lambda x: anp.sum(anp.cumsum(x)))(x))
    [1. 3. 6.] [3. 2. 1.]
    """
    x = nondiff.listed(x)
    if axis is None:
        x, axis = so.ravel(x), 0
    return cumsum_p(x, axis=normalize_axis(axis, ndim_of(x)))


def _cumprod_partials(x, axis):
    """P[..., k, i] = d out_i / d x_k = prod of x_j for j <= i, j != k (0 where k > i).

    Built with cumprod itself (on an n-by-n array), so it stays exact at zeros
    and can be differentiated again.
    """
    xm = so.moveaxis(x, axis, -1)
    n = shape_of(xm)[-1]
    eye = np.eye(n, dtype=bool)
    from .elementwise import where

    rows = where(eye, 1.0, so.expand_dims(xm, -2))
    return cumprod_p(rows, axis=ndim_of(rows) - 1) * np.triu(np.ones((n, n), dtype=so.float_like(0, x).dtype))


def _cumprod_jvp(g, ans, x, axis):
    gm = so.moveaxis(g, _from_end(axis, x), -1)
    out = sum_p(so.expand_dims(gm, -1) * _cumprod_partials(x, axis), axis=(-2,), keepdims=False)
    return so.moveaxis(out, -1, _from_end(axis, x))


def _cumprod_vjp(g, ans, x, axis):
    gm = so.moveaxis(g, axis, -1)
    out = sum_p(so.expand_dims(gm, -2) * _cumprod_partials(x, axis), axis=(ndim_of(x),), keepdims=False)
    return so.moveaxis(out, -1, axis)


cumprod_p = Primitive(
    "cumprod",
    lambda x, axis: np.cumprod(x, axis=axis),
    "Cumulative product along one axis. Convention: exact at zeros (no division by x).",
)
cumprod_p.defjvp(_cumprod_jvp)
cumprod_p.defvjp(_cumprod_vjp)


def cumprod(x, axis=None):
    """Running products along ``axis`` (of the flattened array when ``axis`` is None), as ``np.cumprod``.

    The derivative of out_i with respect to x_k (k <= i) is the product of x_j for j <= i, j != k,
    computed without dividing by x_k: exact at zeros.

    >>> x = np.array([2.0, 0.0, 3.0])
    >>> print(anp.cumprod(x), ai.grad(lambda x: anp.sum(anp.cumprod(x)))(x))
    [2. 0. 0.] [1. 8. 0.]
    """
    x = nondiff.listed(x)
    if axis is None:
        x, axis = so.ravel(x), 0
    return cumprod_p(x, axis=normalize_axis(axis, ndim_of(x)))
