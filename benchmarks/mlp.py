"""W2: gradient of an MLP loss (batch 128, 784-256-10, tanh, softmax cross-entropy, float64).

Timed as a multiple of the plain NumPy forward pass, with glibc's malloc
thresholds fixed (``run``) and, separately, with the default allocator in a
fresh process per library (``run_default_malloc``), which is what users get;
that run also counts page faults and the extra peak RSS of one gradient.
"""
import ctypes
import resource
import statistics

import numpy as np

from . import peers
from .timing import interleaved

SIZES = (784, 256, 10)
BATCH = 128


def init(rng, sizes=SIZES):
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


def problem():
    rng = np.random.default_rng(0)
    params = init(rng)
    x = rng.standard_normal((BATCH, SIZES[0]))
    labels = np.eye(SIZES[-1])[rng.integers(0, SIZES[-1], BATCH)]
    return params, x, labels


def candidates(params, x, labels, only=None):
    """name -> function returning the gradient as a list of {"w", "b"} NumPy arrays."""
    out = {}
    want = (lambda name: only is None or name == only)
    if want("autoint"):
        import autoint as ai
        import autoint.numpy as anp

        g = ai.grad(make_loss(anp))
        out["autoint"] = lambda: g(params, x, labels)
    autograd = peers.autograd() if want("autograd") else None
    if autograd:
        import autograd.numpy as agnp

        ag = autograd.grad(make_loss(agnp))
        out["autograd"] = lambda: ag(params, x, labels)
    torch = peers.torch() if want("torch eager") else None
    if torch:
        tp = [{k: torch.tensor(v, requires_grad=True) for k, v in layer.items()} for layer in params]
        tx, tl = torch.tensor(x), torch.tensor(labels)
        tloss = make_loss(_TorchNumPy(torch))
        leaves = [layer[k] for layer in tp for k in ("w", "b")]

        def torch_grad():
            gs = torch.autograd.grad(tloss(tp, tx, tl), leaves)
            return [{"w": gs[2 * i].numpy(), "b": gs[2 * i + 1].numpy()} for i in range(len(tp))]

        out["torch eager"] = torch_grad
    jax = peers.jax() if want("jax eager") or want("jax jit") else None
    if jax:
        import jax.numpy as jnp

        jp = jax.tree_util.tree_map(jnp.asarray, params)
        jx, jl = jnp.asarray(x), jnp.asarray(labels)
        jg = jax.grad(make_loss(jnp))
        jj = jax.jit(jg)
        as_np = lambda gs: [{k: np.asarray(v) for k, v in layer.items()} for layer in gs]  # noqa: E731
        if want("jax eager"):
            out["jax eager"] = lambda: as_np(jg(jp, jx, jl))
        if want("jax jit"):
            out["jax jit"] = lambda: as_np(jj(jp, jx, jl))
    if want("hand-written"):
        out["hand-written"] = lambda: hand_gradient(params, x, labels)
    return out


class _TorchNumPy:
    """The four NumPy functions the loss uses, on torch tensors."""

    def __init__(self, torch):
        self.torch = torch

    def tanh(self, x):
        return self.torch.tanh(x)

    def exp(self, x):
        return self.torch.exp(x)

    def log(self, x):
        return self.torch.log(x)

    def max(self, x, axis, keepdims):
        return self.torch.amax(x, dim=axis, keepdim=keepdims)

    def sum(self, x, axis, keepdims=False):
        return self.torch.sum(x, dim=axis, keepdim=keepdims)

    def mean(self, x):
        return self.torch.mean(x)


def _check(grads, ref, name):
    for a, b in zip(grads, ref):
        for k in ("w", "b"):
            assert np.allclose(a[k], b[k], rtol=1e-9, atol=1e-12), f"{name}: wrong gradient for {k}"


def run(rounds):
    params, x, labels = problem()
    forward = make_loss(np)
    ref = hand_gradient(params, x, labels)
    timed = {"NumPy forward": lambda: forward(params, x, labels)}
    for name, fn in candidates(params, x, labels).items():
        _check(fn(), ref, name)
        timed[name] = fn
    result = interleaved(timed, "NumPy forward", rounds)
    values = {name: r for name, (_, r) in result.items() if name != "NumPy forward"}
    return [dict(key="W2", label="MLP gradient (batch 128, 784-256-10, tanh, softmax-CE, f64)",
                 unit="× NumPy forward", values=values, target=2.05,
                 note=f"NumPy forward: {result['NumPy forward'][0] * 1e3:.2f} ms")]


def _rss_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def extra_peak_rss(fn, repeat=7):
    """Median over calls of (peak RSS during the call − RSS before it), in MiB (Linux, glibc).

    Before each call malloc_trim returns the allocator's free memory to the
    system, so the peak counts all the memory the call needs at once, the
    result included, not just what the allocator had to ask for anew.
    """
    libc = ctypes.CDLL("libc.so.6")
    extras = []
    for _ in range(repeat):
        libc.malloc_trim(0)
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak (VmHWM) to the current RSS
        before = _rss_kib("VmRSS")
        fn()
        extras.append((_rss_kib("VmHWM") - before) / 1024)
    return statistics.median(extras)


def run_default_malloc(name, rounds):
    """One library, glibc's default allocator, in this (fresh) process: ratio, faults per call, extra peak RSS."""
    params, x, labels = problem()
    forward = make_loss(np)
    fns = candidates(params, x, labels, only=name)
    if name not in fns:
        return None
    fn = fns[name]
    _check(fn(), hand_gradient(params, x, labels), name)
    result = interleaved({"NumPy forward": lambda: forward(params, x, labels), name: fn}, "NumPy forward", rounds)
    n = 20
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(n):
        fn()
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / n
    try:
        rss = extra_peak_rss(fn)
    except (OSError, RuntimeError):
        rss = None
    return {"ratio": result[name][1], "faults": faults, "rss": rss}
