"""Evaluation traces: Baydin et al. (2018)'s example, renderings, arrays, nesting, truncation."""
import doctest
import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
from autoint import core
from autoint.core import Primitive
from autoint.evaltrace import EvalTrace, RecordTrace, trace
from autoint.evaltrace.notation import Style, format_number, to_unicode


def baydin(x1, x2):
    """f(x1, x2) = ln x1 + x1 x2 - sin x2, in the evaluation order of Baydin et al., Table 2."""
    v1 = anp.log(x1)
    v2 = x1 * x2
    v3 = anp.sin(x2)
    v4 = v1 + v2
    return v4 - v3


def squash(text):
    """Rows with their alignment spaces collapsed, so tests read ``v₁ = ln v₋₁ = 0.693``."""
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]


# -- Baydin et al.'s example ------------------------------------------------------------------------


def test_baydin_primal_values():
    t = trace(baydin)(2.0, 5.0)
    v = t.values
    assert isinstance(t, EvalTrace) and len(t) == 5
    assert v["v_-1"] == 2.0 and v["v_0"] == 5.0
    assert v["v_1"] == pytest.approx(math.log(2.0))
    assert v["v_2"] == pytest.approx(10.0)
    assert v["v_3"] == pytest.approx(math.sin(5.0))
    assert v["v_4"] == pytest.approx(math.log(2.0) + 10.0)
    assert v["v_5"] == pytest.approx(math.log(2.0) + 10.0 - math.sin(5.0))
    assert t.out == pytest.approx(11.652, abs=5e-4)  # the number printed in the paper


def test_baydin_forward_tangents():
    t = trace(baydin)(2.0, 5.0).forward(1.0, 0.0)
    d = t.tangents
    assert d["v_1"] == pytest.approx(1 / 2.0)
    assert d["v_2"] == pytest.approx(5.0)
    assert d["v_3"] == pytest.approx(0.0)
    assert t.out_tangent == pytest.approx(1 / 2.0 + 5.0)  # dy/dx1 = 1/x1 + x2 = 5.5
    assert t.out_tangent == pytest.approx(ai.grad(baydin, argnums=0)(2.0, 5.0))


def test_baydin_reverse_adjoints():
    t = trace(baydin)(2.0, 5.0).reverse()
    a = t.adjoints
    assert a["v_5"] == 1.0 and a["v_4"] == 1.0 and a["v_3"] == -1.0
    dx1, dx2 = t.input_adjoints
    assert dx1 == pytest.approx(1 / 2.0 + 5.0)
    assert dx2 == pytest.approx(2.0 - math.cos(5.0))  # x1 - cos x2 = 1.716
    assert dx2 == pytest.approx(1.716, abs=5e-4)
    g = ai.grad(baydin, argnums=(0, 1))(2.0, 5.0)
    assert (dx1, dx2) == pytest.approx(g)


def test_baydin_text_rows():
    t = trace(baydin)(2.0, 5.0).forward(1.0, 0.0).reverse()
    rows = squash(t.to_text())
    for row in [
        "Forward primal trace", "v₋₁ = x₁ = 2", "v₀ = x₂ = 5", "v₁ = ln v₋₁ = 0.693", "v₂ = v₋₁ · v₀ = 10",
        "v₃ = sin v₀ = -0.959", "v₄ = v₁ + v₂ = 10.693", "v₅ = v₄ - v₃ = 11.652", "y = v₅ = 11.652",
        "Forward tangent trace", "v̇₋₁ = ẋ₁ = 1", "v̇₀ = ẋ₂ = 0", "v̇₁ = v̇₋₁ / v₋₁ = 0.5",
        "v̇₂ = v̇₋₁ · v₀ + v̇₀ · v₋₁ = 5", "v̇₃ = v̇₀ · cos v₀ = 0", "v̇₅ = v̇₄ - v̇₃ = 5.5", "ẏ = v̇₅ = 5.5",
        "Reverse adjoint trace", "v̄₅ = ȳ = 1", "v̄₃ = -v̄₅ = -1", "v̄₀ = v̄₃ · cos v₀ = -0.284",
        "v̄₀ = v̄₀ + v̄₂ · v₋₁ = 1.716", "v̄₋₁ = v̄₋₁ + v̄₁ / v₋₁ = 5.5", "x̄₁ = v̄₋₁ = 5.5", "x̄₂ = v̄₀ = 1.716",
    ]:
        assert row in rows
    assert str(t) == repr(t) == t.to_text()
    # The reverse sweep visits the equations from the last to the first (Table 3's order).
    adjoint = rows[rows.index("Reverse adjoint trace"):]
    assert adjoint.index("v̄₄ = v̄₅ = 1") < adjoint.index("v̄₁ = v̄₄ = 1") < adjoint.index("v̄₋₁ = v̄₂ · v₀ = 5")


