"""A realistic receivables book for the demo: customers with habits, a year of invoices.

Pure generation from a seed and an as-of date; the demo stores the result through
the receivables ports and reports on what the store gives back.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import attrs

from otccore._demo.invoicing import make_book_invoice
from otccore.money import from_minor, to_minor
from otccore.receivables import Allocation, Customer, OpenItem, Payment

__all__ = ["PROFILES", "Book", "Habit", "generate_book"]

CURRENCY = "EUR"


@attrs.frozen
class Habit:
    """How a kind of customer pays: delay after the due date, and how often it disputes."""

    name: str
    weight: int
    delay: tuple[int, int]
    dispute_rate: float
    never_pays_rate: float


PROFILES = (
    Habit("prompt", 40, (-8, 3), 0.005, 0.0),
    Habit("slow", 30, (5, 35), 0.01, 0.01),
    Habit("erratic", 20, (-5, 75), 0.02, 0.03),
    Habit("chronic", 10, (40, 150), 0.03, 0.12),
)

_NAMES = (
    "Acme", "Borealis", "Cobalt", "Delta", "Everest", "Fjord", "Granite", "Harbor", "Iris",
    "Juniper", "Kestrel", "Lumen", "Meridian", "Nordic", "Orchid", "Pioneer", "Quarry",
    "Redwood", "Summit", "Tundra", "Umber", "Vertex", "Willow", "Xenon", "Yarrow", "Zephyr",
)  # fmt: skip
_FORMS = ("GmbH", "Ltd", "SA", "BV", "SpA", "AB", "Oy", "SRL")


@attrs.frozen
class Book:
    """Everything the generator made, with what the demo needs to report on it."""

    as_of: date
    customers: tuple[Customer, ...]
    habits: dict[str, str]
    items: tuple[OpenItem, ...]
    payments: tuple[Payment, ...]
    allocations: tuple[Allocation, ...]
    payment_dates: dict[str, date]

    def receivables_on(self, day: date) -> int:
        """Open receivables (minor units) at the end of ``day``: issued minus paid by then."""
        issued = sum(to_minor(i.original) for i in self.items if i.issue_date <= day)
        paid = sum(
            to_minor(a.amount)
            for a in self.allocations
            if a.payment_id is not None and self.payment_dates[a.payment_id] <= day
        )
        return issued - paid

    def sales_between(self, start: date, end: date) -> int:
        """Credit sales (minor units) issued in ``start < issue date <= end``."""
        return sum(to_minor(i.original) for i in self.items if start < i.issue_date <= end)


def generate_book(
    size: int,
    seed: int,
    as_of: date,
    *,
    progress: Callable[[int], None] | None = None,
) -> Book:
    """A year of invoicing up to ``as_of`` for ``size`` customers, paid by their habits.

    Items come at their original open amount; applying ``allocations`` (through the
    store's ``record_allocations``) settles what was paid.

    Every invoice is built, validated and issued through the EN 16931 invoicing
    builder. ``progress`` is called once per customer.
    """
    rng = random.Random(seed)
    customers: list[Customer] = []
    habits: dict[str, str] = {}
    items: list[OpenItem] = []
    payments: list[Payment] = []
    allocations: list[Allocation] = []
    payment_dates: dict[str, date] = {}
    start = as_of - timedelta(days=365)
    number = 0
    for n in range(size):
        cid = f"C{n + 1:05d}"
        name = f"{_NAMES[n % len(_NAMES)]} {_FORMS[(n // len(_NAMES)) % len(_FORMS)]}"
        if n >= len(_NAMES):
            name = f"{name} {n // len(_NAMES) + 1}"
        iban = f"DE{rng.randrange(10, 99)}{rng.randrange(10**17, 10**18)}"
        customers.append(Customer.create(cid, name, CURRENCY, bank_accounts=[iban]))
        habit = rng.choices(PROFILES, weights=[p.weight for p in PROFILES])[0]
        habits[cid] = habit.name
        scale = rng.choice((200, 1_000, 5_000, 20_000))
        day = start + timedelta(days=rng.randrange(0, 20))
        while day <= as_of:
            number += 1
            net_days = rng.choice((14, 30, 30, 30, 45, 60))
            discount = (Decimal(2), 10) if rng.random() < 0.2 else None
            net_minor = rng.randrange(scale * 20, scale * 200) * 5
            item = make_book_invoice(
                number=f"INV-{as_of.year}-{number:06d}",
                customer=customers[-1],
                net_minor=net_minor,
                issue_date=day,
                net_days=net_days,
                discount=discount,
                rng=rng,
            )
            delay = rng.randint(*habit.delay)
            paid_on = item.due_date + timedelta(days=delay)
            disputed = rng.random() < habit.dispute_rate
            never = rng.random() < habit.never_pays_rate
            if disputed or never or paid_on > as_of:
                items.append(attrs.evolve(item, disputed=disputed))
            else:
                amount = item.original
                early = item.discount_on(paid_on)
                cash = amount - early if early.amount else amount
                short = rng.random() < 0.05
                if short:
                    cash = from_minor(to_minor(cash) * rng.randint(40, 90) // 100, CURRENCY)
                pid = f"PAY-{item.number}"
                payments.append(
                    Payment.create(
                        pid,
                        cash,
                        value_date=paid_on,
                        payer_name=customers[-1].name.upper(),
                        payer_account=customers[-1].bank_accounts[0],
                        customer_id=cid,
                        references=[item.number],
                    )
                )
                payment_dates[pid] = paid_on
                allocations.append(
                    Allocation.create("applied", cash, payment_id=pid, item_id=item.id)
                )
                if early.amount and not short:
                    allocations.append(
                        Allocation.create("discount", early, payment_id=pid, item_id=item.id)
                    )
                items.append(item)
            day += timedelta(days=rng.randrange(7, 45))
        if progress is not None:
            progress(1)
    return Book(
        as_of=as_of,
        customers=tuple(customers),
        habits=habits,
        items=tuple(items),
        payments=tuple(payments),
        allocations=tuple(allocations),
        payment_dates=payment_dates,
    )
