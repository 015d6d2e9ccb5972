"""Demo stage: payment behaviour, risk classes and Benford on the demo book."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.table import Table

from otccore.errors import InvalidInput
from otccore.receivables import ItemKind
from otccore.risk import (
    PAYDEX_SCALE,
    PaymentBehaviour,
    RatingScale,
    benford,
    paid_items,
    payment_behaviour,
)

if TYPE_CHECKING:
    from otccore._demo.context import DemoContext

__all__ = ["PAYMENT_CLASSES", "payment_behaviours", "stage"]

# A house scale over the 0–100 payment index (higher is better); the credit stage
# takes it straight into its limit policy, so a class means the same in both.
PAYMENT_CLASSES = RatingScale.create(
    [
        ("A", 80, 100, "pays promptly"),
        ("B", 60, 80, "pays a little late"),
        ("C", 40, 60, "pays late"),
        ("D", 0, 40, "pays very late"),
    ],
    name="payment index class",
)


def payment_behaviours(ctx: DemoContext) -> dict[str, PaymentBehaviour]:
    """Payment behaviour per customer with paid items, as of the demo date.

    Computed once and kept on the context: the risk stage shows it, the credit
    stage scores limits from its index.
    """
    if ctx.behaviours is None:
        ctx.behaviours = {
            customer_id: payment_behaviour(
                [i for i in items if i.paid_date <= ctx.as_of], as_of=ctx.as_of
            )
            for customer_id, items in paid_items(ctx.store).items()
        }
    return ctx.behaviours


def stage(ctx: DemoContext) -> None:
    """Payment-behaviour index per customer, their risk classes, Benford on invoice amounts."""
    console = ctx.console
    console.rule("[bold]Risk: payment behaviour, risk classes, Benford")
    table = Table(title=f"Payment behaviour as of {ctx.as_of} (index: higher is better)")
    for name in ("customer", "paid", "DBT", "late %", "trend", "index", "class", "Paydex band"):
        table.add_column(name, justify="left" if name in ("customer", "trend") else "right")
    classes: Counter[str] = Counter()
    shown = 0
    for customer_id, behaviour in payment_behaviours(ctx).items():
        if behaviour.index is None:
            continue
        risk_class = PAYMENT_CLASSES.classify(behaviour.index).name
        classes[risk_class] += 1
        if shown < 12:
            shown += 1
            table.add_row(
                customer_id,
                str(behaviour.count),
                f"{behaviour.days_beyond_terms:.1f}",
                f"{(behaviour.share_paid_late or 0) * 100:.0f}",
                str(behaviour.trend),
                str(behaviour.index),
                risk_class,
                PAYDEX_SCALE.classify(behaviour.index).name,
            )
    console.print(table)
    summary = Table(title="Customers per risk class")
    summary.add_column("class")
    summary.add_column("meaning")
    summary.add_column("customers", justify="right")
    for record in PAYMENT_CLASSES.to_records():
        summary.add_row(
            str(record["name"]), str(record["label"]), str(classes[str(record["name"])])
        )
    console.print(summary)

    amounts = [
        item.original
        for item in ctx.store.list_items()
        if item.kind in (ItemKind.INVOICE, ItemKind.DEBIT_NOTE)
    ]
    try:
        result = benford(amounts)
    except InvalidInput as exc:
        console.print(f"Benford: not enough invoice amounts ({exc})")
        return
    digits = Table(
        title=f"Benford first digit on {result.n} invoice amounts: MAD {result.mad:.4f} "
        f"({result.conformity}), χ² {result.chi2:.1f} (p {result.p_value:.3f})"
    )
    for name in ("digit", "count", "observed %", "Benford %", "z", "flag"):
        digits.add_column(name, justify="right")
    for d in result.digits:
        digits.add_row(
            str(d.digit),
            str(d.count),
            f"{d.observed * 100:.1f}",
            f"{d.expected * 100:.1f}",
            f"{d.z:.2f}",
            "!" if d.flagged else "",
        )
    console.print(digits)
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
