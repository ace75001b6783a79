"""Gradient of an MLP loss, as a multiple of the plain NumPy forward pass."""
import numpy as np

from .timing import best_time, optional


def init(rng, sizes):
    return [
        {"w": rng.standard_normal((m, n)) / np.sqrt(m), "b": np.zeros(n)} for m, n in zip(sizes[:-1], sizes[1:])
    ]


def make_loss(xnp):
    """The same loss written once against a NumPy-like module ``xnp``."""

    def loss(params, x, labels):
        h = x
        for layer in params[:-1]:
            h = xnp.tanh(h @ layer["w"] + layer["b"])
        logits = h @ params[-1]["w"] + params[-1]["b"]
        m = xnp.max(logits, axis=1, keepdims=True)
        shifted = logits - m
        log_probs = shifted - xnp.log(xnp.sum(xnp.exp(shifted), axis=1, keepdims=True))
        return -xnp.mean(xnp.sum(log_probs * labels, axis=1))

    return loss


def hand_gradient(params, x, labels):
    """Backpropagation written out by hand in NumPy (the classic reference)."""
    hs = [x]
    for layer in params[:-1]:
        hs.append(np.tanh(hs[-1] @ layer["w"] + layer["b"]))
    logits = hs[-1] @ params[-1]["w"] + params[-1]["b"]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    d = (p - labels) / x.shape[0]
    grads = []
    for i in range(len(params) - 1, -1, -1):
        grads.append({"w": hs[i].T @ d, "b": d.sum(axis=0)})
        if i:
            d = (d @ params[i]["w"].T) * (1 - hs[i] ** 2)
    return grads[::-1]


def run(batch=128, sizes=(784, 256, 256, 10)):
    rng = np.random.default_rng(0)
    params = init(rng, sizes)
    x = rng.standard_normal((batch, sizes[0]))
    labels = np.eye(sizes[-1])[rng.integers(0, sizes[-1], batch)]
    forward = make_loss(np)
    t_forward = best_time(lambda: forward(params, x, labels), repeat=15)
    rows = {"NumPy forward (ms)": t_forward * 1e3}

    import autoint as ai
    import autoint.numpy as anp

    g = ai.grad(make_loss(anp))
    ours, ref = g(params, x, labels), hand_gradient(params, x, labels)
    assert all(np.allclose(a["w"], b["w"]) for a, b in zip(ours, ref))
    rows["autoint"] = best_time(lambda: g(params, x, labels), repeat=15) / t_forward
    rows["hand-written NumPy gradient"] = best_time(lambda: hand_gradient(params, x, labels), repeat=15) / t_forward
    autograd = optional("autograd")
    if autograd:
        import autograd.numpy as agnp

        ag = autograd.grad(make_loss(agnp))
        rows["autograd"] = best_time(lambda: ag(params, x, labels), repeat=15) / t_forward
    return rows
