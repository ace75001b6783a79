"""Citations: [@key] and [@a; @b] become numbered links to a References list.

Numbers follow the order of first citation, matching pybtex's unsrt style, and
the entries are formatted by pybtex from the site's BibTeX file.
"""

import html
import re

from pybtex.database import parse_file
from pybtex.plugin import find_plugin

from sitegen.errors import ExportError
from sitegen.markdown_text import map_prose

_KEY = r"@[A-Za-z0-9_:.\-]+"
CITATION = re.compile(r"\[(" + _KEY + r"(?:\s*;\s*" + _KEY + r")*)\]")


class Citations:
    """Collects the keys a notebook cites and numbers them as they appear."""

    def __init__(self, bib_path, notebook_name):
        self.bib_path = bib_path
        self.notebook_name = notebook_name
        self.bibliography = parse_file(str(bib_path), bib_format="bibtex")
        self.order = []

    def replace(self, markdown):
        """Return markdown with its citations turned into numbered links."""
        return map_prose(markdown, lambda prose: CITATION.sub(self._link, prose))

    def references_markdown(self):
        """The References section for the end of the post ('' if nothing cited)."""
        if not self.order:
            return ""
        style = find_plugin("pybtex.style.formatting", "unsrt")()
        backend = find_plugin("pybtex.backends", "html")()
        formatted = style.format_bibliography(self.bibliography, citations=self.order)
        items = "\n".join(
            f'<li id="ref-{entry.key}">{entry.text.render(backend)}</li>' for entry in formatted
        )
        return f'## References\n\n<ol class="references">\n{items}\n</ol>\n'

    def _link(self, match):
        keys = [k.strip()[1:] for k in match.group(1).split(";")]
        links = ", ".join(self._number_link(key) for key in keys)
        return f'<span class="citation">[{links}]</span>'

    def _number_link(self, key):
        if key not in self.bibliography.entries:
            raise ExportError(
                f"{self.notebook_name}: unknown citation key '{key}' "
                f"(not in {self.bib_path.name})"
            )
        if key not in self.order:
            self.order.append(key)
        number = self.order.index(key) + 1
        return f'<a href="#ref-{html.escape(key)}">{number}</a>'
