"""A folded stage that stops early still bounds its first tier, never on the wrong side."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from koperasi_alloc.solver.cpsat import unscaled
from koperasi_alloc.solver.lexicographic import _searched_bound
from koperasi_alloc.solver.state import StageRecord


@given(
    first=st.integers(1, 10**6),
    value=st.integers(-1000, 1000),
    tail_share=st.floats(-0.4999, 0.4999),
    slack=st.integers(0, 10**7),
    sense=st.sampled_from(["max", "min"]),
)
def test_first_tier_bound_from_a_folded_bound_holds(
    first: int, value: int, tail_share: float, slack: int, sense: str
) -> None:
    # a plan with first-tier value ``value`` and a tail |tail| < W0 / 2; any folded bound at
    # least its folded value must bound the first tier at or beyond ``value``
    sign = 1 if sense == "max" else -1
    tail = int(tail_share * first)
    folded = first * sign * value + tail
    record = StageRecord(("locality", "travel"), 0, None, float(folded + slack))
    bound = _searched_bound(record, 0, [first, 1], sense)
    assert bound is not None
    assert (value <= bound) if sense == "max" else (value >= bound)
    if slack == 0 and abs(tail) * 2 < first:
        # a bound at the plan's own folded value proves the plan's first tier exactly
        assert bound == value
    assert _searched_bound(record, 1, [first, 1], "min") is None


def test_the_seed_3_numbers() -> None:
    # numbers of the size seen on kutai-timur seed 3 (real geography): folded bound
    # 476,645,351 at W0 = 492,390 bounds locality at 968 although the stage ran out of time
    record = StageRecord(("locality", "travel"), 0, None, 476_645_351.0)
    assert _searched_bound(record, 0, [492_390, 1], "max") == 968


@given(
    tier=st.integers(0, 1000),
    scale=st.integers(2, 10**7),
    tie_share=st.floats(0.0, 1.0, exclude_max=True),
    slack=st.integers(0, 10**9),
)
def test_a_tier_searched_with_a_tie_break_is_bounded_and_valued_exactly(
    tier: int, scale: int, tie_share: float, slack: int
) -> None:
    # the fairness stage searches scale * fairness + tie with 0 <= tie < scale: a plan's
    # searched value gives back its fairness, and any bound on the searched objective at
    # or above a plan's bounds that plan's fairness (the optimum's, hence the tier's)
    tie = min(int(tie_share * scale), scale - 1)
    searched = scale * tier + tie
    assert unscaled(float(searched), scale) == tier
    assert unscaled(float(searched + slack), scale) >= tier
    # and the bound is as tight as the objective allows: nothing of the next level
    assert unscaled(float(scale * (tier + 1) - 1), scale) == tier
    assert unscaled(float(searched), 1) == searched
