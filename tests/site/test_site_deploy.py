"""The deploy-time repository: found from the environment or the clone, or unknown; used by links and install cells."""

import json
import subprocess

import pytest
import yaml

from conftest import DEPLOYED, jekyll_build
from sitegen.deploy import deploy_config, finish_site, launch_repository, point_install_cells


def git_clone_with_origin(path, url):
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    if url:
        subprocess.run(["git", "-C", str(path), "remote", "add", "origin", url], check=True)
    return path


def test_the_pages_workflow_environment_names_the_repository(tmp_path):
    clone = git_clone_with_origin(tmp_path, "https://github.com/someone/else.git")
    assert launch_repository({"GITHUB_REPOSITORY": "owner/site"}, clone) == "owner/site"
    assert launch_repository({"SITE_REPOSITORY": "me/mine", "GITHUB_REPOSITORY": "owner/site"}, clone) == "me/mine"


@pytest.mark.parametrize("url, expected", [
    ("https://github.com/owner/autoint.git", "owner/autoint"),
    ("https://github.com/owner/autoint", "owner/autoint"),
    ("git@github.com:owner/auto-int.site.git", "owner/auto-int.site"),
    ("ssh://git@github.com/owner/autoint.git", "owner/autoint"),
    ("https://gitlab.com/owner/autoint.git", None),
    ("/srv/git/autoint.git", None),
    (None, None),
])
def test_otherwise_the_clones_github_origin_names_it(tmp_path, url, expected):
    assert launch_repository({}, git_clone_with_origin(tmp_path, url)) == expected


def test_outside_a_clone_the_repository_is_unknown(tmp_path):
    assert launch_repository({}, tmp_path) is None
    settings = deploy_config({}, tmp_path)
    assert settings == {"launch_repository": "", "launch_branch": "main", "url": ""}


def test_deploy_config_takes_branch_and_url_from_the_workflow(tmp_path):
    settings = deploy_config({"GITHUB_REPOSITORY": "o/r", "GITHUB_REF_NAME": "trunk",
                              "SITE_URL": "https://o.github.io/"}, tmp_path)
    assert settings == {"launch_repository": "o/r", "launch_branch": "trunk", "url": "https://o.github.io"}


def test_install_cells_are_pointed_at_a_repository():
    notebook = {"cells": [
        {"cell_type": "code", "source": ['try:\n', '    import autoint\n', 'except ImportError:\n',
                                         '    %pip install --quiet "autoint[graph] @ git+https://github.com/autoint/autoint"']},
        {"cell_type": "code", "source": "%pip install other @ git+https://github.com/x/other"},
        {"cell_type": "markdown", "source": "%pip install autoint @ git+https://github.com/autoint/autoint"},
    ]}
    assert point_install_cells(notebook, "me/fork") == 1
    assert notebook["cells"][0]["source"].endswith('"autoint[graph] @ git+https://github.com/me/fork"')
    assert notebook["cells"][1]["source"].endswith("github.com/x/other")
    assert notebook["cells"][2]["source"].endswith("github.com/autoint/autoint")


def test_config_command_writes_the_deploy_settings(tmp_path):
    import os
    import sys

    from conftest import ROOT

    (tmp_path / "_config.yml").write_text('repository: "owner/committed"\n')
    result = subprocess.run([sys.executable, "-m", "sitegen", "--root", str(tmp_path), "config"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT,
                            env={**os.environ, "GITHUB_REPOSITORY": "o/r", "SITE_URL": "https://o.github.io"})
    assert result.returncode == 0, result.stderr
    settings = yaml.safe_load((tmp_path / "_config.deploy.yml").read_text())
    assert settings["launch_repository"] == "o/r" and settings["url"] == "https://o.github.io"
    # Colab would still install from the committed repository: the build says so.
    assert "::warning::" in result.stdout and "repository: o/r" in result.stdout


@pytest.mark.jekyll
def test_with_no_known_repository_posts_offer_the_download_only(tmp_path, built_site):
    site = tmp_path / "site"
    jekyll_build(site, {"launch_repository": "", "launch_branch": "main", "url": ""}, tmp_path)
    post = (site / "autoint" / "autograd.html").read_text()
    assert 'class="notebook-download"' in post
    assert "colab.research.google.com" not in post and "mybinder.org" not in post
    assert "make lab" in post and "pip install" not in post
    # ...and the deployed build, for contrast, has both links.
    deployed = (built_site[0] / "autoint" / "autograd.html").read_text()
    assert f"colab.research.google.com/github/{DEPLOYED['launch_repository']}/" in deployed
    assert f"mybinder.org/v2/gh/{DEPLOYED['launch_repository']}/" in deployed


def test_finish_rewrites_only_the_built_copies(tmp_path):
    notebooks = tmp_path / "assets" / "notebooks"
    notebooks.mkdir(parents=True)
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": '%pip install "autoint @ git+https://github.com/autoint/autoint"'}
    (notebooks / "a.ipynb").write_text(json.dumps({"cells": [cell]}))
    assert finish_site(tmp_path, "o/r") == [notebooks / "a.ipynb"]
    assert "github.com/o/r" in (notebooks / "a.ipynb").read_text()
