"""The API reference: complete, fresh, documented, and its examples run."""

import doctest
import importlib
import inspect
import types
from pathlib import Path

import numpy as np
import pytest

import autoint
import autoint.numpy
import autoint.scipy.special
from sitegen import apidoc

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "api.md"
# The modules the reference must cover, named here rather than read from sitegen.
REQUIRED = ("autoint", "autoint.numpy", "autoint.numpy.linalg", "autoint.scipy.special")

# Names that have no docstring yet: none. The mechanism stays so that a new
# public name without a docstring fails.
UNDOCUMENTED = set()

# What docstring examples may assume, as autoint's module docstring says: the
# names a reader has after these imports, and nothing of the defining module
# (whose globals shadow builtins such as sum, max and round).
EXAMPLE_GLOBALS = {"np": np, "ai": autoint, "anp": autoint.numpy, "special": autoint.scipy.special}

# The transformations every reader meets first: each must show an example.
MUST_HAVE_EXAMPLES = tuple(f"autoint.{name}" for name in (
    "grad value_and_grad jvp vjp jacfwd jacrev hessian vmap checkpoint linearize linear_transpose custom_jvp "
    "custom_vjp stop_gradient check_grads tree_map trace draw Primitive").split())


def user_names(module_name):
    """What `from module import *` or tab completion offers a user: __all__, else non-underscore names."""
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    return [(f"{module_name}.{n}", getattr(module, n)) for n in names if not inspect.ismodule(getattr(module, n))]


def own_objects():
    """Public names whose object autoint defines (not NumPy's functions, types or constants)."""
    return [(dotted, obj) for module in REQUIRED for dotted, obj in user_names(module) if apidoc.is_own(obj)]


def test_committed_page_matches_the_code():
    assert PAGE.is_file(), "api.md is missing: run `make posts` (or `python -m sitegen api`)"
    assert PAGE.read_text() == apidoc.render_page(), "api.md is stale: run `make posts` (or `python -m sitegen api`)"


@pytest.mark.parametrize("module", REQUIRED)
def test_every_public_name_has_an_entry(module):
    text = PAGE.read_text()
    missing = [dotted for dotted, _ in user_names(module) if f'id="{dotted}"' not in text]
    assert missing == [], f"no API entry for {missing}: run `make posts`"


def test_every_public_name_autoint_defines_has_a_docstring():
    undocumented = {dotted for dotted, obj in own_objects() if not (inspect.getdoc(obj) or "").strip()}
    new = sorted(undocumented - UNDOCUMENTED)
    assert new == [], f"public names without a docstring: {new} (say what it computes and its derivative)"
    documented_now = sorted(UNDOCUMENTED - undocumented)
    assert documented_now == [], f"{documented_now} have docstrings now: remove them from UNDOCUMENTED"


def _examples(dotted, obj):
    """The doctests in obj's docstring and, for a class, in its public methods' that autoint defines.

    No recursion into other attributes: a class may hold NumPy objects whose examples are not ours.
    """
    finder = doctest.DocTestFinder(recurse=False)
    targets = [(dotted, obj)]
    if inspect.isclass(obj):
        targets += [
            (f"{dotted}.{n}", v) for n, v in sorted(vars(obj).items())
            if not n.startswith("_") and callable(v) and (getattr(v, "__module__", "") or "").startswith("autoint")
        ]
    return [t for name, o in targets for t in finder.find(o, name, module=False, globs=EXAMPLE_GLOBALS) if t.examples]


def _run(test):
    """(attempted, report of failures) for one doctest."""
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = []
    result = runner.run(test, out=report.append, clear_globs=True)
    return result.attempted, "".join(report) if result.failed else ""


@pytest.mark.parametrize("module", REQUIRED)
def test_docstring_examples_run(module):
    ran, failed = 0, []
    for dotted, obj in user_names(module):
        if not apidoc.is_own(obj):
            continue
        for test in _examples(dotted, obj):
            attempted, report = _run(test)
            ran += attempted
            if report:
                failed.append(f"example of {test.name} fails:\n{report}")
    assert ran > 0, f"no docstring example ran in {module}"
    assert failed == [], "\n".join(failed)


@pytest.mark.parametrize("dotted", MUST_HAVE_EXAMPLES)
def test_transformations_show_an_example(dotted):
    module, name = dotted.rsplit(".", 1)
    tests = _examples(dotted, getattr(importlib.import_module(module), name))
    assert tests, f"{dotted} has no docstring example (>>> lines with their output): add one, the reference shows it"


def test_every_public_name_autoint_defines_has_an_example():
    missing = sorted(dotted for dotted, obj in own_objects() if not _examples(dotted, obj))
    assert missing == [], f"public names without a docstring example: {missing} (show the function and a derivative)"


def test_a_failing_example_is_reported_with_its_name():
    def wrong():
        """>>> anp.sin(0.0) + 1
        3
        """
    wrong.__module__ = "autoint.fake"
    (test,) = _examples("autoint.fake.wrong", wrong)
    attempted, report = _run(test)
    assert attempted == 1 and "autoint.fake.wrong" in report and "Expected" in report


def test_doctest_check_can_fail():
    def wrong():
        """>>> 1 + 1
        3
        """
    (test,) = doctest.DocTestFinder().find(wrong, "wrong", globs={})
    assert doctest.DocTestRunner().run(test, out=lambda s: None).failed == 1


def test_an_entry_shows_signature_docstring_and_examples_as_code(monkeypatch):
    module = types.ModuleType("fake")
    module.__doc__ = "A fake module."

    def scale(x, factor=2):
        """``x`` times ``factor``; the derivative is ``factor`` | everywhere.

        >>> scale(3)
        6
        """
        return x * factor

    scale.__module__ = "autoint.fake"
    module.scale, module.pi, module.__all__ = scale, 3.14, ["scale", "pi"]
    monkeypatch.setitem(__import__("sys").modules, "fake", module)
    text = apidoc.render_page(("fake",))
    assert '<section class="api-entry" id="fake.scale">' in text
    assert "<h3><code>fake.scale(x, factor=2)</code></h3>" in text
    assert "<p><code>x</code> times <code>factor</code>; the derivative is <code>factor</code> | everywhere.</p>" in text
    assert '<pre class="api-code"><code>&gt;&gt;&gt; scale(3)\n6</code></pre>' in text
    assert '<tr id="fake.pi">' in text and "The constant 3.14" in text
