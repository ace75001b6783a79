"""The layout of autoint.numpy and autoint.scipy: imports flow one way and primitives are found by one name.

Read from the source with ``ast`` (what a reader greps), and from the imported modules (what a user gets).
"""
import ast
import importlib
import pathlib

import autoint
from autoint.core import Primitive

PACKAGE = pathlib.Path(autoint.__file__).parent
NUMPY = PACKAGE / "numpy"
SIBLINGS = {path.stem for path in NUMPY.glob("*.py")} - {"__init__"}


def module_level_imports(path):
    """Sibling modules of ``autoint/numpy`` that ``path`` imports when it is loaded (not inside a function)."""
    found = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # imported when called, not when loaded
            if isinstance(child, ast.ImportFrom) and child.level == 1:
                if child.module:  # from .shape_ops import reshape
                    found.add(child.module.split(".")[0])
                else:  # from . import shape_ops as so
                    found.update(alias.name for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text()))
    return found & SIBLINGS


def test_util_is_a_leaf():
    source = (NUMPY / "_util.py").read_text()
    for node in ast.walk(ast.parse(source)):  # also inside functions: a leaf imports no sibling at all
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            raise AssertionError(f"_util.py imports a sibling: line {node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Primitive":
            raise AssertionError(f"_util.py makes a primitive at line {node.lineno}")


def test_the_leaf_check_sees_lazy_and_module_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from . import shape_ops as so\nfrom .reductions import sum\n"
                     "def f():\n    from .indexing import getitem_p\n")
    assert module_level_imports(probe) == {"shape_ops", "reductions"}


def find_cycle(graph):
    """A list of modules that import each other in a circle, or None."""
    state = {}

    def walk(node, path):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = walk(nxt, path + [nxt])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = walk(start, [start])
            if cycle:
                return cycle
    return None


def test_find_cycle_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_module_level_import_cycle_in_autoint_numpy():
    graph = {name: module_level_imports(NUMPY / f"{name}.py") for name in SIBLINGS}
    assert find_cycle(graph) is None, f"modules import each other in a circle: {' -> '.join(find_cycle(graph))}"
