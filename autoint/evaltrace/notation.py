"""Textbook notation for primitives: LaTeX templates and their Unicode spelling.

Each primitive has a template for its value (``\\ln #0``) and, per argument,
one term of its forward (tangent) and reverse (adjoint) rule.  Placeholders:

- ``#0``, ``#1``, ... the arguments (a variable such as ``v_{-1}`` or a literal);
- ``#*`` all arguments separated by commas;
- ``#y`` the result variable;
- ``#g`` the incoming derivative: the argument's tangent in a forward rule,
  the result's adjoint in a reverse rule;
- ``#s0``, ``#s1``, ... an argument's shape; ``#[name]`` the parameter ``name``.

The templates are written once, in LaTeX; ``Style("text")`` spells them in
Unicode (``·``, ``ln``, ``√``, subscripts) for ``print`` and doctests.
Primitives without an entry get a generic form and never stop the rendering.
"""
import re
import unicodedata

import numpy as np

from ..core import concrete
from .equations import Literal

# name: (value template, forward terms per argument, reverse terms per argument or None = same).
# A term of None marks an argument without a derivative (the condition of ``where``).
TEMPLATES = {
    "add": ("#0 + #1", ["#g", "#g"], None),
    "subtract": ("#0 - #1", ["#g", "-#g"], None),
    "multiply": (r"#0 \cdot #1", [r"#g \cdot #1", r"#g \cdot #0"], None),
    "divide": ("#0 / #1", ["#g / #1", r"-#g \cdot #y / #1"], None),
    "negative": ("-#0", ["-#g"], None),
    "power": ("#0^{#1}", [r"#g \cdot #1 \cdot #0^{#1 - 1}", r"#g \cdot #y \cdot \ln #0"], None),
    "square": ("#0^2", [r"#g \cdot 2 #0"], None),
    "reciprocal": ("1 / #0", [r"-#g \cdot #y^2"], None),
    "sqrt": (r"\sqrt{#0}", ["#g / (2 #y)"], None),
    "cbrt": (r"\sqrt[3]{#0}", ["#g / (3 #y^2)"], None),
    "exp": ("e^{#0}", [r"#g \cdot #y"], None),
    "exp2": ("2^{#0}", [r"#g \cdot #y \ln 2"], None),
    "expm1": ("e^{#0} - 1", [r"#g \cdot (#y + 1)"], None),
    "log": (r"\ln #0", ["#g / #0"], None),
    "log2": (r"\log_2 #0", [r"#g / (#0 \ln 2)"], None),
    "log10": (r"\log_{10} #0", [r"#g / (#0 \ln 10)"], None),
    "log1p": (r"\ln(1 + #0)", ["#g / (1 + #0)"], None),
    "logaddexp2": (r"\log_2(2^{#0} + 2^{#1})", [r"#g \cdot 2^{#0 - #y}", r"#g \cdot 2^{#1 - #y}"], None),
    "deg2rad": (r"#0 \cdot \pi / 180", [r"#g \cdot \pi / 180"], None),
    "rad2deg": (r"#0 \cdot 180 / \pi", [r"#g \cdot 180 / \pi"], None),
    "logaddexp": (r"\ln(e^{#0} + e^{#1})", [r"#g \cdot e^{#0 - #y}", r"#g \cdot e^{#1 - #y}"], None),
    "sin": (r"\sin #0", [r"#g \cdot \cos #0"], None),
    "cos": (r"\cos #0", [r"-#g \cdot \sin #0"], None),
    "tan": (r"\tan #0", [r"#g \cdot (1 + #y^2)"], None),
    "arcsin": (r"\arcsin #0", [r"#g / \sqrt{1 - #0^2}"], None),
    "arccos": (r"\arccos #0", [r"-#g / \sqrt{1 - #0^2}"], None),
    "arctan": (r"\arctan #0", ["#g / (1 + #0^2)"], None),
    "arctan2": (r"\operatorname{arctan2}(#0, #1)",
                [r"#g \cdot #1 / (#0^2 + #1^2)", r"-#g \cdot #0 / (#0^2 + #1^2)"], None),
    "hypot": (r"\sqrt{#0^2 + #1^2}", [r"#g \cdot #0 / #y", r"#g \cdot #1 / #y"], None),
    "sinh": (r"\sinh #0", [r"#g \cdot \cosh #0"], None),
    "cosh": (r"\cosh #0", [r"#g \cdot \sinh #0"], None),
    "tanh": (r"\tanh #0", [r"#g \cdot (1 - #y^2)"], None),
    "arcsinh": (r"\operatorname{arsinh} #0", [r"#g / \sqrt{#0^2 + 1}"], None),
    "arccosh": (r"\operatorname{arcosh} #0", [r"#g / \sqrt{#0^2 - 1}"], None),
    "arctanh": (r"\operatorname{artanh} #0", ["#g / (1 - #0^2)"], None),
    "sinc": (r"\operatorname{sinc} #0", [r"#g \cdot \operatorname{sinc}' #0"], None),
    "sinc_derivative": (r"\operatorname{sinc}^{(#1)} #0", [r"#g \cdot \operatorname{sinc}^{(#1 + 1)} #0", None], None),
    # Kinks and ties as the code resolves them (Iverson brackets: [p] is 1 if p holds, else 0).
    "absolute": (r"\lvert #0 \rvert", [r"#g \cdot ([#0 \geq 0] - [#0 < 0])"], None),
    "maximum": (r"\max(#0, #1)", [r"#g \cdot ([#0 > #1] + \tfrac{1}{2} [#0 = #1])",
                                  r"#g \cdot ([#1 > #0] + \tfrac{1}{2} [#0 = #1])"], None),
    "minimum": (r"\min(#0, #1)", [r"#g \cdot ([#0 < #1] + \tfrac{1}{2} [#0 = #1])",
                                  r"#g \cdot ([#1 < #0] + \tfrac{1}{2} [#0 = #1])"], None),
    "fabs": (r"\lvert #0 \rvert", [r"#g \cdot ([#0 \geq 0] - [#0 < 0])"], None),
    "fmax": (r"\operatorname{fmax}(#0, #1)", [r"#g \cdot ([#0 > #1] + \tfrac{1}{2} [#0 = #1])",
                                              r"#g \cdot ([#1 > #0] + \tfrac{1}{2} [#0 = #1])"], None),
    "fmin": (r"\operatorname{fmin}(#0, #1)", [r"#g \cdot ([#0 < #1] + \tfrac{1}{2} [#0 = #1])",
                                              r"#g \cdot ([#1 < #0] + \tfrac{1}{2} [#0 = #1])"], None),
    # Remainders: the quotient is piecewise constant, so only the explicit x and y terms remain.
    "mod": (r"#0 - \lfloor #0 / #1 \rfloor \cdot #1", ["#g", r"-#g \cdot \lfloor #0 / #1 \rfloor"], None),
    "fmod": (r"#0 - \operatorname{trunc}(#0 / #1) \cdot #1", ["#g", r"-#g \cdot \operatorname{trunc}(#0 / #1)"], None),
    "where": (r"\operatorname{where}(#0, #1, #2)",
              [None, r"\operatorname{where}(#0, #g, 0)", r"\operatorname{where}(#0, 0, #g)"], None),
    # Reductions and scans: the subscript is the axis.
    "sum": (r"\sum_{#[axis]} #0", [r"\sum_{#[axis]} #g"], [r"\operatorname{broadcast}(#g, #s0)"]),
    # prod's rules multiply the *other* entries (∏≠), never dividing by #0, so zeros are exact;
    # max/min share the derivative equally between tied entries.
    "prod": (r"\prod_{#[axis]} #0", [r"\sum_{#[axis]} #g \cdot \prod_{\neq} #0"], [r"#g \cdot \prod_{\neq} #0"]),
    "max": (r"\max_{#[axis]} #0", [r"\sum_{#[axis]} #g \cdot [#0 = #y] / \sum_{#[axis]} [#0 = #y]"],
            [r"#g \cdot [#0 = #y] / \sum_{#[axis]} [#0 = #y]"]),
    "min": (r"\min_{#[axis]} #0", [r"\sum_{#[axis]} #g \cdot [#0 = #y] / \sum_{#[axis]} [#0 = #y]"],
            [r"#g \cdot [#0 = #y] / \sum_{#[axis]} [#0 = #y]"]),
    "cumsum": (r"\operatorname{cumsum}_{#[axis]} #0", [r"\operatorname{cumsum}_{#[axis]} #g"],
               [r"\operatorname{revcumsum}_{#[axis]} #g"]),
    "cumprod": (r"\operatorname{cumprod}_{#[axis]} #0", None, None),
    # Moving elements around: every rule is the same kind of move.
    "reshape": (r"\operatorname{reshape}(#0, #[shape])", [r"\operatorname{reshape}(#g, #[shape])"],
                [r"\operatorname{reshape}(#g, #s0)"]),
    "transpose": (r"\operatorname{transpose}(#0, #[axes])", [r"\operatorname{transpose}(#g, #[axes])"],
                  [r"\operatorname{transpose}^{-1}(#g, #[axes])"]),
    "broadcast_to": (r"\operatorname{broadcast}(#0, #[shape])", [r"\operatorname{broadcast}(#g, #[shape])"],
                     [r"\operatorname{sum\_to}(#g, #s0)"]),
    "getitem": ("#0[#[index]]", ["#g[#[index]]"], [r"\operatorname{scatter}(#g, #[index], #s0)"]),
    "scatter_add": (r"\operatorname{scatter}(#0, #[index], #[shape])",
                    [r"\operatorname{scatter}(#g, #[index], #[shape])"], ["#g[#[index]]"]),
    "concatenate": (r"\operatorname{concat}_{#[axis]}(#*)", None, None),
    "astype": (r"\operatorname{astype}(#0, #[dtype])", [r"\operatorname{astype}(#g, #[dtype])"],
               [r"\operatorname{astype}(#g)"]),
    # Linear algebra, in matrix notation.
    "matmul": (r"#0 \, #1", [r"#g \, #1", r"#0 \, #g"], [r"#g \, #1^{\top}", r"#0^{\top} #g"]),
    "einsum": (r"\operatorname{einsum}_{#[spec]}(#*)", None, None),
    "inv": ("#0^{-1}", [r"-#y \, #g \, #y"], [r"-#y^{\top} #g \, #y^{\top}"]),
    "solve": (r"#0^{-1} #1", [r"-#0^{-1} #g \, #y", r"#0^{-1} #g"], [r"-#0^{-\top} #g \, #y^{\top}", r"#0^{-\top} #g"]),
    "det": (r"\det #0", [r"#y \operatorname{tr}(#0^{-1} #g)"], [r"#g \, #y \, #0^{-\top}"]),
    # Factorizations: rules too long for a table row, written in the generic form.
    "cholesky": (r"\operatorname{chol} #0", None, None),
    "eigh": (r"\operatorname{eigh} #0", None, None),
    "svd": (r"\operatorname{svd} #0", None, None),
    "qr": (r"\operatorname{qr} #0", None, None),
    "pinv": (r"#0^{+}", None, None),
    # autoint.scipy.special
    "erf": (r"\operatorname{erf} #0", [r"#g \cdot 2 e^{-#0^2} / \sqrt{\pi}"], None),
    "erfc": (r"\operatorname{erfc} #0", [r"-#g \cdot 2 e^{-#0^2} / \sqrt{\pi}"], None),
    "expit": (r"1 / (1 + e^{-#0})", [r"#g \cdot #y (1 - #y)"], None),
    "logit": (r"\ln(#0 / (1 - #0))", [r"#g / (#0 (1 - #0))"], None),
    "gammaln": (r"\ln \lvert \Gamma(#0) \rvert", [r"#g \cdot \psi(#0)"], None),
    "polygamma": (r"\psi^{(#1)}(#0)", [r"#g \cdot \psi^{(#1 + 1)}(#0)", None], None),
    "xlogy": (r"#0 \ln #1", [r"#g \cdot \ln #1", r"#g \cdot #0 / #1"], None),
    "xlog1py": (r"#0 \ln(1 + #1)", [r"#g \cdot \ln(1 + #1)", r"#g \cdot #0 / (1 + #1)"], None),
    "logabsdet": (r"\ln \lvert \det #0 \rvert", [r"\operatorname{tr}(#0^{-1} #g)"], [r"#g \, #0^{-\top}"]),
}

