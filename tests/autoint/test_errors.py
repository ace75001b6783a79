"""Bad input gives clear errors; plain NumPy functions on traced values work or explain themselves."""
import math
import re

import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from ad_helpers import assert_close


def test_grad_of_non_scalar_output():
    with pytest.raises(TypeError) as e:
        ai.grad(lambda x: x * 2.0)(np.ones(3))
    msg = str(e.value)
    assert "(3,)" in msg
    assert ".sum()" in msg and "jacrev" in msg


def test_grad_of_matrix_output_names_shape():
    with pytest.raises(TypeError, match=re.escape("(2, 2)")):
        ai.value_and_grad(lambda x: x * x)(np.ones((2, 2)))


INT_INPUTS = [
    ("grad", lambda f, x: ai.grad(f)(x)),
    ("value_and_grad", lambda f, x: ai.value_and_grad(f)(x)),
    ("jacrev", lambda f, x: ai.jacrev(f)(x)),
    ("jacfwd", lambda f, x: ai.jacfwd(f)(x)),
    ("hessian", lambda f, x: ai.hessian(f)(x)),
    ("jvp", lambda f, x: ai.jvp(f, (x,), (x,))),
    ("vjp", lambda f, x: ai.vjp(f, x)),
]


@pytest.mark.parametrize("name, call", INT_INPUTS, ids=[i[0] for i in INT_INPUTS])
@pytest.mark.parametrize("x, dtype", [(3, "int"), (np.array([1, 2]), "int64"), (np.array([True, False]), "bool"),
                                      (True, "bool")], ids=["py_int", "int64", "bool_array", "py_bool"])
def test_integer_or_boolean_input(name, call, x, dtype):
    with pytest.raises(TypeError) as e:
        call(lambda x: anp.sum(x * 2.0), x)
    msg = str(e.value)
    assert dtype in msg
    assert "float" in msg
    # The message names what the user called (value_and_grad is grad's twin; hessian starts with jacfwd).
    named = {"value_and_grad": "grad", "hessian": "jacfwd"}.get(name, name)
    assert f"autoint.{named}:" in msg


def test_integer_input_in_pytree():
    with pytest.raises(TypeError, match="int"):
        ai.grad(lambda p: p["a"] * 2.0)({"a": 1})


def test_integer_input_not_differentiated_is_fine():
    assert ai.grad(lambda x, n: x**n, argnums=0)(2.0, 3) == 12.0


# -- plain NumPy functions on traced values -------------------------------------------------------


DISPATCHED = [
    ("ufunc_sin", lambda x: np.sum(np.sin(x)), lambda x: np.cos(x)),
    ("ufunc_exp_mul", lambda x: np.sum(np.multiply(np.exp(x), x)), lambda x: np.exp(x) * (x + 1)),
    ("function_mean", lambda x: np.mean(x * x), lambda x: 2 * x / x.size),
    ("function_dot", lambda x: np.dot(x, x), lambda x: 2 * x),
    ("function_concatenate", lambda x: np.sum(np.concatenate([x, x * x])), lambda x: 1 + 2 * x),
    ("function_reshape", lambda x: np.sum(np.reshape(x, (2, 2)) ** 2), lambda x: 2 * x),
    ("function_where", lambda x: np.sum(np.where(x > 0, x, 0.0)), lambda x: (x > 0).astype(float)),
    ("function_maximum", lambda x: np.sum(np.maximum(x, 0.0)), lambda x: (x > 0).astype(float)),
    ("function_linalg_norm", lambda x: np.linalg.norm(x), lambda x: x / np.linalg.norm(x)),
    ("function_sum_keepdims", lambda x: np.sum(np.sum(x * x, axis=0, keepdims=True)), lambda x: 2 * x),
    ("function_stack", lambda x: np.sum(np.stack([x, x * x])), lambda x: 1 + 2 * x),
    ("function_einsum", lambda x: np.einsum("i,i->", x, x), lambda x: 2 * x),
    ("function_sort", lambda x: np.sum(np.sort(x) * np.arange(4.0)), lambda x: np.argsort(np.argsort(x)) * 1.0),
    ("function_cumsum", lambda x: np.sum(np.cumsum(x)), lambda x: np.arange(4.0, 0.0, -1.0)),
    ("function_max", lambda x: np.max(x), lambda x: (x == x.max()).astype(float)),
    ("function_abs", lambda x: np.sum(np.abs(x)), np.sign),
    ("function_outer", lambda x: np.sum(np.outer(x, x)), lambda x: 2 * np.sum(x) * np.ones_like(x)),
    ("operator_with_ndarray_left", lambda x: np.sum(np.array([1.0, 2.0, 3.0, 4.0]) * x), lambda x: np.arange(1.0, 5.0)),
]


