"""Rewrite notebook math into the delimiters kramdown understands.

Jupyter writes inline math as $x$ and display math as $$x$$. kramdown only
knows $$…$$ (inline when inside a paragraph, display when it stands alone),
and would print a single $ literally. Code spans and fenced code are left as
they are, and so is already-doubled math.
"""

from sitegen.markdown_text import map_prose


def rewrite_math(markdown):
    """Return markdown with every inline $…$ turned into $$…$$."""
    return map_prose(markdown, _rewrite_prose)


def has_math(markdown):
    """True when the markdown contains math in its prose."""
    found = []
    map_prose(markdown, lambda prose: found.append("$" in prose.replace("\\$", "")) or prose)
    return any(found)


def _rewrite_prose(text):
    out, i, n = [], 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n:
            out.append(text[i:i + 2])  # keep escapes such as \$ untouched
            i += 2
        elif text.startswith("$$", i):
            end = text.find("$$", i + 2)
            end = n if end == -1 else end + 2
            out.append(text[i:end])
            i = end
        elif char == "$":
            end = _inline_end(text, i)
            if end is None:
                out.append(char)
                i += 1
            else:
                out.append("$$" + text[i + 1:end] + "$$")
                i = end + 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _inline_end(text, start):
    """Index of the $ closing an inline formula opened at start, or None.

    Follows pandoc's tex_math_dollars rule so that prices ("$5 and $6") stay
    text: no space after the opening $, none before the closing $, no digit
    right after it, and the formula does not cross a blank line.
    """
    if start + 1 >= len(text) or text[start + 1].isspace():
        return None
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if text.startswith("\n\n", i) or text.startswith("\n\r\n", i):
            return None
        if char == "$":
            closes = not text[i - 1].isspace()
            followed_by_digit = i + 1 < len(text) and text[i + 1].isdigit()
            return i if closes and not followed_by_digit else None
        i += 1
    return None
