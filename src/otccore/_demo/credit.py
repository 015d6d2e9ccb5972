"""Demo stage: credit limits from a score, orders checked and reserved, holds released."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from rich.table import Table

from otccore._demo.context import DemoContext
from otccore._demo.risk import PAYMENT_CLASSES, payment_behaviours
from otccore.adapters.memory import FixedClock, MemoryEventSink
from otccore.adapters.sqlite import SqliteCredit
from otccore.credit import (
    BlockedRiskClass,
    CheckRule,
    CreditService,
    LevelStatus,
    LimitRule,
    LimitValidity,
    Order,
    Outcome,
    RiskLevel,
    RiskPolicy,
    Score,
    StaticLimit,
    TrafficLight,
    propose_limit,
)
from otccore.money import StaticRates, from_minor, money, to_minor
from otccore.receivables import Customer, OpenItem

__all__ = ["stage"]

RATES = StaticRates(
    {
        ("EUR", "USD"): Decimal("1.0837"),
        ("EUR", "GBP"): Decimal("0.8511"),
        ("EUR", "CHF"): Decimal("0.9402"),
        ("USD", "GBP"): Decimal("0.7854"),
        ("USD", "CHF"): Decimal("0.8676"),
        ("GBP", "CHF"): Decimal("1.1047"),
    }
)
RELEASER = "A. Moreau (credit manager)"


# Credit terms per payment class of the risk stage: the better a customer pays, the
# more months of its sales it may owe. Class D (pays very late) is blocked.
_TERMS: dict[str, tuple[RiskLevel, int, int, bool]] = {
    "A": (RiskLevel.LOW, 5_000_000, 3, False),
    "B": (RiskLevel.MEDIUM, 1_000_000, 2, False),
    "C": (RiskLevel.HIGH, 250_000, 1, False),
    "D": (RiskLevel.HIGH, 0, 0, True),
}
# A customer without a paid invoice yet has no index: it starts in class C.
_NO_HISTORY_SCORE = Decimal(50)


def _policy(currency: str) -> RiskPolicy:
    terms = {}
    for name, (level, cap, months, blocked) in _TERMS.items():
        rule = (
            LimitRule.of(cap=money(cap, currency), sales_multiple=months)
            if months
            else LimitRule.of(cap=money(cap, currency))
        )
        terms[name] = (level, rule, None, blocked)
    return RiskPolicy.from_rating_scale(
        PAYMENT_CLASSES,
        terms,
        currency=currency,
        max_increase_percent=50,
        score_validity_days=365,
    )


def _months(items: list[OpenItem], as_of: date) -> int:
    """Months the book covers, from its first invoice to the report date (at least one)."""
    if not items:
        return 1
    first = min(i.issue_date for i in items)
    span = relativedelta(as_of, first)
    whole = span.years * 12 + span.months
    # round to the nearest month: count the month under way once half of it is covered
    start = first + relativedelta(months=whole)
    month = (first + relativedelta(months=whole + 1) - start).days
    return max(1, whole + (1 if 2 * (as_of - start).days >= month else 0))


def _family_order(customers: list[Customer]) -> list[Customer]:
    """Parents before children (a customer whose parent is unknown stands alone)."""
    known = {c.id for c in customers}
    done: set[str] = set()
    result: list[Customer] = []
    pending = sorted(customers, key=lambda c: c.id)
    while pending:
        rest = []
        for c in pending:
            if c.parent_id is None or c.parent_id not in known or c.parent_id in done:
                result.append(c)
                done.add(c.id)
            else:
                rest.append(c)
        if len(rest) == len(pending):  # a cycle: open the rest alone
            result.extend(rest)
            break
        pending = rest
    return result


def stage(ctx: DemoContext) -> None:
    """Open credit accounts with limits from the payment index, check orders, release holds."""
    console = ctx.console
    console.rule("[bold]Credit: limits, checks, holds and releases")
    customers = _family_order(ctx.customers)
    if not customers:
        console.print("no customers: nothing to check")
        return
    service = CreditService(
        SqliteCredit(ctx.db),
        ctx.store,
        rates=RATES,
        events=MemoryEventSink(),
        clock=FixedClock(ctx.as_of),
        rule=CheckRule.of(
            [
                (BlockedRiskClass([n for n, (*_, blocked) in _TERMS.items() if blocked]), "reject"),
                (StaticLimit(), "hold"),
                (LimitValidity(), "hold"),
            ]
        ),
    )
    behaviours = payment_behaviours(ctx)
    book = ctx.store.list_items()
    months = _months(book, ctx.as_of)
    sales: Counter[str] = Counter()
    currency_of = {c.id: c.currency for c in customers}
    for item in book:
        if item.original.amount > 0 and item.currency == currency_of.get(item.customer_id):
            sales[item.customer_id] += to_minor(item.original)
    known = {c.id for c in customers}
    classes: dict[str, str] = {}
    policies = {code: _policy(code) for code in sorted({c.currency for c in customers})}
    for c in customers:
        # average monthly sales over the months the book spans (in the customer's currency)
        monthly = from_minor(sales[c.id] // months, c.currency)
        behaviour = behaviours.get(c.id)
        index = behaviour.index if behaviour is not None else None
        score = Score(Decimal(index) if index is not None else _NO_HISTORY_SCORE, ctx.as_of)
        proposal = propose_limit(
            policies[c.currency], score, as_of=ctx.as_of, average_monthly_sales=monthly
        )
        classes[c.id] = proposal.risk_class.name
        parent = c.parent_id if c.parent_id in known else None
        service.open_account(
            c.id,
            c.currency,
            limit=proposal.to_limit(),
            parent_id=parent,
            risk_class=proposal.risk_class.name,
            review_date=proposal.review_date,
        )
    ctx.console.print(
        f"Limits from the payment classes of the risk stage: up to {_TERMS['A'][2]}, "
        f"{_TERMS['B'][2]} and {_TERMS['C'][2]} months of average sales for classes A, B "
        f"and C (the book covers {months} months), class D blocked; "
        + ", ".join(f"{k}: {v}" for k, v in sorted(Counter(classes.values()).items()))
    )
    outcomes = Counter[Outcome]()
    held: list[Order] = []
    count = max(10, min(ctx.size, 300))
    for n in range(count):
        c = customers[ctx.rng.randrange(len(customers))]
        limit = service.account(c.id).limit.amount
        base = to_minor(limit) if limit is not None and limit.amount > 0 else 5_000_00
        per_order = base // max(1, 2 * count // len(customers))
        if ctx.rng.random() < 0.1:  # now and then a large order
            per_order = base // 3
        amount = from_minor(
            ctx.rng.randint(per_order // 4, max(per_order // 4 + 1, per_order)), c.currency
        )
        order = Order.create(
            f"DEMO-SO-{n:05d}",
            c.id,
            amount,
            order_date=ctx.as_of,
            delivery_date=ctx.as_of + timedelta(days=ctx.rng.randint(0, 60)),
        )
        decision = service.check_and_reserve(order)
        outcomes[decision.outcome] += 1
        if decision.outcome is Outcome.HELD:
            held.append(order)
    released = 0
    for order in held[: max(1, len(held) // 3)] if held else []:
        service.release(order, by=RELEASER, reason="prepayment of 30 % received", valid_days=7)
        released += 1

    summary = Table(title=f"{count} orders checked on {ctx.as_of}", show_lines=False)
    summary.add_column("outcome")
    summary.add_column("orders", justify="right")
    for outcome in Outcome:
        summary.add_row(outcome.value, str(outcomes[outcome]))
    summary.add_row(f"released by {RELEASER}", str(released))
    console.print(summary)
    _print_lights(ctx, service, customers, classes)


def _print_lights(
    ctx: DemoContext, service: CreditService, customers: list[Customer], classes: dict[str, str]
) -> None:
    statuses: list[tuple[Customer, LevelStatus]] = [(c, service.status(c.id)) for c in customers]
    order = {TrafficLight.RED: 0, TrafficLight.AMBER: 1, TrafficLight.GREEN: 2, None: 3}
    statuses.sort(key=lambda cs: (order[cs[1].light], -(cs[1].utilisation or Decimal(0)), cs[0].id))
    counts = Counter(s.light for _, s in statuses)
    table = Table(
        title="Customers by traffic light "
        + ", ".join(f"{(k.value if k else 'no limit')}: {counts[k]}" for k in order if counts[k])
    )
    for col, justify in (
        ("light", "left"),
        ("customer", "left"),
        ("class", "left"),
        ("limit", "right"),
        ("exposure", "right"),
        ("available", "right"),
        ("used %", "right"),
    ):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    style = {TrafficLight.RED: "red", TrafficLight.AMBER: "yellow", TrafficLight.GREEN: "green"}
    for c, s in statuses[:15]:
        light = s.light.value if s.light else "-"
        table.add_row(
            f"[{style.get(s.light, 'dim')}]{light}[/]" if s.light else light,
            f"{c.name} ({c.id})",
            classes.get(c.id, "-"),
            f"{s.limit.amount:,} {c.currency}" if s.limit is not None else "none",
            f"{s.exposure.amount:,}",
            f"{s.available.amount:,}" if s.available is not None else "-",
            f"{s.utilisation}" if s.utilisation is not None else "-",
        )
    if len(statuses) > 15:
        table.caption = f"… and {len(statuses) - 15} more customers"
    ctx.console.print(table)
