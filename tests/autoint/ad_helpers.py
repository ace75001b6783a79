"""Shared helpers for the autoint test suite (imported by the test modules).

Every derivative is compared with a reference that does not use autoint's
rules: central finite differences (``ai.finite_difference`` and
``ai.check_grads`` evaluate ``f`` only) or closed forms computed with NumPy.
"""
import numpy as np

import autoint as ai


def rng_array(shape, low=-1.0, high=1.0, seed=0, dtype=np.float64):
    """Uniform random values in [low, high) with a fixed seed (0-d arrays for shape ())."""
    rng = np.random.default_rng(seed)
    return np.asarray(rng.uniform(low, high, size=shape), dtype=dtype)


def assert_close(actual, expected, atol=1e-6, rtol=1e-6, what=""):
    actual, expected = np.asarray(actual), np.asarray(expected)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != {expected.shape}"
    np.testing.assert_allclose(actual, expected, atol=atol, rtol=rtol, err_msg=what)


def _replace(args, i, xi):
    return args[:i] + (xi,) + args[i + 1:]


def numeric_jacobian(f, args, i, h=1e-6):
    """Central-difference Jacobian of ``f`` with respect to argument ``i`` (NumPy arrays)."""
    return ai.finite_difference(lambda xi: np.asarray(f(*_replace(args, i, xi))), args[i], h=h)


def check_primitive(f, *args, hessian=True, atol=1e-5, rtol=1e-5, order=2):
    """The full battery for one primitive (or small composition) ``f`` at ``args``.

    - ``check_grads`` in both modes up to ``order`` (forward, reverse, and the
      mixed second-order checks);
    - jacfwd and jacrev against a central-difference Jacobian, with respect to
      every argument (jacfwd pushes a batch of tangents at once, so this
      exercises every JVP rule with leading batch axes);
    - hessian (forward-over-reverse), jacfwd(jacfwd) and jacrev(jacrev)
      against central differences of the reverse-mode Jacobian.
    """
    args = tuple(args)
    ai.check_grads(f, args, order=order, modes=("fwd", "rev"), atol=atol, rtol=rtol)
    out_shape = np.shape(np.asarray(f(*args)))
    for i in range(len(args)):
        in_shape = np.shape(args[i])
        ref = numeric_jacobian(f, args, i)
        jf = ai.jacfwd(f, argnums=i)(*args)
        jr = ai.jacrev(f, argnums=i)(*args)
        assert_close(jf, ref, atol=atol, rtol=rtol, what=f"jacfwd wrt arg {i}")
        assert_close(jr, ref, atol=atol, rtol=rtol, what=f"jacrev wrt arg {i}")
        assert np.shape(jf) == out_shape + in_shape
        if not hessian:
            continue
        jac_rev = ai.jacrev(f, argnums=i)
        ref2 = numeric_jacobian(lambda *a: np.asarray(jac_rev(*a)), args, i, h=1e-5)
        tol = dict(atol=max(atol, 1e-4), rtol=max(rtol, 1e-4))
        assert_close(ai.hessian(f, argnums=i)(*args), ref2, what=f"hessian wrt arg {i}", **tol)
        assert_close(ai.jacfwd(ai.jacfwd(f, i), i)(*args), ref2, what=f"jacfwd(jacfwd) wrt arg {i}", **tol)
        assert_close(ai.jacrev(jac_rev, i)(*args), ref2, what=f"jacrev(jacrev) wrt arg {i}", **tol)
