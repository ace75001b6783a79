"""autoint: automatic differentiation on NumPy with JAX's API.

    import autoint as ai
    import autoint.numpy as anp

    ai.grad(lambda x: anp.sin(x) * x)(1.0)

The examples in the docstrings assume these two imports, ``import numpy as np`` and
``from autoint.scipy import special``;
they run as tests, so their outputs are what autoint prints.
"""
from .api import grad, hessian, jacfwd, jacrev, jvp, value_and_grad, vjp
from .batching import vmap
from .checkpointing import checkpoint, remat
from .checks import check_grads, finite_difference, numerical_jvp
from .core import Primitive
from .custom import custom_jvp, custom_vjp
from .evaltrace import EvalTrace, draw, trace
from .linear import linear_transpose, linearize
from .numpy.reductions import unbroadcast
from .numpy.shape_ops import fit as broadcast_tangent
from .numpy.nondiff import stop_gradient
from .tree import tree_flatten, tree_leaves, tree_map, tree_unflatten
from . import fastpath  # noqa: F401,E402  (installs the fast paths unless AUTOINT_REFERENCE=1)

__version__ = "0.1.0"

__all__ = [
    "EvalTrace", "broadcast_tangent", "draw", "trace", "Primitive", "check_grads", "checkpoint", "remat", "custom_jvp", "custom_vjp", "finite_difference", "grad", "hessian", "jacfwd",
    "jacrev", "jvp", "linear_transpose", "linearize", "numerical_jvp", "stop_gradient", "tree_flatten", "tree_leaves", "tree_map",
    "tree_unflatten", "unbroadcast", "value_and_grad", "vjp", "vmap",
]
