"""Test support for invoicing: the NumberSequence contract suite and Hypothesis strategies.

Subclass :class:`NumberSequenceContract` with a ``sequence`` fixture that builds
the adapter under test (the concurrency test shares it between ``threads``
threads taking ``per_thread`` numbers each; lower them for a slow adapter); use
:func:`draft_invoices` to generate valid drafts with every feature of the builder
(its example is a property test over them), and :func:`tax_categories` and
:func:`payment_terms` for the parts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import strategies as st

from otccore.errors import InvalidInput
from otccore.invoicing import (
    EarlyPaymentDiscount,
    EndOfMonth,
    Installments,
    Invoice,
    InvoiceBuilder,
    NetDays,
    NumberSequence,
    PaymentTerms,
    TaxCategory,
    VatRounding,
)
from otccore.invoicing.terms import DiscountBase, TaxReduction
from otccore.money import Money, StaticRates

__all__ = ["NumberSequenceContract", "draft_invoices", "payment_terms", "tax_categories"]

_CATEGORIES = (
    TaxCategory.of("S", 19),
    TaxCategory.of("S", 7),
    TaxCategory.of("S", "5.5"),
    TaxCategory.of("S", 21),
    TaxCategory.of("Z", 0),
    TaxCategory.of("E", 0),
    TaxCategory.of("AE", 0),
    TaxCategory.of("K", 0),
    TaxCategory.of("G", 0),
    TaxCategory.of("O"),
    TaxCategory.of("L", 7),
    TaxCategory.of("M", 4),
)


def tax_categories() -> st.SearchStrategy[TaxCategory]:
    """Valid VAT categories with their rates (every code of EN 16931).

    Example:
        >>> from hypothesis import find
        >>> from otccore.testing.invoicing import tax_categories
        >>> find(tax_categories(), lambda category: category.rate == 7)
        TaxCategory(category=<VatCategory.STANDARD: 'S'>, rate=Decimal('7'))
    """
    return st.sampled_from(_CATEGORIES)


def payment_terms() -> st.SearchStrategy[PaymentTerms]:
    """Every kind of payment terms.

    Example:
        >>> from hypothesis import find
        >>> from otccore.invoicing import Installments
        >>> from otccore.testing.invoicing import payment_terms
        >>> find(payment_terms(), lambda terms: isinstance(terms, Installments))
        Installments(parts=((Decimal('1'), 30),))
    """
    net = st.one_of(
        st.integers(0, 120).map(NetDays),
        st.integers(0, 60).map(lambda d: EndOfMonth(d)),
        st.integers(1, 31).map(lambda d: EndOfMonth(day=d)),
    )
    discount = st.builds(
        EarlyPaymentDiscount,
        st.decimals(Decimal("0.5"), Decimal("5"), places=2),
        st.integers(0, 20),
        net,
        base=st.sampled_from(DiscountBase),
        tax_reduction=st.sampled_from(TaxReduction),
    )
    parts = st.lists(st.integers(1, 100), min_size=1, max_size=4).flatmap(
        lambda weights: st.just(
            Installments(tuple((Decimal(w), 30 * (i + 1)) for i, w in enumerate(weights)))
        )
    )
    return st.one_of(net, discount, parts)


def _amounts(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(Decimal(low), Decimal(high), places=places)


@st.composite
def draft_invoices(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    currency: str = "EUR",
    *,
    document_level: bool = True,
    tax_rate: Decimal | None = None,
) -> Invoice:
    """Valid draft invoices: 1–6 lines of any VAT category, line and document
    allowances and charges (amounts and percentages), item price discounts,
    tax-inclusive prices, prepaid amounts, cash rounding, either VAT rounding
    mode, a tax currency, payment means and every kind of terms.

    ``document_level=False`` leaves out the document-level part (document
    allowances and charges, prepaid amount, cash rounding). ``tax_rate`` fixes the
    rate from ``currency`` to the tax currency SEK when a draft has one (default:
    drawn), for tests that need the same rates again.

    Example:
        >>> from hypothesis import given, settings
        >>> from otccore.testing.invoicing import draft_invoices
        >>> @settings(max_examples=3, database=None)
        ... @given(draft_invoices())
        ... def check(draft):
        ...     assert draft.number is None and draft.lines
        ...     assert draft.totals.tax_inclusive == draft.totals.tax_exclusive + draft.totals.tax_total
        >>> check()
    """
    b = InvoiceBuilder.example(
        currency=currency, issue_date=draw(st.dates(date(2024, 1, 1), date(2027, 12, 31)))
    )
    cats: list[TaxCategory] = []
    for _ in range(draw(st.integers(1, 6))):
        cat = draw(tax_categories())
        cats.append(cat)
        price = Money(draw(_amounts("0", "2500", draw(st.integers(0, 4)))), currency)
        inclusive = draw(st.booleans())
        discount = None
        if not inclusive and price.amount > 0 and draw(st.booleans()):
            discount = Money(draw(_amounts("0", str(price.amount), 2)), currency)
        b.line(
            draw(st.sampled_from(["Widget", "Service", "Gadget", "Tea & Biscuits <fine>"])),
            draw(_amounts("0.001", "500", draw(st.integers(0, 3)))),
            price,
            tax_category=cat,
            base_quantity=draw(st.sampled_from([1, 1, 10, 100, Decimal("0.5"), 3])),
            unit=draw(st.sampled_from(["C62", "KGM", "HUR"])),
            price_discount=discount,
            tax_inclusive=inclusive,
            order_reference=draw(st.one_of(st.none(), st.sampled_from(["PO-1", "PO-2"]))),
        )
        for _ in range(draw(st.integers(0, 2))):
            add = b.line_charge if draw(st.booleans()) else b.line_allowance
            if draw(st.booleans()):
                add(percent=draw(_amounts("0.5", "20", 2)), reason="Adjustment", code="95")
            else:
                add(Money(draw(_amounts("0", "50", 2)), currency), reason="Adjustment")
    for _ in range(draw(st.integers(0, 3)) if document_level else 0):
        add_doc = b.charge if draw(st.booleans()) else b.allowance
        if draw(st.booleans()):
            add_doc(
                percent=draw(_amounts("0.5", "10", 2)),
                reason="Volume",
                code="95",
                tax_category=draw(st.one_of(st.none(), st.sampled_from(cats))),
            )
        else:
            add_doc(
                Money(draw(_amounts("0", "100", 2)), currency),
                reason="Freight",
                code="FC",
                tax_category=draw(st.sampled_from(cats)),
            )
    if document_level and draw(st.booleans()):
        b.prepaid(Money(draw(_amounts("0", "100", 2)), currency))
    if document_level and draw(st.booleans()):
        b.cash_rounding(draw(st.sampled_from(["0.05", "0.10", "1"])))
    b.vat_rounding(draw(st.sampled_from(VatRounding)))
    if draw(st.booleans()):
        rate: Decimal = (
            draw(_amounts("0.0001", "200", 4).filter(lambda r: r > 0))
            if tax_rate is None
            else tax_rate
        )
        # StaticRates converts with dict(), which mypy cannot type from a dict literal
        b.tax_currency("SEK", StaticRates({(currency, "SEK"): rate}))
    if draw(st.booleans()):
        b.payment_means(
            "58",
            iban="DE89370400440532013000",
            reference=draw(st.one_of(st.none(), st.just("RF18539007547034"))),
        )
    if draw(st.booleans()):
        b.order_reference("PO-1")
    b.terms(draw(payment_terms()))
    return b.draft()


class NumberSequenceContract:
    """What every :class:`~otccore.invoicing.NumberSequence` adapter must do.

    Subclass it in a test module and provide a ``sequence`` fixture::

        class TestMine(NumberSequenceContract):
            @pytest.fixture
            def sequence(self):
                return MyNumberSequence(...)

    Example:
        >>> from otccore.testing.invoicing import NumberSequenceContract
        >>> NumberSequenceContract.threads
        8
    """

    threads = 8
    per_thread = 25

    @pytest.fixture
    def sequence(self) -> NumberSequence:  # pragma: no cover - overridden
        """The adapter under test (override in the subclass; ``yield`` it to close it afterwards).

        Example:
            >>> import pytest
            >>> from otccore.adapters.memory import MemoryNumberSequence
            >>> from otccore.testing.invoicing import NumberSequenceContract
            >>> class TestMemoryNumbers(NumberSequenceContract):
            ...     threads = 2  # fewer threads for a slow adapter
            ...     @pytest.fixture
            ...     def sequence(self):
            ...         return MemoryNumberSequence()
            >>> TestMemoryNumbers().test_gapless_and_unique_under_threads(MemoryNumberSequence())
            >>> TestMemoryNumbers().test_series_are_independent(MemoryNumberSequence())
        """
        raise NotImplementedError

    def test_a_new_series_starts_at_one(self, sequence: NumberSequence) -> None:
        """The first number of a series is 1 and current() was 0 before it."""
        assert sequence.current("INV") == 0
        assert sequence.next_value("INV") == 1
        assert sequence.current("INV") == 1

    def test_series_are_independent(self, sequence: NumberSequence) -> None:
        """Each series counts on its own."""
        assert [sequence.next_value("A") for _ in range(3)] == [1, 2, 3]
        assert sequence.next_value("B") == 1
        assert sequence.current("A") == 3

    def test_bad_series_is_refused(self, sequence: NumberSequence) -> None:
        """An empty series raises InvalidInput and takes no number."""
        with pytest.raises(InvalidInput, match="series"):
            sequence.next_value("  ")

    def test_gapless_and_unique_under_threads(self, sequence: NumberSequence) -> None:
        """Threads taking numbers at once get every number exactly once."""
        taken: list[int] = []
        lock = threading.Lock()
        errors: list[BaseException] = []

        def work() -> None:
            try:
                mine = [sequence.next_value("T") for _ in range(self.per_thread)]
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
                return
            with lock:
                taken.extend(mine)

        workers = [threading.Thread(target=work) for _ in range(self.threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert errors == []
        total = self.threads * self.per_thread
        assert sorted(taken) == list(range(1, total + 1))
        assert sequence.current("T") == total
        assert sequence.gapless is True
