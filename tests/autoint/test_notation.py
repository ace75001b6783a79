"""Notation templates: every primitive has one, and the templates say what the code computes.

Each elementwise primitive's templates (value, and each argument's forward and
reverse term) are turned into Python by a small translator written here, then
evaluated at sample points and compared with the primitive's implementation and
its JVP/VJP rules.  The translator knows LaTeX, not autoint: a template that
says something the code does not compute (``prod``'s rules used to divide by
``x``) fails.
"""
import importlib
import math
import pkgutil
import re

import numpy as np
import pytest

import autoint
import autoint.numpy as anp
import autoint.scipy
from autoint.core import Primitive
from autoint.evaltrace import trace
from autoint.evaltrace.notation import TEMPLATES, rule_template, value_template


def all_primitives():
    found = {}
    for pkg in (autoint.numpy, autoint.scipy):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            for value in vars(importlib.import_module(info.name)).values():
                if isinstance(value, Primitive):
                    found[value.name] = value
    return found


PRIMITIVES = all_primitives()


def test_every_primitive_has_a_template():
    assert len(PRIMITIVES) > 50
    assert sorted(set(PRIMITIVES) - set(TEMPLATES)) == []  # add a template to notation.TEMPLATES
    assert sorted(set(TEMPLATES) - set(PRIMITIVES)) == []  # no template for a primitive that is gone


# Commands that read as words in plain text (sin, ln, …); every other command needs a Unicode spelling.
WORDS = {"ln", "log", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "det", "max", "min"}


def test_every_template_has_a_unicode_spelling():
    from autoint.evaltrace.notation import _MACROS, to_unicode

    spelled = {re.match(r"\\([a-zA-Z]*)", m).group(1) for m, _ in _MACROS}
    for name, (value, forward, reverse) in TEMPLATES.items():
        for template in [value, *(forward or []), *(reverse or [])]:
            if template is None:
                continue
            commands = set(re.findall(r"\\([a-zA-Z]+)", template)) - {"operatorname", "text", "mathrm", "sqrt"}
            assert commands <= spelled | WORDS, f"{name}: {template!r} needs a spelling for {commands - spelled - WORDS}"
            assert "\\" not in to_unicode(template), name


def test_a_primitive_without_template_gets_the_generic_form():
    twice = Primitive("twice", lambda x: 2 * x).defjvp(lambda g, ans, x: 2 * g).defvjp(lambda g, ans, x: 2 * g)
    t = trace(lambda x: twice(x))(1.0)
    eqn = t.equations[0]
    assert value_template(eqn) == r"\operatorname{twice}(#*)"
    assert rule_template(eqn, "jvp", 0) == r"\partial #y / \partial #0 \cdot #g"


# -- LaTeX templates to Python, for the elementwise primitives --------------------------------------

FUNCTIONS = {
    r"\ln": "log", r"\sin": "sin", r"\cos": "cos", r"\tan": "tan", r"\arcsin": "arcsin", r"\arccos": "arccos",
    r"\arctan": "arctan", r"\sinh": "sinh", r"\cosh": "cosh", r"\tanh": "tanh", r"\log_2": "log2",
    r"\log_{10}": "log10", r"\operatorname{arsinh}": "arcsinh", r"\operatorname{arcosh}": "arccosh",
    r"\operatorname{artanh}": "arctanh", r"\operatorname{logit}": "logit", r"\operatorname{erf}": "erf",
    r"\operatorname{erfc}": "erfc",
}
# Special functions NumPy lacks, computed independently of autoint (digamma: NumPy lacks it too;
# autoint's own is used, so for gammaln the check is that the template names the right function).
SPECIAL = {
    "expit": lambda x: 1 / (1 + np.exp(-x)), "logit": lambda p: np.log(p / (1 - p)),
    "erf": np.vectorize(math.erf), "erfc": np.vectorize(math.erfc), "gamma": np.vectorize(math.gamma),
    "digamma": lambda x: np.asarray(autoint.scipy.special.digamma(x)),
}
CALLS = {r"\operatorname{arctan2}": "arctan2", r"\operatorname{where}": "where", r"\max": "maximum",
         r"\min": "minimum", r"\operatorname{fmax}": "fmax", r"\operatorname{fmin}": "fmin",
         r"\operatorname{fmod}": "fmod", r"\operatorname{trunc}": "trunc", r"\sigma": "expit", r"\Gamma": "gamma",
         r"\psi": "digamma"}


def to_python(template):
    """``#g \\cdot \\cos #0`` → ``(g)*cos((a0))``: enough LaTeX for the elementwise templates."""
    s = re.sub(r"#(\d)", r"(a\1)", template).replace("#y", "(y)").replace("#g", "(g)")
    s = s.replace(r"\tfrac{1}{2}", "0.5").replace(r"\geq", ">=").replace(r"\cdot", "*")
    s = re.sub(r"\\sqrt\[3\]\{([^{}]*)\}", r"cbrt(\1)", s)
    s = re.sub(r"\\sqrt\{([^{}]*)\}", r"sqrt(\1)", s)
    s = re.sub(r"\[([^\[\]]*)\]", lambda m: "(1.0 * (" + m.group(1).replace(" = ", " == ") + "))", s)  # Iverson
    s = s.replace(r"\lvert", "(abs(").replace(r"\rvert", "))").replace(r"\lfloor", "floor(").replace(r"\rfloor", ")")
    s = s.replace(r"\bmod", "%").replace(r"\pi", "pi")
    for name, py in CALLS.items():
        s = s.replace(name, py)
    s = re.sub(r"\be\^\{([^{}]*)\}", r"exp(\1)", s)
    s = re.sub(r"\^\{([^{}]*)\}", r"**(\1)", s).replace("^", "**")
    for name, py in sorted(FUNCTIONS.items(), key=lambda kv: -len(kv[0])):  # \log_{10} before \log_2
        s = s.replace(name + "(", py + "(")
        s = _apply(s, name + " ", py)
    s = re.sub(r"(\d|\)) +(?=[a-z(])", r"\1*", s)  # juxtaposition: "2 (y)", "(y) log(2)"
    assert "\\" not in s and "{" not in s, f"untranslated: {template!r} -> {s!r}"
    return s