def test_baydin_markdown_table():
    t = trace(baydin)(2.0, 5.0).forward(1.0, 0.0).reverse()
    md = t.to_markdown()
    assert t._repr_markdown_() == md
    blocks = md.strip().split("\n\n")
    titles, tables = blocks[0::2], blocks[1::2]
    assert titles == ["**Forward primal trace**", "**Forward tangent trace**", "**Reverse adjoint trace**"]
    assert all(tb.splitlines()[:2] == ["| Variable | Definition | Value |", "|:--|:--|:--|"] for tb in tables)
    assert r"| $v_1$ | $= \ln v_{-1}$ | $= 0.693$ |" in md
    assert r"| $v_{-1}$ | $= x_1$ | $= 2$ |" in md
    assert r"| $v_2$ | $= v_{-1} \cdot v_0$ | $= 10$ |" in md
    assert r"| $\dot v_2$ | $= \dot v_{-1} \cdot v_0 + \dot v_0 \cdot v_{-1}$ | $= 5$ |" in md
    assert r"| $\bar v_0$ | $= \bar v_0 + \bar v_2 \cdot v_{-1}$ | $= 1.716$ |" in md
    assert r"| $y$ | $= v_5$ | $= 11.652$ |" in md
    assert r"$$\sin v_0$$" not in md and r"$$= \sin v_0$$" in t.to_markdown(math="$$")
    # Every row has three cells: no stray pipe from the math.
    assert all(line.count("|") == 4 for line in md.splitlines() if line.startswith("|"))


def test_html_is_well_formed_with_math():
    t = trace(baydin)(2.0, 5.0).forward(1.0, 0.0).reverse()
    page = t._repr_html_()
    root = ET.fromstring(f"<div>{page}</div>")
    assert len(root.findall("table")) == 3
    assert [c.text for c in root.iter("caption")] == ["Forward primal trace", "Forward tangent trace",
                                                      "Reverse adjoint trace"]
    assert [th.text for th in root.find("table").iter("th")] == ["Variable", "Definition", "Value"]
    cells = [td.text for td in root.iter("td")]
    assert r"\(= \ln v_{-1}\)" in cells and r"\(= 0.693\)" in cells


def test_doctest_in_trace_docstring():
    import autoint.evaltrace.recording as module

    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# -- notation ---------------------------------------------------------------------------------


def test_number_formatting():
    assert format_number(2.0) == "2"
    assert format_number(math.log(2)) == "0.693"
    assert format_number(-math.sin(5)) == "0.959"
    assert format_number(-0.0) == "0"
    assert format_number(1e-5) == "1e-05"
    assert format_number(123456789.0) == "1.235e+08"
    assert format_number(np.int64(3)) == "3"
    assert Style("latex").value(2.5e-7) == r"2.5 \times 10^{-7}"
    assert Style("text").value(np.zeros((3, 2))) == "[3×2 array]"
    assert Style("latex").value(np.zeros(4)) == r"[4\ \text{array}]"


def test_unicode_spelling_of_templates():
    assert to_unicode(r"#g \cdot \cos #0") == "#g · cos #0"
    assert to_unicode(r"\sqrt{1 - #0^2}") == "√(1 - #0²)"
    assert to_unicode(r"\log_{10} #0") == "log₁₀ #0"
    assert to_unicode(r"-#y^{\top} #g \, #y^{\top}") == "-#yᵀ #g #yᵀ"
    assert to_unicode(r"\lvert #0 \rvert") == "| #0 |"


