"""autoint.scipy: differentiable counterparts of a few scipy functions."""
from . import special

__all__ = ["special"]
