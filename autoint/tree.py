"""Pytrees: nested tuples, lists and dicts whose leaves are arrays or numbers.

Transformations flatten their arguments to a list of leaves, work on the
leaves, and rebuild results in the caller's structure, so a gradient with
respect to a dict of parameters is a dict with the same keys.
"""
from __future__ import annotations


class TreeDef:
    """The structure of a pytree with its leaves taken out."""

    __slots__ = ("kind", "meta", "children")

    def __init__(self, kind, meta=None, children=()):
        self.kind = kind  # "leaf", "none", tuple, list or dict
        self.meta = meta  # sorted keys of a dict
        self.children = children

    def __eq__(self, other):
        return (
            isinstance(other, TreeDef)
            and self.kind == other.kind
            and self.meta == other.meta
            and self.children == other.children
        )

    def __hash__(self):
        return hash((str(self.kind), self.meta, self.children))

    @property
    def num_leaves(self):
        if self.kind == "leaf":
            return 1
        return sum(c.num_leaves for c in self.children)

    def __repr__(self):
        if self.kind == "leaf":
            return "*"
        if self.kind == "none":
            return "None"
        if self.kind is dict:
            inner = ", ".join(f"{k!r}: {c!r}" for k, c in zip(self.meta, self.children))
            return "{" + inner + "}"
        inner = ", ".join(repr(c) for c in self.children)
        return f"({inner},)" if self.kind is tuple else f"[{inner}]"


_LEAF = TreeDef("leaf")
_NONE = TreeDef("none")


def tree_flatten(tree):
    """Return ``(leaves, treedef)``; tuples, lists and dicts are nodes, ``None`` is an empty node.

    >>> leaves, treedef = ai.tree_flatten({"a": 1.0, "b": (2.0, None)})
    >>> leaves, ai.tree_unflatten(treedef, [10, 20])
    ([1.0, 2.0], {'a': 10, 'b': (20, None)})
    """
    leaves = []
    return leaves, _flatten(tree, leaves)


def _flatten(tree, leaves):
    kind = type(tree)
    if kind is tuple or kind is list:
        return TreeDef(kind, None, tuple(_flatten(c, leaves) for c in tree))
    if kind is dict:
        keys = tuple(sorted(tree))
        return TreeDef(dict, keys, tuple(_flatten(tree[k], leaves) for k in keys))
    if tree is None:
        return _NONE
    leaves.append(tree)
    return _LEAF


def tree_unflatten(treedef, leaves):
    """Rebuild a pytree of structure ``treedef`` from an iterable of leaves.

    >>> leaves, treedef = ai.tree_flatten((1.0, [2.0, 3.0]))
    >>> ai.tree_unflatten(treedef, [2 * leaf for leaf in leaves])
    (2.0, [4.0, 6.0])
    """
    return _unflatten(treedef, iter(leaves))


def _unflatten(td, it):
    if td.kind == "leaf":
        return next(it)
    if td.kind == "none":
        return None
    children = [_unflatten(c, it) for c in td.children]
    if td.kind is dict:
        return dict(zip(td.meta, children))
    return td.kind(children)


def tree_map(f, tree, *rest):
    """Apply ``f`` leafwise to one or more pytrees of the same structure.

    >>> params = {"w": 2.0, "b": 1.0}
    >>> grads = ai.grad(lambda p: 3.0 * p["w"] + p["b"])(params)
    >>> ai.tree_map(lambda p, g: float(p - 0.5 * g), params, grads)  # one gradient step
    {'b': 0.5, 'w': 0.5}
    """
    leaves, td = tree_flatten(tree)
    others = []
    for r in rest:
        r_leaves, r_td = tree_flatten(r)
        if r_td != td:
            raise ValueError(f"autoint: pytree structures differ: {td} vs {r_td}")
        others.append(r_leaves)
    return tree_unflatten(td, [f(*xs) for xs in zip(leaves, *others)])


def tree_leaves(tree):
    """The leaves of a pytree in flattening order (dict keys sorted), as ``tree_flatten(tree)[0]``; ``None`` is no leaf.

    >>> ai.tree_leaves({"b": (1, 2), "a": [3, None]})
    [3, 1, 2]
    """
    return tree_flatten(tree)[0]
