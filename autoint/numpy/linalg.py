"""autoint.numpy.linalg: differentiable counterparts of numpy.linalg functions."""
from .decompositions import cholesky, eigh, eigvalsh, norm, pinv, qr, svd, svdvals
from .linalg_ops import det, inv, slogdet, solve

__all__ = ["cholesky", "det", "eigh", "eigvalsh", "inv", "norm", "pinv", "qr", "slogdet", "solve", "svd", "svdvals"]
