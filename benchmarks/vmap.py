"""vmap: per-example gradients of the MLP loss, and jacrev of a wide map, against loops.

Per-example gradients (batch 128, a 784-256-10 MLP): ``vmap(grad(loss))`` against
a Python loop of ``grad`` calls, and against ``torch.func.vmap(torch.func.grad)``
when torch is installed.  Goal: at least 10x the loop, not slower than torch.func.
The result alone is large (the first layer's gradients are 128 x 784 x 256 numbers), so
the time of one NumPy product that writes it is reported as the floor.  The autoint
contenders are measured alternately, so load on the machine hits them alike; torch is
imported and measured last (importing it changes how NumPy runs).

Also: per-example gradients with respect to the input (small results), and ``jacrev`` of
f: R^1000 -> R^100 with one backward pass per output row against one batched pass.
"""
import numpy as np

from .timing import best_time, optional


def make_example_loss(xnp):
    """Loss of one example (x: 784 pixels, label: one-hot 10), written against ``xnp``."""

    def loss(params, x, label):
        h = xnp.tanh(x @ params[0]["w"] + params[0]["b"])
        logits = h @ params[1]["w"] + params[1]["b"]
        shifted = logits - xnp.max(logits)
        return -xnp.sum((shifted - xnp.log(xnp.sum(xnp.exp(shifted)))) * label)

    return loss


def interleaved(fns, rounds=5, repeat=3):
    """Best time of each function, measured in alternation (round-robin) for ``rounds`` rounds."""
    best = {k: float("inf") for k in fns}
    for _ in range(rounds):
        for k, fn in fns.items():
            best[k] = min(best[k], best_time(fn, repeat=repeat))
    return best


def run(batch=128, sizes=(784, 256, 10)):
    import autoint as ai
    import autoint.numpy as anp
    from .mlp import init

    rng = np.random.default_rng(0)
    params = init(rng, sizes)
    xs = rng.standard_normal((batch, sizes[0]))
    labels = np.eye(sizes[-1])[rng.integers(0, sizes[-1], batch)]
    loss = make_example_loss(anp)
    g = ai.grad(loss)
    per_example = ai.vmap(g, in_axes=(None, 0, 0))

    def loop():
        return [g(params, x, y) for x, y in zip(xs, labels)]

    ours, ref = per_example(params, xs, labels), loop()
    assert all(np.allclose(ours[k]["w"][i], r[k]["w"]) for i, r in enumerate(ref) for k in range(2))
    first = ours[0]["w"][:8].copy()
    del ours, ref  # 205 MB each
    # The first layer's per-example gradients alone are batch x 784 x 256 numbers (205 MB at batch 128):
    # one NumPy product that writes them is the floor for any method that returns them.
    h = np.tanh(xs @ params[0]["w"])
    fns = {
        "vmap(grad)": lambda: per_example(params, xs, labels),
        "loop of grad": loop,
        "floor: one product writing the first layer's gradients": lambda: xs[:, :, None] * h[:, None, :],
    }
    t = interleaved(fns)
    rows = {f"{k} (ms)": v * 1e3 for k, v in t.items()}
    rows["speed-up of vmap(grad) over the loop"] = t["loop of grad"] / t["vmap(grad)"]
    rows["vmap(grad) time / floor"] = t["vmap(grad)"] / t["floor: one product writing the first layer's gradients"]

    # Per-example gradients with respect to the input (small results: 128 x 784), where the time is
    # the interpreters' work rather than writing memory.
    gx = ai.grad(loss, argnums=1)
    per_example_x = ai.vmap(gx, in_axes=(None, 0, 0))
    assert np.allclose(per_example_x(params, xs, labels)[3], gx(params, xs[3], labels[3]))
    t = interleaved({
        "vmap": lambda: per_example_x(params, xs, labels),
        "loop": lambda: [gx(params, x, y) for x, y in zip(xs, labels)],
    })
    rows["input gradients: vmap(grad) (ms)"] = t["vmap"] * 1e3
    rows["input gradients: loop of grad (ms)"] = t["loop"] * 1e3
    rows["input gradients: speed-up of vmap(grad)"] = t["loop"] / t["vmap"]

    # jacrev of f: R^1000 -> R^100, one backward pass per row (a loop) against one batched pass (vmap).
    a = rng.standard_normal((100, 1000)) / 30

    def f(x):
        return anp.tanh(a @ anp.sin(x)) * anp.sum(x * x)

    x0 = rng.standard_normal(1000)
    from autoint.api import _jacrev

    j_vmap, j_loop = ai.jacrev(f), _jacrev(f, 0, batched=False)
    assert np.allclose(j_vmap(x0), j_loop(x0))
    t = interleaved({"loop": lambda: j_loop(x0), "vmap": lambda: j_vmap(x0)})
    rows["jacrev R^1000->R^100, one pass per row (ms)"] = t["loop"] * 1e3
    rows["jacrev R^1000->R^100, vmap over the VJP (ms)"] = t["vmap"] * 1e3
    rows["jacrev speed-up of the batched pass"] = t["loop"] / t["vmap"]

    # torch last: importing it changes how NumPy runs in the same process (see run.py).
    torch = optional("torch")
    if torch is not None:
        tparams = [{k: torch.tensor(v) for k, v in layer.items()} for layer in params]
        tg = torch.func.vmap(torch.func.grad(make_example_loss(torch)), in_dims=(None, 0, 0))
        txs, tlabels = torch.tensor(xs), torch.tensor(labels)
        assert np.allclose(tg(tparams, txs, tlabels)[0]["w"][:8].numpy(), first)
        t_torch = interleaved({"torch": lambda: tg(tparams, txs, tlabels)})["torch"]
        rows["torch.func vmap(grad) (ms)"] = t_torch * 1e3
        rows["vmap(grad) time / torch.func time"] = rows["vmap(grad) (ms)"] / (t_torch * 1e3)
    return rows


if __name__ == "__main__":
    for k, v in run().items():
        print(f"{k:<48} {v:10.3f}")
