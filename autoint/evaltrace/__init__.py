"""Evaluation traces: record a function's evaluation, then show it as the textbook's tables and graphs.

One room for the tools around ``autoint.trace`` and ``autoint.draw``; imports
flow one way, from the leaf up:

- ``equations``: the shared types (``Literal``, ``Equation``, ``AdjointStep``);
- ``notation``: LaTeX/Unicode templates of every primitive's value and rules;
- ``render``: the tables (text, Markdown, HTML; stacked or side by side);
- ``graph``: the drawings (graphviz);
- ``recording``: the recording interpreter, ``trace`` and ``EvalTrace``, which
  reads the tables and drawings through ``render`` and ``graph``.

The renderers read a trace through ``EvalTrace``'s public read-only accessors.
"""
from .equations import AdjointStep, Equation, Literal
from .graph import Drawing
from .recording import EvalTrace, RecordTrace, RecordTracer, trace


def draw(obj, *args, values=True, tangents=None, adjoints=None, edge_labels=False, rankdir="LR", max_nodes=60,
         **kwargs):
    """The computational graph of an ``EvalTrace``, or of ``f(*args, **kwargs)`` for a function ``f``.

    ``tangents``/``adjoints``: ``None`` shows them when the trace has them
    (after ``.forward``/``.reverse``), ``False`` hides them.  ``edge_labels=True``
    labels each edge vⱼ → vᵢ with the local derivative ∂vᵢ/∂vⱼ: its formula and,
    for scalars (when ``values`` is on), its value.  A variable used twice by one
    operation (``v₋₁ · v₋₁``) has two edges, one per use.  Traces with more
    than ``max_nodes`` operations keep the first and last ones and draw the
    rest as one "… N more" node.  Returns a ``Drawing`` (``.svg()``, ``.save(path)``;
    Jupyter shows it inline); needs graphviz.

    >>> f = lambda x1, x2: anp.log(x1) + x1 * x2 - anp.sin(x2)
    >>> drawing = ai.draw(f, 2.0, 5.0)
    >>> drawing.source.count(" -> ")  # log 1, · 2, sin 1, + 2, − 2, and y 1
    9
    """
    t = obj if isinstance(obj, EvalTrace) else trace(obj)(*args, **kwargs)
    return t.draw(values=values, tangents=tangents, adjoints=adjoints, edge_labels=edge_labels, rankdir=rankdir,
                  max_nodes=max_nodes)


__all__ = ["AdjointStep", "Drawing", "Equation", "EvalTrace", "Literal", "RecordTrace", "RecordTracer", "draw",
           "trace"]
