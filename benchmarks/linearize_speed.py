"""One call of ``linearize``'s ``f_jvp`` against one ``jvp``: what staging the linear program saves.

``jvp`` re-runs ``f`` with tangents every call; ``f_jvp`` replays only the
recorded linear equations, with everything that depends on the primals
(``cos x``, ``1 - tanh² …``) already computed.  Times are the best of several
calls; nothing here is a test.

    python -m benchmarks.linearize_speed
"""
import numpy as np

from .timing import best_time


def cases():
    import autoint.numpy as anp

    def baydin(x):
        return anp.log(x[0]) + x[0] * x[1] - anp.sin(x[1])

    def elementwise(x):
        return anp.sum(anp.tanh(anp.sin(x) * anp.exp(-x * x)) + anp.log1p(x * x))

    rng = np.random.default_rng(0)
    W1, W2 = rng.normal(size=(64, 32)) / 8, rng.normal(size=(32, 64)) / 8

    def mlp(x):
        h = anp.tanh(x @ W1)
        return anp.sum(anp.tanh(h @ W2) ** 2)

    return {
        "Baydin's f, 2 scalars (array of 2)": (baydin, np.array([2.0, 5.0])),
        "elementwise chain on 10^5 floats": (elementwise, rng.normal(size=100_000)),
        "2-layer MLP, batch 256": (mlp, rng.normal(size=(256, 64))),
    }


def run(repeat=7):
    import autoint as ai

    rows = {}
    for name, (f, x) in cases().items():
        v = np.ones_like(x)
        _, f_jvp = ai.linearize(f, x)
        assert np.allclose(f_jvp(v), ai.jvp(f, (x,), (v,))[1], rtol=1e-12)
        t_jvp = best_time(lambda: ai.jvp(f, (x,), (v,)), repeat=repeat)
        t_lin = best_time(lambda: f_jvp(v), repeat=repeat)
        rows[f"{name}: jvp µs"] = t_jvp * 1e6
        rows[f"{name}: f_jvp µs"] = t_lin * 1e6
        rows[f"{name}: jvp / f_jvp"] = t_jvp / t_lin
    return rows


def main():
    for who, value in run().items():
        print(f"  {who:<52} {value:12.2f}")


if __name__ == "__main__":
    main()
