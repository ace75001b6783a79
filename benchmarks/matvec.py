"""W3: the gradient of sum(tanh(A @ x)) at n = 10, 100, 1000, and its full Jacobian by forward mode.

Timed as multiples of one NumPy evaluation of f.  The hand-written gradient is
``A.T @ (1 - t²)``; the hand-written forward-mode Jacobian pushes the identity
through as forward mode would: ``(1 - t²)[:, None] * (A @ I)``.
"""
import numpy as np

from . import peers
from .timing import interleaved

SIZES = (10, 100, 1000)


def problem(n):
    rng = np.random.default_rng(n)
    return rng.standard_normal((n, n)) / np.sqrt(n), rng.standard_normal(n)


def gradients(a):
    """name -> function of x returning the gradient of sum(tanh(A @ x))."""
    import autoint as ai
    import autoint.numpy as anp

    out = {"autoint": ai.grad(lambda x: anp.sum(anp.tanh(a @ x)))}
    autograd = peers.autograd()
    if autograd:
        import autograd.numpy as agnp

        out["autograd"] = autograd.grad(lambda x: agnp.sum(agnp.tanh(a @ x)))
    torch = peers.torch()
    if torch:
        ta = torch.tensor(a)

        def torch_grad(x):
            tx = torch.tensor(x, requires_grad=True)
            return torch.autograd.grad(torch.sum(torch.tanh(ta @ tx)), tx)[0].numpy()

        out["torch eager"] = torch_grad
    jax = peers.jax()
    if jax:
        import jax.numpy as jnp

        ja = jnp.asarray(a)
        g = jax.grad(lambda x: jnp.sum(jnp.tanh(ja @ x)))
        gj = jax.jit(g)
        out["jax eager"] = lambda x: np.asarray(g(x))
        out["jax jit"] = lambda x: np.asarray(gj(x))
    out["hand-written"] = lambda x: a.T @ (1 - np.tanh(a @ x) ** 2)
    return out


def jacobians(a):
    """name -> function of x returning the Jacobian of tanh(A @ x), by forward mode where the library has it."""
    import autoint as ai
    import autoint.numpy as anp

    out = {"autoint": ai.jacfwd(lambda x: anp.tanh(a @ x))}
    autograd = peers.autograd()
    if autograd:  # autograd has only reverse mode: its jacobian is n backward passes
        import autograd.numpy as agnp

        out["autograd"] = autograd.jacobian(lambda x: agnp.tanh(a @ x))
    torch = peers.torch()
    if torch:
        ta = torch.tensor(a)
        jf = torch.func.jacfwd(lambda x: torch.tanh(ta @ x))
        out["torch eager"] = lambda x: jf(torch.tensor(x)).numpy()
    jax = peers.jax()
    if jax:
        import jax.numpy as jnp

        ja = jnp.asarray(a)
        j = jax.jacfwd(lambda x: jnp.tanh(ja @ x))
        jj = jax.jit(j)
        out["jax eager"] = lambda x: np.asarray(j(x))
        out["jax jit"] = lambda x: np.asarray(jj(x))
    out["hand-written"] = lambda x: (1 - np.tanh(a @ x) ** 2)[:, None] * (a @ np.eye(len(x)))
    return out


def run(rounds):
    rows = []
    for n in SIZES:
        a, x = problem(n)
        ref = a.T @ (1 - np.tanh(a @ x) ** 2)
        f = lambda: np.sum(np.tanh(a @ x))  # noqa: E731
        work = [("grad", gradients(a), ref)]
        if n == SIZES[-1]:
            work.append(("jacfwd", jacobians(a), (1 - np.tanh(a @ x) ** 2)[:, None] * a))
        for kind, fns, expected in work:
            timed = {"f": f}
            for name, fn in fns.items():
                assert np.allclose(fn(x), expected, rtol=1e-9, atol=1e-12), f"{name}: wrong {kind}"
                timed[name] = lambda fn=fn: fn(x)
            result = interleaved(timed, "f", rounds)
            values = {name: r for name, (_, r) in result.items() if name != "f"}
            note = f"f: {result['f'][0] * 1e6:.1f} µs"
            if kind == "grad":
                target = {10: 5, 1000: 2.1}.get(n)
                rows.append(dict(key=f"W3 n={n}", label=f"gradient of sum(tanh(A @ x)), n = {n:,}", unit="× f",
                                 values=values, target=target, note=note))
            else:
                rows.append(dict(key=f"W3 jacfwd n={n}", label=f"full Jacobian of tanh(A @ x) by forward mode "
                                 f"(`jacfwd`), n = {n:,}", unit="× f", values=values, target=100,
                                 note=note + "; autograd's is reverse mode (it has no forward mode)"))
    return rows
