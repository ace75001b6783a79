"""Conventions at kinks and degenerate points of the functions added to autoint.numpy and scipy.special.

Each is the one its docstring states; the expected values are worked out by hand.
"""
import numpy as np
import pytest

import autoint as ai
import autoint.numpy as anp
import autoint.scipy.special as asp
from ad_helpers import assert_close

XP = np.array([0.0, 1.0, 3.0])
FP = np.array([0.0, 2.0, 3.0])  # slopes 2 then 0.5


@pytest.mark.parametrize("mode", [ai.grad, ai.jacfwd], ids=["rev", "fwd"])
def test_interp_at_a_knot_takes_the_right_segment(mode):
    assert_close(mode(lambda x: anp.interp(x, XP, FP))(1.0), 0.5)
    assert_close(mode(lambda x: anp.interp(x, XP, FP))(3.0), 0.5)  # the last knot: the last segment
    assert_close(mode(lambda x: anp.interp(x, XP, FP))(-1.0), 0.0)  # outside: constant
    assert_close(mode(lambda fp: anp.interp(2.0, XP, fp))(FP), [0.0, 0.5, 0.5])


def test_interp_in_the_knots_against_finite_differences():
    f = lambda xp: anp.interp(np.array([0.5, 2.0]), xp, FP)
    assert_close(ai.jacrev(f)(XP), ai.finite_difference(f, XP), atol=1e-6)


def test_xlogy_at_zero():
    assert asp.xlogy(0.0, 0.0) == 0.0
    assert ai.grad(asp.xlogy, 1)(0.0, 2.0) == 0.0
    assert_close(ai.grad(asp.xlogy, 0)(0.0, 2.0), np.log(2.0))
    assert ai.grad(asp.xlog1py, 1)(0.0, 2.0) == 0.0


def test_fmax_fmin_give_a_nan_no_derivative():
    x = np.array([1.0, 2.0, 3.0])
    other = np.array([np.nan, 5.0, 3.0])
    assert_close(ai.grad(lambda x: anp.sum(anp.fmax(x, other)))(x), [1.0, 0.0, 0.5])
    assert_close(ai.grad(lambda x: anp.sum(anp.fmin(x, other)))(x), [1.0, 1.0, 0.5])


def test_nan_to_num_replaced_entries_are_constants():
    x = np.array([1.0, 0.5])
    f = lambda x: anp.sum(anp.nan_to_num(anp.where(np.array([True, False]), x, np.inf)) * x)
    assert_close(ai.grad(f)(x), [2.0, np.finfo(float).max])  # d/dx1 (big * x1) = big; no derivative through it


def test_partition_is_numpys_arrangement():
    x = np.array([3.0, -1.0, 2.0, 0.5, 1.5])
    assert_close(anp.partition(x, 2), np.partition(x, 2))
    assert_close(ai.jacrev(lambda x: anp.partition(x, 2))(x), np.eye(5)[np.argpartition(x, 2)])


def test_nan_reductions_give_nan_entries_no_derivative():
    x = np.array([[1.0, np.nan], [3.0, 4.0]])
    assert_close(ai.grad(anp.nansum)(x), [[1.0, 0.0], [1.0, 1.0]])
    assert_close(ai.grad(anp.nanmean)(x), [[1 / 3, 0.0], [1 / 3, 1 / 3]])
    assert_close(ai.grad(anp.nanmax)(x), [[0.0, 0.0], [0.0, 1.0]])


def test_corrcoef_diagonal_and_perfect_correlation():
    x = np.array([[0.1, 0.5, 0.9], [0.3, -0.2, 0.4]])
    j = ai.jacrev(anp.corrcoef)(x)
    assert_close(j[0, 0], np.zeros((2, 3)), atol=1e-12)  # the diagonal is 1 whatever x is
    y = np.array([[0.1, 0.5, 0.9], [0.2, 1.0, 1.8]])  # second row = 2 x first: correlation 1, at the clip
    assert anp.corrcoef(y)[0, 1] == 1.0
