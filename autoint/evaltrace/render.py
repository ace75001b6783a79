"""Render an ``EvalTrace`` as the tables of Baydin et al. (2018): text, Markdown, HTML.

Each table is built once as rows in a ``Style`` (LaTeX or Unicode), then laid
out for its medium.  A row reads ``left = right = value``, e.g.
``v_1 = \\ln v_{-1} = 0.693``, or with the values substituted
``v_1 = \\ln v_{-1} = \\ln 2 = 0.693``.  Two layouts:

- ``"stacked"``: one table per trace (primal, then tangent, then adjoint);
- ``"side-by-side"``: Baydin's Tables 2 and 3, one table with the primal trace
  on the left and the tangent and/or adjoint trace on the right, row by row,
  so that each primal value is shown once.

Long tables keep their first and last rows and say how many were left out ("… N more").
"""
import html
import re
from typing import NamedTuple

import numpy as np

from ..core import concrete
from .equations import Literal, differentiable_args
from .notation import Style, rule_template, value_template

PRIMAL, TANGENT, ADJOINT = "Forward primal trace", "Forward tangent trace", "Reverse adjoint trace"
LAYOUTS = ("stacked", "side-by-side")


# -- names ----------------------------------------------------------------------------------------


def io_name(style, letter, k, count, mark=""):
    """``x`` or ``x_1, x_2 …`` (likewise ``y``): numbered only when there are several."""
    return style.name(letter, k + 1 if count > 1 else None, mark)


def atom_text(style, atom, mark=""):
    """A variable's name (with its accent), or a constant: its value, or 0 as a tangent or adjoint."""
    if isinstance(atom, Literal):
        return style.literal(atom.value) if not mark else "0"
    return style.name("v", atom, mark)


def fill_equation(style, eqn, template, incoming=None):
    """``template`` (a value or rule template) with the equation's names, parameters and shapes."""
    args = [atom_text(style, a) for a in eqn.args]
    shapes = [getattr(v, "shape", ()) for v in eqn.values]
    return style.fill(template, args, style.name("v", eqn.out), incoming, eqn.params, shapes)


def partial_template(eqn, k):
    """The local derivative ∂v_out/∂(argument k) as a template: the forward rule's term with tangent 1.

    ``#g · v₀`` becomes ``v₀``, ``-#g · sin v₀`` becomes ``-sin v₀``, ``#g / v₀`` becomes ``1 / v₀``.
    """
    template = rule_template(eqn, "jvp", k)
    template = re.sub(r"^(-?)#g \\cdot ", r"\1", template)
    template = re.sub(r" \\cdot #g$", "", template)
    return template.replace("#g", "1")


def _join(terms):
    """Sum of terms, written ``a - b`` rather than ``a + -b``."""
    out = terms[0]
    for t in terms[1:]:
        out += f" - {t[1:]}" if t.startswith("-") else f" + {t}"
    return out


# -- rows ------------------------------------------------------------------------------------------


class Row(NamedTuple):
    """``left = right [= substituted] = value``; ``substituted`` is None when there is nothing to substitute."""

    left: str
    right: str
    substituted: object
    value: str


def _scalar(x):
    return np.ndim(concrete(x)) == 0


def substitute(style, eqn, template, incoming=None):
    """``template`` with the equation's argument values in place of their names: ``\\ln 2``.

    None unless every value involved is a scalar (an array would show only its shape).
    """
    if not all(_scalar(v) for v in eqn.values) or not _scalar(eqn.value):
        return None
    if incoming is not None and not _scalar(incoming):
        return None
    args = [style.literal(v) for v in eqn.values]
    shapes = [()] * len(args)
    g = None if incoming is None else style.literal(incoming)
    return style.fill(template, args, style.literal(eqn.value), g, eqn.params, shapes)


def primal_rows(trace, style):
    n, m = len(trace.in_vars), len(trace.out_atoms)
    rows = [
        Row(style.name("v", v), io_name(style, "x", k, n), None, style.value(trace.atom_value(v)))
        for k, v in enumerate(trace.in_vars)
    ]
    for eqn in trace.equations:
        template = value_template(eqn)
        rows.append(Row(style.name("v", eqn.out), fill_equation(style, eqn, template), substitute(style, eqn, template),
                        style.value(eqn.value)))
    for k, atom in enumerate(trace.out_atoms):
        rows.append(Row(io_name(style, "y", k, m), atom_text(style, atom), None, style.value(trace.atom_value(atom))))
    return rows


