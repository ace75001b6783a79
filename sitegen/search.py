"""Full-text search: a Pagefind index of the built site, served by the site itself.

Pagefind (npm) reads the built HTML and writes pagefind/ into the site: the
index in small fragments and the search box's script and styles. The header
(_includes/header.html) shows the box; nothing is asked of another host.
"""

import subprocess
from pathlib import Path

PAGEFIND = Path("node_modules") / ".bin" / "pagefind"


def build_index(site_dir, root):
    """Index site_dir into site_dir/pagefind; fails with a clear message if `npm ci` was not run."""
    binary = Path(root) / PAGEFIND
    if not binary.exists():
        raise FileNotFoundError(f"{binary} is missing: run `npm ci` first")
    result = subprocess.run([str(binary), "--site", str(site_dir)], capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"pagefind failed on {site_dir}:\n{result.stdout}{result.stderr}")
    return Path(site_dir) / "pagefind"
