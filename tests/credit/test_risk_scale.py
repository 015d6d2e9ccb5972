"""Credit policies over risk's RatingScale: one home for the intervals, scales of either direction."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.credit import (
    LimitRule,
    RiskClass,
    RiskLevel,
    RiskPolicy,
    Score,
    classify,
    propose_limit,
)
from otccore.errors import ConfigurationError, InvalidAmount, InvalidInput
from otccore.money import money
from otccore.risk import CREDITREFORM_SCALE, PAYDEX_SCALE, Direction, RatingScale

DAY = date(2026, 3, 31)


def cap(n: int) -> LimitRule:
    return LimitRule.of(cap=money(n, "EUR"))


CREDITREFORM_TERMS = {
    "excellent": (
        RiskLevel.LOW,
        LimitRule.of(cap=money(250_000, "EUR"), equity_share=Decimal("0.10")),
    ),
    "very_good": (RiskLevel.LOW, LimitRule.of(cap=money(150_000, "EUR"), sales_multiple=2)),
    "good": (RiskLevel.MEDIUM, cap(80_000)),
    "medium": (RiskLevel.MEDIUM, cap(40_000), 6),
    "weak": (RiskLevel.HIGH, cap(10_000)),
    "very_weak": (RiskLevel.HIGH, cap(0), 1, True),
    "hard_negative": (RiskLevel.HIGH, cap(0), 1, True),
    "insolvent": (RiskLevel.HIGH, cap(0), 1, True),
}


def creditreform_policy(**kw: object) -> RiskPolicy:
    return RiskPolicy.from_rating_scale(
        CREDITREFORM_SCALE,
        CREDITREFORM_TERMS,  # type: ignore[arg-type]
        currency="EUR",
        **kw,  # type: ignore[arg-type]
    )


def test_a_lower_is_better_scale_feeds_the_limit_rules() -> None:
    policy = creditreform_policy(max_increase_percent=50, score_validity_days=365)
    assert policy.scale is CREDITREFORM_SCALE
    assert policy.scale.direction is Direction.LOWER_IS_BETTER
    # classes in ascending score: the best class (lowest score) comes first
    assert [c.name for c in policy.classes][:2] == ["excellent", "very_good"]
    assert (policy.classes[0].low, policy.classes[0].high) == (Decimal(100), Decimal(150))
    # the bounds are Creditreform's: [100, 150) [150, 201) … [500, 600) [600, 600]
    cases = {
        100: "excellent",
        149: "excellent",
        150: "very_good",
        200: "very_good",
        201: "good",
        351: "very_weak",
        599: "hard_negative",
        600: "insolvent",
    }
    assert {s: classify(policy, s).name for s in cases} == cases
    assert classify(policy, Decimal("149.99")).name == "excellent"
    for outside in (99, 601):
        with pytest.raises(InvalidInput, match=f"score {outside} is outside the rating scale"):
            classify(policy, outside)
    insolvent = classify(policy, 600)
    assert (insolvent.low, insolvent.high, insolvent.blocked) == (
        Decimal(600),
        Decimal(600),
        True,
    )
    assert policy.scale.rank(classify(policy, 180).name) == 1

    # index 180 -> very_good: lower of cap 150,000 and 2 x sales 2 x 45,000 = 90,000;
    # the increase over the current 50,000 is capped at +50 % = 75,000; low risk: yearly review
    p = propose_limit(
        policy,
        Score(Decimal(180), date(2026, 1, 15)),
        as_of=DAY,
        equity=money(2_000_000, "EUR"),
        average_monthly_sales=money(45_000, "EUR"),
        current=money(50_000, "EUR"),
    )
    assert (p.risk_class.name, p.uncapped, p.amount, p.capped) == (
        "very_good",
        money("90000.00", "EUR"),
        money("75000.00", "EUR"),
        True,
    )
    assert p.review_date == date(2027, 3, 31)
    assert p.valid_to == date(2027, 1, 15)
    # index 120 -> excellent: lower of cap 250,000 and 10 % of equity 2,000,000 = 200,000
    best = propose_limit(
        policy, Score(Decimal(120), DAY), as_of=DAY, equity=money(2_000_000, "EUR")
    )
    assert (best.risk_class.name, best.amount) == ("excellent", money("200000.00", "EUR"))
    # index 270 -> medium with its own review period of 6 months
    mid = propose_limit(policy, Score(Decimal(270), DAY), as_of=DAY)
    assert (mid.amount, mid.review_date) == (money("40000.00", "EUR"), date(2026, 9, 30))


def test_open_ends_of_a_scorecard_scale() -> None:
    scale = RatingScale.create(
        [
            ("low", 600, None, "low risk"),
            ("medium", 560, 600),
            ("high", 520, 560),
            ("reject", None, 520),
        ],
        name="application score classes",
    )
    policy = RiskPolicy.from_rating_scale(
        scale,
        {
            "low": ("low", cap(100_000)),
            "medium": ("medium", cap(40_000)),
            "high": ("high", cap(10_000)),
            "reject": ("high", cap(0), None, True),
        },
        currency="EUR",
    )
    assert policy.classes[0].name == "reject" and policy.classes[0].low is None
    assert policy.classes[-1].name == "low" and policy.classes[-1].high is None
    assert classify(policy, -10_000).name == "reject"
    assert classify(policy, 519).name == "reject"
    assert classify(policy, 520).name == "high"
    assert classify(policy, 600).name == "low"
    assert classify(policy, 10**9).name == "low"
    assert propose_limit(policy, Score(Decimal(590), DAY), as_of=DAY).amount == money(
        "40000.00", "EUR"
    )


def test_risk_policy_of_takes_open_ends_and_a_single_score_top_class() -> None:
    policy = RiskPolicy.of(
        "EUR",
        [
            RiskClass.of("ok", low=None, high=500, level="low", rule=cap(1000)),
            RiskClass.of("bad", low=500, high=600, level="high", rule=cap(0)),
            RiskClass.of("insolvent", low=600, high=600, level="high", rule=cap(0), blocked=True),
        ],
    )
    assert [classify(policy, s).name for s in (-1, 499, 500, 599, 600)] == [
        "ok",
        "ok",
        "bad",
        "bad",
        "insolvent",
    ]
    with pytest.raises(InvalidInput, match=r"score 601 is outside the rating scale \[-inf, 600\]"):
        classify(policy, 601)
    # the default scale: same intervals, higher is better, no name
    assert policy.scale.direction is Direction.HIGHER_IS_BETTER
    assert [(c.name, c.lower, c.upper) for c in policy.scale.classes] == [
        ("ok", None, Decimal(500)),
        ("bad", Decimal(500), Decimal(600)),
        ("insolvent", Decimal(600), Decimal(600)),
    ]


def test_interval_errors_come_from_the_scale_and_name_the_classes() -> None:
    with pytest.raises(ConfigurationError, match=r"class 'A' is empty: \[5, 5\)"):
        RiskPolicy.of(
            "EUR",
            [
                RiskClass.of("A", low=5, high=5, level="low", rule=cap(1)),
                RiskClass.of("B", low=5, high=9, level="low", rule=cap(1)),
            ],
        )
    with pytest.raises(ConfigurationError, match="overlaps: class 'B' ends at 9, class 'A' starts"):
        RiskPolicy.of(
            "EUR",
            [
                RiskClass.of("A", low=0, high=5, level="low", rule=cap(1)),
                RiskClass.of("B", low=None, high=9, level="low", rule=cap(1)),
            ],
        )
    with pytest.raises(ConfigurationError, match="only the lowest class may start at -inf: 'B'"):
        RiskPolicy.of(
            "EUR",
            [
                RiskClass.of("A", low=None, high=5, level="low", rule=cap(1)),
                RiskClass.of("B", low=None, high=9, level="low", rule=cap(1)),
            ],
        )
    with pytest.raises(ConfigurationError, match="only the highest class may end at \\+inf: 'A'"):
        RiskPolicy.of(
            "EUR",
            [
                RiskClass.of("A", low=0, high=None, level="low", rule=cap(1)),
                RiskClass.of("B", low=5, high=None, level="low", rule=cap(1)),
            ],
        )
    with pytest.raises(ConfigurationError, match=r"class names repeat: \['A'\]"):
        RiskPolicy.of(
            "EUR",
            [
                RiskClass.of("A", low=0, high=5, level="low", rule=cap(1)),
                RiskClass.of("A", low=5, high=9, level="low", rule=cap(1)),
            ],
        )
    with pytest.raises(ConfigurationError, match="at least one risk class"):
        RiskPolicy.of("EUR", [])
    with pytest.raises(ConfigurationError, match="not a RiskClass: 'A'"):
        RiskPolicy.of("EUR", ["A"])  # type: ignore[list-item]
    with pytest.raises(ConfigurationError, match="low 10 must not be above high 5"):
        RiskClass.of("X", low=10, high=5, level="low", rule=cap(1))


def test_a_gap_or_an_overlap_is_reported_the_same_whatever_the_input_order() -> None:
    a, b, c = (
        RiskClass.of("A", low=0, high=40, level="low", rule=cap(1)),
        RiskClass.of("B", low=50, high=100, level="low", rule=cap(1)),
        RiskClass.of("C", low=90, high=200, level="low", rule=cap(1)),
    )
    messages = set()
    for order in itertools.permutations([a, b, c]):
        with pytest.raises(ConfigurationError) as info:
            RiskPolicy.of("EUR", order)
        messages.add(str(info.value))
    assert messages == {
        "rating scale has a gap: class 'A' ends at 40, class 'B' starts at 50 "
        "(no class covers scores from 40 to 50)"
    }


def test_a_scale_that_does_not_match_the_classes_is_refused() -> None:
    classes = [
        RiskClass.of("A", low=0, high=50, level="high", rule=cap(1)),
        RiskClass.of("B", low=50, high=100, level="low", rule=cap(1)),
    ]
    other = RatingScale.create([("A", 0, 60), ("B", 60, 100)], name="other")
    with pytest.raises(ConfigurationError, match="'other' does not match the risk classes"):
        RiskPolicy(currency="EUR", classes=tuple(classes), scale=other)
    with pytest.raises(ConfigurationError, match="not a RatingScale"):
        RiskPolicy(currency="EUR", classes=tuple(classes), scale="A")  # type: ignore[arg-type]


def test_every_class_needs_terms_and_only_the_scale_s_classes() -> None:
    terms = dict(CREDITREFORM_TERMS)
    del terms["insolvent"], terms["good"]
    with pytest.raises(
        ConfigurationError,
        match=r"the rating scale 'Creditreform Bonitätsindex' has classes without credit terms: "
        r"\['good', 'insolvent'\]",
    ):
        RiskPolicy.from_rating_scale(CREDITREFORM_SCALE, terms, currency="EUR")  # type: ignore[arg-type]
    extra = {**CREDITREFORM_TERMS, "superb": (RiskLevel.LOW, cap(1))}
    with pytest.raises(ConfigurationError, match=r"does not have: \['superb'\]"):
        RiskPolicy.from_rating_scale(CREDITREFORM_SCALE, extra, currency="EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (("low",), r"credit terms for class 'low' are \(level, rule"),
        ("low", r"credit terms for class 'low' are \(level, rule"),
        (("low", 100), "credit terms for class 'low': not a LimitRule: 100"),
        (("best", cap(1)), "credit terms for class 'low': unknown risk level: 'best'"),
        (("low", cap(1), 0), "credit terms for class 'low': review months must be at least 1: 0"),
        (("low", cap(1), None, "yes"), "blocked must be True or False, not 'yes'"),
        (("low", cap(1), None, False, 1), r"credit terms for class 'low' are \(level, rule"),
    ],
)
def test_bad_terms_name_the_class(value: object, message: str) -> None:
    terms = {"low": value, "moderate": ("medium", cap(1)), "high": ("high", cap(0))}
    with pytest.raises(ConfigurationError, match=message):
        RiskPolicy.from_rating_scale(PAYDEX_SCALE, terms, currency="EUR")  # type: ignore[arg-type]


def test_not_a_scale_or_not_a_mapping() -> None:
    with pytest.raises(ConfigurationError, match="not a RatingScale: 'paydex'"):
        RiskPolicy.from_rating_scale("paydex", {}, currency="EUR")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="terms must map class names"):
        RiskPolicy.from_rating_scale(PAYDEX_SCALE, [("low", cap(1))], currency="EUR")  # type: ignore[arg-type]
    with pytest.raises(InvalidAmount, match="float"):
        classify(creditreform_policy(), 180.0)  # type: ignore[arg-type]


def test_levels_that_run_against_the_scale_s_direction_are_refused() -> None:
    # Paydex is higher-is-better: 'low' (80-100) is the best class.
    backwards = {
        "low": ("high", cap(0)),
        "moderate": ("medium", cap(1)),
        "high": ("low", cap(2)),
    }
    with pytest.raises(
        ConfigurationError,
        match="risk levels run against the scale's direction \\(higher_is_better\\): "
        "class 'moderate' is worse than 'low'",
    ):
        RiskPolicy.from_rating_scale(PAYDEX_SCALE, backwards, currency="EUR")  # type: ignore[arg-type]
    # The same levels suit the same intervals read lower-is-better.
    flipped = RatingScale.create(
        [(c.name, c.lower, c.upper) for c in PAYDEX_SCALE.classes], direction="lower_is_better"
    )
    policy = RiskPolicy.from_rating_scale(flipped, backwards, currency="EUR")  # type: ignore[arg-type]
    assert classify(policy, 10).level is RiskLevel.LOW
    blocked_best = {
        "low": ("low", cap(2), None, True),
        "moderate": ("medium", cap(1)),
        "high": ("high", cap(0)),
    }
    with pytest.raises(ConfigurationError, match="class 'low' is blocked but the worse class"):
        RiskPolicy.from_rating_scale(PAYDEX_SCALE, blocked_best, currency="EUR")  # type: ignore[arg-type]


LEVELS = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH]


@st.composite
def scales(draw: st.DrawFn) -> RatingScale:
    cuts = sorted(draw(st.sets(st.integers(-1000, 1000), min_size=2, max_size=7)))
    bounds: list[tuple[int | None, int | None]] = list(itertools.pairwise(cuts))
    if draw(st.booleans()):
        bounds.append((cuts[-1], cuts[-1]))  # a single-score top class
    elif draw(st.booleans()):
        bounds[-1] = (bounds[-1][0], None)
    if draw(st.booleans()):
        bounds[0] = (None, bounds[0][1])
    classes = [(f"c{i}", low, high) for i, (low, high) in enumerate(bounds)]
    return RatingScale.create(
        draw(st.permutations(classes)),
        direction=draw(st.sampled_from(list(Direction))),
        name="generated",
    )


@st.composite
def scales_with_terms(draw: st.DrawFn) -> tuple[RatingScale, dict[str, tuple[object, ...]]]:
    scale = draw(scales())
    names = scale.best_first()
    levels = sorted(
        draw(st.lists(st.sampled_from(LEVELS), min_size=len(names), max_size=len(names))),
        key=LEVELS.index,
    )
    first_blocked = draw(st.integers(0, len(names)))
    terms = {
        n: (levels[i], cap(1000 * (len(names) - i)), None, i >= first_blocked)
        for i, n in enumerate(names)
    }
    return scale, terms


@settings(max_examples=60)
@given(scales_with_terms(), st.decimals(min_value=-1100, max_value=1100, places=2))
def test_the_policy_classifies_like_its_source_scale(
    built: tuple[RatingScale, dict[str, tuple[object, ...]]], score: Decimal
) -> None:
    scale, terms = built
    policy = RiskPolicy.from_rating_scale(scale, terms, currency="EUR")  # type: ignore[arg-type]
    try:
        expected = scale.classify(score).name
    except InvalidInput:
        with pytest.raises(InvalidInput, match="outside"):
            classify(policy, score)
        return
    found = classify(policy, score)
    assert found.name == expected
    assert (found.level, found.blocked) == (terms[expected][0], terms[expected][3])


@settings(max_examples=30)
@given(scales_with_terms())
def test_a_policy_round_trips_through_its_scale(
    built: tuple[RatingScale, dict[str, tuple[object, ...]]],
) -> None:
    scale, terms = built
    policy = RiskPolicy.from_rating_scale(scale, terms, currency="EUR")  # type: ignore[arg-type]
    again = RiskPolicy.from_rating_scale(
        policy.scale,
        {c.name: (c.level, c.rule, c.review_months, c.blocked) for c in policy.classes},
        currency="EUR",
    )
    assert again == policy
    by_of = RiskPolicy.of("EUR", reversed(policy.classes))
    assert by_of.classes == policy.classes
    assert [(c.name, c.lower, c.upper) for c in by_of.scale.classes] == [
        (c.name, c.lower, c.upper) for c in scale.classes
    ]


def test_an_unnamed_scale_is_not_quoted_as_an_empty_name() -> None:
    scale = RatingScale.create([("A", 0, 50), ("B", 50, 100)])
    with pytest.raises(
        ConfigurationError, match=r"^the rating scale has classes without .*\['B'\]"
    ):
        RiskPolicy.from_rating_scale(scale, {"A": ("low", cap(1))}, currency="EUR")
