"""``otccore reconcile``: match payments from CSV against open items from CSV."""

from __future__ import annotations

import argparse
import pathlib
from datetime import date
from decimal import Decimal
from typing import Any

from otccore.adapters.csv import (
    read_customers,
    read_open_items,
    read_payments,
    write_exceptions,
    write_matches,
)
from otccore.errors import InvalidInput
from otccore.matching import Band, MatchConfig, ReconciliationResult, reconcile

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``reconcile`` subcommand."""
    parser = subparsers.add_parser(
        "reconcile",
        help="match payments to open items (CSV in, CSV out)",
        description="Match payments to open items and write matches and exceptions as CSV.",
    )
    parser.add_argument("--items", required=True, type=pathlib.Path, help="open items CSV")
    parser.add_argument("--payments", required=True, type=pathlib.Path, help="payments CSV")
    parser.add_argument("--customers", type=pathlib.Path, help="customers CSV (optional)")
    parser.add_argument("--as-of", help="business date, YYYY-MM-DD (default: latest value date)")
    parser.add_argument(
        "--out-dir", type=pathlib.Path, default=pathlib.Path("."), help="where to write CSVs"
    )
    parser.add_argument("--write-off", help="absolute write-off limit, e.g. 5.00")
    parser.add_argument("--write-off-percent", help="percentage write-off limit, e.g. 0.5")
    parser.add_argument("--auto-apply-score", type=int, help="points needed to auto-apply")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or table")
    parser.set_defaults(func=run)


def _config(args: argparse.Namespace) -> MatchConfig:
    kwargs: dict[str, Any] = {}
    if args.write_off is not None:
        kwargs["write_off_absolute"] = Decimal(args.write_off)
    if args.write_off_percent is not None:
        kwargs["write_off_percent"] = Decimal(args.write_off_percent)
    if args.auto_apply_score is not None:
        kwargs["auto_apply_score"] = args.auto_apply_score
    return MatchConfig(**kwargs)


def run(args: argparse.Namespace) -> int:
    """Read, reconcile, write; prints a summary table. Exit 0 on success."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    console = Console(quiet=args.quiet)
    config = _config(args)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("reading", total=4)
        items = read_open_items(args.items)
        progress.advance(task)
        payments = read_payments(args.payments)
        progress.advance(task)
        customers = read_customers(args.customers) if args.customers else []
        progress.update(task, description="matching")
        if args.as_of:
            try:
                as_of = date.fromisoformat(args.as_of)
            except ValueError:
                raise InvalidInput(f"--as-of is not an ISO date: {args.as_of!r}") from None
        else:
            as_of = max((p.value_date for p in payments), default=date(1970, 1, 1))
        result = reconcile(payments, items, customers=customers, config=config, as_of=as_of)
        progress.advance(task)
        progress.update(task, description="writing")
        args.out_dir.mkdir(parents=True, exist_ok=True)
        write_matches(result, args.out_dir / "matches.csv")
        write_exceptions(result, args.out_dir / "exceptions.csv")
        progress.advance(task)
    console.print(_table(result, Table))
    console.print(f"wrote {args.out_dir / 'matches.csv'} and {args.out_dir / 'exceptions.csv'}")
    return 0


def _table(result: ReconciliationResult, table_cls: Any) -> Any:
    s = result.summary()
    table = table_cls(title=f"Cash application {result.as_of}")
    table.add_column("measure")
    table.add_column("value", justify="right")

    def pct(v: Decimal | None) -> str:
        return "—" if v is None else f"{v:.1f} %"

    cash = sum(
        (
            a.amount.amount
            for m in result.matches
            if m.band is Band.AUTO_APPLY
            for a in m.allocations
            if a.kind.uses_cash
        ),
        Decimal(0),
    )
    for label, value in [
        ("payments", str(s.payments)),
        ("auto-applied", str(s.auto_applied)),
        ("suggested", str(s.suggested)),
        ("exceptions", str(s.exceptions)),
        ("payment auto-apply rate", pct(s.payment_auto_rate)),
        ("item auto-apply rate", pct(s.item_auto_rate)),
        ("cash auto-applied", f"{cash}"),
    ]:
        table.add_row(label, value)
    return table
