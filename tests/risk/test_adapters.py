import pytest

from otccore.risk import Scorecard, benford, exact_duplicates, payment_behaviour, woe_table

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
    with pytest.raises(TypeError):
        to_frame(42)


def test_functions_accept_pandas_inputs():
    amounts = pd.Series([120, 250, 310, 1200] * 300, dtype="int64")
    r = benford(amounts)
    assert r.n == 1200
    with pytest.raises(Exception, match="float"):
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
