"""Shape primitives, joining, indexing (basic, integer-array, boolean) and functional updates."""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from autoint.core import Tracer
from ad_helpers import assert_close, check_primitive, rng_array

# (name, autoint function, NumPy reference, input shape); the functions are multiplied by a
# smooth weight in the tests so second derivatives are not trivially zero.
SHAPE_OPS = [
    ("reshape", lambda x: anp.reshape(x, (3, 2)), lambda x: np.reshape(x, (3, 2)), (2, 3)),
    ("reshape_minus1", lambda x: anp.reshape(x, (-1,)), lambda x: np.reshape(x, (-1,)), (2, 3)),
    ("reshape_0d", lambda x: anp.reshape(x, (1, 1)), lambda x: np.reshape(x, (1, 1)), ()),
    ("method_reshape", lambda x: x.reshape(6, 1), lambda x: x.reshape(6, 1), (2, 3)),
    ("ravel", anp.ravel, np.ravel, (2, 3)),
    ("method_flatten", lambda x: x.flatten(), lambda x: x.flatten(), (2, 3)),
    ("squeeze", anp.squeeze, np.squeeze, (2, 1, 3)),
    ("squeeze_axis", lambda x: anp.squeeze(x, axis=1), lambda x: np.squeeze(x, axis=1), (2, 1, 3)),
    ("expand_dims", lambda x: anp.expand_dims(x, 1), lambda x: np.expand_dims(x, 1), (2, 3)),
    ("expand_dims_neg", lambda x: anp.expand_dims(x, -1), lambda x: np.expand_dims(x, -1), (2, 3)),
    ("expand_dims_0d", lambda x: anp.expand_dims(x, 0), lambda x: np.expand_dims(x, 0), ()),
    ("transpose", anp.transpose, np.transpose, (2, 3)),
    ("transpose_axes", lambda x: anp.transpose(x, (1, 2, 0)), lambda x: np.transpose(x, (1, 2, 0)), (2, 3, 2)),
    ("dot_T", lambda x: x.T, lambda x: x.T, (2, 3)),
    ("method_transpose", lambda x: x.transpose(2, 0, 1), lambda x: x.transpose(2, 0, 1), (2, 3, 2)),
    ("moveaxis", lambda x: anp.moveaxis(x, 0, -1), lambda x: np.moveaxis(x, 0, -1), (2, 3, 2)),
    ("swapaxes", lambda x: anp.swapaxes(x, 0, 2), lambda x: np.swapaxes(x, 0, 2), (2, 3, 2)),
    ("broadcast_to", lambda x: anp.broadcast_to(x, (2, 2, 3)), lambda x: np.broadcast_to(x, (2, 2, 3)), (2, 3)),
    ("broadcast_to_1", lambda x: anp.broadcast_to(x, (2, 3)), lambda x: np.broadcast_to(x, (2, 3)), (2, 1)),
    ("broadcast_to_0d", lambda x: anp.broadcast_to(x, (3,)), lambda x: np.broadcast_to(x, (3,)), ()),
    ("flip", anp.flip, np.flip, (2, 3)),
    ("flip_axis", lambda x: anp.flip(x, 1), lambda x: np.flip(x, 1), (2, 3)),
    ("roll", lambda x: anp.roll(x, 1), lambda x: np.roll(x, 1), (2, 3)),
    ("roll_axis", lambda x: anp.roll(x, -1, axis=1), lambda x: np.roll(x, -1, axis=1), (2, 3)),
    ("tile", lambda x: anp.tile(x, 2), lambda x: np.tile(x, 2), (3,)),
    ("tile_2d", lambda x: anp.tile(x, (2, 1)), lambda x: np.tile(x, (2, 1)), (2, 3)),
    ("repeat", lambda x: anp.repeat(x, 2), lambda x: np.repeat(x, 2), (2, 3)),
    ("repeat_axis", lambda x: anp.repeat(x, 2, axis=0), lambda x: np.repeat(x, 2, axis=0), (2, 3)),
    ("sort", anp.sort, np.sort, (5,)),
    ("sort_axis0", lambda x: anp.sort(x, axis=0), lambda x: np.sort(x, axis=0), (3, 2)),
    ("sort_None", lambda x: anp.sort(x, axis=None), lambda x: np.sort(x, axis=None), (2, 3)),
    ("diagonal", anp.diagonal, np.diagonal, (3, 3)),
    ("atleast_2d", anp.atleast_2d, np.atleast_2d, (3,)),
    ("atleast_1d", anp.atleast_1d, np.atleast_1d, ()),
    ("astype", lambda x: anp.astype(x, np.float64), lambda x: x.astype(np.float64), (2, 3)),
]


