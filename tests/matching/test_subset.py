import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.errors import InvalidInput
from otccore.matching import find_subsets
from otccore.matching.subset import _mitm


def brute(target, amounts):
    out = []
    for k in range(1, len(amounts) + 1):
        for combo in itertools.combinations(range(len(amounts)), k):
            if sum(amounts[i] for i in combo) == target:
                out.append(combo)
    return out


def test_greedy_miss_b_and_d():
    # oldest first A+B+C = 650, +D overshoots; the answer is {B, D}
    search = find_subsets(700, [100, 250, 300, 450])
    assert search.solutions == ((1, 3),)
    assert search.unique


def test_more_than_ten_items():
    amounts = [1_000_00 + 2**i for i in range(14)]
    chosen = (0, 1, 2, 4, 5, 6, 7, 9, 10, 12, 13)
    search = find_subsets(sum(amounts[i] for i in chosen), amounts)
    assert search.solutions == (chosen,)
    assert search.unique
    assert len(chosen) > 10


def test_two_subsets_are_counted():
    search = find_subsets(300, [100, 200, 300])
    assert search.count == 2
    assert set(search.solutions) == {(2,), (0, 1)}
    assert not search.unique


def test_budget_exhaustion_is_reported():
    rng = random.Random(3)
    amounts = [rng.randint(10_000, 90_000) for _ in range(30)]
    search = find_subsets(sum(amounts[:5]) * 1000, amounts, step_budget=10)
    assert search.method == "mitm"
    assert not search.complete
    assert not search.unique


def test_mitm_agrees_with_brute_force_small():
    amounts = [5, 7, 11, 13, 17, 19]
    for target in range(1, 40):
        found = _mitm(target, amounts, list(range(len(amounts))), 6, 10**6, None)
        expected = brute(target, amounts)
        assert min(found.count, 2) == min(len(expected), 2)
        for sol in found.solutions:
            assert sum(amounts[i] for i in sol) == target


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 60), min_size=1, max_size=9),
    st.integers(1, 200),
)
def test_dp_counts_like_brute_force(amounts, target):
    search = find_subsets(target, amounts)
    expected = brute(target, amounts)
    assert search.count == min(len(expected), 2)
    assert search.complete
    for sol in search.solutions:
        assert sum(amounts[i] for i in sol) == target
        assert sol in expected


@pytest.mark.parametrize("bad", [0, -5, True, "10"])
def test_bad_target(bad):
    with pytest.raises(InvalidInput, match="target"):
        find_subsets(bad, [1, 2])


def test_bad_amounts():
    with pytest.raises(InvalidInput, match="positive ints"):
        find_subsets(5, [1, 0])
