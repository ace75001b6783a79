"""Exporting a notebook: front matter, tags, outputs, Liquid safety, refusal."""

import base64
import re

import nbformat
import pytest
import yaml
from nbformat.v4 import new_output

from sitegen.errors import ExportError
from sitegen.exporter import export_notebook

# A 1x1 PNG, enough for the exporter to extract and link a figure.
PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)).decode()


def export(path, root, **kwargs):
    post = export_notebook(path, root, execute=kwargs.pop("execute", False), **kwargs)
    return post, post.read_text()


def front_matter(text):
    return yaml.safe_load(text.split("---\n")[1])


def test_front_matter_comes_from_notebook_metadata(make_notebook, site_root):
    site = {"title": "Demo", "subtitle": "Sub", "permalink": "/autoint/demo", "date": "2024-01-02",
            "description": "One line.", "series_order": 3}
    post, text = export(make_notebook([("md", "Hello")], site=site), site_root)
    assert post.name == "2024-01-02-demo.md"
    meta = front_matter(text)
    assert meta["title"] == "Demo" and meta["subtitle"] == "Sub"
    assert meta["permalink"] == "/autoint/demo" and meta["series_order"] == 3
    assert meta["categories"] == ["tutorial"]
    assert meta["scholar"] == {"bibliography": "auto-int.bib"}
    assert meta["render_with_liquid"] is False
    assert meta["notebook"] == "notebooks/demo.ipynb"
    assert (site_root / meta["notebook_download"].lstrip("/")).is_file()


@pytest.mark.parametrize("missing", ["title", "permalink"])
def test_missing_title_or_permalink_is_an_error_naming_the_notebook(make_notebook, site_root, missing):
    site = {"title": "Demo", "permalink": "/autoint/demo", "date": "2024-01-02"}
    del site[missing]
    path = make_notebook([("md", "x")], name="broken.ipynb", site=site)
    with pytest.raises(ExportError, match=rf"(?s)broken\.ipynb.*{missing}"):
        export(path, site_root)
    assert not (site_root / "_posts").exists()


def test_bad_permalink_and_date_are_errors(make_notebook, site_root):
    path = make_notebook([("md", "x")], site={"title": "T", "permalink": "autoint/demo", "date": "2024-01-02"})
    with pytest.raises(ExportError, match="permalink"):
        export(path, site_root)
    path = make_notebook([("md", "x")], site={"title": "T", "permalink": "/autoint/demo", "date": "Jan 2"})
    with pytest.raises(ExportError, match="date"):
        export(path, site_root)


def test_code_with_liquid_syntax_survives_and_math_is_rewritten(make_notebook, site_root):
    code = 'template = "{{ name }} {% raw %}"\nprint(f"{{x}}")'
    path = make_notebook([("md", "Let $x$ be `$y$`."), ("code", code)])
    _, text = export(path, site_root)
    assert code in text
    assert "Let $$x$$ be `$y$`." in text
    assert front_matter(text)["math"] is True


def test_outputs_are_marked_apart_from_inputs(make_notebook, site_root):
    outputs = {1: [new_output("stream", name="stdout", text="hello\n"),
                   new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
                   new_output("display_data", data={"text/html": "<table><tr><td>t</td></tr></table>",
                                                    "text/plain": "table"})]}
    path = make_notebook([("md", "Intro"), ("code", "print('hello')")], outputs=outputs)
    _, text = export(path, site_root)
    assert "```python\nprint('hello')\n```" in text
    assert "```text\nhello\n```\n{: .cell-output .output-stdout}" in text
    assert "```text\n42\n```\n{: .cell-output}" in text
    assert '<div class="cell-output output-html">\n<table>' in text


def test_figures_are_written_under_assets_with_links_relative_to_the_post(make_notebook, site_root):
    outputs = {0: [new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]}
    path = make_notebook([("code", "plot()", [], {"alt": "A dot"})], outputs=outputs)
    _, text = export(path, site_root)
    (link,) = re.findall(r'<img src="([^"]+)"', text)
    # The post lives at /autoint/demo, so ../ climbs to the site root under any baseurl.
    assert link.startswith("../assets/posts/demo/") and link.endswith(".png")
    assert (site_root / link.removeprefix("../")).read_bytes() == base64.b64decode(PNG)