@pytest.mark.parametrize("name, f, df", DISPATCHED, ids=[d[0] for d in DISPATCHED])
def test_numpy_function_on_traced_value_dispatches(name, f, df):
    x = np.array([0.3, -0.7, 1.1, 0.5])
    assert_close(ai.grad(f)(x), df(x))
    assert_close(ai.jacfwd(f)(x), df(x))


def test_numpy_function_without_counterpart_names_it():
    with pytest.raises(TypeError) as e:
        ai.grad(lambda x: np.sum(np.fft.fft(x).real))(np.ones(4))
    msg = str(e.value)
    assert "fft" in msg and "autoint.numpy" in msg


def test_numpy_ufunc_without_counterpart_names_it():
    with pytest.raises(TypeError) as e:
        ai.grad(lambda x: np.sum(np.spacing(x)))(np.ones(2))
    msg = str(e.value)
    assert "spacing" in msg and "autoint.numpy" in msg


def test_numpy_ufunc_method_is_refused_with_name():
    with pytest.raises(TypeError) as e:
        ai.grad(lambda x: np.add.reduce(x))(np.ones(2))
    assert "add.reduce" in str(e.value) and "autoint.numpy" in str(e.value)


def test_np_asarray_of_traced_value():
    with pytest.raises(TypeError) as e:
        ai.grad(lambda x: np.asarray(x).sum())(np.ones(2))
    assert "autoint.numpy" in str(e.value)


# -- mutation and conversion ------------------------------------------------------------------------


def test_item_assignment_explains_immutability():
    def f(x):
        x[0] = 1.0
        return anp.sum(x)

    with pytest.raises(TypeError) as e:
        ai.grad(f)(np.ones(3))
    msg = str(e.value)
    assert "immutable" in msg and "x.at[i].set(v)" in msg


@pytest.mark.parametrize("convert, word", [(float, "float"), (int, "int"), (complex, "complex"),
                                           (lambda x: x.item(), "item"), (lambda x: [1, 2][x], "index"),
                                           (math.sin, "float")],
                         ids=["float", "int", "complex", "item", "index", "math_sin"])
@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_conversion_of_traced_value_would_drop_derivative(convert, word, mode):
    def f(x):
        convert(x)
        return x

    with pytest.raises(TypeError) as e:
        if mode == "rev":
            ai.grad(f)(1.0)
        else:
            ai.jvp(f, (1.0,), (1.0,))
    msg = str(e.value)
    assert "derivative" in msg and word in msg


def test_hash_of_traced_value():
    with pytest.raises(TypeError, match="hashable"):
        ai.grad(lambda x: {x: 1} and x)(1.0)


def test_len_of_zero_d_traced_value():
    with pytest.raises(TypeError, match="len"):
        ai.grad(lambda x: len(x) * x)(1.0)


# -- missing rules --------------------------------------------------------------------------------


def test_primitive_with_only_vjp_in_forward_mode():
    p = ai.Primitive("only_vjp", np.sin)
    p.defvjp(lambda g, ans, x: g * anp.cos(x))
    assert_close(ai.grad(p)(0.3), np.cos(0.3))
    for run in (lambda: ai.jvp(p, (0.3,), (1.0,)), lambda: ai.jacfwd(p)(0.3), lambda: ai.hessian(p)(0.3)):
        with pytest.raises(NotImplementedError) as e:
            run()
        assert "only_vjp" in str(e.value) and "forward" in str(e.value)


def test_primitive_with_only_jvp_in_reverse_mode():
    p = ai.Primitive("only_jvp", np.sin)
    p.defjvp(lambda g, ans, x: g * anp.cos(x))
    assert_close(ai.jvp(p, (0.3,), (1.0,))[1], np.cos(0.3))
    with pytest.raises(NotImplementedError) as e:
        ai.grad(p)(0.3)
    assert "only_jvp" in str(e.value) and "reverse" in str(e.value)


def test_custom_vjp_in_forward_mode():
    @ai.custom_vjp
    def f(x):
        return x * x

    f.defvjp(lambda x: (x * x, x), lambda x, g: (2 * x * g,))
    assert ai.grad(f)(3.0) == 6.0
    with pytest.raises(NotImplementedError) as e:
        ai.jvp(f, (3.0,), (1.0,))
    assert "f" in str(e.value) and "forward" in str(e.value)
    with pytest.raises(NotImplementedError):
        ai.jacfwd(f)(3.0)


# -- argument errors ---------------------------------------------------------------------------------


def test_jvp_requires_tuples_and_matching_shapes():
    with pytest.raises(TypeError, match="tuple"):
        ai.jvp(anp.sin, 1.0, 1.0)
    with pytest.raises(ValueError, match="shape"):
        ai.jvp(anp.sin, (np.ones(2),), (np.ones(3),))
    with pytest.raises(ValueError, match="structure"):
        ai.jvp(lambda a, b: a * b, (1.0, 2.0), (1.0,))


