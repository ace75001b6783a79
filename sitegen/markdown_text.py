"""Split Markdown into code and prose so rewrites never touch code.

Only fenced blocks (``` or ~~~) and inline code spans are recognised; those
are the code forms notebook authors use. Indented code blocks are not, since
in notebooks four spaces of indentation almost always mean a list item.
"""

import re

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def split_code(text):
    """Return [(is_code, chunk), ...] whose chunks concatenate back to text."""
    pieces = []
    for is_fence, block in _split_fences(text):
        if is_fence:
            pieces.append((True, block))
        else:
            pieces.extend(_split_code_spans(block))
    return [p for p in pieces if p[1]]


def map_prose(text, rewrite):
    """Apply rewrite() to the prose chunks only and reassemble the text."""
    return "".join(chunk if is_code else rewrite(chunk) for is_code, chunk in split_code(text))


def _split_fences(text):
    lines = text.splitlines(keepends=True)
    out, prose, fence, fence_lines = [], [], None, []
    for line in lines:
        if fence is None:
            match = _FENCE_OPEN.match(line)
            if match:
                fence, fence_lines = match.group(1), [line]
                out.append((False, "".join(prose)))
                prose = []
            else:
                prose.append(line)
        else:
            fence_lines.append(line)
            if _closes(line, fence):
                out.append((True, "".join(fence_lines)))
                fence, fence_lines = None, []
    if fence is not None:  # an unclosed fence runs to the end, as in CommonMark
        out.append((True, "".join(fence_lines)))
    out.append((False, "".join(prose)))
    return out


def _closes(line, fence):
    stripped = line.strip()
    return (
        stripped.startswith(fence[0] * len(fence))
        and set(stripped) == {fence[0]}
        and len(line) - len(line.lstrip(" ")) <= 3
    )


def _split_code_spans(text):
    out, pos = [], 0
    for match in re.finditer(r"`+", text):
        if match.start() < pos:
            continue
        ticks = match.group(0)
        # A span closes at the next run of exactly the same number of backticks.
        closer = re.compile(r"(?<!`)" + ticks + r"(?!`)")
        end = closer.search(text, match.end())
        if end is None:
            continue
        out.append((False, text[pos:match.start()]))
        out.append((True, text[match.start():end.end()]))
        pos = end.end()
    out.append((False, text[pos:]))
    return out