def test_tags_hide_remove_and_collapse(make_notebook, site_root):
    out = [new_output("stream", name="stdout", text="VISIBLE-OUTPUT\n")]
    cells = [("code", "hidden_input()", ["hide-input"]),
             ("code", "shown_input()", ["hide-output"]),
             ("code", "removed_cell()", ["remove-cell"]),
             ("code", "folded()", ["collapse"])]
    path = make_notebook(cells, outputs={0: out, 1: [new_output("stream", name="stdout", text="HIDDEN-OUT\n")],
                                         2: out, 3: out})
    _, text = export(path, site_root)
    assert "hidden_input()" not in text and text.count("VISIBLE-OUTPUT") == 2
    assert "shown_input()" in text and "HIDDEN-OUT" not in text
    assert "removed_cell()" not in text
    # Only the code folds: what it prints (or draws) stays in view after the fold.
    folded = text[text.index("<details"):text.index("</details>")]
    assert "folded()" in folded and "VISIBLE-OUTPUT" not in folded and "<summary>" in folded
    assert "VISIBLE-OUTPUT" in text[text.index("</details>"):]


def test_citations_become_a_references_section(make_notebook, site_root):
    path = make_notebook([("md", "See [@alpha2001; @beta1999]."), ("md", "## Later\n\nAgain [@beta1999].")])
    _, text = export(path, site_root)
    assert text.rstrip().endswith("</ol>")
    assert text.index("## References") > text.index("## Later")
    assert re.findall(r'<li id="ref-(\w+)">', text) == ["alpha2001", "beta1999"]


def test_unknown_citation_fails_the_export(make_notebook, site_root):
    path = make_notebook([("md", "See [@missing1999].")], name="cites.ipynb")
    with pytest.raises(ExportError, match=r"(?s)cites\.ipynb.*missing1999"):
        export(path, site_root)


def test_failed_execution_leaves_the_published_post_untouched(make_notebook, site_root):
    good = make_notebook([("code", "print('first version')")])
    post, old_text = export(good, site_root, execute=True)
    assert "first version" in old_text
    old_assets = sorted(p.name for p in (site_root / "assets").rglob("*"))
    old_notebook = good.read_text()

    broken = make_notebook([("code", "print('second version')"), ("code", "1 / 0")])
    with pytest.raises(ExportError, match=r"(?s)demo\.ipynb.*ZeroDivisionError"):
        export(broken, site_root, execute=True)
    assert post.read_text() == old_text
    assert sorted(p.name for p in (site_root / "assets").rglob("*")) == old_assets
    assert good.read_text() != old_notebook  # the source notebook is the broken one now...
    assert "print('second version')" in good.read_text()
    assert nbformat.read(good, as_version=4).cells[0].outputs == []  # ...and was not rewritten
    assert not list(site_root.glob(".sitegen-*"))


def test_cells_tagged_raises_exception_may_raise(make_notebook, site_root):
    path = make_notebook([("code", "raise ValueError('expected')", ["raises-exception"]),
                          ("code", "print('after')")])
    _, text = export(path, site_root, execute=True)
    assert "ValueError: expected" in text and "after" in text
    stored = nbformat.read(path, as_version=4)
    assert stored.cells[1].outputs[0]["text"] == "after\n"  # executed outputs saved back


def test_reexport_replaces_figures_and_drops_posts_of_an_old_date(make_notebook, site_root):
    outputs = {0: [new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]}
    plot = ("code", "plot()", [], {"alt": "A dot"})
    export(make_notebook([("md", "x"), plot], outputs={1: outputs[0]}), site_root)
    site = {"title": "Demo", "permalink": "/autoint/demo", "date": "2024-02-03"}
    export(make_notebook([plot], site=site, outputs={0: outputs[0]}), site_root)
    assert [p.name for p in (site_root / "_posts").iterdir()] == ["2024-02-03-demo.md"]
    assert [p.name for p in (site_root / "assets/posts/demo").iterdir()] == ["fig_0_0.png"]


def test_svg_drawings_are_extracted_and_linked(make_notebook, site_root):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" cx="5" cy="5"/></svg>'
    outputs = {0: [new_output("display_data", data={"image/svg+xml": svg, "text/plain": "<Digraph>"})]}
    _, text = export(make_notebook([("code", "graph", [], {"alt": "A circle"})], outputs=outputs), site_root)
    (link,) = re.findall(r'<img src="([^"]+\.svg)"', text)
    assert (site_root / link.removeprefix("../")).read_text() == svg