@pytest.mark.parametrize("name, f, ref, shape", SHAPE_OPS, ids=[s[0] for s in SHAPE_OPS])
def test_shape_op(name, f, ref, shape):
    x = rng_array(shape, -1, 1, seed=len(name))
    assert_close(f(x), ref(x))  # plain arrays just compute
    # the op itself (linear) and the op composed with a nonlinearity on each side
    check_primitive(f, x, hessian=False)
    check_primitive(lambda x: anp.sin(f(x * x + x)), x)


JOINS = [
    ("concatenate", lambda x, y: anp.concatenate([x, y]), lambda x, y: np.concatenate([x, y]), (2, 3), (1, 3)),
    ("concatenate_axis1", lambda x, y: anp.concatenate((x, y), axis=1), lambda x, y: np.concatenate((x, y), axis=1),
     (2, 3), (2, 2)),
    ("concatenate_neg", lambda x, y: anp.concatenate((x, y), axis=-1), lambda x, y: np.concatenate((x, y), axis=-1),
     (2, 3), (2, 1)),
    ("concatenate_None", lambda x, y: anp.concatenate((x, y), axis=None),
     lambda x, y: np.concatenate((x, y), axis=None), (2, 3), (4,)),
    ("stack", lambda x, y: anp.stack([x, y]), lambda x, y: np.stack([x, y]), (2, 3), (2, 3)),
    ("stack_axis", lambda x, y: anp.stack([x, y, x], axis=-1), lambda x, y: np.stack([x, y, x], axis=-1),
     (2, 3), (2, 3)),
    ("stack_0d", lambda x, y: anp.stack([x, y]), lambda x, y: np.stack([x, y]), (), ()),
    ("hstack", lambda x, y: anp.hstack([x, y]), lambda x, y: np.hstack([x, y]), (3,), (2,)),
    ("hstack_2d", lambda x, y: anp.hstack([x, y]), lambda x, y: np.hstack([x, y]), (2, 3), (2, 1)),
    ("vstack", lambda x, y: anp.vstack([x, y]), lambda x, y: np.vstack([x, y]), (3,), (3,)),
    ("vstack_2d", lambda x, y: anp.vstack([x, y]), lambda x, y: np.vstack([x, y]), (2, 3), (1, 3)),
    ("array_of_tracers", lambda x, y: anp.array([x, y, x * y]), lambda x, y: np.array([x, y, x * y]), (), ()),
]


@pytest.mark.parametrize("name, f, ref, sx, sy", JOINS, ids=[j[0] for j in JOINS])
def test_join(name, f, ref, sx, sy):
    x = rng_array(sx, -2, 2, seed=1)
    y = rng_array(sy, -2, 2, seed=2)
    assert_close(f(x, y), ref(x, y))
    check_primitive(lambda x, y: anp.sin(f(x * x, anp.exp(y))), x, y)


def test_concatenate_one_traced_one_constant():
    x = rng_array((2,), seed=3)
    c = np.array([5.0])
    check_primitive(lambda x: anp.concatenate([c, x * x, c]), x)
    assert_close(ai.jacrev(lambda x: anp.concatenate([c, x]))(x), np.vstack([np.zeros((1, 2)), np.eye(2)]))


