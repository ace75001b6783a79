"""Notebooks run elsewhere (Colab, Binder, a reader's machine): they install autoint from this repository.

Every notebook that imports autoint has the standard install cell (copied
from post 1) before its first import. `make posts` points it at the
repository _config.yml names, which Colab runs from; the site build points
the downloadable copies at the repository the site is deployed from
(sitegen.deploy). Both rely on sitegen.deploy.point_install_cells
recognising the cell, which is checked here for every notebook.
"""

import copy
from pathlib import Path

import nbformat
import pytest
import yaml

from sitegen.deploy import point_install_cells

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
    cell = cells[installs[0]]
    assert "remove-cell" in cell.metadata.get("tags", []), "the install cell is tagged remove-cell"
    assert f"github.com/{repository}\"" in cell.source, f"the install cell names another repository: run `make posts`"


@pytest.mark.parametrize("path", USING_AUTOINT, ids=[p.name for p in USING_AUTOINT])
def test_the_install_cell_can_be_pointed_at_the_deployed_repository(path):
    notebook = copy.deepcopy(nbformat.read(path, as_version=4))
    assert point_install_cells(notebook, "deployed-owner/deployed-name") == 1
    sources = [c.source for c in notebook.cells if "%pip install" in c.source]
    assert all('git+https://github.com/deployed-owner/deployed-name"' in s for s in sources)