def test_constants_are_literals_and_comparisons_are_not_recorded():
    def f(x):
        if x > 0:  # a comparison: plain bool, no equation
            x = x * 2.0
        return x - (-3.0)

    t = trace(f)(1.5)
    assert [e.prim.name for e in t.equations] == ["multiply", "subtract"]
    rows = squash(t.to_text())
    assert "v₁ = v₀ · 2 = 3" in rows and "v₂ = v₁ - (-3) = 6" in rows
    assert r"v_0 \cdot 2" in t.to_markdown()


def test_constant_power_rule_is_worked_out():
    t = trace(lambda x: x**3.0)(2.0).forward()
    assert "v̇₁ = v̇₀ · 3 v₀² = 12" in squash(t.to_text())
    assert t.out_tangent == pytest.approx(3 * 2.0**2)
    rows = squash(trace(lambda x: x**2 + x**-1.0)(0.5).forward().to_text())
    assert "v₁ = v₀² = 0.25" in rows and "v₂ = v₀⁻¹ = 2" in rows
    assert "v̇₂ = v̇₀ · (-1) v₀⁻² = -4" in rows
    assert r"v_0^{-1}" in trace(lambda x: x**-1.0)(0.5).to_markdown()


def test_unknown_primitive_gets_generic_notation():
    twice = Primitive("twice_plus", lambda x, y: 2 * x + y)
    twice.defjvp(lambda g, ans, x, y: 2 * g, lambda g, ans, x, y: g)
    twice.defvjp(lambda g, ans, x, y: 2 * g, lambda g, ans, x, y: g)
    t = trace(lambda a, b: twice(a, b) * b)(1.0, 3.0).forward(1.0, 1.0).reverse()
    rows = squash(t.to_text())
    assert "v₁ = twice_plus(v₋₁, v₀) = 5" in rows
    assert "v̇₁ = ∂v₁ / ∂v₋₁ · v̇₋₁ + ∂v₁ / ∂v₀ · v̇₀ = 3" in rows
    assert r"\operatorname{twice\_plus}(v_{-1}, v_0)" in t.to_markdown()
    assert t.input_adjoints == pytest.approx((2 * 3.0, 3.0 + 5.0))


def test_custom_jvp_function_renders():
    @ai.custom_jvp
    def softplus(x):
        return anp.log1p(anp.exp(x))

    @softplus.defjvp
    def _(primals, tangents):
        (x,), (t,) = primals, tangents
        return softplus(x), t / (1 + anp.exp(-x))

    t = trace(lambda x: softplus(x) * 2.0)(0.5).forward().reverse()
    expected = 2.0 / (1 + math.exp(-0.5))
    assert t.out_tangent == pytest.approx(expected) and t.input_adjoints[0] == pytest.approx(expected)
    assert "custom_jvp[softplus](v₀)" in t.to_text()


# -- arrays, several inputs and outputs ------------------------------------------------------------


def test_array_function_matches_jvp_and_grad():
    rng = np.random.default_rng(0)
    W, x = rng.normal(size=(3, 2)), rng.normal(size=2)

    def f(W, x):
        return anp.sum(anp.tanh(W @ x) ** 2)

    dW, dx = rng.normal(size=(3, 2)), rng.normal(size=2)
    t = trace(f)(W, x).forward(dW, dx).reverse()
    assert t.out == pytest.approx(np.sum(np.tanh(W @ x) ** 2))
    assert t.out_tangent == pytest.approx(ai.jvp(f, (W, x), (dW, dx))[1])
    gW, gx = ai.grad(f, argnums=(0, 1))(W, x)
    assert np.allclose(t.input_adjoints[0], gW) and np.allclose(t.input_adjoints[1], gx)
    rows = squash(t.to_text())
    assert "v₋₁ = x₁ = [3×2 array]" in rows and "v₁ = v₋₁ v₀ = [3 array]" in rows
    assert "v̄₋₁ = v̄₁ v₀ᵀ = [3×2 array]" in rows


