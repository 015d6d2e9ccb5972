from datetime import date
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
        exact_duplicates(
            [("1", "C", "N", 5, date(2026, 1, 1)), ("2", "C", "N", 5, date(2026, 1, 1))]
        ),
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
            "customer_id": ["C1", "C1"],
            "number": ["INV-1", "INV-1"],
            "amount": pd.Series([5, 5], dtype="int64"),
            "document_date": pd.to_datetime(["2026-01-01", "2026-01-02"]).date,
        }
    )
    assert exact_duplicates(docs)[0].subjects == ("1", "2")
    with pytest.raises(InvalidInput, match=r"use \.dt\.date"):
        exact_duplicates(docs.assign(document_date=pd.to_datetime(docs["document_date"])))


def test_new_payer_accounts_takes_objects_rows_and_frames():
    from otccore.money import money
    from otccore.receivables import Customer, Payment
    from otccore.risk import new_payer_accounts

    day = pd.Timestamp("2026-01-01").date()
    rows = [
        {"id": "P1", "amount": 5, "currency": "EUR", "value_date": day,
         "payer_account": "DE11", "customer_id": "C1"},
        {"id": "P2", "amount": 7, "currency": "EUR", "value_date": day.replace(day=2),
         "payer_account": "gb22", "customer_id": "C1"},
        {"id": "P3", "amount": 9, "currency": "EUR", "value_date": day.replace(day=3),
         "payer_account": None, "customer_id": None},
    ]  # fmt: skip
    payments = [
        Payment.create(
            r["id"],
            money(r["amount"], "EUR"),
            value_date=r["value_date"],
            payer_account=r["payer_account"] or "",
            customer_id=r["customer_id"],
        )
        for r in rows
    ]
    customer_rows = [
        {"id": "C1", "name": "Acme", "currency": "EUR", "bank_accounts": ["DE11"]},
        {"id": "C2", "name": "Beta", "currency": "EUR", "bank_accounts": None},
    ]
    customers = [Customer.from_row(c) for c in customer_rows]
    expected = new_payer_accounts(payments, customers=customers)
    assert [(f.customer_id, f.subjects) for f in expected] == [("C1", ("P2",))]
    frame = pd.DataFrame(rows)  # P3's empty cells become None/NaN
    assert frame["customer_id"].isna().iloc[2]
    assert new_payer_accounts(rows, customers=customer_rows) == expected
    assert new_payer_accounts(tuple(rows), customers=tuple(customer_rows)) == expected
    assert new_payer_accounts(frame, customers=pd.DataFrame(customer_rows)) == expected
    assert new_payer_accounts(frame.iloc[::-1], customers=customers) == expected
    with_nan = frame.copy()
    with_nan.loc[2, ["payer_account", "customer_id"]] = float("nan")  # as read_csv leaves them
    assert new_payer_accounts(with_nan, customers=customers) == expected
    with pytest.raises(InvalidAmount, match="float"):
        new_payer_accounts(frame.assign(amount=[5.0, 7.0, 9.0]))
    with pytest.raises(InvalidInput, match="not a Payment or a payment row"):
        new_payer_accounts(["P1"])


def test_refunds_to_changed_accounts_takes_objects_rows_and_frames():
    from otccore.risk import BankDetailsChange, Refund, refunds_to_changed_accounts

    day = pd.Timestamp("2026-03-01").date()
    refund_rows = [("R1", "C1", "GB22", 50, day), ("R2", "C2", "DE11", 20, day)]
    change_rows = [("C1", "gb22", day.replace(month=2, day=20))]
    expected = refunds_to_changed_accounts(
        [Refund.of(r) for r in refund_rows],
        [BankDetailsChange.of(c) for c in change_rows],
    )
    assert [(f.subjects, f.details["days_since_change"]) for f in expected] == [(("R1",), 9)]
    refunds = pd.DataFrame(
        refund_rows, columns=["id", "customer_id", "account", "amount", "refund_date"]
    )
    changes = pd.DataFrame(change_rows, columns=["customer_id", "account", "change_date"])
    assert refunds_to_changed_accounts(refund_rows, change_rows) == expected
    assert refunds_to_changed_accounts(refunds, changes) == expected
    assert (
        refunds_to_changed_accounts(refunds.to_dict("records"), changes.to_dict("records"))
        == expected
    )
    with pytest.raises(InvalidInput, match="refund is missing 'amount'"):
        refunds_to_changed_accounts(refunds.drop(columns="amount"), changes)
    with pytest.raises(InvalidInput, match=r"use \.dt\.date"):
        refunds_to_changed_accounts(refunds, changes.assign(change_date=pd.Timestamp("2026-02-20")))