GENERIC_TANGENT = r"\partial #y / \partial #{k} \cdot #g"
GENERIC_ADJOINT = r"#g \cdot \partial #y / \partial #{k}"


def value_template(eqn):
    """The LaTeX template of an equation's right-hand side."""
    entry = TEMPLATES.get(eqn.prim.name)
    if entry is not None:
        return _all_axes(eqn, entry[0])
    extra = "".join(f", {k}=#[{k}]" for k in eqn.params)
    return r"\operatorname{" + _latex_escape(eqn.prim.name) + "}(#*" + extra + ")"


def rule_template(eqn, mode, k):
    """The template of argument ``k``'s term in the forward ('jvp') or reverse ('vjp') rule."""
    special = _constant_power(eqn, k)
    if special is not None:
        return special
    entry = TEMPLATES.get(eqn.prim.name)
    terms = None
    if entry is not None:
        terms = entry[1] if mode == "jvp" or entry[2] is None else entry[2]
    if terms is None or k >= len(terms) or terms[k] is None:
        generic = GENERIC_TANGENT if mode == "jvp" else GENERIC_ADJOINT
        return generic.replace("#{k}", f"#{k}")
    return _all_axes(eqn, terms[k])


def _all_axes(eqn, template):
    """A reduction over every axis is written without its subscript: ``\\sum v_1``."""
    axis = eqn.params.get("axis")
    if isinstance(axis, tuple) and axis == tuple(range(np.ndim(concrete(eqn.values[0])))):
        return template.replace("_{#[axis]}", "")
    return template


