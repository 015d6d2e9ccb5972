from decimal import Decimal

import pytest

from otccore.errors import InvalidAmount, InvalidInput
from otccore.risk import (
    PAYDEX_SCALE,
    Scorecard,
    benford,
    exact_duplicates,
    payment_behaviour,
    woe_table,
)

pd = pytest.importorskip("pandas")
from otccore.adapters.pandas import to_frame  # noqa: E402


def test_to_frame_of_tables_and_findings():
    frame = to_frame(woe_table([("a", 80, 20), ("b", 20, 80)]), index="label")
    assert list(frame.index) == ["a", "b"]
    assert frame.loc["a", "goods"] == 80
    found = exact_duplicates(
        [
            ("1", "C", "N", 5, pd.Timestamp("2026-01-01").date()),
            ("2", "C", "N", 5, pd.Timestamp("2026-01-01").date()),
        ]
    )
    f = to_frame(found)
    assert f["code"].tolist() == ["exact_duplicate"]
    assert f["subjects"].tolist() == ["1, 2"]
    card = Scorecard.example()
    assert len(to_frame(card)) == 6
    r = card.score({"utilisation": 0.1, "days_late": 3})
    assert to_frame(r)["points"].sum() == r.score
    assert to_frame(payment_behaviour([], as_of=pd.Timestamp("2026-01-01").date()))[
        "count"
    ].tolist() == [0]
    with pytest.raises(InvalidInput, match="cannot make a frame from int: 42"):
        to_frame(42)
    with pytest.raises(InvalidInput, match="cannot make a table row from int"):
        to_frame([r, 42])
    with pytest.raises(InvalidInput, match="no column 'nope' to index by"):
        to_frame(card, index="nope")


def _tabular_results():
    card = Scorecard.example()
    return [
        woe_table([("a", 80, 20), ("b", 20, 80)]),
        card.features[0].binning,
        card,
        card.score({"utilisation": 0.9, "days_late": 3}),
        benford([123, 234, 345, 1456] * 300),
        PAYDEX_SCALE,
    ]


def test_every_tabular_result_has_to_frame():
    import otccore.risk

    kinds = {
        type(obj) if not isinstance(obj, type) else obj
        for obj in (getattr(otccore.risk, name) for name in otccore.risk.__all__)
    }
    tabular = {k for k in kinds if isinstance(k, type) and hasattr(k, "to_records")}
    assert tabular == {type(r) for r in _tabular_results()}
    for result in _tabular_results():
        frame = result.to_frame()
        assert frame.to_dict("records") == result.to_records()
        pd.testing.assert_frame_equal(frame, to_frame(result))
        first = next(iter(result.to_records()[0]))
        assert result.to_frame(index=first).index.name == first


def test_to_frame_without_pandas_names_the_extra():
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "from otccore.risk import woe_table\n"
        "try:\n"
        "    woe_table([('a', 1, 2), ('b', 2, 1)]).to_frame()\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == 'to_frame() needs pandas: pip install "otccore[pandas]"'


def test_functions_accept_pandas_inputs():
    amounts = pd.Series([120, 250, 310, 1200] * 300, dtype="int64")
    r = benford(amounts)
    assert r.n == 1200
    with pytest.raises(InvalidAmount, match="float"):
        benford(pd.Series([1.5, 2.5]))
    xs = pd.Series([1.0, None, 3.0, 4.0] * 10)
    ys = pd.Series([0, 1, 1, 0] * 10)
    from otccore.risk import bin_numeric

    b = bin_numeric(xs, ys, smoothing=0.5, min_bin_share=0.1)
    assert b.has_missing_bin


def test_plots_draw_with_agg():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from otccore.adapters.plot import plot_benford, plot_scores

    ax = plot_benford(benford([123, 234, 345, 1456] * 300, test="first_two"))
    assert ax.get_xlabel() == "digit"
    assert len(ax.patches) == 90
    ax2 = plot_scores(
        Scorecard.example().score_batch({"utilisation": [0.1, 0.9], "days_late": [0, 50]}),
        cutoffs=[520, 600],
    )
    assert len(ax2.lines) == 2
    plt.close("all")


def test_behaviour_and_signals_take_dataframes():
    frame = pd.DataFrame(
        {
            "issue_date": pd.to_datetime(["2026-01-01", "2026-01-10"]).date,
            "due_date": pd.to_datetime(["2026-01-31", "2026-02-09"]).date,
            "paid_date": pd.to_datetime(["2026-02-10", "2026-02-09"]).date,
            "amount": pd.Series([100, 300], dtype="int64"),
        }
    )
    b = payment_behaviour(frame, as_of=pd.Timestamp("2026-03-01").date())
    assert b.days_beyond_terms == Decimal("2.5")  # (10·100 + 0·300) / 400
    stamps = frame.assign(paid_date=pd.to_datetime(frame["paid_date"]))
    with pytest.raises(InvalidInput, match=r"use \.dt\.date"):
        payment_behaviour(stamps, as_of=pd.Timestamp("2026-03-01").date())
    docs = pd.DataFrame(
        {
            "id": ["1", "2"],
            "party": ["C1", "C1"],
            "number": ["INV-1", "INV-1"],
            "amount": pd.Series([5, 5], dtype="int64"),
            "date": pd.to_datetime(["2026-01-01", "2026-01-02"]).date,
        }
    )
    assert exact_duplicates(docs)[0].subjects == ("1", "2")
    with pytest.raises(InvalidInput, match=r"use \.dt\.date"):
        exact_duplicates(docs.assign(date=pd.to_datetime(docs["date"])))
