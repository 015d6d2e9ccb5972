"""A tour of the receivables book: store, apply cash, age, measure.

Run: python examples/receivables_tour.py
"""

from __future__ import annotations

from datetime import date

from otccore.adapters.memory import MemoryReceivables
from otccore.money import money
from otccore.receivables import (
    Allocation,
    Customer,
    OpenItem,
    Payment,
    aging,
    best_possible_dso,
    dso,
)

AS_OF = date(2026, 3, 31)


def main() -> None:
    book = MemoryReceivables()
    book.add_customers(
        [Customer.create("C1", "Acme GmbH", "EUR"), Customer.create("C2", "Borealis Oy", "EUR")]
    )
    book.add_items(
        [
            OpenItem.invoice("INV-1", "C1", money("1190.00", "EUR"),
                             issue_date=date(2026, 1, 5), due_date=date(2026, 2, 4)),
            OpenItem.invoice("INV-2", "C1", money("595.00", "EUR"),
                             issue_date=date(2026, 3, 10), due_date=date(2026, 4, 9)),
            OpenItem.invoice("INV-3", "C2", money("2380.00", "EUR"),
                             issue_date=date(2025, 12, 1), due_date=date(2025, 12, 31), disputed=True),
        ]
    )  # fmt: skip
    book.add_payments([Payment.create("P1", money("1190.00", "EUR"), value_date=date(2026, 2, 6))])
    book.record_allocations(
        [Allocation.create("applied", money("1190.00", "EUR"), payment_id="P1", item_id="INV-1")]
    )

    report = aging(book.list_items(open_only=True), as_of=AS_OF, separate_disputed=True)
    print(
        "buckets:", dict(zip(report.labels, (str(m.amount) for m in report.totals()), strict=True))
    )
    sales = money("4165.00", "EUR")  # the quarter's credit sales
    print("DSO:", dso(report.total(), credit_sales=sales, days=90))
    print("best possible DSO:", best_possible_dso(report.current(), credit_sales=sales, days=90))
    assert book.get_item("INV-1").is_open is False


if __name__ == "__main__":
    main()