INDEXES = [
    ("int", 1),
    ("neg_int", -1),
    ("slice", slice(1, None)),
    ("step", slice(None, None, 2)),
    ("reverse", slice(None, None, -1)),
    ("tuple", (1, slice(0, 2))),
    ("ellipsis", (Ellipsis, 0)),
    ("newaxis", (None, slice(None), 1)),
    ("int_array", np.array([0, 2, 0])),
    ("int_list", [2, 1]),
    ("int_array_2d", (np.array([0, 1, 1]), np.array([2, 0, 2]))),
    ("bool_mask_rows", np.array([True, False, True])),
    ("bool_mask_full", "mask"),
    ("mixed", (slice(None), np.array([1, 1]))),
]


INDEXES_3D = [
    # advanced indices that are not adjacent put their axes first (NumPy's rule)
    ("separated_arrays", (np.array([0, 1, 1]), slice(None), np.array([3, 0, 2]))),
    ("int_and_array_separated", (0, slice(None), np.array([3, 0, 3]))),
    ("ellipsis_between_arrays", (np.array([1, 0]), Ellipsis, np.array([2, 2]))),
    ("ellipsis_then_array", (Ellipsis, np.array([1, 3]))),
    ("mask_2d_then_slice", ("mask2d", slice(1, None))),
    ("ellipsis_then_mask", (Ellipsis, np.array([True, False, True, True]))),
]


@pytest.mark.parametrize("name, index", INDEXES_3D, ids=[i[0] for i in INDEXES_3D])
def test_getitem_advanced_3d(name, index):
    x = rng_array((2, 3, 4), -1, 1, seed=8)
    if isinstance(index[0], str):
        index = (x[:, :, 0] > 0,) + index[1:]
    check_primitive(lambda x: anp.sin(x * x)[index] * 2.0, x)

    def scatter(x, v):
        xx = x + 0.0 * anp.sum(v)  # traced whenever either argument is
        return (xx.at[index].add(v * v) if isinstance(xx, Tracer) else _np_add(xx, index, v * v)) * x

    check_primitive(scatter, x, rng_array(np.empty((2, 3, 4))[index].shape, seed=9))


@pytest.mark.parametrize("name, index", INDEXES, ids=[i[0] for i in INDEXES])
def test_getitem(name, index):
    x = rng_array((3, 3), -2, 2, seed=7)
    if isinstance(index, str):
        index = x > 0
    assert_close(x[index], np.asarray(x)[index])
    check_primitive(lambda x: x[index], x, hessian=False)
    check_primitive(lambda x: anp.sin(x * x)[index] * 2.0, x)


def test_repeated_integer_indices_accumulate():
    x = np.array([1.0, 2.0, 3.0])
    idx = np.array([0, 0, 2, 0])
    assert_close(ai.grad(lambda x: anp.sum(x[idx]))(x), [3.0, 0.0, 1.0])
    assert_close(ai.grad(lambda x: anp.sum(x[idx] ** 2))(x), [6.0, 0.0, 6.0])
    assert_close(ai.jacfwd(lambda x: anp.sum(x[idx] ** 2))(x), [6.0, 0.0, 6.0])
    expected = np.zeros((4, 3))
    expected[np.arange(4), idx] = 1.0
    assert_close(ai.jacfwd(lambda x: x[idx])(x), expected)
    assert_close(ai.jacrev(lambda x: x[idx])(x), expected)


def test_index_with_traced_integer():
    x = np.array([1.0, 2.0, 3.0])

    def f(x):
        i = anp.argmax(x)
        return x[i] * x[anp.argmin(x)]

    assert_close(ai.grad(f)(x), [3.0, 0.0, 1.0])


def test_iteration_over_traced_array():
    x = np.array([1.0, 2.0, 3.0])
    assert_close(ai.grad(lambda x: sum(xi * xi for xi in x))(x), 2 * x)
    assert len(ai.jacfwd(lambda x: anp.stack([xi for xi in x]))(x)) == 3


