import itertools
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otccore.errors import ConfigurationError, InvalidAmount, InvalidInput
from otccore.money import money
from otccore.receivables import PaidItem, average_days_late, days_beyond_terms
from otccore.risk import (
    CREDITREFORM_SCALE,
    CREDITSAFE_SCALE,
    PAYDEX_SCALE,
    Direction,
    ExternalRating,
    RatingScale,
    Trend,
    paydex_like,
    payment_behaviour,
)

AS_OF = date(2026, 6, 30)


def item(due_offset, late, amount=100, due=date(2026, 3, 31)):
    d = due + timedelta(days=due_offset)
    return PaidItem(d - timedelta(days=30), d, d + timedelta(days=late), money(amount, "EUR"))


def test_behaviour_by_hand():
    items = [item(0, -5, 100), item(0, 10, 300), item(0, 40, 100)]
    b = payment_behaviour(items, as_of=AS_OF)
    # DBT = (−5·100 + 10·300 + 40·100) / 500 = 6500 / 500 = 13
    assert b.days_beyond_terms == Decimal("13")
    assert b.average_days_late == Decimal("15")  # (−5 + 10 + 40) / 3
    assert b.weighted_days_late == Decimal("13")
    assert b.share_paid_late == Decimal("0.6666666666666666666666666666666666666667")
    # index: 80 + (70 − 80)·13/15 = 71.33 → 71
    assert b.index == 71
    # the timing figures are the receivables metrics themselves
    assert b.days_beyond_terms == days_beyond_terms(items)
    assert b.weighted_days_late == average_days_late(items, weighted=True)


def test_index_reads_like_paydex():
    assert paydex_like(-30) == 100
    assert paydex_like(0) == 80
    assert paydex_like(30) == 50
    assert paydex_like(120) == 20
    assert paydex_like(45) == 45  # halfway between 30 → 50 and 60 → 40
    assert paydex_like(1000) == 0
    prompt = payment_behaviour([item(0, 0)], as_of=AS_OF)
    assert prompt.index == 80
    early = payment_behaviour([item(0, -25)], as_of=AS_OF)
    assert early.index == 100


def test_penalties_and_clamping():
    b = payment_behaviour([item(0, 0)], as_of=AS_OF, bounced_payments=2, broken_promises=1)
    assert b.index == 80 - 10 - 5
    worst = payment_behaviour([item(0, 200)], as_of=date(2027, 1, 1), bounced_payments=3)
    assert worst.index == 0
    custom = payment_behaviour([item(0, 0)], as_of=AS_OF, bounced_payments=1, bounce_penalty=20)
    assert custom.index == 60


def test_trend():
    old = [item(-150, 0), item(-140, 2)]
    new = [item(60, 20)]
    b = payment_behaviour(old + new, as_of=AS_OF)
    assert b.trend is Trend.WORSENING
    assert b.trend_days == Decimal("19")
    better = payment_behaviour([item(-150, 30), item(60, 0)], as_of=AS_OF)
    assert better.trend is Trend.IMPROVING
    stable = payment_behaviour([item(-150, 3), item(60, 0)], as_of=AS_OF)
    assert stable.trend is Trend.STABLE
    assert payment_behaviour([item(60, 0)], as_of=AS_OF).trend is Trend.UNKNOWN
    assert (
        payment_behaviour([item(-150, 3), item(60, 0)], as_of=AS_OF, trend_tolerance=2).trend
        is Trend.IMPROVING
    )


def test_grace_days():
    items = [item(0, 3), item(0, 10)]
    assert payment_behaviour(items, as_of=AS_OF).share_paid_late == 1
    assert payment_behaviour(items, as_of=AS_OF, grace_days=5).share_paid_late == Decimal("0.5")


def test_no_experience_means_no_index():
    b = payment_behaviour([], as_of=AS_OF)
    assert b.index is None
    assert b.count == 0
    assert b.trend is Trend.UNKNOWN


@given(
    st.lists(
        st.tuples(st.integers(-100, 0), st.integers(-20, 90), st.integers(1, 10_000)),
        min_size=1,
        max_size=12,
    ),
    st.randoms(),
)
def test_behaviour_is_order_independent(rows, rnd):
    items = [item(o, late, amt) for o, late, amt in rows]
    shuffled = items[:]
    rnd.shuffle(shuffled)
    a = payment_behaviour(items, as_of=date(2027, 1, 1))
    assert a == payment_behaviour(shuffled, as_of=date(2027, 1, 1))
    assert 0 <= a.index <= 100


def test_behaviour_bad_input():
    with pytest.raises(InvalidAmount):
        payment_behaviour(
            [(date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), 10.5)], as_of=AS_OF
        )
    with pytest.raises(InvalidInput, match="after as_of"):
        payment_behaviour([item(0, 200)], as_of=date(2026, 4, 1))
    with pytest.raises(InvalidInput, match="recent_days"):
        payment_behaviour([], as_of=AS_OF, recent_days=-1)
    with pytest.raises(InvalidInput, match="must be a PaidItem"):
        payment_behaviour(["x"], as_of=AS_OF)
    with pytest.raises(InvalidInput, match="strictly increasing"):
        paydex_like(5, [(0, 80), (0, 70)])


