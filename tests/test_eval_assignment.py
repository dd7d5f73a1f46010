"""The assignment solver against brute force, on random small weight matrices."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from eval.assignment import max_weight_assignment

weights = st.one_of(st.just(0.0), st.floats(min_value=0.01, max_value=1.0))
matrices = st.integers(1, 5).flatmap(
    lambda n: st.lists(st.lists(weights, min_size=n, max_size=n), min_size=1, max_size=5)
)


def _brute_force(w: list[list[float]]) -> float:
    rows, cols = len(w), len(w[0])
    best = 0.0
    for size in range(min(rows, cols) + 1):
        for rs in itertools.combinations(range(rows), size):
            for cs in itertools.permutations(range(cols), size):
                best = max(best, sum(w[r][c] for r, c in zip(rs, cs, strict=True)))
    return best


@settings(max_examples=300, deadline=None)
@given(matrices)
def test_the_assignment_is_optimal_one_to_one_and_never_uses_forbidden_pairs(
    w: list[list[float]],
) -> None:
    pairs = max_weight_assignment(w)
    assert len({r for r, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)
    assert all(w[r][c] > 0 for r, c in pairs)
    assert abs(sum(w[r][c] for r, c in pairs) - _brute_force(w)) < 1e-9