def test_several_inputs_and_outputs():
    def f(a, b):
        return a * b, anp.sin(a) + 2.0, 7.0

    t = trace(f)(2.0, 3.0)
    rows = squash(t.to_text())
    assert "y₁ = v₁ = 6" in rows and "y₂ = v₃ = 2.909" in rows and "y₃ = 7 = 7" in rows
    assert "v₃ = v₂ + 2 = 2.909" in rows
    fwd = t.forward(1.0, 0.5)
    _, expected = ai.jvp(f, (2.0, 3.0), (1.0, 0.5))
    assert fwd.out_tangent[:2] == pytest.approx(expected[:2]) and fwd.out_tangent[2] == 0
    rev = t.reverse(1.0, -2.0, 0.0)
    _, pullback = ai.vjp(f, 2.0, 3.0)
    assert rev.input_adjoints == pytest.approx(pullback((1.0, -2.0, 0.0)))
    rows = squash(rev.to_text())
    assert "v̄₃ = ȳ₂ = -2" in rows and "x̄₂ = v̄₀ = 2" in rows


def test_pytree_inputs_and_default_seeds():
    t = trace(lambda p: p["w"] * p["b"])({"b": 2.0, "w": 3.0})
    assert [e.prim.name for e in t.equations] == ["multiply"]
    assert t.reverse().input_adjoints == ({"b": 3.0, "w": 2.0},)
    with pytest.raises(ValueError, match="one value per input"):
        trace(baydin)(2.0, 5.0).forward()
    with pytest.raises(ValueError, match="shape"):
        trace(lambda x: x * x)(np.ones(3)).forward(np.ones(2))
    with pytest.raises(ValueError, match="forward"):
        trace(baydin)(2.0, 5.0).out_tangent


def test_unused_input_and_dead_code():
    def f(x, unused):
        anp.exp(x)  # computed, but no output depends on it
        return anp.cos(x)

    t = trace(f)(0.3, 9.0).reverse()
    assert len(t) == 2
    rows = squash(t.to_text())
    assert "x̄₂ = 0 = 0" in rows
    assert not any(r.startswith("v̄₁") for r in rows)  # exp's result gets no adjoint
    assert t.input_adjoints == pytest.approx((-math.sin(0.3), 0.0))


# -- nesting ---------------------------------------------------------------------------------------


def test_trace_of_grad_records_the_backward_pass():
    f = lambda x: anp.sin(x) * x  # noqa: E731
    t = trace(ai.grad(f))(1.0)
    assert t.out == pytest.approx(math.cos(1.0) * 1.0 + math.sin(1.0))
    names = [e.prim.name for e in t.equations]
    assert "cos" in names  # the derivative of sin, recorded while grad ran
    # Forward mode over the recorded gradient gives the second derivative.
    assert t.forward().out_tangent == pytest.approx(2 * math.cos(1.0) - math.sin(1.0))
    assert t.forward().out_tangent == pytest.approx(ai.grad(ai.grad(f))(1.0))


def test_transformations_see_through_trace():
    f = lambda x: anp.exp(x) / x  # noqa: E731
    expected = math.exp(2.0) / 2.0 - math.exp(2.0) / 4.0
    assert ai.grad(lambda x: trace(f)(x).out)(2.0) == pytest.approx(expected)
    assert ai.jvp(lambda x: trace(f)(x).out, (2.0,), (1.0,))[1] == pytest.approx(expected)
    # and the trace recorded under grad still shows plain values
    seen = []
    ai.grad(lambda x: seen.append(trace(f)(x)) or seen[-1].out)(2.0)
    assert "v₁ = e^v₀ = 7.389" in squash(seen[0].to_text())


# -- size and cost ---------------------------------------------------------------------------------


def test_big_traces_are_truncated():
    def f(x):
        for _ in range(100):
            x = anp.sin(x)
        return x

    t = trace(f)(0.5)
    text = t.to_text(max_rows=20)
    rows = 1 + 100 + 1  # input, equations, output
    assert f"… {rows - 20} more" in text
    lines = text.splitlines()
    assert len(lines) == 1 + 20 + 1
    assert squash(text)[-1].startswith("y = v₁₀₀")
    assert f"… {rows - 20} more" in t.to_markdown(max_rows=20)
    assert f"… {rows - 30} more" in str(t)  # the default
    assert "more" not in t.to_text(max_rows=None)
    assert len(t.to_text(max_rows=None).splitlines()) == 1 + rows


