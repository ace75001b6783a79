"""Math typeset when the site is built, not in the reader's browser.

Runs sitegen/node/typeset-math.js (MathJax's own Node package, mathjax-full)
over every built page that loads the run-time MathJax script: the page then
carries CommonHTML with MathML for screen readers, its CSS and font preloads,
and no math script. See that file for the details.
"""

import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).parent / "node" / "typeset-math.js"
MARKER = "data-mathjax-runtime"


def typeset_site(site_dir, root):
    """Typeset every page of site_dir that has math; returns the pages changed."""
    site_dir = Path(site_dir)
    if not (Path(root) / "node_modules" / "mathjax-full").is_dir():
        raise FileNotFoundError(f"{Path(root) / 'node_modules' / 'mathjax-full'} is missing: run `npm ci` first")
    pages = sorted(p for p in site_dir.rglob("*.html") if MARKER in p.read_text(errors="ignore"))
    if pages:
        node = shutil.which("node") or "node"
        result = subprocess.run([node, str(SCRIPT), str(site_dir), *map(str, pages)], cwd=root,
                                capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"typesetting the math failed:\n{result.stderr}")
        for line in result.stderr.splitlines():  # TeX errors, each naming its page
            print(line)
    return pages
