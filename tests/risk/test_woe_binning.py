import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.errors import DuplicateId, InvalidInput
from otccore.risk import (
    MISSING,
    Binning,
    IvBand,
    WoeConvention,
    bin_categorical,
    bin_numeric,
    iv_band,
    woe_from_data,
    woe_table,
)


def test_woe_and_iv_by_hand():
    t = woe_table([("low", 80, 20), ("high", 20, 80)])
    # %good 0.8 / %bad 0.2 → ln 4; IV = (0.8 − 0.2)·ln 4 + (0.2 − 0.8)·(−ln 4) = 1.2·ln 4
    assert t.bins[0].woe == pytest.approx(math.log(4))
    assert t.bins[1].woe == pytest.approx(-math.log(4))
    assert t.iv == pytest.approx(1.2 * math.log(4))
    assert t.bins[0].bad_rate == 0.2
    assert t.bins[0].share == 0.5
    assert t.band is IvBand.SUSPICIOUS


def test_uneven_totals_by_hand():
    t = woe_table([("a", 30, 5), ("b", 70, 45)])
    # goods 100, bads 50: a: 0.30 / 0.10 → ln 3; b: 0.70 / 0.90 → ln(7/9)
    assert t.woe_of("a") == pytest.approx(math.log(3))
    assert t.woe_of("b") == pytest.approx(math.log(7 / 9))
    assert t.iv == pytest.approx(0.2 * math.log(3) + (-0.2) * math.log(7 / 9))


def test_bad_over_good_convention_flips_woe_keeps_iv():
    good = woe_table([("a", 30, 5), ("b", 70, 45)])
    bad = woe_table([("a", 30, 5), ("b", 70, 45)], convention="bad/good")
    assert bad.convention is WoeConvention.BAD_OVER_GOOD
    assert [b.woe for b in bad.bins] == pytest.approx([-b.woe for b in good.bins])
    assert bad.iv == pytest.approx(good.iv)


def test_smoothing_is_explicit():
    with pytest.raises(InvalidInput, match="bin 'a' has no bads"):
        woe_table([("a", 10, 0), ("b", 10, 10)])
    with pytest.raises(InvalidInput, match="bin 'b' has no goods"):
        woe_table([("a", 10, 3), ("b", 0, 10)])
    t = woe_table([("a", 10, 0), ("b", 10, 10)], smoothing=0.5)
    # k = 2 bins: %good = 10.5 / 21, %bad = 0.5 / 11
    assert t.bins[0].woe == pytest.approx(math.log((10.5 / 21) / (0.5 / 11)))
    assert t.smoothing == 0.5
    for bad in (0, -1, float("nan"), float("inf"), True, "0.5"):
        with pytest.raises(InvalidInput, match="smoothing"):
            woe_table([("a", 1, 1)], smoothing=bad)


def test_empty_bins_and_bad_counts():
    with pytest.raises(InvalidInput, match="bin 'e' is empty"):
        woe_table([("a", 1, 1), ("e", 0, 0)], smoothing=0.5)
    with pytest.raises(InvalidInput, match="no bins"):
        woe_table([])
    with pytest.raises(InvalidInput, match="both goods and bads overall: 5 goods, 0 bads"):
        woe_table([("a", 5, 0)], smoothing=1)
    with pytest.raises(InvalidInput, match="must not be negative"):
        woe_table([("a", -1, 3)])
    with pytest.raises(InvalidInput, match="whole number"):
        woe_table([("a", 1.5, 3)])
    with pytest.raises(DuplicateId):
        woe_table([("a", 1, 3), ("a", 2, 2)])
    with pytest.raises(InvalidInput, match="unknown WoE convention"):
        woe_table([("a", 1, 3)], convention="odds")


def test_iv_bands():
    assert [iv_band(v) for v in (0, 0.0199, 0.02, 0.0999, 0.1, 0.2999, 0.3, 0.5, 0.5001)] == [
        IvBand.UNPREDICTIVE,
        IvBand.UNPREDICTIVE,
        IvBand.WEAK,
        IvBand.WEAK,
        IvBand.MEDIUM,
        IvBand.MEDIUM,
        IvBand.STRONG,
        IvBand.STRONG,
        IvBand.SUSPICIOUS,
    ]
    with pytest.raises(InvalidInput):
        iv_band(-0.1)


counts = st.lists(
    st.tuples(st.integers(1, 500), st.integers(1, 500)), min_size=1, max_size=8
).filter(lambda c: True)


@given(counts, st.randoms(use_true_random=False))
def test_woe_iv_invariant_to_bin_order(cells, rnd):
    rows = [(f"b{i}", g, b) for i, (g, b) in enumerate(cells)]
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    a, b = woe_table(rows), woe_table(shuffled)
    assert a.iv == b.iv  # exactly: the total is an exactly rounded sum
    assert {x.label: x.woe for x in a.bins} == {x.label: x.woe for x in b.bins}
    assert a.iv >= 0


def test_woe_from_data_equals_counts_and_handles_missing():
    xs = ["a", "a", "b", "b", "b", None, float("nan"), "a"]
    ys = [0, 1, 0, 0, 1, 1, 0, 0]
    t = woe_from_data(xs, ys)
    assert [(b.label, b.goods, b.bads) for b in t.bins] == [
        (MISSING, 1, 1),
        ("a", 2, 1),
        ("b", 2, 1),
    ]
    assert t == woe_table([(MISSING, 1, 1), ("a", 2, 1), ("b", 2, 1)])
    assert woe_from_data(list(reversed(xs)), list(reversed(ys))) == t