def test_rating_scale_classifies_half_open_intervals():
    scale = RatingScale.create([("A", 80, 100), ("B", 50, 80), ("C", 0, 50)])
    assert [scale.classify(s).name for s in (0, 49.99, 50, 79, 80, 100)] == [
        "C",
        "C",
        "B",
        "B",
        "A",
        "A",
    ]
    assert scale.best_first() == ("A", "B", "C")
    assert scale.rank("C") == 2
    with pytest.raises(InvalidInput, match="outside the rating scale"):
        scale.classify(100.5)
    with pytest.raises(InvalidInput, match="outside"):
        scale.classify(-1)
    open_scale = RatingScale.create([("low", None, 500), ("high", 500, None)])
    assert open_scale.classify(-1e9).name == "low"
    assert open_scale.classify(Decimal("1e9")).name == "high"


def test_rating_scale_validation():
    with pytest.raises(
        ConfigurationError, match="overlaps: class 'a' ends at 60, class 'b' starts at 50"
    ):
        RatingScale.create([("a", 0, 60), ("b", 50, 100)])
    with pytest.raises(ConfigurationError, match="gap.*no class covers scores from 40 to 50"):
        RatingScale.create([("a", 0, 40), ("b", 50, 100)])
    with pytest.raises(ConfigurationError, match=r"class names repeat: \['a'\]"):
        RatingScale.create([("a", 0, 40), ("a", 40, 100)])
    with pytest.raises(ConfigurationError, match="empty"):
        RatingScale.create([("a", 40, 40), ("b", 40, 100)])
    with pytest.raises(ConfigurationError, match="only the highest class may end at"):
        RatingScale.create([("a", 0, None), ("b", 40, 100)])
    with pytest.raises(ConfigurationError, match="at least one"):
        RatingScale.create([])
    with pytest.raises(ConfigurationError, match="a class is"):
        RatingScale.create([("a", 0)])


def test_external_scales_have_their_own_direction():
    assert PAYDEX_SCALE.direction is Direction.HIGHER_IS_BETTER
    assert CREDITSAFE_SCALE.direction is Direction.HIGHER_IS_BETTER
    assert CREDITREFORM_SCALE.direction is Direction.LOWER_IS_BETTER
    assert CREDITREFORM_SCALE.classify(100).name == "excellent"
    assert CREDITREFORM_SCALE.classify(600).name == "insolvent"
    assert CREDITREFORM_SCALE.classify(599).name == "hard_negative"
    assert CREDITREFORM_SCALE.best_first()[0] == "excellent"
    assert CREDITREFORM_SCALE.rank("insolvent") == 7
    assert PAYDEX_SCALE.best_first()[0] == "low"
    assert CREDITSAFE_SCALE.classify(71).name == "A"
    assert CREDITREFORM_SCALE.is_better(120, 300)
    assert PAYDEX_SCALE.is_better(90, 60)
    with pytest.raises(InvalidInput):
        CREDITREFORM_SCALE.classify(99)


def test_external_ratings_compare_across_providers():
    best = ExternalRating.create(CREDITREFORM_SCALE, 100)
    worst = ExternalRating.create(CREDITREFORM_SCALE, 600)
    assert (best.normalised, worst.normalised) == (1, 0)
    assert ExternalRating.create(PAYDEX_SCALE, 80).normalised == Decimal("0.8")
    assert ExternalRating.create(RatingScale.create([("x", None, 1)]), 0).normalised is None


def test_rating_rank_feeds_a_limit_rule():
    # a limit rule in plain code: better class → larger multiple of monthly sales
    multiples = {0: 3, 1: 2, 2: 1}
    scale = RatingScale.create([("A", 80, 100), ("B", 50, 80), ("C", 0, 50)])
    rnd = random.Random(0)
    for _ in range(50):
        a, b = rnd.randint(0, 100), rnd.randint(0, 100)
        if scale.is_better(a, b):
            assert (
                multiples[scale.rank(scale.classify(a).name)]
                >= multiples[scale.rank(scale.classify(b).name)]
            )


def _linear_classify(scale, value):
    """The reference: scan the classes in order (the bisect in classify must agree)."""
    last = len(scale.classes) - 1
    for i, c in enumerate(scale.classes):
        if c.lower is not None and value < c.lower:
            continue
        if c.upper is None or value < c.upper or (i == last and value == c.upper):
            return c.name
    return None


@given(
    st.lists(st.integers(-50, 650), min_size=1, max_size=6, unique=True),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.lists(st.integers(-100, 700), max_size=30),
)
def test_classify_agrees_with_a_linear_scan(cuts, open_low, open_high, point_top, scores):
    cuts = sorted(cuts)
    if len(cuts) < 2:
        cuts.append(cuts[0] + 10)
    classes = [(f"c{i}", lo, hi) for i, (lo, hi) in enumerate(itertools.pairwise(cuts))]
    if open_low:
        classes.insert(0, ("bottom", None, cuts[0]))
    if point_top:
        classes.append(("top", cuts[-1], cuts[-1]))
    elif open_high:
        classes.append(("top", cuts[-1], None))
    scale = RatingScale.create(classes)
    names = []
    for s in [*scores, *cuts]:
        expected = _linear_classify(scale, s)
        if expected is None:
            with pytest.raises(InvalidInput, match="outside the rating scale"):
                scale.classify(s)
        else:
            assert scale.classify(s).name == expected
            names.append(expected)
    inside = [s for s in [*scores, *cuts] if _linear_classify(scale, s) is not None]
    assert [c.name for c in scale.classify_many(inside)] == names