AT_UPDATES = [
    ("set_int", lambda x, v: x.at[1].set(v), lambda x, v: _np_set(x, 1, v), ()),
    ("set_slice", lambda x, v: x.at[1:3].set(v), lambda x, v: _np_set(x, slice(1, 3), v), (2,)),
    ("set_mask", lambda x, v: x.at[np.array([True, False, True, False])].set(v),
     lambda x, v: _np_set(x, np.array([True, False, True, False]), v), ()),
    ("add_int", lambda x, v: x.at[2].add(v), lambda x, v: _np_add(x, 2, v), ()),
    ("add_repeated", lambda x, v: x.at[np.array([0, 0, 3])].add(v),
     lambda x, v: _np_add(x, np.array([0, 0, 3]), v), (3,)),
    ("add_broadcast", lambda x, v: x.at[0:2].add(v), lambda x, v: _np_add(x, slice(0, 2), v), ()),
]


def _np_set(x, i, v):
    y = np.array(x, dtype=float)
    y[i] = v
    return y


def _np_add(x, i, v):
    y = np.array(x, dtype=float)
    np.add.at(y, i, v)
    return y


@pytest.mark.parametrize("name, f, ref, vshape", AT_UPDATES, ids=[a[0] for a in AT_UPDATES])
def test_at_updates(name, f, ref, vshape):
    x = rng_array((4,), -2, 2, seed=8)
    v = rng_array(vshape, -2, 2, seed=9)

    def g(x, v):
        xx = x * x + 0.0 * anp.sum(v)  # traced whenever either argument is
        update = f if isinstance(xx, Tracer) else ref  # plain arrays have no .at: NumPy reference
        return update(xx, anp.sin(v)) * x

    check_primitive(g, x, v)
    out = ai.jvp(lambda x, v: f(x, v), (x, v), (np.zeros(4), np.zeros(vshape)))[0]
    assert_close(out, ref(x, v))


def test_at_get_on_tracer():
    x = np.array([1.0, 2.0, 3.0])
    assert_close(ai.grad(lambda x: x.at[1].get() * 3.0)(x), [0.0, 3.0, 0.0])


def test_at_set_gradient_exact():
    x = np.array([1.0, 2.0, 3.0])
    # the overwritten entry gets no gradient from x, all of it from v
    gx, gv = ai.grad(lambda x, v: anp.sum(x.at[1].set(v) * np.array([1.0, 10.0, 100.0])), argnums=(0, 1))(x, 5.0)
    assert_close(gx, [1.0, 0.0, 100.0])
    assert gv == 10.0


def test_take_along_axis():
    x = rng_array((2, 3), seed=10)
    idx = np.array([[2, 0], [1, 1]])
    assert_close(anp.take_along_axis(x, idx, 1), np.take_along_axis(x, idx, 1))
    check_primitive(lambda x: anp.take_along_axis(x * x, idx, 1), x)


def test_sort_gradient_follows_elements():
    x = np.array([3.0, 1.0, 2.0])
    w = np.array([1.0, 10.0, 100.0])
    # sorted = [x1, x2, x0]: weights land on the original positions
    assert_close(ai.grad(lambda x: anp.sum(anp.sort(x) * w))(x), [100.0, 1.0, 10.0])


def test_astype_float32_float64():
    x = np.array([1.0, 2.0], dtype=np.float32)
    g = ai.grad(lambda x: anp.sum(anp.astype(x, np.float64) ** 2))(x)
    assert g.dtype == np.float32
    assert_close(g, 2 * x)


def test_scatter_of_python_float_keeps_float64():
    # A Python float is a weak scalar: the scattered array must not fall back to float32.
    out, tangent = ai.jvp(lambda x, v: x.at[1].set(v), (np.zeros(3), 0.1), (np.zeros(3), 1.0 / 3.0))
    assert out.dtype == tangent.dtype == np.float64
    assert out[1] == 0.1 and tangent[1] == 1.0 / 3.0
    assert ai.grad(lambda v: anp.sum(anp.stack([v, v])[np.array([0, 0, 1])]))(0.1) == 3.0
