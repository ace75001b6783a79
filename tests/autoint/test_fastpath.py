"""The AUTOINT_REFERENCE switch: which interpreters are active under each setting.

The rest of the suite runs once with the fast paths and once with the reference
(``make test`` runs it both ways); these tests make sure the switch really switches.
"""
import json
import os
import subprocess
import sys

import numpy as np

import autoint
from autoint import fastpath
from autoint.forward import JVPTrace
from autoint.numpy import elementwise as ew
from autoint.reverse import ReverseTrace, ReverseTracer

_PROBE = """
import json
from autoint import fastpath
from autoint.forward import JVPTrace
from autoint.reverse import ReverseTrace, ReverseTracer
from autoint.numpy import elementwise as ew
print(json.dumps({
    "active": fastpath.active,
    "jvp": JVPTrace.process.__module__,
    "reverse": ReverseTrace.process.__module__,
    "operator": ReverseTracer.__mul__.__module__,
    "sin_on_float": type(ew.sin.impl(0.5)).__name__,
}))
"""


def _probe(reference):
    env = {k: v for k, v in os.environ.items() if k != "AUTOINT_REFERENCE"}
    if reference is not None:
        env["AUTOINT_REFERENCE"] = reference
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_fast_paths_are_installed_by_default():
    assert _probe(None) == {
        "active": True,
        "jvp": "autoint.fastpath",
        "reverse": "autoint.fastpath",
        "operator": "autoint.fastpath",
        "sin_on_float": "float",  # math.sin
    }


def test_reference_switch_leaves_the_reference_interpreters():
    expected = {
        "active": False,
        "jvp": "autoint.forward",
        "reverse": "autoint.reverse",
        "operator": "autoint.core",
        "sin_on_float": "float64",  # np.sin
    }
    assert _probe("1") == expected
    assert _probe("0") == _probe(None)  # "0" means off, as unset


def test_this_process_runs_what_its_environment_asked_for():
    reference = os.environ.get("AUTOINT_REFERENCE", "") not in ("", "0")
    assert fastpath.active is not reference
    for owner, name, fast in ((JVPTrace, "process", fastpath.jvp_process), (ReverseTrace, "process", fastpath.reverse_process)):
        assert (getattr(owner, name) is fast) is not reference
    assert (ReverseTracer.__mul__.__module__ == "autoint.fastpath") is not reference


def test_reference_process_is_short_and_readable():
    # The reference is what the tutorial shows with inspect.getsource: unbox, apply the rule, box.
    import inspect

    for cls in (autoint.forward.JVPTrace, autoint.reverse.ReverseTrace):
        source = inspect.getsource(cls)
        body = source[source.index("def process"):].split("\n    def ")[0]
        assert "self.unbox(args)" in body and "bind(prim," in body
        assert len(body.strip().splitlines()) <= 15, body
        # what a post prints with inspect.getsource(cls.process) is that reference, in either mode
        assert inspect.getsource(cls.process).strip() == body.strip()


def test_fast_and_reference_impls_agree_on_floats():
    # math/operator on Python floats, the ufunc otherwise: same numbers, nan/inf where the ufunc gives them.
    with np.errstate(all="ignore"):
        for prim, fn in fastpath.SCALAR_IMPLS.items():
            ufunc = fastpath.replaced.get((prim, "impl"), prim.impl)
            fast = fastpath.scalar_fast(ufunc, fn)
            for x in (0.3, -0.7, 1.5, 0.0, 800.0):
                np.testing.assert_allclose(fast(x), ufunc(x), rtol=1e-15, atol=0, err_msg=prim.name)
        for prim, op in fastpath.OPERATOR_IMPLS.items():
            ufunc = fastpath.replaced.get((prim, "impl"), prim.impl)
            fast = fastpath.operator_fast(ufunc, op)
            for x, y in ((0.3, 2.0), (-0.7, 0.5), (1.5, 0.0), (0.0, 0.0), (-8.0, 1 / 3)):
                np.testing.assert_allclose(fast(x, y), ufunc(x, y), rtol=1e-15, atol=0, err_msg=prim.name)


