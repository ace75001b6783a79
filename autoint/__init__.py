"""autoint: automatic differentiation on NumPy with JAX's API.

    import autoint as ai
    import autoint.numpy as anp

    ai.grad(lambda x: anp.sin(x) * x)(1.0)
"""
from .api import grad, hessian, jacfwd, jacrev, jvp, linearize, value_and_grad, vjp
from .core import Primitive
from .numpy.nondiff import stop_gradient
from .tree import tree_flatten, tree_leaves, tree_map, tree_unflatten

__version__ = "0.1.0"
