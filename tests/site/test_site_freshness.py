"""The committed posts are exactly what the committed notebooks export to.

nbval proves a fresh run reproduces the stored outputs; this test proves the
stored outputs are what is published. Together: the site shows what the
notebooks produce now, with each notebook executed only once per test run.
"""

import re
from pathlib import Path

import pytest

from sitegen.exporter import export_notebook

ROOT = Path(__file__).resolve().parents[2]

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_something_to_publish():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_post_matches_a_fresh_export(notebook, tmp_path):
    exported = export_notebook(notebook, ROOT, out_root=tmp_path, execute=False)
    committed = ROOT / "_posts" / exported.name
    assert committed.is_file(), f"{committed.name} is not committed: run `make posts`"
    assert committed.read_text() == exported.read_text(), f"{committed.name} is stale: run `make posts`"

    for produced in sorted(p for p in (tmp_path / "assets").rglob("*") if p.is_file()):
        relative = produced.relative_to(tmp_path)
        published = ROOT / relative
        assert published.is_file(), f"{relative} is missing: run `make posts`"
        assert published.read_bytes() == produced.read_bytes(), f"{relative} is stale: run `make posts`"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_file_a_post_references_is_committed(notebook, tmp_path):
    post = export_notebook(notebook, ROOT, out_root=tmp_path, execute=False)
    text = post.read_text()
    prefix = re.search(r"^permalink: (.*)$", text, re.M).group(1)
    depth = prefix.strip("/").count("/")
    for link in re.findall(r'(?:src|href)="(\.\./[^"#]+)"', text):
        target = ROOT / Path(link).relative_to(Path(*[".."] * depth))
        assert target.is_file(), f"{post.name} links to {link}, which is not committed"


def test_no_orphaned_posts_or_assets():
    slugs = {re.sub(r"^\d{4}-\d\d-\d\d-", "", p.stem) for p in (ROOT / "_posts").glob("*.md")}
    expected = {export_slug(p) for p in NOTEBOOKS}
    assert slugs == expected, "a post has no notebook (or the reverse): delete it or run `make posts`"
    asset_slugs = {p.name for p in (ROOT / "assets" / "posts").iterdir()} if (ROOT / "assets/posts").exists() else set()
    assert asset_slugs <= expected


def export_slug(notebook):
    import nbformat

    permalink = nbformat.read(notebook, as_version=4).metadata["site"]["permalink"]
    return permalink.rstrip("/").rsplit("/", 1)[-1]
