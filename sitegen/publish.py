"""Write an export to a staging directory, then move it into the site.

A failed export must leave the published post and its figures untouched, so
nothing is written into the site until every file is ready, and each file or
directory is then swapped in with a rename.
"""

import os
import re
import shutil
from pathlib import Path


def stage(staging, info, post_text, figures, notebook_text):
    """Lay out the post, its figures and the notebook copy under staging."""
    (staging / "_posts").mkdir(parents=True)
    (staging / "_posts" / info.post_filename).write_text(post_text)
    (staging / info.asset_dir).mkdir(parents=True)
    for relative_name, data in figures.items():
        target = staging / relative_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (staging / "assets" / "notebooks").mkdir(parents=True)
    (staging / "assets" / "notebooks" / f"{info.slug}.ipynb").write_text(notebook_text)
    return staging


def move_into_place(staged, out_root, info):
    """Swap the staged files in; remove posts of the same slug with another date."""
    _replace_tree(staged / info.asset_dir, out_root / info.asset_dir)
    notebook_copy = Path("assets") / "notebooks" / f"{info.slug}.ipynb"
    _replace_file(staged / notebook_copy, out_root / notebook_copy)
    posts = out_root / "_posts"
    for stale in posts.glob(f"*-{info.slug}.md") if posts.exists() else ():
        if stale.name != info.post_filename and re.match(r"\d{4}-\d\d-\d\d-", stale.name):
            stale.unlink()
    _replace_file(staged / "_posts" / info.post_filename, posts / info.post_filename)


def replace_text(path, text):
    """Atomically replace the file at path with text."""
    temporary = Path(f"{path}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _replace_file(source, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)


def _replace_tree(source, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(source, target)
    if old.exists():
        shutil.rmtree(old)