def test_markdown_outputs_get_kramdown_math(make_notebook, site_root):
    table = "| step | value |\n|:--|:--|\n| $v_1 = \\ln v_{-1}$ | $0.693$ |\n"
    outputs = {0: [new_output("display_data", data={"text/markdown": table, "text/plain": "Markdown"})]}
    _, text = export(make_notebook([("code", "table")], outputs=outputs), site_root)
    assert '<div class="cell-output output-markdown" markdown="1">' in text
    assert "| $$v_1 = \\ln v_{-1}$$ | $$0.693$$ |" in text
    assert front_matter(text).get("math") is True


def test_html_wins_over_markdown_for_its_captions_and_header_cells(make_notebook, site_root):
    html = "<table><caption>Trace</caption><tr><th>v</th></tr><tr><td>\\(v_1\\)</td></tr></table>"
    outputs = {0: [new_output("display_data", data={"text/markdown": "| $v_1$ |\n|--|\n",
                                                    "text/html": html, "text/plain": "EvalTrace"})]}
    _, text = export(make_notebook([("code", "trace")], outputs=outputs), site_root)
    assert f'<div class="cell-output output-html">\n{html}\n</div>' in text
    assert "| $" not in text


def png_output(metadata=None):
    return new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}, metadata=metadata or {})


def test_figures_carry_the_alt_text_of_their_cell_in_output_order(make_notebook, site_root):
    cells = [("code", "two_plots()", [], {"alt": ["First <plot> & its \"axes\"", "Second plot"]})]
    _, text = export(make_notebook(cells, outputs={0: [png_output(), png_output()]}), site_root)
    assert re.findall(r'alt="([^"]*)"', text) == ["First &lt;plot&gt; &amp; its &#34;axes&#34;", "Second plot"]


@pytest.mark.parametrize("alt", [None, "", ["only one"]], ids=["missing", "empty", "too-few"])
def test_a_figure_without_alt_text_fails_naming_notebook_and_cell(make_notebook, site_root, alt):
    metadata = {} if alt is None else {"alt": alt}
    cells = [("md", "Intro"), ("code", "draw_both()", [], metadata)]
    path = make_notebook(cells, name="figs.ipynb", outputs={1: [png_output(), png_output()]})
    with pytest.raises(ExportError, match=r"figs\.ipynb: cell 2 \('draw_both\(\)'\) makes 2 figures") as error:
        export(path, site_root)
    assert "alt" in str(error.value)
    assert not (site_root / "_posts").exists()


def test_hidden_figures_need_no_alt_text(make_notebook, site_root):
    cells = [("code", "setup_plot()", ["remove-cell"]), ("code", "silent()", ["hide-output"])]
    export(make_notebook(cells, outputs={0: [png_output()], 1: [png_output()]}), site_root)


def test_retina_figures_are_shown_at_the_size_their_output_declares(make_notebook, site_root):
    retina = png_output({"image/png": {"width": 300, "height": 200}})  # the PNG itself has 2x the pixels
    cells = [("code", "retina()", [], {"alt": "Retina"}), ("code", "plain()", [], {"alt": "Plain"})]
    _, text = export(make_notebook(cells, outputs={0: [retina], 1: [png_output()]}), site_root)
    sizes = re.findall(r'<img [^>]*width="(\d+)" height="(\d+)"', text)
    assert sizes == [("300", "200"), ("1", "1")]  # declared size; else the PNG's own pixels


def test_svg_drawings_get_their_size_in_css_pixels(make_notebook, site_root):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="72pt" height="36pt"><circle r="4"/></svg>'
    outputs = {0: [new_output("display_data", data={"image/svg+xml": svg, "text/plain": "<Digraph>"})]}
    _, text = export(make_notebook([("code", "graph", [], {"alt": "A circle"})], outputs=outputs), site_root)
    assert 'width="96" height="48"' in text  # 1pt = 4/3 px


@pytest.mark.parametrize("content, reason", [
    ('{"cells": [,]}', "not valid JSON"),
    ('[1, 2]', "not a valid notebook"),
    ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": 3}', "not a valid notebook"),
])
def test_an_invalid_notebook_is_one_line_naming_the_file(site_root, content, reason):
    path = site_root / "notebooks" / "broken.ipynb"
    path.write_text(content)
    with pytest.raises(ExportError) as error:
        export(path, site_root)
    message = str(error.value)
    assert "broken.ipynb" in message and reason in message and "\n" not in message
