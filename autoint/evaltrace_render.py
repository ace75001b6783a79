"""Render an ``EvalTrace`` as the tables of Baydin et al. (2018): text, Markdown, HTML.

Each table is built once as rows ``(left, right, value)`` in a ``Style``
(LaTeX or Unicode), then laid out for its medium.  A row reads
``left = right = value``, e.g. ``v_1 = \\ln v_{-1} = 0.693``.  Long tables keep
their first and last rows and say how many were left out ("… N more").
"""
import html

from .evaltrace import Literal, differentiable_args
from .notation import Style, rule_template, value_template

PRIMAL, TANGENT, ADJOINT = "Forward primal trace", "Forward tangent trace", "Reverse adjoint trace"
COLUMNS = ("Variable", "Definition", "Value")  # the header of every table; its title is the caption


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


def _join(terms):
    """Sum of terms, written ``a - b`` rather than ``a + -b``."""
    out = terms[0]
    for t in terms[1:]:
        out += f" - {t[1:]}" if t.startswith("-") else f" + {t}"
    return out


# -- rows ------------------------------------------------------------------------------------------


def primal_rows(trace, style):
    n, m = len(trace.in_vars), len(trace.out_atoms)
    rows = [
        (style.name("v", v), io_name(style, "x", k, n), style.value(trace.atom_value(v)))
        for k, v in enumerate(trace.in_vars)
    ]
    for eqn in trace.equations:
        expr = fill_equation(style, eqn, value_template(eqn))
        rows.append((style.name("v", eqn.out), expr, style.value(eqn.value)))
    for k, atom in enumerate(trace.out_atoms):
        rows.append((io_name(style, "y", k, m), atom_text(style, atom), style.value(trace.atom_value(atom))))
    return rows


def tangent_rows(trace, style):
    n, m = len(trace.in_vars), len(trace.out_atoms)
    tangents = trace._tangents
    rows = [
        (style.name("v", v, "dot"), io_name(style, "x", k, n, "dot"), style.value(tangents[v]))
        for k, v in enumerate(trace.in_vars)
    ]
    for eqn in trace.equations:
        terms = [
            fill_equation(style, eqn, rule_template(eqn, "jvp", k), style.name("v", eqn.args[k], "dot"))
            for k in differentiable_args(eqn, "jvp")
        ]
        rows.append((style.name("v", eqn.out, "dot"), _join(terms) if terms else "0", style.value(tangents[eqn.out])))
    for k, atom in enumerate(trace.out_atoms):
        rows.append(
            (io_name(style, "y", k, m, "dot"), atom_text(style, atom, "dot"), style.value(trace.atom_tangent(atom)))
        )
    return rows


def adjoint_rows(trace, style):
    n, m = len(trace.in_vars), len(trace.out_atoms)
    rows = []
    for step in trace._steps:
        target = style.name("v", step.target, "bar")
        if step.arg < 0:  # a seed: the output's cotangent
            term = io_name(style, "y", step.source, m, "bar")
        else:
            eqn = step.source
            term = fill_equation(style, eqn, rule_template(eqn, "vjp", step.arg), style.name("v", eqn.out, "bar"))
        right = _join([target, term]) if step.accumulated else term
        rows.append((target, right, style.value(step.total)))
    for k, v in enumerate(trace.in_vars):
        source = style.name("v", v, "bar") if v in trace._adjoints else "0"
        rows.append((io_name(style, "x", k, n, "bar"), source, style.value(trace.var_adjoint(v))))
    return rows


def sections(trace, style):
    """``[(title, rows)]``: the primal trace, then tangents and adjoints when computed."""
    out = [(PRIMAL, primal_rows(trace, style))]
    if trace._tangents is not None:
        out.append((TANGENT, tangent_rows(trace, style)))
    if trace._adjoints is not None:
        out.append((ADJOINT, adjoint_rows(trace, style)))
    return out


def truncate(rows, max_rows):
    """At most ``max_rows`` rows: the first ones, a count of the rest, the last few."""
    if max_rows is None or len(rows) <= max_rows:
        return rows, None, []
    tail = max(1, max_rows // 4)
    head = max(1, max_rows - tail)
    return rows[:head], len(rows) - head - tail, rows[len(rows) - tail:]


# -- media -----------------------------------------------------------------------------------------


def _width(text):
    """Columns a string takes in a terminal: combining accents (v̇, v̄) take none."""
    return sum(1 for c in text if not 0x0300 <= ord(c) <= 0x036F)


def _pad(text, width):
    return text + " " * (width - _width(text))


def to_text(trace, max_rows=30):
    lines = []
    for title, rows in sections(trace, Style("text")):
        head, hidden, tail = truncate(rows, max_rows)
        shown = head + tail
        w_left = max(_width(r[0]) for r in shown)
        w_right = max(max(_width(r[1]) for r in shown), 12)
        lines.append(title)
        for left, right, value in head:
            lines.append(f"    {_pad(left, w_left)} = {_pad(right, w_right)} = {value}")
        if hidden:
            lines.append(f"    … {hidden} more")
        for left, right, value in tail:
            lines.append(f"    {_pad(left, w_left)} = {_pad(right, w_right)} = {value}")
    return "\n".join(lines)


def to_markdown(trace, max_rows=30, math="$"):
    tables = []
    for title, rows in sections(trace, Style("latex")):
        head, hidden, tail = truncate(rows, max_rows)
        lines = [f"**{title}**", "", "| " + " | ".join(COLUMNS) + " |", "|:--|:--|:--|"]
        cells = [(f"{math}{left}{math}", f"{math}= {right}{math}", f"{math}= {value}{math}") for left, right, value in head]
        if hidden:
            cells.append((f"… {hidden} more", "", ""))
        cells += [(f"{math}{left}{math}", f"{math}= {right}{math}", f"{math}= {value}{math}") for left, right, value in tail]
        lines += ["| " + " | ".join(c) + " |" for c in cells]
        tables.append("\n".join(lines))
    return "\n\n".join(tables) + "\n"


def to_html(trace, max_rows=30):
    def cell(tex):
        return f"<td>\\({html.escape(tex)}\\)</td>"

    parts = []
    for title, rows in sections(trace, Style("latex")):
        head, hidden, tail = truncate(rows, max_rows)
        body = [f"<tr>{cell(left)}{cell('= ' + right)}{cell('= ' + value)}</tr>" for left, right, value in head]
        if hidden:
            body.append(f'<tr><td colspan="3">… {hidden} more</td></tr>')
        body += [f"<tr>{cell(left)}{cell('= ' + right)}{cell('= ' + value)}</tr>" for left, right, value in tail]
        header = "".join(f'<th scope="col">{name}</th>' for name in COLUMNS)
        parts.append(
            f'<table class="autoint-evaltrace"><caption style="text-align:left">{title}</caption>'
            f"<thead><tr>{header}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )
    return "\n".join(parts)
