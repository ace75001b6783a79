"""Peak memory of reverse mode with and without ``ai.checkpoint``: memory traded for recomputation.

The function is a loop of ``n`` steps on an array state; its gradient is taken
plainly (the tape keeps every step's values) and with the loop split into
``segments`` checkpointed segments of ``n / segments`` steps each (the tape
keeps the segment boundaries; each segment's inside is recomputed in the
backward pass).  Peak memory is measured with ``tracemalloc`` during one
``grad`` call; time is the best of a few calls.  Nothing here is a test.

    python -m benchmarks.checkpoint_memory          # n = 10_000 steps, state of 100 floats
    python -m benchmarks.checkpoint_memory --quick  # n = 1_600
"""
import argparse
import math
import tracemalloc

import numpy as np

from .timing import best_time


def step(x):
    """One step of a damped map on the state: x ← 0.999 x + 0.01 sin x."""
    import autoint.numpy as anp

    return 0.999 * x + 0.01 * anp.sin(x)


def make_loss(n, segments):
    """sum of the state after ``n`` steps; ``segments`` checkpointed segments (0: none)."""
    import autoint as ai

    import autoint.numpy as anp

    def run_steps(x, count):
        for _ in range(count):
            x = step(x)
        return x

    if not segments:
        return lambda x: anp.sum(run_steps(x, n))
    length = n // segments
    segment = ai.checkpoint(lambda x: run_steps(x, length))

    def loss(x):
        for _ in range(segments):
            x = segment(x)
        return anp.sum(x)

    return loss


def peak_bytes(fn):
    """Peak memory allocated (bytes, above what was allocated before) during one call of ``fn``."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def run(n=10_000, size=100, repeat=3):
    import autoint as ai

    x = np.linspace(-1.0, 1.0, size)
    reference = ai.grad(make_loss(n, 0))(x)
    rows = {}
    root = int(round(math.sqrt(n)))
    for segments in sorted({0, 10, root, n // 10}):
        g = ai.grad(make_loss(n, segments))
        assert np.allclose(g(x), reference, rtol=1e-12, atol=1e-12)  # same gradient, whatever the segments
        label = "no checkpoint" if not segments else f"{segments} segments of {n // segments}"
        rows[f"{label}: peak MB"] = peak_bytes(lambda: g(x)) / 1e6
        rows[f"{label}: time s"] = best_time(lambda: g(x), repeat=repeat)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1_600 steps instead of 10_000")
    args = parser.parse_args(argv)
    n = 1_600 if args.quick else 10_000
    print(f"grad of a loop of {n} steps on 100 floats")
    for who, value in run(n=n).items():
        print(f"  {who:<36} {value:10.3f}")


if __name__ == "__main__":
    main()
