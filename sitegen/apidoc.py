"""The API reference page, generated from autoint's code and docstrings.

`python -m sitegen api` writes api.md (permalink /autoint/api/): one entry
per public name of the documented modules, anchored by its dotted name
(``id="autoint.grad"``), with its signature and its docstring. Posts link
entries as ``[`grad`](api/#autoint.grad)``. The page is committed like the
posts and kept fresh by tests/site/test_api_reference.py.

Public names are a module's ``__all__`` or, without one, every name not
starting with an underscore. Names that autoint re-exports from NumPy
unchanged (plain-value helpers such as ``arange``, constants, dtypes) get a
short entry pointing at NumPy: their docstrings are NumPy's, not ours.
"""

import html
import importlib
import inspect
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

MODULES = ("autoint", "autoint.numpy", "autoint.numpy.linalg", "autoint.scipy.special")
PAGE = Path("api.md")
PERMALINK = "/autoint/api/"


@dataclass
class Entry:
    """One documented name."""

    dotted: str
    kind: str  # "function", "class", "method", "numpy" (re-exported from NumPy) or "constant"
    signature: str = ""
    doc: str = ""
    members: list = field(default_factory=list)

    @property
    def name(self):
        return self.dotted.rsplit(".", 1)[-1]


def public_names(module):
    """The names a user may import from module, sorted; submodules excluded."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    return sorted(n for n in names if not inspect.ismodule(getattr(module, n)))


def is_own(obj):
    """Defined by autoint: a function, a class, or an instance of an autoint class (a primitive, ``r_``).

    Not a NumPy function, type or constant re-exported unchanged.
    """
    plain_function = (inspect.isroutine(obj) or inspect.isclass(obj)) and not _is_primitive(obj)
    module = getattr(obj if plain_function else type(obj), "__module__", None) or ""
    return module.split(".")[0] == "autoint"


def entries(module_name):
    """The entries of one module, in name order."""
    module = importlib.import_module(module_name)
    found = []
    for name in public_names(module):
        obj = getattr(module, name)
        dotted = f"{module_name}.{name}"
        if not is_own(obj):
            found.append(Entry(dotted, "numpy" if callable(obj) else "constant", doc=_value_text(obj)))
        elif inspect.isclass(obj):
            members = [
                Entry(f"{dotted}.{member}", "method", _signature(value, bound=True), inspect.getdoc(value) or "")
                for member, value in sorted(vars(obj).items())
                # methods autoint defines (a NumPy type stored on a class is data, not a method)
                if not member.startswith("_") and inspect.isroutine(value) and inspect.getdoc(value)
            ]
            found.append(Entry(dotted, "class", _signature(obj), inspect.getdoc(obj) or "", members))
        else:
            signature = _signature(obj) if callable(obj) else ""
            found.append(Entry(dotted, "function", signature, inspect.getdoc(obj) or ""))
    return found


def render_page(module_names=MODULES):
    """The whole api.md text."""
    sections = {name: entries(name) for name in module_names}
    parts = [
        "---",
        "layout: page",
        "title: API reference",
        "nav_title: API",
        f"permalink: {PERMALINK}",
        "description: Every public name of autoint, autoint.numpy and autoint.scipy.special, from its docstring.",
        "render_with_liquid: false",
        "---",
        "<!-- Generated from the docstrings by `python -m sitegen api` (run by `make posts`): edit the code, not this file. -->",
        "",
        "Every public name of the package, with its signature and the docstring it carries in the code "
        "(`help(ai.grad)` shows the same text). Names under *From NumPy* are NumPy's own, re-exported "
        "so that code written for `numpy` runs unchanged: they compute on plain values and no derivative "
        "flows through them.",
        "",
        '<nav class="api-index" aria-label="Modules">',
        " · ".join(f'<a href="#{name}">{name}</a>' for name in module_names),
        "</nav>",
        "",
    ]
    for module_name, found in sections.items():
        parts += [f'<h2 id="{module_name}"><code>{module_name}</code></h2>', ""]
        # A module's docstring is not indented in its source: inspect.getdoc
        # would dedent the code examples in it into prose.
        module_doc = (importlib.import_module(module_name).__doc__ or "").strip()
        if module_doc:
            parts += [_doc_html(module_doc), ""]
        own = [e for e in found if e.kind in ("function", "class")]
        borrowed = [e for e in found if e.kind not in ("function", "class")]
        for entry in own:
            parts += [_entry_html(entry, "h3"), ""]
        if borrowed:
            parts += [_borrowed_html(module_name, borrowed), ""]
    return "\n".join(parts).rstrip() + "\n"


def write_page(root):
    """Regenerate root/api.md; returns its path."""
    path = Path(root) / PAGE
    text = render_page()
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


# -- HTML -----------------------------------------------------------------------------------------
# Entries are HTML blocks, which kramdown passes through untouched: docstrings
# hold | and $ and * that Markdown would turn into tables, math and emphasis.


def _entry_html(entry, heading):
    signature = html.escape(entry.signature)
    lines = [
        f'<section class="api-entry" id="{entry.dotted}">',
        f'<{heading}><code>{html.escape(entry.dotted)}{signature}</code></{heading}>',
        _doc_html(entry.doc) if entry.doc else '<p class="api-undocumented">Not documented yet.</p>',
    ]
    lines += [_entry_html(member, "h4") for member in entry.members]
    lines.append("</section>")
    return "\n".join(lines)


def _borrowed_html(module_name, borrowed):
    rows = "\n".join(
        f'<tr id="{e.dotted}"><th scope="row"><code>{e.name}</code></th><td>{html.escape(e.doc)}</td></tr>'
        for e in borrowed
    )
    return (
        f'<table class="api-borrowed"><caption>From NumPy, in <code>{module_name}</code></caption>\n'
        '<thead><tr><th scope="col">Name</th><th scope="col">What it is</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody></table>"
    )


def _doc_html(doc):
    """A docstring as HTML: paragraphs, bullet lists, and code blocks for doctests and indented text."""
    blocks = []
    for block in re.split(r"\n\s*\n", doc.strip("\n")):
        lines = block.splitlines()
        if lines[0].lstrip().startswith(">>>") or all(l.startswith("    ") for l in lines if l.strip()):
            code = textwrap.dedent(block)
            blocks.append(f'<pre class="api-code"><code>{html.escape(code)}</code></pre>')
        elif all(re.match(r"\s*[-*] ", l) or l.startswith("  ") for l in lines) and re.match(r"[-*] ", lines[0]):
            items = re.split(r"\n(?=[-*] )", block)
            blocks.append("<ul>" + "".join(f"<li>{_inline(i[2:])}</li>" for i in items) + "</ul>")
        else:
            blocks.append(f"<p>{_inline(block)}</p>")
    return "\n".join(blocks)


def _inline(text):
    """Escape text; ``code`` and `code` become <code>."""
    escaped = html.escape(" ".join(line.strip() for line in text.splitlines()), quote=False)
    return re.sub(r"``(.+?)``|`([^`]+?)`", lambda m: f"<code>{m.group(1) or m.group(2)}</code>", escaped)


# -- signatures -----------------------------------------------------------------------------------


def _is_primitive(obj):
    return type(obj).__name__ == "Primitive" and hasattr(obj, "impl")


def _signature(obj, bound=False):
    """``(x1, x2)``-style text; primitives show the arguments of their NumPy implementation.

    bound: obj is a method read from its class, shown without ``self``.
    """
    # inspect.unwrap: a fast-path impl stands for the reference it wraps
    target = inspect.unwrap(obj.impl if _is_primitive(obj) else obj)
    inputs = getattr(target, "nin", None)  # a NumPy ufunc has no Python signature
    if inputs is not None:
        return "(x)" if inputs == 1 else "(" + ", ".join(f"x{i + 1}" for i in range(inputs)) + ")"
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return "(*args)"
    if bound and signature.parameters:
        signature = signature.replace(parameters=list(signature.parameters.values())[1:])
    return str(signature)


def _value_text(obj):
    if callable(obj):
        owner = getattr(obj, "__module__", None) or "numpy"
        kind = "type" if inspect.isclass(obj) else "function"
        return f"NumPy's {kind} {owner.split('.')[0]}.{getattr(obj, '__name__', '')}, computing on plain values."
    if obj is None or isinstance(obj, (int, float, str)):
        return f"The constant {obj!r}, as in NumPy."
    return f"NumPy's {type(obj).__name__}, as in NumPy."