def test_no_recording_interpreter_unless_traced():
    stacks = []
    spy = Primitive("spy", lambda x: stacks.append([type(tr) for tr in core._stack]) or x)
    spy.defjvp(lambda g, ans, x: g)
    spy.defvjp(lambda g, ans, x: g)
    ai.grad(lambda x: spy(x) * x)(1.0)
    ai.jvp(lambda x: spy(x), (1.0,), (1.0,))
    assert stacks and all(RecordTrace not in s for s in stacks)
    trace(lambda x: spy(x))(1.0)
    assert RecordTrace in stacks[-1]
    assert core._stack == []  # popped afterwards, also after an error below
    with pytest.raises(ZeroDivisionError):
        trace(lambda x: 1 / 0)(1.0)
    assert core._stack == []


def test_renderings_are_deterministic():
    a = trace(baydin)(2.0, 5.0).forward(1.0, 0.0).reverse()
    b = trace(baydin)(2.0, 5.0).forward(1.0, 0.0).reverse()
    assert a.to_text() == b.to_text() and a.to_markdown() == b.to_markdown() and a.to_html() == b.to_html()


# -- every primitive with notation: renders, and agrees with jvp and grad ------------------------------

X = np.array([[0.3, 0.5], [0.2, 0.7]])
UNARY = {
    "negative": anp.negative, "square": anp.square, "reciprocal": anp.reciprocal, "sqrt": anp.sqrt,
    "cbrt": anp.cbrt, "exp": anp.exp, "exp2": anp.exp2, "expm1": anp.expm1, "log": anp.log, "log2": anp.log2,
    "log10": anp.log10, "log1p": anp.log1p, "sin": anp.sin, "cos": anp.cos, "tan": anp.tan, "arcsin": anp.arcsin,
    "arccos": anp.arccos, "arctan": anp.arctan, "sinh": anp.sinh, "cosh": anp.cosh, "tanh": anp.tanh,
    "arcsinh": anp.arcsinh, "arccosh": lambda x: anp.arccosh(x + 1.5), "arctanh": anp.arctanh, "sinc": anp.sinc,
    "absolute": anp.abs, "prod": lambda x: anp.prod(x, axis=0), "max": lambda x: anp.max(x, axis=1),
    "min": anp.min, "cumsum": lambda x: anp.cumsum(x, axis=0), "cumprod": lambda x: anp.cumprod(x, axis=1),
    "reshape": lambda x: x.reshape(4), "transpose": lambda x: x.T,
    "broadcast_to": lambda x: anp.broadcast_to(x, (3, 2, 2)), "getitem": lambda x: x[:, 0],
    "scatter_add": lambda x: x.at[0].add(x[1]), "concatenate": lambda x: anp.concatenate([x, x], axis=1),
    "astype": lambda x: x.astype(np.float32), "inv": anp.linalg.inv, "det": anp.linalg.det,
    "logabsdet": lambda x: anp.linalg.slogdet(x)[1], "solve": lambda x: anp.linalg.solve(x, x[0]),
    "einsum": lambda x: anp.einsum("ij,jk->ik", x, x), "matmul": lambda x: x @ x,
    "where": lambda x: anp.where(x > 0.4, x, -x),
}
BINARY = {
    "add": anp.add, "subtract": anp.subtract, "multiply": anp.multiply, "divide": anp.divide, "power": anp.power,
    "logaddexp": anp.logaddexp, "arctan2": anp.arctan2, "hypot": anp.hypot, "maximum": anp.maximum,
    "minimum": anp.minimum,
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_primitive_traces_agree_with_autoint(name):
    g = lambda x: anp.sum(UNARY[name](x))  # noqa: E731
    t = trace(g)(X)
    assert name in [e.prim.name for e in t.equations]
    v = np.full_like(X, 0.3)
    t = t.forward(v).reverse()
    assert np.allclose(t.out_tangent, ai.jvp(g, (X,), (v,))[1])
    assert np.allclose(t.input_adjoints[0], ai.grad(g)(X))
    text, md = t.to_text(), t.to_markdown()
    assert "?" not in text and "#" not in text and "#" not in md.replace(r"\#", "")


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_primitive_traces_agree_with_autoint(name):
    g = lambda a, b: anp.sum(BINARY[name](a, b))  # noqa: E731
    Y = X[::-1] + 0.1
    t = trace(g)(X, Y).forward(X, Y).reverse()
    assert np.allclose(t.out_tangent, ai.jvp(g, (X, Y), (X, Y))[1])
    ga, gb = ai.grad(g, argnums=(0, 1))(X, Y)
    assert np.allclose(t.input_adjoints[0], ga) and np.allclose(t.input_adjoints[1], gb)
    assert "?" not in t.to_text()


def test_reduction_and_shape_parameters_read_naturally():
    t = trace(lambda x: anp.sum(x.reshape(4)) + anp.sum(x, axis=0)[1])(X).reverse()
    rows = squash(t.to_text())
    assert "v₁ = reshape(v₀, (4,)) = [4 array]" in rows
    assert "v₂ = ∑ v₁ = 1.7" in rows  # over every axis: no subscript
    assert "v₃ = ∑₀ v₀ = [2 array]" in rows
    assert "v̄₃ = scatter(v̄₄, 1, (2,)) = [2 array]" in rows


# -- Baydin's side-by-side layout --------------------------------------------------------------------


def side_rows(text):
    """Rows of a side-by-side text table as (left half, right half), squashed."""
    out = []
    for line in text.splitlines()[1:]:
        left, _, right = line.partition("│")
        out.append((re.sub(r"\s+", " ", left).strip(), re.sub(r"\s+", " ", right).strip()))
    return out


def test_side_by_side_text_pairs_primal_and_tangent_rows():
    t = trace(baydin)(2.0, 5.0).forward(1.0, 0.0).with_layout("side-by-side")
    text = str(t)
    assert text.splitlines()[0].split("│")[0].strip() == "Forward primal trace"
    assert text.splitlines()[0].split("│")[1].strip() == "Forward tangent trace"
    rows = side_rows(text)
    assert len(rows) == 2 + 5 + 1  # inputs, equations, output: each primal row once, its tangent beside it
    assert rows[2] == ("v₁ = ln v₋₁ = 0.693", "v̇₁ = v̇₋₁ / v₋₁ = 0.5")
    assert rows[-1] == ("y = v₅ = 11.652", "ẏ = v̇₅ = 5.5")
    assert text.count("= 10.693") == 1  # the primal trace is not repeated
    assert t.to_text(layout="stacked") == trace(baydin)(2.0, 5.0).forward(1.0, 0.0).to_text()  # stacked kept


def test_side_by_side_reverse_has_table_3_order_and_all_sections():
    t = trace(baydin)(2.0, 5.0).forward(1.0, 0.0).reverse()
    rows = side_rows(t.to_text(layout="side-by-side"))
    header = t.to_text(layout="side-by-side").splitlines()[0]
    assert [h.strip() for h in header.split("│")] == ["Forward primal trace", "Forward tangent trace",
                                                     "Reverse adjoint trace"]
    adjoint = [r[1].split("│")[-1].strip() for r in rows]
    assert adjoint[0] == "v̄₅ = ȳ = 1" and adjoint[-2:] == ["x̄₁ = v̄₋₁ = 5.5", "x̄₂ = v̄₀ = 1.716"]
    assert len(rows) == len(t.adjoint_steps) + 2  # the longer side sets the length; the primal side is blank below


def _evaluate(expression):
    """Evaluate a substituted Unicode formula such as ``-0.284 + 1 · 2`` or ``ln 2`` independently."""
    py = expression.replace("·", "*").replace("ln ", "math.log ").replace("sin ", "math.sin ")
    py = py.replace("cos ", "math.cos ")
    py = re.sub(r"math\.(\w+) (\S+)", r"math.\1(\2)", py)
    return eval(py, {"math": math})


def test_substituted_column_evaluates_to_the_value():
    t = trace(baydin)(2.0, 5.0).forward(1.0, 0.0).reverse()
    text = t.to_text(layout="side-by-side", substituted=True)
    assert "v₁ = ln v₋₁ = ln 2 = 0.693" in squash(text.replace("│", "\n"))
    assert "v̄₀ = v̄₀ + v̄₂ · v₋₁ = -0.284 + 1 · 2 = 1.716" in squash(text.replace("│", "\n"))
    checked = 0
    for line in squash(text.replace("│", "\n")):
        parts = line.split(" = ")
        if len(parts) == 4:  # name = formula = substituted = value
            assert _evaluate(parts[2]) == pytest.approx(float(parts[3]), abs=2e-3), line
            checked += 1
    assert checked >= 12


def test_side_by_side_markdown_and_html_have_one_table_with_header_cells():
    t = trace(baydin)(2.0, 5.0).reverse().with_layout("side-by-side", substituted=True)
    md = t._repr_markdown_()
    lines = md.strip().splitlines()
    assert lines[0] == "| Forward primal trace | | | | Reverse adjoint trace | | | |"
    assert all(line.count("|") == 9 for line in lines)  # 8 cells in every row
    assert r"| $v_1$ | $= \ln v_{-1}$ | $= \ln 2$ | $= 0.693$ | $\bar v_3$ | $= -\bar v_5$ | | $= -1$ |" in md
    assert "\n\n" not in md.strip()
    root = ET.fromstring(f"<div>{t._repr_html_()}</div>")
    assert len(root.findall("table")) == 1
    assert [th.text for th in root.iter("th")] == ["Forward primal trace", "Reverse adjoint trace"]
    assert all(th.get("colspan") == "4" for th in root.iter("th"))
    assert r"\(= \ln 2\)" in [td.text for td in root.iter("td")]


def test_side_by_side_truncates_long_traces_and_arrays_are_not_substituted():
    def f(x):
        for _ in range(40):
            x = anp.sin(x)
        return x

    text = trace(f)(0.3).forward().to_text(max_rows=10, layout="side-by-side", substituted=True)
    assert "… 32 more" in text and len(text.splitlines()) == 1 + 10 + 1
    rows = squash(trace(lambda x: anp.sum(anp.sin(x)))(np.ones(3)).to_text(substituted=True))
    assert "v₁ = sin v₀ = [3 array]" in rows  # no substituted column for arrays


def test_unknown_layout_is_a_clear_error():
    t = trace(baydin)(2.0, 5.0)
    with pytest.raises(ValueError, match="side-by-side"):
        t.with_layout("sideways")
    with pytest.raises(ValueError, match="stacked"):
        t.to_html(layout="table")


# -- the subpackage's structure ---------------------------------------------------------------------


def _package_imports():
    """{module: set of autoint.evaltrace modules it imports}, read from the source with ast."""
    import ast
    import pathlib

    import autoint.evaltrace as package

    root = pathlib.Path(package.__file__).parent
    graph = {}
    for path in root.glob("*.py"):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported |= {node.module} if node.module else {a.name for a in node.names}
        graph[path.stem] = imported
    return graph


def test_evaltrace_modules_import_one_way_from_a_leaf():
    graph = _package_imports()
    assert graph["equations"] == set()  # the leaf: shared types only
    order, seen = [], set()

    def visit(module, path=()):
        assert module not in path, f"import circle: {' -> '.join(path + (module,))}"
        if module not in seen:
            for dep in sorted(graph[module]):
                visit(dep, path + (module,))
            seen.add(module)
            order.append(module)

    for module in sorted(graph):
        visit(module)
    assert order.index("equations") < order.index("notation") < order.index("render") < order.index("recording")


def test_renderers_read_traces_through_public_accessors():
    import ast
    import inspect

    from autoint.evaltrace import graph, render

    for module in (render, graph):
        private = sorted({
            node.attr for node in ast.walk(ast.parse(inspect.getsource(module)))
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
        })
        assert private == [], f"{module.__name__} reads private fields {private}"


def test_evaltrace_accessors_are_read_only():
    t = trace(baydin)(2.0, 5.0)
    with pytest.raises(AttributeError):
        t.equations = ()
    assert t.in_vars == (-1, 0) and t.var_value(-1) == 2.0
    with pytest.raises(ValueError, match=r"call \.forward"):
        t.var_tangent(1)
    with pytest.raises(ValueError, match=r"call \.reverse"):
        t.adjoint_steps