def _constant_power(eqn, k):
    """x ** p with a constant p: the textbook p x^{p-1} with p - 1 worked out."""
    if eqn.prim.name != "power" or k != 0 or not isinstance(eqn.args[1], Literal):
        return None
    p = concrete(eqn.args[1].value)
    if np.ndim(p) or not np.isrealobj(p):
        return None
    coeff = format_number(p)
    coeff = f"({coeff})" if coeff.startswith("-") else coeff
    if p - 1 == 1:
        return r"#g \cdot " + coeff + " #0"
    return r"#g \cdot " + coeff + " #0^{" + format_number(p - 1) + "}"


# -- values ------------------------------------------------------------------------------------


def format_number(x):
    """A scalar with three decimals, as in Baydin et al.'s tables; scientific when tiny or huge."""
    if isinstance(x, (bool, np.bool_, int, np.integer)):
        return str(x)
    if np.iscomplexobj(x):
        return f"{complex(x):.4g}"
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):
        return str(x)
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1e6:
        return f"{x:.3f}".rstrip("0").rstrip(".")
    mantissa, exponent = f"{x:.3e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent):+03d}"


def shape_text(shape, times="×"):
    return times.join(str(n) for n in shape)


# -- styles ------------------------------------------------------------------------------------


class Style:
    """How variables, literals and templates are spelled: ``Style("latex")`` or ``Style("text")``."""

    def __init__(self, kind):
        assert kind in ("latex", "text")
        self.kind = kind

    def name(self, letter, index=None, mark=""):
        """``v_{-1}``/``v₋₁`` (index -1), ``\\dot x_1``/``ẋ₁`` (mark 'dot'), ``\\bar y``/``ȳ`` (mark 'bar')."""
        if self.kind == "latex":
            sub = "" if index is None else "_{" + str(index) + "}" if len(str(index)) > 1 else f"_{index}"
            return (f"\\{mark} " if mark else "") + letter + sub
        accent = {"": "", "dot": "\u0307", "bar": "\u0304"}[mark]
        # NFC: ẋ, ẏ, ȳ become the single characters people type; v̇ and x̄ keep a combining accent.
        return unicodedata.normalize("NFC", letter + accent) + ("" if index is None else subscript(str(index)))

    def value(self, x):
        """A value in a table: a scalar's digits, an array's shape."""
        x = concrete(x)
        shape = np.shape(x)
        if shape:
            if self.kind == "latex":
                return "[" + shape_text(shape, r" \times ") + r"\ \text{array}]"
            return f"[{shape_text(shape)} array]"
        text = format_number(np.asarray(x)[()])
        if self.kind == "latex" and "e" in text and text[-1].isdigit():
            mantissa, exponent = text.split("e")
            return mantissa + r" \times 10^{" + str(int(exponent)) + "}"
        return text

    def literal(self, x):
        """A constant inside a formula: parenthesized when negative."""
        text = self.value(x)
        return f"({text})" if text.startswith("-") else text

    def fill(self, template, args, out, incoming=None, params=None, shapes=()):
        """Substitute spelled names, parameters and shapes into a LaTeX template.

        In text style the conversion to Unicode comes last, so that a constant
        exponent becomes a superscript (``v₀²``); Unicode names contain none of
        the characters the conversion rewrites.
        """
        params = params or {}

        def sub(m):
            key = m.group(1)
            if key.startswith("["):
                return self.param(key[1:-1], params.get(key[1:-1]))
            if key.startswith("s"):
                return str(tuple(int(n) for n in shapes[int(key[1:])]))
            if key == "*":
                return ", ".join(args)
            if key == "y":
                return out
            if key == "g":
                return incoming
            return args[int(key)] if int(key) < len(args) else "?"

        # A negative constant needs no parentheses as an exponent: v^{-1}, not v^{(-1)}.
        text = re.sub(r"\^\{\((-[^{}()]*)\)\}", r"^{\1}", PLACEHOLDER.sub(sub, template))
        return to_unicode(text) if self.kind == "text" else text

    def param(self, name, p):
        text = format_param(name, p)
        return text if self.kind == "text" else _latex_escape(text)


