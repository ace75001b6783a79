"""Jinja filters used by the post template."""

import re


def fence(text, language=""):
    """Wrap text in a fenced code block that its own backticks cannot close."""
    text = text if text.endswith("\n") else text + "\n"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{text}{ticks}"


def latex_display(text):
    """A text/latex output (e.g. from SymPy) as a kramdown display-math block."""
    body = text.strip()
    for delimiter in ("$$", "$"):
        if body.startswith(delimiter) and body.endswith(delimiter) and len(body) > 2 * len(delimiter):
            body = body[len(delimiter):-len(delimiter)].strip()
            break
    return f"$$\n{body}\n$$"