def test_rating_scales_classify_columns():
    np = pytest.importorskip("numpy")
    from otccore.risk import CREDITREFORM_SCALE, PAYDEX_SCALE

    scores = [0, 49.99, 50, 79, 80, 100]
    expected = tuple(PAYDEX_SCALE.classify(s) for s in scores)
    assert [c.name for c in expected] == ["high", "high", "moderate", "moderate", "low", "low"]
    for column in (scores, tuple(scores), pd.Series(scores), np.array(scores)):
        assert PAYDEX_SCALE.classify_many(column) == expected
    assert [c.name for c in CREDITREFORM_SCALE.classify_many(pd.Series([100, 599, 600]))] == [
        "excellent",
        "hard_negative",
        "insolvent",
    ]
    with pytest.raises(InvalidInput, match="score at position 1 is missing: nan"):
        PAYDEX_SCALE.classify_many(pd.Series([50.0, None]))
    with pytest.raises(InvalidInput, match=r"score 101 at position 2 is outside .*\[0, 100\]"):
        PAYDEX_SCALE.classify_many([1, 2, 101])
    with pytest.raises(InvalidInput, match="expected a column"):
        PAYDEX_SCALE.classify_many("80")
    with pytest.raises(InvalidInput, match="not a Series; for a column of them use classify_many"):
        PAYDEX_SCALE.classify(pd.Series(scores))


def test_altman_takes_ratio_columns():
    from otccore.risk import altman_z, altman_z_many

    rows = [
        {"x1": 0.1, "x2": 0.2, "x3": 0.1, "x4": 1.0, "x5": 1.0},
        {"x1": -0.2, "x2": 0.0, "x3": -0.05, "x4": 0.3, "x5": 0.8},
    ]
    expected = tuple(altman_z("public_manufacturer", **r) for r in rows)
    frame = pd.DataFrame(rows)
    columns = {k: [r[k] for r in rows] for k in rows[0]}
    assert altman_z_many("public_manufacturer", frame) == expected
    assert altman_z_many("public_manufacturer", columns) == expected
    assert altman_z_many("public_manufacturer", {k: pd.Series(v) for k, v in columns.items()}) == (
        expected
    )
    assert to_frame(expected)["zone"].tolist() == ["grey", "distress"]
    no_x5 = frame.drop(columns="x5")
    assert altman_z_many("non_manufacturer", no_x5) == tuple(
        altman_z("non_manufacturer", **{k: v for k, v in r.items() if k != "x5"}) for r in rows
    )
    with pytest.raises(InvalidInput, match="no column 'x5'"):
        altman_z_many("public_manufacturer", no_x5)
    with pytest.raises(InvalidInput, match="row 1: X2 is missing: nan"):
        altman_z_many("private", frame.assign(x2=[0.1, None]))
    with pytest.raises(InvalidInput, match="X1 must be one number, not a Series; .* altman_z_many"):
        altman_z("public_manufacturer", **{k: frame[k] for k in frame})
    with pytest.raises(InvalidInput, match="ratio columns differ in length"):
        altman_z_many("private", {**columns, "x3": [0.1]})


def test_woe_table_takes_rows_and_frames():
    counts = [("low", 80, 20), ("high", 20, 80)]
    expected = woe_table(counts)
    frame = pd.DataFrame(counts, columns=["label", "goods", "bads"])
    assert woe_table(frame) == expected
    assert woe_table(frame.to_dict("records")) == expected
    assert woe_table(expected.to_frame()) == expected  # a table's own frame reads back
    with pytest.raises(InvalidInput, match="bin 0 is missing 'bads'"):
        woe_table(frame.drop(columns="bads"))
