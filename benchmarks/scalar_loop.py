"""Gradient of a Python loop on floats: time per scalar operation.

The loop body ``y = y * a + x * b`` is three scalar operations (two products,
one sum), reusing ``x`` every step, so the backward pass also accumulates.
"""
import numpy as np

from .timing import best_time, optional

A, B = 0.999, 0.001


def loop(x, n):
    y = x
    for _ in range(n):
        y = y * A + x * B
    return y


def reference_gradient(n):
    """d/dx of the loop in closed form: y_n = A^n x + B x (1 - A^n)/(1 - A)."""
    return A**n + B * (1 - A**n) / (1 - A)


def run(n=20000):
    ops = 3 * n
    rows = {}
    import autoint as ai

    g = ai.grad(lambda x: loop(x, n))
    assert np.isclose(g(0.5), reference_gradient(n))
    rows["autoint"] = best_time(lambda: g(0.5)) / ops * 1e6

    autograd = optional("autograd")
    if autograd:
        ag = autograd.grad(lambda x: loop(x, n))
        rows["autograd"] = best_time(lambda: ag(0.5)) / ops * 1e6
    micrograd = optional("micrograd.engine")
    if micrograd:
        import sys

        from micrograd.engine import Value

        sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * ops))  # micrograd sorts recursively

        def mg():
            x = Value(0.5)
            loop(x, n).backward()
            return x.grad

        rows["micrograd"] = best_time(mg) / ops * 1e6
    torch = optional("torch")
    if torch:

        def tg():
            x = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
            loop(x, n).backward()
            return x.grad

        rows["torch eager"] = best_time(tg, repeat=3) / ops * 1e6
    return rows
