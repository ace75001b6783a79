"""A 50-dimensional Hessian, as a multiple of one evaluation of the function."""
import numpy as np

from .timing import best_time, optional


def make_f(xnp, a, c):
    def f(x):
        return xnp.sum(xnp.tanh(a @ x) ** 2) + xnp.sum(c * xnp.sin(x) * x) + xnp.log(1.0 + x @ x)

    return f


def reference_hessian(a, c, x):
    """Closed form, term by term."""
    u = np.tanh(a @ x)
    s = 1 - u**2
    h1 = a.T @ ((2 * s * s - 4 * u * u * s)[:, None] * a)
    h2 = np.diag(c * (2 * np.cos(x) - x * np.sin(x)))
    q = 1.0 + x @ x
    h3 = 2 * np.eye(len(x)) / q - 4 * np.outer(x, x) / q**2
    return h1 + h2 + h3


def run(n=50):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n)) / np.sqrt(n)
    c = rng.standard_normal(n)
    x = rng.standard_normal(n)
    f = make_f(np, a, c)
    t_f = best_time(lambda: f(x), repeat=20, number=50)
    rows = {"function (µs)": t_f * 1e6}

    import autoint as ai
    import autoint.numpy as anp

    h = ai.hessian(make_f(anp, a, c))
    assert np.allclose(h(x), reference_hessian(a, c, x))
    rows["autoint"] = best_time(lambda: h(x), repeat=7) / t_f
    autograd = optional("autograd")
    if autograd:
        import autograd.numpy as agnp

        ah = autograd.hessian(make_f(agnp, a, c))
        rows["autograd"] = best_time(lambda: ah(x), repeat=3) / t_f
    return rows