def tangent_rows(trace, style):
    n, m = len(trace.in_vars), len(trace.out_atoms)
    rows = [
        Row(style.name("v", v, "dot"), io_name(style, "x", k, n, "dot"), None, style.value(trace.var_tangent(v)))
        for k, v in enumerate(trace.in_vars)
    ]
    for eqn in trace.equations:
        terms, values = [], []
        for k in differentiable_args(eqn, "jvp"):
            template = rule_template(eqn, "jvp", k)
            terms.append(fill_equation(style, eqn, template, style.name("v", eqn.args[k], "dot")))
            values.append(substitute(style, eqn, template, trace.var_tangent(eqn.args[k])))
        sub = _join(values) if values and None not in values else None
        rows.append(Row(style.name("v", eqn.out, "dot"), _join(terms) if terms else "0", sub,
                        style.value(trace.var_tangent(eqn.out))))
    for k, atom in enumerate(trace.out_atoms):
        rows.append(Row(io_name(style, "y", k, m, "dot"), atom_text(style, atom, "dot"), None,
                        style.value(trace.atom_tangent(atom))))
    return rows


def adjoint_rows(trace, style):
    n, m = len(trace.in_vars), len(trace.out_atoms)
    rows = []
    for step in trace.adjoint_steps:
        target = style.name("v", step.target, "bar")
        sub = None
        if step.arg < 0:  # a seed: the output's cotangent
            term = io_name(style, "y", step.source, m, "bar")
        else:
            eqn = step.source
            template = rule_template(eqn, "vjp", step.arg)
            term = fill_equation(style, eqn, template, style.name("v", eqn.out, "bar"))
            sub = substitute(style, eqn, template, trace.var_adjoint(eqn.out))
            if sub is not None and step.accumulated:
                sub = _join([style.value(step.previous), sub]) if _scalar(step.previous) else None
        right = _join([target, term]) if step.accumulated else term
        rows.append(Row(target, right, sub, style.value(step.total)))
    for k, v in enumerate(trace.in_vars):
        source = style.name("v", v, "bar") if trace.has_adjoint(v) else "0"
        rows.append(Row(io_name(style, "x", k, n, "bar"), source, None, style.value(trace.var_adjoint(v))))
    return rows


def sections(trace, style):
    """``[(title, rows)]``: the primal trace, then tangents and adjoints when computed."""
    out = [(PRIMAL, primal_rows(trace, style))]
    if trace.has_tangents:
        out.append((TANGENT, tangent_rows(trace, style)))
    if trace.has_adjoints:
        out.append((ADJOINT, adjoint_rows(trace, style)))
    return out


