"""Demo stage: a day of incoming payments applied to the book (cash application)."""

from __future__ import annotations

from otccore._demo.context import DemoContext
from otccore.adapters.memory import FixedClock, MemoryEventSink
from otccore.adapters.sqlite import SqliteMatchOutcomes
from otccore.matching import Band, CashApplication
from otccore.testing.scenarios import Noise, Scenario, generate_payments, score

__all__ = ["stage"]


def stage(ctx: DemoContext) -> None:
    """Generate noisy payments for ctx.store's open items, apply them, show the figures."""
    from rich.markup import escape
    from rich.table import Table

    items = ctx.store.list_items(open_only=True)
    customers = ctx.store.list_customers()
    invoices = [i for i in items if i.open.amount > 0 and i.issue_date <= ctx.as_of]
    count = max(1, min(len(invoices) // 2, 5_000))
    if not invoices:
        ctx.console.print("[yellow]cash application: no open invoices to pay[/]")
        return
    payments, truth = generate_payments(
        invoices,
        customers,
        rng=ctx.rng,
        noise=Noise(),
        as_of=ctx.as_of,
        count=count,
        prefix=f"CASH-{ctx.as_of:%Y%m%d}-",
    )
    ctx.store.add_payments(payments)
    sink = MemoryEventSink()
    outcomes = SqliteMatchOutcomes(ctx.db)
    app = CashApplication(ctx.store, outcomes, events=sink, clock=FixedClock(ctx.as_of))
    report = app.run(payment_ids=[p.id for p in payments])
    result = report.result
    summary = result.summary()
    quality = score(
        result, Scenario(tuple(customers), tuple(items), tuple(payments), truth, ctx.as_of)
    )

    table = Table(title=f"Cash application, {ctx.as_of}: {len(payments)} incoming payments")
    table.add_column("measure")
    table.add_column("value", justify="right")

    def pct(value: object) -> str:
        return "—" if value is None else f"{value:.1f} %"

    for label, value in [
        ("auto-applied payments", f"{len(report.applied)}"),
        ("suggested (a person confirms)", f"{summary.suggested}"),
        ("exceptions", f"{summary.exceptions + len(report.conflicts) + len(report.rejected)}"),
        ("payment-level auto-apply rate", pct(summary.payment_auto_rate)),
        ("item-level auto-apply rate", pct(quality.item_auto_rate)),
        ("precision of posted links", pct(quality.precision)),
        ("wrong links per 1,000", f"{quality.wrong_links_per_1000 or 0:.2f}"),
        ("events emitted", f"{len(sink.events)}"),
        ("outcomes waiting for a person", f"{len(outcomes.list_outcomes()) - len(report.applied)}"),
    ]:
        table.add_row(label, value)
    ctx.console.print(table)

    shown = Table(title="A few explanations", show_lines=True)
    shown.add_column("band")
    shown.add_column("explanation")
    picks = []
    for tier_seen in ("subset", "split", "reference", "unique_amount", "remittance"):
        for m in result.matches:
            if m.band is Band.AUTO_APPLY and m.tier.value == tier_seen:
                picks.append(("auto", m.explanation))
                break
    picks += [("suggest", m.explanation) for m in result.suggestions[:2]]
    picks += [(f"exception: {e.code.value}", e.explanation) for e in result.exceptions[:2]]
    for band, text in picks:
        shown.add_row(escape(band), escape(text))
    ctx.console.print(shown)