PLACEHOLDER = re.compile(r"#(\[\w+\]|s\d+|\d+|g|y|\*)")


def format_param(name, p):
    """A parameter as a reader would write it: axes ``0,1``, a shape ``(3, 2)``, an index ``:, 0``, a spec ``ij,jk→ik``."""
    if name == "spec" and isinstance(p, tuple) and len(p) == 2:
        return ",".join(p[0]) + "→" + p[1]  # einsum (inputs, output)
    if name == "shape" and isinstance(p, tuple):
        return str(tuple(int(n) for n in p))
    if name in ("axis", "axes") and isinstance(p, tuple):
        return ",".join(str(i) for i in p)
    if isinstance(p, tuple):
        return ", ".join(_index_item(i) for i in p)
    if isinstance(p, np.dtype) or isinstance(p, type):
        return np.dtype(p).name
    return _index_item(p)


def _index_item(i):
    if isinstance(i, slice):
        parts = ["" if v is None else str(v) for v in (i.start, i.stop, i.step)]
        return ":".join(parts[:2]) + (f":{parts[2]}" if i.step is not None else "")
    if i is None:
        return "None"
    if i is Ellipsis:
        return "..."
    if isinstance(i, np.ndarray):
        return ("mask" if i.dtype == bool else "idx") + f"[{shape_text(i.shape)}]"
    return str(i)


