"""The model builder's linear expressions (koperasi_alloc.model.context.Linear)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from koperasi_alloc.model.context import Linear, combine

terms = st.lists(
    st.tuples(st.integers(0, 7), st.integers(-(2**58), 2**58)), min_size=0, max_size=30
)


@given(terms=terms, solution=st.lists(st.integers(0, 1), min_size=8, max_size=8))
def test_merged_keeps_the_value_with_one_term_per_variable(
    terms: list[tuple[int, int]], solution: list[int]
) -> None:
    expression = Linear(
        np.array([i for i, _ in terms], dtype=np.int64),
        np.array([c for _, c in terms], dtype=np.int64),
        5,
    )
    merged = expression.merged()
    values = np.array(solution, dtype=np.int64)
    assert merged.value(values) == expression.value(values)
    assert len(set(merged.indices.tolist())) == len(merged.indices)
    assert not np.any(merged.coeffs == 0)


def test_combine_weights_and_adds_expressions() -> None:
    a = Linear.of(np.array([0, 1]), np.array([2, 3]))
    b = Linear(np.array([1]), np.array([4]), 1)
    total = combine([(10, a), (-1, b), (0, Linear.constant(99))])
    merged = total.merged()
    assert dict(zip(merged.indices.tolist(), merged.coeffs.tolist(), strict=True)) == {
        0: 20,
        1: 26,
    }
    assert merged.offset == -1
