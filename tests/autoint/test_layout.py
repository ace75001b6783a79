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


def primitive_modules():
    for root in ("numpy", "scipy"):
        for path in sorted((PACKAGE / root).glob("*.py")):
            name = f"autoint.{root}" if path.stem == "__init__" else f"autoint.{root}.{path.stem}"
            yield importlib.import_module(name), path


def defined_names(path):
    """Names a module binds itself (assignments, functions), as opposed to names it imports."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            for leaf in ast.walk(target) if target is not None else ():
                if isinstance(leaf, ast.Name):
                    names.add(leaf.id)
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def test_every_primitive_is_bound_to_a_name_ending_in_p():
    checked, missing = 0, []
    for module, path in primitive_modules():
        own = defined_names(path)
        p_bound = {id(v) for k, v in vars(module).items() if k.endswith("_p") and isinstance(v, Primitive)}
        for name, value in vars(module).items():
            if isinstance(value, Primitive) and name in own:
                checked += 1
                if id(value) not in p_bound:
                    missing.append(f"{module.__name__}.{name} (primitive {value.name!r})")
    assert checked > 60  # the check saw the elementwise, linear-algebra and special-function primitives
    assert not missing, "primitives without a <name>_p variable: " + ", ".join(missing)


def test_public_primitives_are_the_primitive_itself():
    import autoint.numpy as anp
    from autoint.numpy import elementwise as ew
    from autoint.scipy import special

    assert anp.sin is ew.sin_p and anp.add is ew.add_p
    assert special.erf is special.erf_p


def test_special_lists_every_public_function_and_no_p_name():
    import inspect

    from autoint.scipy import special

    public = {n for n, v in vars(special).items()
              if not n.startswith("_") and not n.endswith("_p") and not inspect.ismodule(v)}
    assert set(special.__all__) == public
    assert {"erf", "logsumexp", "polygamma"} <= public
