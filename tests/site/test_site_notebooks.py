"""Notebooks run elsewhere (Colab, Binder, a reader's machine): they install autoint from this repository."""

from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


USING_AUTOINT = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
                 if any("import autoint" in c.source for c in code_cells(p))]


def test_the_series_uses_autoint():
    assert USING_AUTOINT


@pytest.mark.parametrize("path", USING_AUTOINT, ids=[p.name for p in USING_AUTOINT])
def test_notebooks_that_import_autoint_install_it_from_the_configured_repository(path):
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    cells = code_cells(path)
    uses = [i for i, c in enumerate(cells) if "import autoint" in c.source]
    installs = [i for i, c in enumerate(cells) if "%pip install" in c.source and "autoint" in c.source]
    assert installs and installs[0] <= uses[0], "install autoint before the first cell that imports it"
    assert f"github.com/{repository}" in cells[installs[0]].source