def _apply(s, prefix, py):
    """``\\ln (…)`` or ``\\ln 2`` → ``log((…))``: a function applied to the parenthesized group or number after it."""
    while prefix in s:
        start = s.index(prefix)
        j = start + len(prefix)
        if s[j] == "(":
            depth, end = 0, j
            while True:
                depth += {"(": 1, ")": -1}.get(s[end], 0)
                end += 1
                if depth == 0:
                    break
        else:
            end = j + len(re.match(r"\d+", s[j:]).group())
        s = s[:start] + py + "(" + s[j:end] + ")" + s[end:]
    return s


def evaluate(template, args, y, g=None):
    names = {f"a{k}": a for k, a in enumerate(args)} | {"y": y, "g": g, "abs": np.abs, "pi": np.pi}
    names |= {name: getattr(np, name) for name in set(FUNCTIONS.values()) | set(CALLS.values()) | {"exp", "sqrt"}
              if hasattr(np, name)}
    names |= {name: getattr(np, name) for name in ("cbrt", "floor")} | SPECIAL
    return eval(to_python(template), {"__builtins__": {}}, names)


rng = np.random.default_rng(0)
POSITIVE = rng.uniform(0.2, 0.8, size=5)  # inside every domain: log, arcsin, arctanh, ...
OTHER = rng.uniform(0.2, 0.8, size=5)
SAMPLES = {
    "arccosh": (1.0 + POSITIVE,), "where": (POSITIVE > 0.5, POSITIVE, OTHER), "absolute": (POSITIVE - 0.5,),
    "maximum": (np.r_[POSITIVE, 0.5], np.r_[OTHER, 0.5]), "minimum": (np.r_[POSITIVE, 0.5], np.r_[OTHER, 0.5]),
    "fmax": (np.r_[POSITIVE, 0.5], np.r_[OTHER, 0.5]), "fmin": (np.r_[POSITIVE, 0.5], np.r_[OTHER, 0.5]),
    "fabs": (POSITIVE - 0.5,), "mod": (POSITIVE + 1.0, OTHER), "fmod": (POSITIVE + 1.0, OTHER),
    "power (constant exponent)": (POSITIVE, 2.5),
}
ELEMENTWISE_MODULES = [importlib.import_module(m) for m in ("autoint.numpy.elementwise", "autoint.scipy.special")]
ELEMENTWISE = sorted(
    name for name, p in PRIMITIVES.items() if any(p in vars(m).values() for m in ELEMENTWISE_MODULES)
) + ["power (constant exponent)"]
# sinc's and polygamma's derivatives are named (sinc', ψ⁽ⁿ⁺¹⁾), not formulas this translator could check.
ELEMENTWISE = [n for n in ELEMENTWISE if n not in ("sinc", "sinc_derivative", "polygamma")]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_elementwise_templates_compute_what_the_code_computes(name):
    prim = PRIMITIVES[name.split()[0]]
    n_args = len(prim.jvps)
    args = SAMPLES.get(name, (POSITIVE, OTHER, POSITIVE)[:n_args])
    if name == "power (constant exponent)":  # a literal exponent: the template works p - 1 out
        t = trace(lambda x: prim(x, args[1]))(args[0])
    else:
        t = trace(lambda *xs: prim(*xs))(*args)
    eqn = t.equations[0]
    y = prim.impl(*args)
    np.testing.assert_allclose(evaluate(value_template(eqn), args, y), y, rtol=1e-12, err_msg=name)
    g = rng.uniform(-1.0, 1.0, size=np.shape(y))
    for k in range(n_args):
        if type(eqn.args[k]) is not int or prim.jvps[k] is None:
            continue
        for mode, rule in (("jvp", prim.jvps[k]), ("vjp", prim.vjps[k])):
            expected = rule(g, y, *args)
            got = evaluate(rule_template(eqn, mode, k), args, y, g)
            np.testing.assert_allclose(got, expected, rtol=1e-10, err_msg=f"{name} {mode} argument {k}")


def test_reduction_templates_match_the_code():
    # prod multiplies the other entries: exact at zeros, no division (the code never divides)
    for template in [TEMPLATES["prod"][1][0], TEMPLATES["prod"][2][0]]:
        assert "/" not in template and r"\prod_{\neq}" in template
    x = np.array([0.0, 2.0, 3.0])
    assert np.array_equal(autoint.grad(anp.prod)(x), [6.0, 0.0, 0.0])  # what ∏≠ says: the others' product
    # max shares the derivative between ties: [x = y] / Σ[x = y]
    assert "/ \\sum_{#[axis]} [#0 = #y]" in TEMPLATES["max"][2][0]
    assert np.array_equal(autoint.grad(anp.max)(np.array([1.0, 3.0, 3.0])), [0.0, 0.5, 0.5])
