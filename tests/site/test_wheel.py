"""The package as a reuser gets it: a wheel with only its declared dependencies, in a fresh environment."""

import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import autoint

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

SMOKE = """
import math, autoint as ai, autoint.numpy as anp
f = lambda x1, x2: anp.log(x1) + x1 * x2 - anp.sin(x2)
d1, d2 = ai.grad(f, argnums=(0, 1))(2.0, 5.0)
assert abs(d1 - 5.5) < 1e-12 and abs(d2 - (2.0 - math.cos(5.0))) < 1e-12, (d1, d2)
print(ai.__version__)
"""


def test_version_matches_pyproject():
    assert autoint.__version__ == PYPROJECT["version"]


def test_wheel_installs_alone_and_computes_a_gradient(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    (wheel,) = dist.glob("autoint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert all(n.startswith(("autoint/", "autoint-")) for n in names), [n for n in names if "sitegen" in n or "tests" in n]

    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    installed = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True).stdout
    packages = {line.split("==")[0].lower() for line in installed.split()}
    declared = {dep.split(">")[0].split("=")[0].split("[")[0].strip().lower() for dep in PYPROJECT["dependencies"]}
    assert packages - {"pip", "setuptools", "autoint"} == declared  # nothing from the dev environment

    run = subprocess.run([str(python), "-c", SMOKE], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == PYPROJECT["version"]
