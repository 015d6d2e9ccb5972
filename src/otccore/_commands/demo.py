"""``otccore demo``: a year of receivables in an SQLite file, aged and measured."""

from __future__ import annotations

import argparse
import random
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from otccore._demo import credit, invoicing, matching, risk
from otccore._demo.book import generate_book
from otccore._demo.context import DemoContext
from otccore.adapters.memory import SystemClock
from otccore.adapters.sqlite import SqliteDatabase, SqliteReceivables
from otccore.errors import InvalidInput
from otccore.money import from_minor
from otccore.receivables import (
    aging,
    best_possible_dso,
    collection_effectiveness_index,
    countback_dso,
    dso,
)

__all__ = ["register", "run"]

# The stages after the receivables book, in order; each prints its own tables.
STAGES = (invoicing.stage, matching.stage, risk.stage, credit.stage)


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        help="build a realistic receivables book in SQLite and report on it",
        description="Creates customers with different payment habits, a year of invoices "
        "and payments in an SQLite file, then prints aging, the top overdue customers and "
        "DSO, best possible DSO, ADD and CEI for the last quarter.",
    )
    parser.add_argument("--db", type=Path, help="SQLite file to create (default: a temp folder)")
    parser.add_argument("--size", type=int, default=200, help="number of customers (200)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument(
        "--as-of", type=date.fromisoformat, default=None, help="report date (default: today)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the demo; returns the exit status."""
    from rich.console import Console

    console = Console()
    if args.size < 1:
        raise InvalidInput(f"--size must be at least 1: {args.size}")
    as_of: date = args.as_of or SystemClock().today()
    if args.db is None:
        folder = Path(tempfile.mkdtemp(prefix="otccore-demo-"))
        path = folder / "book.sqlite"
    else:
        path = args.db
        if path.exists():
            raise InvalidInput(
                f"{path} already exists: give a new file (the demo never overwrites)"
            )
    db = SqliteDatabase(path)
    try:
        ctx = DemoContext(
            console=console,
            db=db,
            store=SqliteReceivables(db),
            as_of=as_of,
            rng=random.Random(args.seed),
            size=args.size,
        )
        console.rule(f"[bold]otccore demo[/] — {args.size} customers, as of {as_of}")
        console.print(f"SQLite file: {path}")
        receivables_stage(ctx, seed=args.seed)
        for stage in STAGES:
            stage(ctx)
    finally:
        db.close()
    return 0


def receivables_stage(ctx: DemoContext, *, seed: int) -> None:
    """Generate and store the book, then print aging, top overdue customers and metrics."""
    from rich.progress import Progress
    from rich.table import Table

    console = ctx.console
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Invoicing a year of sales", total=ctx.size)
        book = generate_book(
            ctx.size,
            seed,
            ctx.as_of,
            progress=lambda n: progress.advance(task, n),
        )
        store_task = progress.add_task("Storing the book", total=3)
        ctx.store.add_customers(book.customers)
        ctx.store.add_items(book.items)
        progress.advance(store_task)
        ctx.store.add_payments(book.payments)
        progress.advance(store_task)
        ctx.store.record_allocations(book.allocations)
        progress.advance(store_task)
    ctx.customers = list(book.customers)
    console.print(
        f"Stored {len(book.customers)} customers, {len(book.items)} invoices, "
        f"{len(book.payments)} payments and {len(book.allocations)} allocations."
    )

    table = ctx.store.item_table(currency="EUR", open_only=True)
    report = aging(table, as_of=ctx.as_of, separate_disputed=True)
    total = report.total()

    buckets = Table(title=f"Aging by bucket (due-date basis) as of {ctx.as_of}")
    buckets.add_column("Bucket")
    buckets.add_column("Open (EUR)", justify="right")
    buckets.add_column("Share", justify="right")
    for label, amount in zip(report.labels, report.totals(), strict=True):
        share = amount.amount / total.amount * 100 if total.amount else Decimal(0)
        buckets.add_row(label, f"{amount.amount:,.2f}", f"{share:.1f} %")
    buckets.add_row("[bold]total", f"[bold]{total.amount:,.2f}", "100.0 %")
    console.print(buckets)

    names = {c.id: c.name for c in book.customers}
    top = Table(title="Top overdue customers", caption="Past due includes disputed items.")
    for column in ("Customer", "Name", "Habit"):
        top.add_column(column)
    top.add_column("Past due (EUR)", justify="right")
    top.add_column("91+ (EUR)", justify="right")
    top.add_column("Disputed (EUR)", justify="right")
    for cid, past_due in report.top_past_due(10):
        row = report.row(cid)
        top.add_row(
            cid,
            names[cid],
            book.habits[cid],
            f"{past_due.amount:,.2f}",
            f"{row[-2].amount:,.2f}",
            f"{row[-1].amount:,.2f}",
        )
    console.print(top)

    quarter_start = ctx.as_of - timedelta(days=90)
    sales = book.sales_between(quarter_start, ctx.as_of)
    opening = book.receivables_on(quarter_start)
    closing = total.amount
    current = report.current().amount
    months = [
        (30, from_minor(book.sales_between(ctx.as_of - timedelta(days=30 * (k + 1)),
                                           ctx.as_of - timedelta(days=30 * k)), "EUR").amount)
        for k in range(3)
    ]  # fmt: skip
    sales_eur = from_minor(sales, "EUR").amount
    opening_eur = from_minor(opening, "EUR").amount
    figures = [
        ("DSO (standard)", dso(closing, credit_sales=sales_eur, days=90), "days"),
        (
            "DSO (average AR)",
            dso(closing, credit_sales=sales_eur, days=90, opening_receivables=opening_eur),
            "days",
        ),
        ("Countback DSO (3 × 30 days)", countback_dso(closing, months), "days"),
        ("Best possible DSO", best_possible_dso(current, credit_sales=sales_eur, days=90), "days"),
        ("Average days delinquent", _add(closing, current, sales_eur), "days"),
        (
            "CEI",
            collection_effectiveness_index(
                opening_eur,
                credit_sales=sales_eur,
                closing_receivables=closing,
                closing_current_receivables=current,
                months=3,
            ),
            "%",
        ),
    ]
    metrics = Table(title=f"Last quarter ({quarter_start} to {ctx.as_of}): credit sales "
                    f"EUR {sales_eur:,.2f}")  # fmt: skip
    metrics.add_column("Metric")
    metrics.add_column("Value", justify="right")
    for label, value, unit in figures:
        metrics.add_row(label, "n/a (no sales)" if value is None else f"{value:.1f} {unit}")
    console.print(metrics)


def _add(closing: Decimal, current: Decimal, sales: Decimal) -> Decimal | None:
    from otccore.receivables import average_days_delinquent

    return average_days_delinquent(
        closing, current_receivables=current, credit_sales=sales, days=90
    )
