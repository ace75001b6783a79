"""autoint.scipy.special: logsumexp, computed stably."""
import numpy as np

from .. import numpy as anp


def logsumexp(a, axis=None, keepdims=False):
    """log(sum(exp(a))) along ``axis``, shifting by the maximum so exp never overflows.

    The shift is a constant (no derivative flows through it): the result does
    not depend on it, so the derivative is softmax(a), exact.
    """
    m = anp.max(anp.stop_gradient(a), axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    s = anp.sum(anp.exp(a - m), axis=axis, keepdims=True)
    out = anp.log(s) + m
    if not keepdims:
        out = anp.squeeze(out, axis=axis) if axis is not None else anp.reshape(out, ())
    return out