# grad's short path for one float or float array: the same answers, types and errors as the general path
# (this module runs under both settings of the switch, so the two are held to the same expectations).


def test_grad_of_one_float_gives_a_numpy_float():
    import autoint.numpy as anp

    g = autoint.grad(lambda x: anp.tanh(x) * x)(0.3)
    assert type(g) is np.float64
    assert np.isclose(g, np.tanh(0.3) + 0.3 * (1 - np.tanh(0.3) ** 2), rtol=1e-14)


def test_grad_of_a_float32_array_keeps_its_dtype_and_shape():
    import autoint.numpy as anp

    x = np.array([[0.5, -1.0]], dtype=np.float32)
    g = autoint.grad(lambda x: anp.sum(anp.sin(x)))(x)
    assert g.dtype == np.float32 and g.shape == (1, 2)
    assert np.allclose(g, np.cos(x), rtol=1e-6)


def test_grad_with_respect_to_a_later_argument_and_keywords():
    f = lambda a, x, scale=1.0: scale * a * x * x  # noqa: E731
    assert autoint.grad(f, argnums=1)(3.0, 2.0, scale=0.5) == 0.5 * 3.0 * 2 * 2.0
    assert autoint.value_and_grad(f, argnums=-1)(3.0, 2.0) == (12.0, 12.0)


def test_grad_of_a_constant_function_is_zero_of_the_input_shape():
    assert autoint.grad(lambda x: 2.0)(1.5) == 0.0
    g = autoint.grad(lambda x: np.float64(2.0))(np.ones(3))
    assert g.shape == (3,) and not g.any()


def test_grad_of_a_non_scalar_output_raises_the_same_error():
    import pytest

    with pytest.raises(TypeError, match="must return a scalar, but its output has shape \\(3,\\)"):
        autoint.grad(lambda x: x * 2.0)(np.ones(3))
    with pytest.raises(TypeError, match="must return a scalar, but its output has shape \\(2,\\)"):
        autoint.grad(lambda x: (x, x))(1.0)


# jacfwd of a function of one vector: its tangent is the identity, and the fast path takes A @ I as A.


def _jac_tanh_matvec(a, x):
    return (1 - np.tanh(a @ x) ** 2)[:, None] * a


def test_jacfwd_through_a_matrix_product_matches_the_closed_form():
    import autoint.numpy as anp

    rng = np.random.default_rng(0)
    a, x = rng.standard_normal((4, 3)), rng.standard_normal(3)
    np.testing.assert_allclose(autoint.jacfwd(lambda x: anp.tanh(a @ x))(x), _jac_tanh_matvec(a, x), rtol=1e-14)
    b = rng.standard_normal((3, 5))
    np.testing.assert_allclose(autoint.jacfwd(lambda x: x @ b + x[0])(x), b.T + np.eye(3)[0], rtol=1e-14)


def test_jacfwd_of_a_permuted_input_is_not_mistaken_for_the_identity():
    import autoint.numpy as anp

    a = np.arange(9.0).reshape(3, 3)
    x = np.array([1.0, 2.0, 3.0])
    # d(a @ flip(x))/dx = a with its columns reversed; the tangent of flip(x) is a permutation, not I
    np.testing.assert_array_equal(autoint.jacfwd(lambda x: a @ anp.flip(x))(x), a[:, ::-1])
    np.testing.assert_array_equal(autoint.jacfwd(lambda x: a @ (2.0 * x))(x), 2.0 * a)


def test_jacfwd_with_a_non_finite_matrix_gives_what_the_product_gives():
    a = np.array([[np.inf, 1.0], [2.0, 3.0]])
    x = np.array([1.0, 1.0])
    with np.errstate(invalid="ignore"):
        expected = a @ np.eye(2)  # inf * 0 is nan: the Jacobian by forward mode has nans there
        np.testing.assert_array_equal(autoint.jacfwd(lambda x: a @ x)(x), expected)


def test_hessian_of_a_quadratic_form_through_the_identity_seed():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((5, 5))
    x = rng.standard_normal(5)
    np.testing.assert_allclose(autoint.hessian(lambda x: x @ a @ x)(x), a + a.T, rtol=1e-13)