def test_vjp_cotangent_shape_mismatch():
    _, pullback = ai.vjp(anp.sin, np.ones(2))
    with pytest.raises(ValueError, match="shape"):
        pullback(np.ones(3))


def test_argnums_out_of_range():
    with pytest.raises(ValueError, match="argnums"):
        ai.grad(lambda x: x, argnums=2)(1.0)


def test_has_aux_requires_pair():
    with pytest.raises(TypeError, match="pair"):
        ai.grad(lambda x: x, has_aux=True)(1.0)


def test_check_grads_rejects_unknown_mode():
    with pytest.raises(ValueError, match="modes"):
        ai.check_grads(anp.sin, (1.0,), modes=("sideways",))


def test_invalid_norm_order():
    with pytest.raises(ValueError, match="invalid norm order 'nuc' for vectors"):
        anp.linalg.norm(np.ones(2), ord="nuc")
    with pytest.raises(ValueError, match="invalid norm order 3 for matrices"):
        anp.linalg.norm(np.ones((2, 2)), ord=3)


# -- inputs and outputs that are not real numbers ---------------------------------------------------

BAD = [
    ("none_input", lambda: ai.grad(lambda x: x)(None), ["autoint.grad", "input 0", "None", "Pass a float"]),
    ("str_input", lambda: ai.grad(lambda x: x)("abc"), ["autoint.grad", "input 0", "'abc'", "not a number"]),
    ("returns_none", lambda: ai.grad(lambda x: None)(1.0), ["autoint.grad", "returned None", "return"]),
    ("returns_str", lambda: ai.grad(lambda x: "a")(1.0), ["autoint.grad", "output", "'a'", "must return floats"]),
    ("returns_int", lambda: ai.grad(lambda x: 3)(1.0), ["autoint.grad", "output", "int", "floats"]),
    ("vjp_none", lambda: ai.vjp(lambda x: x, None), ["autoint.vjp", "input 0", "None"]),
    ("jvp_str", lambda: ai.jvp(lambda x: x, ("a",), ("b",)), ["autoint.jvp", "input 0", "not a number"]),
    ("jacfwd_none", lambda: ai.jacfwd(lambda x: x)(None), ["autoint.jacfwd", "None"]),
]


@pytest.mark.parametrize("name, call, words", BAD, ids=[b[0] for b in BAD])
def test_non_numeric_input_or_output(name, call, words):
    with pytest.raises(TypeError) as e:
        call()
    for w in words:
        assert w in str(e.value), (w, str(e.value))


# -- complex numbers: autoint differentiates real-valued functions -------------------------------------

COMPLEX_OUT = [
    ("grad", lambda f: ai.grad(f)(1.0)),
    ("jvp", lambda f: ai.jvp(f, (1.0,), (1.0,))),
    ("vjp", lambda f: ai.vjp(f, 1.0)),
    ("jacfwd", lambda f: ai.jacfwd(f)(1.0)),
    ("jacrev", lambda f: ai.jacrev(f)(1.0)),
    ("hessian", lambda f: ai.hessian(lambda x: f(x) * x)(1.0)),
]


@pytest.mark.parametrize("name, call", COMPLEX_OUT, ids=[c[0] for c in COMPLEX_OUT])
def test_complex_output_is_refused(name, call):
    with pytest.raises(TypeError) as e:
        call(lambda x: x * (1 + 0.2j))
    msg = str(e.value)
    assert "complex" in msg and "real-valued" in msg
    assert "autoint." in msg


@pytest.mark.parametrize("name, call", INT_INPUTS, ids=[i[0] for i in INT_INPUTS])
@pytest.mark.parametrize("x", [1 + 2j, np.array([1.0 + 0j, 2.0])], ids=["scalar", "array"])
def test_complex_input_is_refused(name, call, x):
    with pytest.raises(TypeError) as e:
        call(lambda x: anp.sum(x * 2.0), x)
    msg = str(e.value)
    assert "complex" in msg and "real" in msg and "input 0" in msg


@pytest.mark.parametrize("mode", [ai.grad, ai.jacfwd], ids=["rev", "fwd"])
@pytest.mark.parametrize("to_real", [anp.abs, lambda z: z.astype(np.float64)], ids=["abs", "astype"])
@pytest.mark.filterwarnings("ignore:Casting complex values")
def test_complex_intermediate_to_real_is_refused(mode, to_real):
    # |x (1 + 0.2j)| = x sqrt(1.04) is real: the derivative would silently be wrong if computed as for reals
    with pytest.raises(TypeError, match="complex"):
        mode(lambda x: to_real(x * (1 + 0.2j)))(1.0)
