"""What the site knows only where it is built: its repository and its URL.

The Colab and Binder links, and the install cell of every downloadable
notebook, must name the repository the site is actually deployed from, not
a placeholder. That repository is, in order:

1. ``SITE_REPOSITORY`` or ``GITHUB_REPOSITORY`` (the Pages workflow has the
   latter as ``github.repository``);
2. the GitHub repository the clone's ``origin`` remote points at;
3. unknown: the site then shows no Colab or Binder links (downloading stays).

``python -m sitegen config`` writes these facts to ``_config.deploy.yml``,
which `make site` layers over ``_config.yml``; ``python -m sitegen finish``
points the install cells of the built site's notebook copies at the same
repository.
"""

import json
import re
import subprocess
from pathlib import Path

import yaml

DEPLOY_CONFIG = Path("_config.deploy.yml")
GITHUB_REMOTE = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
                           r"([\w.-]+/[\w.-]+?)(?:\.git)?/?$")
# The repository in the standard install cell:
#   %pip install --quiet "autoint[graph] @ git+https://github.com/OWNER/NAME"
INSTALL_URL = re.compile(r"(git\+https://github\.com/)([\w.-]+/[\w.-]+?)(?=\.git|[\"'@\s]|$)")


def launch_repository(environ, root):
    """``owner/name`` of the repository the site is deployed from, or None when unknown."""
    for variable in ("SITE_REPOSITORY", "GITHUB_REPOSITORY"):
        if environ.get(variable):
            return environ[variable]
    try:
        remote = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    match = GITHUB_REMOTE.match(remote.stdout.strip()) if remote.returncode == 0 else None
    return match.group(1) if match else None


def deploy_config(environ, root):
    """The settings _config.deploy.yml holds."""
    return {
        "launch_repository": launch_repository(environ, root) or "",
        "launch_branch": environ.get("SITE_BRANCH") or environ.get("GITHUB_REF_NAME") or "main",
        # Absolute canonical and og:url links need the site's origin (https://owner.github.io).
        "url": environ.get("SITE_URL", "").rstrip("/"),
    }


def write_deploy_config(environ, root):
    path = Path(root) / DEPLOY_CONFIG
    settings = deploy_config(environ, root)
    header = "# Written by `python -m sitegen config` for this build; not committed.\n"
    path.write_text(header + yaml.safe_dump(settings, sort_keys=False))
    return path, settings


def point_install_cells(notebook, repository):
    """Make the install cells of notebook (nbformat JSON as a dict) install from repository.

    Returns how many cells name it now. Only code cells that %pip install
    autoint from a GitHub URL are touched.
    """
    count = 0
    for cell in notebook.get("cells", []):
        source = "".join(cell["source"]) if isinstance(cell.get("source"), list) else cell.get("source", "")
        if cell.get("cell_type") != "code" or "%pip install" not in source or "autoint" not in source:
            continue
        rewritten, found = INSTALL_URL.subn(lambda m: m.group(1) + repository, source)
        if found:
            cell["source"] = rewritten
            count += 1
    return count


def finish_site(site_dir, repository):
    """Point the install cells of the built site's notebook copies at repository; returns the files changed."""
    changed = []
    for path in sorted((Path(site_dir) / "assets" / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text())
        if point_install_cells(notebook, repository):
            path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
            changed.append(path)
    return changed
