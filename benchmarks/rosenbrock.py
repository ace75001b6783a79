"""W4: the Hessian of the Rosenbrock function in 50 dimensions, as a multiple of one evaluation."""
import numpy as np

from . import peers
from .timing import interleaved

N = 50


def rosenbrock(xnp):
    def f(x):
        return xnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)

    return f


def hand_hessian(x):
    """Closed form: tridiagonal."""
    n = len(x)
    h = np.zeros((n, n))
    d = np.zeros(n)
    d[:-1] += 1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0
    d[1:] += 200.0
    h[np.arange(n), np.arange(n)] = d
    off = -400.0 * x[:-1]
    h[np.arange(n - 1), np.arange(1, n)] = off
    h[np.arange(1, n), np.arange(n - 1)] = off
    return h


def hessians():
    import autoint as ai
    import autoint.numpy as anp

    out = {"autoint": ai.hessian(rosenbrock(anp))}
    autograd = peers.autograd()
    if autograd:
        import autograd.numpy as agnp

        out["autograd"] = autograd.hessian(rosenbrock(agnp))
    torch = peers.torch()
    if torch:
        th = torch.func.hessian(rosenbrock(torch))
        out["torch eager"] = lambda x: th(torch.tensor(x)).numpy()
    jax = peers.jax()
    if jax:
        import jax.numpy as jnp

        jh = jax.hessian(rosenbrock(jnp))
        jj = jax.jit(jh)
        out["jax eager"] = lambda x: np.asarray(jh(x))
        out["jax jit"] = lambda x: np.asarray(jj(x))
    out["hand-written"] = hand_hessian
    return out


def run(rounds):
    x = np.random.default_rng(4).uniform(-1.5, 1.5, N)
    f = rosenbrock(np)
    timed = {"f": lambda: f(x)}
    expected = hand_hessian(x)
    for name, fn in hessians().items():
        assert np.allclose(fn(x), expected, rtol=1e-10, atol=1e-9), f"{name}: wrong Hessian"
        timed[name] = lambda fn=fn: fn(x)
    result = interleaved(timed, "f", rounds)
    values = {name: r for name, (_, r) in result.items() if name != "f"}
    return [dict(key="W4", label=f"Hessian of Rosenbrock, n = {N}", unit="× f", values=values, target=25,
                 note=f"f: {result['f'][0] * 1e6:.1f} µs")]