def _latex_escape(text):
    for char, escaped in (("\\", r"\backslash "), ("_", r"\_"), ("%", r"\%"), ("&", r"\&"), ("#", r"\#"),
                          ("$", r"\$"), ("{", r"\{"), ("}", r"\}"), ("→", r"\to "), ("×", r"\times ")):
        text = text.replace(char, escaped)
    return text


# -- LaTeX to Unicode ----------------------------------------------------------------------------

_MACROS = [
    (r"\operatorname{sum\_to}", "sum_to"), (r"\cdot", "·"), (r"\times", "×"), (r"\partial ", "∂"),
    (r"\sum", "∑"), (r"\prod", "∏"), (r"\lvert", "|"), (r"\rvert", "|"), (r"\top", "ᵀ"), (r"\,", " "),
    (r"\ ", " "), (r"\_", "_"), (r"\to", "→"), (r"\ln", "ln"), (r"\log", "log"), (r"\det", "det"),
    (r"\max", "max"), (r"\min", "min"), (r"\tfrac{1}{2}", "½"), (r"\geq", "≥"), (r"\neq", "≠"),
    (r"\pi", "π"), (r"\Gamma", "Γ"), (r"\psi", "ψ"), (r"\lfloor", "⌊"), (r"\rfloor", "⌋"),
]
_FUNCTION = re.compile(r"\\(?:operatorname|mathrm|text)\{([^{}]*)\}|\\([a-z]+)")
_SQRT = re.compile(r"\\sqrt(\[3\])?\{([^{}]*)\}")
_SCRIPT = re.compile(r"([_^])(\{([^{}]*)\}|[^{\s\\])")

_SUP = dict(zip("0123456789+-()ᵀ", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁽⁾ᵀ"))
_SUB = dict(zip("0123456789+-()", "₀₁₂₃₄₅₆₇₈₉₊₋₍₎"))


def subscript(text):
    return "".join(_SUB[c] for c in text) if all(c in _SUB for c in text) else "_" + text


def to_unicode(template):
    """Spell a LaTeX template in plain Unicode: ``#0 \\cdot \\sin #1`` → ``#0 · sin #1``."""
    text = _SQRT.sub(lambda m: ("∛" if m.group(1) else "√") + "(" + m.group(2) + ")", template)
    for macro, plain in _MACROS:
        text = text.replace(macro, plain)
    text = _FUNCTION.sub(lambda m: (m.group(1) or m.group(2)).replace(r"\_", "_"), text)
    text = _SCRIPT.sub(_script, text)
    return re.sub(" +", " ", text.replace("{", "").replace("}", ""))


def _script(m):
    kind, body = m.group(1), m.group(3) if m.group(3) is not None else m.group(2)
    table = _SUP if kind == "^" else _SUB
    if body and all(c in table for c in body):
        return "".join(table[c] for c in body)
    simple = " " not in body or (body[:1] == "(" and body[-1:] == ")")
    return kind + (body if simple else f"({body})")
