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