def test_targets_must_be_binary():
    with pytest.raises(InvalidInput, match="target 1 must be 0/1"):
        woe_from_data(["a", "b"], [0, 2])
    with pytest.raises(InvalidInput, match="differ in length"):
        woe_from_data(["a", "b"], [0])


def _data(n=2000, seed=7):
    rnd = random.Random(seed)
    xs, ys = [], []
    for _ in range(n):
        x = rnd.uniform(0, 100)
        p_bad = 0.05 + 0.4 * (x / 100) ** 2
        xs.append(x)
        ys.append(1 if rnd.random() < p_bad else 0)
    return xs, ys


def test_numeric_binning_is_monotonic_and_respects_min_share():
    xs, ys = _data()
    b = bin_numeric(xs, ys, feature="util", prebins=20, min_bin_share=0.05, monotonic="auto")
    w = b.woes
    # bad rate rises with x, so WoE (good/bad) falls
    assert all(b2 < b1 for b1, b2 in itertools.pairwise(w))
    assert all(x.share >= 0.05 for x in b.table.bins)
    assert len(b.table.bins) >= 3
    assert b.table.iv > 0.1
    assert b.bin_index(-1e9) == 0
    assert b.bin_index(1e9) == len(b.edges)


def test_binning_is_order_independent():
    xs, ys = _data(500)
    rnd = random.Random(1)
    idx = list(range(len(xs)))
    rnd.shuffle(idx)
    a = bin_numeric(xs, ys, smoothing=0.5)
    b = bin_numeric([xs[i] for i in idx], [ys[i] for i in idx], smoothing=0.5)
    assert a == b


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.booleans()), min_size=20, max_size=200),
    st.sampled_from(["ascending", "descending", "auto"]),
)
def test_binning_monotonic_when_asked(rows, direction):
    xs = [x for x, _ in rows]
    ys = [int(y) for _, y in rows]
    if len(set(ys)) < 2:
        return
    b = bin_numeric(xs, ys, prebins=10, min_bin_share=0.02, monotonic=direction, smoothing=0.5)
    w = [x.woe for x in b.table.bins if x.label != MISSING]
    rising = all(b2 > b1 for b1, b2 in itertools.pairwise(w))
    falling = all(b2 < b1 for b1, b2 in itertools.pairwise(w))
    if direction == "ascending":
        assert rising
    elif direction == "descending":
        assert falling
    else:
        assert rising or falling
    # every value still finds its bin and its counts add up
    assert sum(x.count for x in b.table.bins) == len(xs)


def test_missing_values_get_their_own_bin():
    xs, ys = _data(400)
    xs = [None if i % 10 == 0 else x for i, x in enumerate(xs)]
    b = bin_numeric(xs, ys, smoothing=0.5)
    assert b.has_missing_bin
    assert b.labels[-1] == MISSING
    assert b.table.bins[-1].count == 40
    assert b.label_of(float("nan")) == MISSING
    with pytest.raises(InvalidInput, match="value 0 is missing"):
        bin_numeric(xs, ys, missing="raise")


def test_numeric_binning_bad_input():
    with pytest.raises(InvalidInput, match="must be finite"):
        bin_numeric([1.0, float("inf")], [0, 1])
    with pytest.raises(InvalidInput, match="must be a number"):
        bin_numeric([1.0, "x"], [0, 1])
    with pytest.raises(InvalidInput, match="no non-missing values"):
        bin_numeric([None, None], [0, 1])
    with pytest.raises(InvalidInput, match="monotonic"):
        bin_numeric([1, 2], [0, 1], monotonic="up")
    with pytest.raises(InvalidInput, match="min_bin_share"):
        bin_numeric([1, 2], [0, 1], min_bin_share=0.7)


def test_pure_bins_are_merged_without_smoothing():
    xs = list(range(40))
    ys = [1 if x < 10 else 0 for x in xs]
    ys[5] = 0
    ys[30] = 1
    b = bin_numeric(xs, ys, prebins=8, min_bin_share=0.0)
    assert all(x.goods > 0 and x.bads > 0 for x in b.table.bins)


def test_categorical_binning_merges_rare_categories():
    xs = ["a"] * 40 + ["b"] * 40 + ["c"] * 2 + ["d"] * 18 + [None] * 10
    ys = [0] * 30 + [1] * 10 + [0] * 10 + [1] * 30 + [0, 1] + [0] * 9 + [1] * 9 + [0] * 5 + [1] * 5
    b = bin_categorical(xs, ys, min_bin_share=0.05)
    assert b.labels == ("a", "c, d", "b", MISSING)
    assert b.label_of("c") == "c, d"
    assert b.bin_index("zzz") is None
    w = [x.woe for x in b.table.bins[:-1]]
    assert all(b2 < b1 for b1, b2 in itertools.pairwise(w))
    c = bin_categorical(xs, ys, min_bin_share=0.05, max_bins=2)
    assert len(c.table.bins) == 3  # two groups plus the missing bin


def test_binning_dict_round_trip():
    xs, ys = _data(300)
    b = bin_numeric(xs, ys, feature="u", smoothing=0.5)
    assert Binning.from_dict(b.to_dict()) == b
    with pytest.raises(InvalidInput, match="not a binning"):
        Binning.from_dict({"feature": "x"})
