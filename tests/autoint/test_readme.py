"""The README's example session runs and gives what it promises."""

import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_example_runs(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert blocks, "README has no Python example"
    namespace = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)
    grads, params = namespace["grads"], namespace["params"]
    assert set(grads) == set(params)
    assert all(grads[k].shape == params[k].shape for k in params)
    per_example, x = namespace["per_example"], namespace["x"]
    assert all(per_example[k].shape == (len(x),) + params[k].shape for k in params)
    # the per-example gradients of a mean over the batch add up to its gradient, times the batch size
    assert all(np.allclose(per_example[k].sum(0) / len(x), grads[k]) for k in params)
    assert "Reverse adjoint trace" in capsys.readouterr().out
    v0 = namespace["v0"]
    hess = namespace["ai"].hessian(namespace["f"])(v0)
    # d²/dv² [v sin v] = 2 cos v - v sin v, on the diagonal.
    np.testing.assert_allclose(np.diag(hess), 2 * np.cos(v0) - v0 * np.sin(v0))