def truncate(rows, max_rows):
    """At most ``max_rows`` rows: the first ones, a count of the rest, the last few."""
    if max_rows is None or len(rows) <= max_rows:
        return rows, None, []
    tail = max(1, max_rows // 4)
    head = max(1, max_rows - tail)
    return rows[:head], len(rows) - head - tail, rows[len(rows) - tail:]


def cells(row, substituted, prefix="= "):
    """A row's cells: ``[left, = right, (= substituted), = value]``; a missing row gives empty cells."""
    if row is None:
        return [""] * (4 if substituted else 3)
    out = [row.left, prefix + row.right]
    if substituted:  # nothing to show when it only repeats the value (v̄₄ = v̄₅ = 1)
        same = row.substituted is None or row.substituted == row.value
        out.append("" if same else prefix + row.substituted)
    out.append(prefix + row.value)
    return out


def side_by_side(tables):
    """Rows of several tables paired by position (``None`` where a table is shorter)."""
    longest = max(len(rows) for _, rows in tables)
    return [tuple(rows[i] if i < len(rows) else None for _, rows in tables) for i in range(longest)]


def check_layout(layout):
    if layout not in LAYOUTS:
        raise ValueError(f"autoint: unknown trace layout {layout!r}; use one of {', '.join(map(repr, LAYOUTS))}.")


# -- media -----------------------------------------------------------------------------------------


def _width(text):
    """Columns a string takes in a terminal: combining accents (v̇, v̄) take none."""
    return sum(1 for c in text if not 0x0300 <= ord(c) <= 0x036F)


def _pad(text, width):
    return text + " " * (width - _width(text))


def _text_block(rows, substituted):
    """Aligned lines for rows (None gives a blank line), columns padded to their widest cell."""
    table = [cells(r, substituted) if r is not None else None for r in rows]
    filled = [t for t in table if t is not None]
    ncols = 4 if substituted else 3
    widths = [max([_width(c[i]) for c in filled] + [0]) for i in range(ncols)]
    widths[1] = max(widths[1], 14)
    lines = []
    for t in table:
        if t is None:
            lines.append("")
            continue
        lines.append(" ".join(_pad(c, w) for c, w in zip(t, widths)).rstrip())
    return lines


def to_text(trace, max_rows=30, layout="stacked", substituted=False):
    check_layout(layout)
    tables = sections(trace, Style("text"))
    if layout == "stacked":
        lines = []
        for title, rows in tables:
            head, hidden, tail = truncate(rows, max_rows)
            block = _text_block(head + tail, substituted)
            lines.append(title)
            lines += ["    " + line for line in block[:len(head)]]
            if hidden:
                lines.append(f"    … {hidden} more")
            lines += ["    " + line for line in block[len(head):]]
        return "\n".join(lines)
    head, hidden, tail = truncate(side_by_side(tables), max_rows)
    shown = head + tail
    blocks = [_text_block([r[j] for r in shown], substituted) for j in range(len(tables))]
    blocks[0] = [("    " + line) if line else "" for line in blocks[0]]
    widths = [max([_width(line) for line in block] + [_width(title)]) for block, (title, _) in zip(blocks, tables)]
    joined = lambda parts: " │ ".join(_pad(p, w) for p, w in zip(parts, widths)).rstrip()  # noqa: E731
    lines = [joined([title for title, _ in tables])]
    for i in range(len(shown)):
        if i == len(head) and hidden:
            lines.append(f"    … {hidden} more")
        lines.append(joined([block[i] for block in blocks]))
    return "\n".join(lines)


def _md_row(cells):
    return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"


def to_markdown(trace, max_rows=30, math="$", layout="stacked", substituted=False):
    check_layout(layout)
    tables = sections(trace, Style("latex"))
    ncols = 4 if substituted else 3

    def md_cells(row):
        return [f"{math}{c}{math}" if c else "" for c in cells(row, substituted)]

    def table(titles, rows_of_groups):
        head, hidden, tail = truncate(rows_of_groups, max_rows)
        if len(titles) == 1:  # stacked: the title goes above, each column gets a header cell
            header = list(_column_names(substituted))
        else:  # side by side: each title heads its group of columns
            header = []
            for title in titles:
                header += [title] + [""] * (ncols - 1)
        lines = [_md_row(header), "|" + "|".join([":--"] * len(header)) + "|"]
        body = [sum((md_cells(r) for r in group), []) for group in head]
        if hidden:
            body.append([f"… {hidden} more"] + [""] * (len(header) - 1))
        body += [sum((md_cells(r) for r in group), []) for group in tail]
        lines += [_md_row(c) for c in body]
        return "\n".join(lines)

    if layout == "stacked":
        return "\n\n".join(f"**{title}**\n\n" + table([title], [(r,) for r in rows]) for title, rows in tables) + "\n"
    return table([title for title, _ in tables], side_by_side(tables)) + "\n"


def _column_names(substituted):
    return ("Variable", "Definition", "Substituted", "Value") if substituted else ("Variable", "Definition", "Value")


def to_html(trace, max_rows=30, layout="stacked", substituted=False):
    check_layout(layout)
    tables = sections(trace, Style("latex"))
    ncols = 4 if substituted else 3

    def td(tex):
        return f"<td>\\({html.escape(tex)}\\)</td>" if tex else "<td></td>"

    def table(titles, rows_of_groups):
        head, hidden, tail = truncate(rows_of_groups, max_rows)
        row = lambda group: "<tr>" + "".join(td(c) for r in group for c in cells(r, substituted)) + "</tr>"  # noqa: E731
        body = [row(group) for group in head]
        if hidden:
            body.append(f'<tr><td colspan="{ncols * len(titles)}">… {hidden} more</td></tr>')
        body += [row(group) for group in tail]
        if len(titles) == 1:  # stacked: the title is the caption, each column gets a header cell
            header = "".join(f'<th scope="col">{name}</th>' for name in _column_names(substituted))
        else:  # side by side: each title heads its group of columns
            header = "".join(
                f'<th colspan="{ncols}" scope="colgroup" style="text-align:left">{title}</th>' for title in titles
            )
        return (
            '<table class="autoint-evaltrace">'
            f"<caption>{', '.join(titles)}</caption>"
            f"<thead><tr>{header}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )

    if layout == "stacked":
        return "\n".join(table([title], [(r,) for r in rows]) for title, rows in tables)
    return table([title for title, _ in tables], side_by_side(tables))
