"""The peer libraries, each set up the same way (float64, one thread), or None when not installed."""
from .timing import optional

COLUMNS = ("autoint", "autograd", "torch eager", "micrograd", "jax eager", "jax jit", "hand-written")


def autograd():
    return optional("autograd")


def torch():
    torch = optional("torch")
    if torch is not None:
        torch.set_num_threads(1)
        torch.set_default_dtype(torch.float64)
    return torch


def jax():
    jax = optional("jax")
    if jax is not None:
        jax.config.update("jax_enable_x64", True)
        jax.config.update("jax_platforms", "cpu")
    return jax


def micrograd():
    return optional("micrograd.engine")


def versions():
    """Installed versions of autoint's peers and of NumPy."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("numpy", "autograd", "torch", "micrograd", "jax", "jaxlib"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            pass
    return out
