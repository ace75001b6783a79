"""The shared types of evaluation traces: equations, their arguments and the reverse sweep's steps.

The leaf of ``autoint.evaltrace``: every other module of it imports these,
and this imports nothing of them.
"""
from typing import NamedTuple

from ..core import Primitive, concrete


class Literal:
    """A constant argument of an equation (a number, an array, or a value traced by an outer level)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"Literal({concrete(self.value)!r})"


class Equation(NamedTuple):
    """One line of the trace: ``v_out = prim(*args, **params)`` with value ``value``.

    ``args`` holds variable numbers (ints) or ``Literal``s; ``values`` the
    argument values the primitive was applied to.
    """

    prim: Primitive
    args: tuple
    values: tuple
    params: dict
    out: int
    value: object


class AdjointStep(NamedTuple):
    """One line of the reverse trace: ``\\bar v_target (+)= contribution``.

    ``source`` is the equation whose result's adjoint is pushed to argument
    ``arg`` (or, for a seed, the output number); ``accumulated`` says whether
    the target already had an adjoint, ``previous`` (None if not); ``total``
    is its value afterwards.
    """

    target: int
    source: object  # an Equation, or an output number for a seed
    arg: int
    accumulated: bool
    total: object
    previous: object = None


def differentiable_args(eqn, mode):
    """Positions of the arguments that are variables and have a (nonzero) rule."""
    return [k for k, a in enumerate(eqn.args) if type(a) is int and eqn.prim.rule(mode, k) is not None]
