"""W5: per-call overhead: ``grad(tanh)(0.3)`` and its nested derivatives up to order 4.

Timed as multiples of one ``math.tanh`` call, the cost of the function itself.
"""
import math

from . import peers
from .timing import interleaved

X = 0.3
ORDERS = (1, 2, 3, 4)
TARGETS = {1: 120, 4: 1500}


def exact(k, x=X):
    """k-th derivative of tanh in closed form (t = tanh x)."""
    t = math.tanh(x)
    s = 1 - t * t
    return {1: s, 2: -2 * t * s, 3: 2 * s * (3 * t * t - 1), 4: 8 * t * s * (2 - 3 * t * t)}[k]


def nest(grad, f, k):
    for _ in range(k):
        f = grad(f)
    return f


def derivatives(k):
    import autoint as ai
    import autoint.numpy as anp

    out = {"autoint": nest(ai.grad, anp.tanh, k)}
    autograd = peers.autograd()
    if autograd:
        import autograd.numpy as agnp

        out["autograd"] = nest(autograd.grad, agnp.tanh, k)
    torch = peers.torch()
    if torch:

        def torch_derivative(x):
            tx = torch.tensor(x, requires_grad=True)
            y = torch.tanh(tx)
            for _ in range(k):
                (y,) = torch.autograd.grad(y, tx, create_graph=True)
            return y.item()

        out["torch eager"] = torch_derivative
    jax = peers.jax()
    if jax:
        import jax.numpy as jnp

        d = nest(jax.grad, jnp.tanh, k)
        dj = jax.jit(d)
        out["jax eager"] = lambda x: float(d(x))
        out["jax jit"] = lambda x: float(dj(x))
    return out


def run(rounds):
    rows = []
    for k in ORDERS:
        timed = {"math.tanh": lambda: math.tanh(X)}
        for name, fn in derivatives(k).items():
            assert math.isclose(float(fn(X)), exact(k), rel_tol=1e-12), f"{name}: wrong derivative of order {k}"
            timed[name] = lambda fn=fn: fn(X)
        result = interleaved(timed, "math.tanh", rounds)
        values = {name: r for name, (_, r) in result.items() if name != "math.tanh"}
        label = "`grad(tanh)(0.3)` (per-call overhead)" if k == 1 else f"derivative of order {k} of tanh by nested `grad`"
        rows.append(dict(key=f"W5 order {k}", label=label, unit="× math.tanh", values=values, target=TARGETS.get(k),
                         note=f"math.tanh: {result['math.tanh'][0] * 1e9:.0f} ns" if k == 1 else ""))
    return rows
