"""[@key] citations become numbered links and a pybtex References list."""

import re

import pytest

from sitegen.citations import Citations
from sitegen.errors import ExportError


@pytest.fixture
def citations(site_root):
    return Citations(site_root / "_bibliography" / "auto-int.bib", "demo.ipynb")


def test_known_key_becomes_numbered_link(citations):
    out = citations.replace("As shown [@beta1999].")
    assert out == 'As shown <span class="citation">[<a href="#ref-beta1999">1</a>]</span>.'


def test_multiple_keys_share_one_bracket_and_numbers_follow_first_use(citations):
    out = citations.replace("First [@beta1999]. Then [@alpha2001; @beta1999].")
    numbers = re.findall(r'href="#ref-(\w+)">(\d+)<', out)
    assert numbers == [("beta1999", "1"), ("alpha2001", "2"), ("beta1999", "1")]
    assert out.count('class="citation"') == 2


def test_references_are_listed_in_citation_order_with_anchors(citations):
    citations.replace("[@beta1999] and [@alpha2001]")
    references = citations.references_markdown()
    assert references.startswith("## References")
    ids = re.findall(r'<li id="ref-(\w+)">', references)
    assert ids == ["beta1999", "alpha2001"]
    # pybtex unsrt formatting: author names, title, and brace-protected capital kept
    assert "Bob Beta" in references and "Second Thoughts" in references
    assert "On <span class=\"bibtex-protected\">F</span>irst things" in references


def test_unknown_key_names_key_and_notebook(citations):
    with pytest.raises(ExportError) as error:
        citations.replace("see [@alpha2001; @nosuchkey2020]")
    assert "nosuchkey2020" in str(error.value)
    assert "demo.ipynb" in str(error.value)


def test_nothing_cited_means_no_references_section(citations):
    citations.replace("plain text, an email [at] example, and `[@alpha2001]` in code")
    assert citations.references_markdown() == ""
