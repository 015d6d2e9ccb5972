"""The console script and its demo."""

from __future__ import annotations

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
