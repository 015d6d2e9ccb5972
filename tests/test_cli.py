"""The console script and its demo."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from otccore._demo.book import generate_book
from otccore.cli import main
from otccore.money import to_minor
from otccore.receivables import apply_allocations


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("otccore ")


def test_demo_prints_aging_top_customers_and_metrics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "book.sqlite"
    assert main(["demo", "--size", "12", "--db", str(db), "--as-of", "2026-06-30"]) == 0
    out = capsys.readouterr().out
    assert db.exists()
    for text in ("Aging by bucket", "Top overdue customers", "DSO (standard)", "CEI", "91+"):
        assert text in out


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _demo_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tty: str
) -> str:
    # rich reads TTY_COMPATIBLE when it decides whether its console is a terminal.
    monkeypatch.setenv("TTY_COMPATIBLE", tty)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "100")
    db = tmp_path / "book.sqlite"
    assert main(["demo", "--size", "20", "--db", str(db), "--as-of", "2026-06-30"]) == 0
    return capsys.readouterr().out


def test_demo_shows_progress_bars_that_reach_the_end_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _demo_output(tmp_path, capsys, monkeypatch, tty="1")
    frames = ANSI.sub("", out).replace("\r", "\n").splitlines()
    for task in ("Invoicing a year of sales", "Storing the book"):
        drawn = [line for line in frames if line.startswith(task)]
        assert drawn, f"no progress bar for {task!r}"
        # The last frame, drawn when the step ends, shows a full bar at 100 %.
        assert "━" in drawn[-1] and " 100% " in drawn[-1], drawn[-1]
    assert "Aging by bucket" in out


def test_demo_prints_no_progress_or_control_codes_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _demo_output(tmp_path, capsys, monkeypatch, tty="0")
    assert "Invoicing a year of sales" not in out and "Storing the book" not in out
    assert "\x1b[" not in out  # plain text, fit for a log file or a pipe
    assert "Aging by bucket" in out and "Stored 20 customers" in out


def test_demo_refuses_to_overwrite_and_bad_sizes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "kept.sqlite"
    existing.write_bytes(b"")
    assert main(["demo", "--db", str(existing)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["demo", "--size", "0"]) == 2
    assert "--size must be at least 1" in capsys.readouterr().err


def test_generated_book_is_deterministic_and_consistent() -> None:
    as_of = date(2026, 6, 30)
    a = generate_book(15, 3, as_of)
    b = generate_book(15, 3, as_of)
    assert a == b
    assert len(a.customers) == 15
    assert {a.habits[c.id] for c in a.customers} <= {"prompt", "slow", "erratic", "chronic"}
    settled = apply_allocations(a.items, a.allocations)
    # Every open amount stays within its invoice; every payment is fully allocated.
    assert all(0 <= to_minor(i.open) <= to_minor(i.original) for i in settled)
    cash = {p.id: to_minor(p.amount) for p in a.payments}
    for alloc in a.allocations:
        if alloc.kind == "applied":
            assert alloc.payment_id is not None
            cash[alloc.payment_id] -= to_minor(alloc.amount)
    assert set(cash.values()) == {0}
    assert all(i.issue_date <= as_of for i in a.items)
    assert any(i.disputed for i in generate_book(60, 3, as_of).items)
