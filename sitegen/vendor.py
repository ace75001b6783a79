"""Copy the MathJax 3 files a page needs from node_modules into the site.

Only es5/tex-chtml.js and its woff-v2 fonts are copied, keeping the layout
MathJax expects ([mathjax]/output/chtml/fonts/woff-v2) so that it finds the
fonts next to itself and never asks another host for them.
"""

import shutil
from pathlib import Path

SOURCE = Path("node_modules") / "mathjax" / "es5"
TARGET = Path("assets") / "vendor" / "mathjax"
FILES = ("tex-chtml.js",)
FONTS = Path("output") / "chtml" / "fonts" / "woff-v2"


def vendor_mathjax(root):
    """Copy into root/assets/vendor/mathjax; fails clearly if npm ci was not run."""
    root = Path(root)
    source, target = root / SOURCE, root / TARGET
    if not (source / FILES[0]).exists():
        raise FileNotFoundError(f"{source / FILES[0]} is missing: run `npm ci` first")
    if target.exists():
        shutil.rmtree(target)
    (target / FONTS).mkdir(parents=True)
    for name in FILES:
        shutil.copy2(source / name, target / name)
    for font in sorted((source / FONTS).glob("*.woff")):
        shutil.copy2(font, target / FONTS / font.name)
    return target
