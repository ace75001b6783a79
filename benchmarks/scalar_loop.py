"""W1: gradients of a Python loop of scalar float operations.

The loop body ``y = y * A + x_k * B`` is three scalar operations; 464 steps and
a final square make 1,393 operations.  W1b has one float input (``x_k = x``,
reused every step, so the backward pass also accumulates); W1a has 200 float
inputs in a list, each used two or three times.
"""
import numpy as np

from . import peers
from .timing import interleaved

A, B = 0.999, 0.001
STEPS = 464
OPS = 3 * STEPS + 1


def loop(xs):
    y = xs[0]
    for k in range(STEPS):
        y = y * A + xs[k % len(xs)] * B
    return y * y


def reference_gradient(xs):
    """Closed form: y is linear in the inputs, y = c · xs, so d(y²)/dxs = 2 y c."""
    n = len(xs)
    c = np.zeros(n)
    c[0] = A**STEPS
    for k in range(STEPS):
        c[k % n] += B * A ** (STEPS - 1 - k)
    return 2 * float(c @ np.asarray(xs)) * c


def hand_gradient(xs):
    """The backward pass of ``loop`` written out by hand on floats."""
    n = len(xs)
    y = xs[0]
    for k in range(STEPS):
        y = y * A + xs[k % n] * B
    g = [0.0] * n
    gy = 2.0 * y
    for k in range(STEPS - 1, -1, -1):
        g[k % n] += gy * B
        gy *= A
    g[0] += gy
    return g


def candidates(one_float):
    """name -> function of a list of floats returning the gradient as a list.

    With ``one_float`` the differentiated function takes a float, not a list
    (the common case of ``grad(f)(x)``), where each library allows it.
    """
    import autoint as ai

    def by_float(grad):
        g = grad(lambda x: loop([x]))
        return lambda xs: [float(g(xs[0]))]

    def by_list(grad):
        g = grad(loop)
        return lambda xs: [float(v) for v in g(xs)]

    wrap = by_float if one_float else by_list
    out = {"autoint": wrap(ai.grad)}
    autograd = peers.autograd()
    if autograd:
        out["autograd"] = wrap(autograd.grad)
    torch = peers.torch()
    if torch:

        def torch_grad(xs):
            ts = [torch.tensor(x, requires_grad=True) for x in xs]
            return [g.item() for g in torch.autograd.grad(loop(ts), ts)]

        out["torch eager"] = torch_grad
    mg = peers.micrograd()
    if mg:

        def micrograd_grad(xs):
            vs = [mg.Value(x) for x in xs]
            loop(vs).backward()
            return [v.grad for v in vs]

        out["micrograd"] = micrograd_grad
    jax = peers.jax()
    if jax:
        out["jax eager"] = wrap(jax.grad)
        out["jax jit"] = wrap(lambda f: jax.jit(jax.grad(f)))
    out["hand-written"] = hand_gradient
    return out


def run(rounds):
    rng = np.random.default_rng(0)
    rows = []
    for key, n in (("W1b", 1), ("W1a", 200)):
        xs = [float(v) for v in rng.uniform(0.5, 1.5, n)]
        ref = reference_gradient(xs)
        timed = {"f on floats": lambda: loop(xs)}
        for name, fn in candidates(n == 1).items():
            assert np.allclose(fn(xs), ref, rtol=1e-10, atol=0), name  # checked before it is timed
            timed[name] = lambda fn=fn: fn(xs)
        result = interleaved(timed, "f on floats", rounds)
        if key == "W1b":
            values = {name: t * 1e6 / OPS for name, (t, _) in result.items() if name != "f on floats"}
            rows.append(dict(key=key, label=f"gradient of a {OPS:,}-op scalar loop, one float in", unit="µs per op",
                             values=values, target=0.7))
        else:
            values = {name: r for name, (_, r) in result.items() if name != "f on floats"}
            rows.append(dict(key=key, label=f"same loop, {n} floats in (list)", unit="× plain-float f",
                             values=values, target=80,
                             note=f"f on floats: {result['f on floats'][0] * 1e6:.0f} µs"))
    return rows
