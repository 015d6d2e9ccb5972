from otccore.cli import main

from .test_csv import ITEMS, PAYMENTS, read_rows, write


def test_reconcile_command(tmp_path, capsys):
    items = write(tmp_path, "items.csv", ITEMS)
    payments = write(tmp_path, "payments.csv", PAYMENTS + "P3,7.00,EUR,2026-03-31,,,,\n")
    out = tmp_path / "out"
    status = main(
        ["reconcile", "--items", str(items), "--payments", str(payments), "--out-dir", str(out)]
    )
    assert status == 0
    text = capsys.readouterr().out
    assert "auto-applied" in text
    assert "66.7 %" in text
    rows = read_rows(out / "matches.csv")
    assert {r["payment_id"] for r in rows} == {"P1", "P2"}
    [exc] = read_rows(out / "exceptions.csv")
    assert exc["payment_id"] == "P3"


def test_reconcile_command_bad_file(tmp_path, capsys):
    items = write(tmp_path, "items.csv", "number\nINV-1\n")
    payments = write(tmp_path, "payments.csv", PAYMENTS)
    status = main(["reconcile", "--items", str(items), "--payments", str(payments), "--quiet"])
    assert status == 2
    assert "items.csv:1: missing column(s)" in capsys.readouterr().err


def test_reconcile_command_options(tmp_path, capsys):
    items = write(tmp_path, "items.csv", ITEMS)
    payments = write(tmp_path, "payments.csv", PAYMENTS)
    customers = write(
        tmp_path,
        "customers.csv",
        "id,name,currency,bank_accounts\nC1,Acme,EUR,NL91ABNA0417164300\n",
    )
    status = main(
        [
            "reconcile",
            "--items", str(items),
            "--payments", str(payments),
            "--customers", str(customers),
            "--as-of", "2026-03-31",
            "--write-off", "1.00",
            "--write-off-percent", "0.1",
            "--auto-apply-score", "100",
            "--out-dir", str(tmp_path),
        ]
    )  # fmt: skip
    assert status == 0
    rows = read_rows(tmp_path / "matches.csv")
    assert {(r["payment_id"], r["band"]) for r in rows} == {("P1", "suggest"), ("P2", "auto_apply")}
    assert main(["reconcile", "--items", str(items), "--payments", str(payments),
                 "--as-of", "31.03.2026", "--quiet"]) == 2  # fmt: skip
