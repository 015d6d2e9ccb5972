import attrs
import pytest

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


def _error_line(capsys):
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--write-off", "abc", "argument --write-off: not a decimal amount: 'abc'"),
        ("--write-off-percent", "NaN", "argument --write-off-percent: not a decimal amount: 'NaN'"),
        ("--bank-fee", "-1", "argument --bank-fee: must not be negative: '-1'"),
        ("--overpayment", "1,5", "argument --overpayment: not a decimal amount: '1,5'"),
        (
            "--auto-apply-score",
            "high",
            "argument --auto-apply-score: not a whole number of points: 'high'",
        ),
        ("--margin", "101", "argument --margin: points run from 0 to 100: '101'"),
        ("--as-of", "31.03.2026", "argument --as-of: not an ISO date (YYYY-MM-DD): '31.03.2026'"),
    ],
)
def test_bad_option_values_are_one_line_usage_errors(tmp_path, capsys, option, value, message):
    items = write(tmp_path, "items.csv", ITEMS)
    payments = write(tmp_path, "payments.csv", PAYMENTS)
    argv = ["reconcile", "--items", str(items), "--payments", str(payments), option, value]
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--out-dir", str(tmp_path / "out"), "--quiet"])
    assert exit_.value.code == 2
    assert _error_line(capsys) == f"otccore reconcile: error: {message}"
    assert not (tmp_path / "out").exists()


def test_options_that_contradict_each_other(tmp_path, capsys):
    items = write(tmp_path, "items.csv", ITEMS)
    payments = write(tmp_path, "payments.csv", PAYMENTS)
    with pytest.raises(SystemExit) as exit_:
        main(["reconcile", "--items", str(items), "--payments", str(payments), "--quiet",
              "--suggest-score", "80", "--auto-apply-score", "70"])  # fmt: skip
    assert exit_.value.code == 2
    assert _error_line(capsys) == (
        "otccore reconcile: error: suggest_score 80 is above auto_apply_score 70"
    )


@pytest.mark.parametrize("where", ["a-file", "a-file/out"])
def test_an_unwritable_out_dir_is_a_usage_error(tmp_path, capsys, where):
    items = write(tmp_path, "items.csv", ITEMS)
    payments = write(tmp_path, "payments.csv", PAYMENTS)
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / where
    with pytest.raises(SystemExit) as exit_:
        main(["reconcile", "--items", str(items), "--payments", str(payments), "--quiet",
              "--out-dir", str(out)])  # fmt: skip
    assert exit_.value.code == 2
    line = _error_line(capsys)
    assert line.startswith(f"otccore reconcile: error: argument --out-dir: cannot write to {out}: ")
    assert (tmp_path / "a-file").read_text() == "not a folder"


def test_every_tolerance_and_band_has_an_option():
    from decimal import Decimal

    from otccore._commands.reconcile import OPTIONS, _config
    from otccore.cli import build_parser
    from otccore.matching import MatchConfig

    fields = {f.name for f in attrs.fields(MatchConfig)}
    assert {field for _, field, _ in OPTIONS} <= fields  # a renamed field fails here
    args = build_parser().parse_args(
        ["reconcile", "--items", "i.csv", "--payments", "p.csv",
         "--write-off", "2.50", "--write-off-percent", "1", "--bank-fee", "15",
         "--fx-percent", "2", "--overpayment", "50", "--overpayment-percent", "5",
         "--auto-apply-score", "80", "--suggest-score", "40", "--margin", "20",
         "--name-score", "85", "--subset-budget", "1000", "--component-budget", "5000",
         "--bank-fee-percent", "0.5", "--auto-apply-deductions",
         "--no-auto-apply-overpayments", "--oldest-first"]
    )  # fmt: skip
    assert _config(args) == MatchConfig(
        write_off_absolute=Decimal("2.50"),
        write_off_percent=Decimal("1"),
        bank_fee_max=Decimal("15"),
        bank_fee_percent=Decimal("0.5"),
        fx_difference_percent=Decimal("2"),
        overpayment_absolute=Decimal("50"),
        overpayment_percent=Decimal("5"),
        auto_apply_score=80,
        suggest_score=40,
        margin=20,
        name_score=85,
        subset_step_budget=1000,
        component_step_budget=5000,
        auto_apply_deductions=True,
        auto_apply_overpayments=False,
        oldest_first_suggestions=True,
    )
    defaults = build_parser().parse_args(["reconcile", "--items", "i", "--payments", "p"])
    assert _config(defaults) == MatchConfig()


def test_the_matching_bar_counts_the_payments_decided(tmp_path, monkeypatch):
    import otccore._commands.reconcile as command

    seen = []
    real = command.reconcile

    def spy(*args, progress, **kwargs):
        def hook(done, total):
            seen.append((done, total))
            progress(done, total)  # the command's own bar update must accept it

        return real(*args, progress=hook, **kwargs)

    monkeypatch.setattr(command, "reconcile", spy)
    items = write(tmp_path, "items.csv", ITEMS)
    payments = write(tmp_path, "payments.csv", PAYMENTS)
    out = tmp_path / "out"
    assert main(["reconcile", "--items", str(items), "--payments", str(payments),
                 "--out-dir", str(out), "--quiet"]) == 0  # fmt: skip
    assert seen and seen[-1] == (2, 2)


def test_the_matching_step_shows_that_it_is_working():
    from rich.console import Console
    from rich.progress import SpinnerColumn, TimeElapsedColumn

    from otccore._commands.reconcile import _progress

    progress = _progress(Console(quiet=True))
    kinds = {type(c) for c in progress.columns}
    assert {SpinnerColumn, TimeElapsedColumn} <= kinds
    assert progress.live.auto_refresh  # redrawn from its own thread while reconcile runs
