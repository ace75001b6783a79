"""autoint.numpy.linalg: differentiable counterparts of numpy.linalg functions."""
from .linalg_ops import det, inv, norm, slogdet, solve

__all__ = ["det", "inv", "norm", "slogdet", "solve"]
