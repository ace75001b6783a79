"""Fixtures for the site tests: notebook builders, a Jekyll build, a local server."""

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[2]
# The prefix a GitHub Pages project site lives under; every page must work below it.
BASEURL = "/autoint"
# What `python -m sitegen config` writes on a Pages deploy (a repository other
# than _config.yml's, to show the links follow the deployment).
DEPLOYED = {"launch_repository": "example-owner/autoint-fork", "launch_branch": "main",
            "url": "https://example-owner.github.io"}

if str(ROOT) not in sys.path:  # sitegen is run from the repository, never installed
    sys.path.insert(0, str(ROOT))

TEST_BIB = r"""
@article{alpha2001,
  author = {Alpha, Ann}, title = {On {F}irst Things}, journal = {Journal A},
  year = {2001}, volume = {1}, pages = {1--2}
}
@book{beta1999,
  author = {Beta, Bob}, title = {Second Thoughts}, publisher = {Press B}, year = {1999}
}
"""


@pytest.fixture
def site_root(tmp_path):
    """An empty site with a two-entry bibliography."""
    (tmp_path / "_bibliography").mkdir()
    (tmp_path / "_bibliography" / "auto-int.bib").write_text(TEST_BIB)
    (tmp_path / "notebooks").mkdir()
    return tmp_path


@pytest.fixture
def make_notebook(site_root):
    """Write a notebook from ("md"|"code", source[, tags[, metadata]]) tuples; returns its path."""

    def make(cells, name="demo.ipynb", site=None, outputs=None):
        notebook = new_notebook(cells=[_cell(*spec) for spec in cells])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        notebook.metadata["site"] = site if site is not None else {
            "title": "Demo", "permalink": "/autoint/demo", "date": "2024-01-02",
        }
        for index, cell_outputs in (outputs or {}).items():
            notebook.cells[index].outputs = cell_outputs
        path = site_root / "notebooks" / name
        nbformat.write(notebook, path)
        return path

    return make


def _cell(kind, source, tags=(), metadata=None):
    cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    cell.metadata.update(metadata or {})
    return cell


def jekyll_build(destination, deploy_settings, config_dir):
    """`jekyll build` of the repository under BASEURL with the given deploy-time settings, as `make site` runs it."""
    import yaml

    from sitegen.deploy import finish_site
    from sitegen.mathtypeset import typeset_site
    from sitegen.search import build_index

    deploy_config = config_dir / "_config.deploy.yml"
    deploy_config.write_text(yaml.safe_dump(deploy_settings))
    result = subprocess.run(
        ["jekyll", "build", "--source", str(ROOT), "--destination", str(destination),
         "--baseurl", BASEURL, "--config", f"{ROOT / '_config.yml'},{deploy_config}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    if deploy_settings["launch_repository"]:
        finish_site(destination, deploy_settings["launch_repository"])
    typeset_site(destination, ROOT)
    build_index(destination, ROOT)
    return log


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """One `jekyll build` of the repository under BASEURL, deployed from DEPLOYED: (site dir, build log)."""
    from sitegen.vendor import vendor_mathjax

    vendor_mathjax(ROOT)
    destination = tmp_path_factory.mktemp("serve") / BASEURL.strip("/")
    log = jekyll_build(destination, DEPLOYED, tmp_path_factory.mktemp("config"))
    return destination, log


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves like GitHub Pages: /x finds x.html, a missing page gets 404.html."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not path.exists() and path.with_name(path.name + ".html").is_file():
            self.path = self.path.split("?", 1)[0].split("#", 1)[0] + ".html"
        elif not path.exists():
            return self._not_found()
        return super().send_head()

    def _not_found(self):
        page = Path(self.directory) / BASEURL.strip("/") / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site on 127.0.0.1 at a free port; yields the site's base URL."""
    site_dir, _ = built_site
    handler = functools.partial(_PagesHandler, directory=str(site_dir.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{BASEURL}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def baseurl():
    return BASEURL


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    assert path, "Debian chromium is required (make test installs it)"
    return path
