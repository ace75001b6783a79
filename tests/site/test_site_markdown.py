"""Math delimiters are rewritten for kramdown; code is never touched."""

import pytest

from sitegen.markdown_text import split_code
from sitegen.mathrewrite import has_math, rewrite_math


@pytest.mark.parametrize(
    "source, expected",
    [
        ("the value $x$ here", "the value $$x$$ here"),
        ("$a$ and $b^2$", "$$a$$ and $$b^2$$"),
        ("sum $\\sum_{i} x_i$.", "sum $$\\sum_{i} x_i$$."),
        ("escaped \\$5 stays", "escaped \\$5 stays"),
        ("prices $5 and $6 stay", "prices $5 and $6 stay"),
        ("no space after: $ x$", "no space after: $ x$"),
        ("a dollar sign $ alone", "a dollar sign $ alone"),
        ("already $$x$$ inline", "already $$x$$ inline"),
        ("$x$,", "$$x$$,"),
    ],
)
def test_inline_math_is_doubled_and_non_math_dollars_are_kept(source, expected):
    assert rewrite_math(source) == expected


def test_display_math_block_is_kept_as_it_is():
    source = "Text\n\n$$\n\\frac{a}{b} = $c$\n$$\n\nMore $y$."
    assert rewrite_math(source) == "Text\n\n$$\n\\frac{a}{b} = $c$\n$$\n\nMore $$y$$."


def test_inline_math_does_not_cross_a_blank_line():
    source = "costs $x\n\nand y$ here"
    assert rewrite_math(source) == source


def test_code_spans_and_fences_are_left_alone():
    source = (
        "Use `f\"$x$\"` or ``a `$b$` c`` and $z$.\n"
        "```python\nlabel = \"$h$\"\n```\n"
        "~~~~\n$q$\n~~~~\n"
        "after $w$"
    )
    expected = source.replace("and $z$", "and $$z$$").replace("after $w$", "after $$w$$")
    assert rewrite_math(source) == expected


def test_an_unclosed_fence_protects_the_rest_of_the_cell():
    source = "```\n$x$ in code\n"
    assert rewrite_math(source) == source


def test_split_code_reassembles_the_text_exactly():
    source = "a `b` c\n```\nd\n```\ne ``f`` g `unclosed"
    pieces = split_code(source)
    assert "".join(chunk for _, chunk in pieces) == source
    assert [chunk for is_code, chunk in pieces if is_code] == ["`b`", "```\nd\n```\n", "``f``"]


def test_has_math_ignores_dollars_in_code():
    assert has_math("an $x$")
    assert not has_math("code `$x$` only")
    assert not has_math("escaped \\$ only")
