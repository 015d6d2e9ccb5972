"""Fixed-choice options are StrEnums that still take their text, and refuse anything else."""

from datetime import date

import pytest

from otccore.errors import ConfigurationError, InvalidInput
from otccore.risk import (
    BenfordTest,
    Document,
    MissingValues,
    Monotonic,
    NegativeAmounts,
    OddsConvention,
    RatingScale,
    Scaling,
    Scorecard,
    ScoringEngine,
    SignalCode,
    benford,
    bin_categorical,
    bin_numeric,
    exact_duplicates,
    round_numbers,
)

XS = [1, 2, 3, 4, 5, 6, 7, 8] * 5
YS = [1, 1, 0, 1, 0, 0, 0, 0] * 5


@pytest.mark.parametrize("member", list(Monotonic))
def test_monotonic_member_and_text_agree(member):
    assert bin_numeric(XS, YS, monotonic=member, smoothing=0.5) == bin_numeric(
        XS, YS, monotonic=member.value, smoothing=0.5
    )


def test_unknown_choices_are_refused_by_name():
    with pytest.raises(InvalidInput, match="unknown monotonic: 'up'"):
        bin_numeric(XS, YS, monotonic="up")
    with pytest.raises(InvalidInput, match="unknown missing: 'drop'"):
        bin_categorical(["a"], [0], missing="drop")
    with pytest.raises(InvalidInput, match="unknown negative: 'flip'"):
        benford([100], negative="flip")
    with pytest.raises(InvalidInput, match="unknown scoring engine: 'gpu'"):
        Scorecard.example().score_batch({"utilisation": [0.1], "days_late": [0]}, engine="gpu")
    with pytest.raises(InvalidInput, match="unknown odds convention: 'bad/good'"):
        Scaling(odds="bad/good")
    with pytest.raises(InvalidInput, match="unknown Benford test: 'third'"):
        benford([100], test="third")
    with pytest.raises(ConfigurationError, match="unknown direction: 'sideways'"):
        RatingScale.create([("x", 0, 10)], direction="sideways")


def test_missing_values_member_and_text_agree():
    xs, ys = ["a", "b", None, None] * 10, [0, 1, 1, 0] * 10
    assert bin_categorical(xs, ys, missing=MissingValues.BIN) == bin_categorical(
        xs, ys, missing="bin"
    )
    with pytest.raises(InvalidInput, match="is missing"):
        bin_categorical(xs, ys, missing=MissingValues.RAISE)


def test_negative_amounts_member_and_text_agree():
    amounts = [-120, 130, -250, 40]
    for member in NegativeAmounts:
        assert benford(amounts, min_amount=1, negative=member) == benford(
            amounts, min_amount=1, negative=member.value
        )
    assert benford(amounts, min_amount=1, negative=NegativeAmounts.ABS).n == 4
    assert benford(amounts, min_amount=1, test=BenfordTest.FIRST).n == 2


def test_odds_convention_is_kept_as_a_member_and_written_as_text():
    s = Scaling(pdo=50, base_score=600, base_odds=1 / 19, odds="bad:good")
    assert s == Scaling(pdo=50, base_score=600, base_odds=1 / 19, odds=OddsConvention.BAD_TO_GOOD)
    assert s.odds is OddsConvention.BAD_TO_GOOD
    assert s.to_dict()["odds"] == "bad:good"
    assert type(s.to_dict()["odds"]) is str


@pytest.mark.parametrize("engine", [*ScoringEngine, "python", "auto"])
def test_scoring_engine_member_and_text_agree(engine):
    pytest.importorskip("numpy")
    card = Scorecard.example()
    data = {"utilisation": [0.3, 0.95], "days_late": [0, 40]}
    assert list(card.score_batch(data, engine=engine)) == [618.89, 498.17]


def test_signal_codes_are_members_and_round_codes_a_pattern():
    d = date(2026, 1, 2)
    docs = [
        Document.create(i, customer_id="C1", number="N", amount=500, document_date=d)
        for i in ("1", "2")
    ]
    (found,) = exact_duplicates(docs)
    assert found.code is SignalCode.EXACT_DUPLICATE
    assert found.to_record()["code"] == "exact_duplicate"
    rows = [(str(i), "C1", f"N{i}", 500, d) for i in range(10)]
    assert [f.code for f in round_numbers(rows)] == ["round_100"]
