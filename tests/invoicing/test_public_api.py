"""The public names of otccore.invoicing and its adapters, pinned, each with an example."""

import inspect
from collections.abc import Iterator

import otccore.adapters.memory as memory
import otccore.adapters.sqlite as sqlite
import otccore.adapters.ubl as ubl
import otccore.invoicing as invoicing
import otccore.testing.invoicing as testing_invoicing


def test_invoicing_all() -> None:
    assert invoicing.__all__ == [
        "CUSTOMIZATION_ID",
        "PEPPOL_EAS_CODES",
        "PROFILE_ID",
        "AllowanceCharge",
        "Billable",
        "DiscountBase",
        "DiscountOffer",
        "DiscountSplit",
        "DocumentReference",
        "DocumentType",
        "EarlyPaymentDiscount",
        "EndOfMonth",
        "Installment",
        "Installments",
        "Invoice",
        "InvoiceBuilder",
        "InvoiceLine",
        "IssueResult",
        "LineSpec",
        "NetDays",
        "NumberSequence",
        "Party",
        "PaymentMeans",
        "PaymentSchedule",
        "PaymentTerms",
        "TaxCategory",
        "TaxReduction",
        "Totals",
        "ValidationProfile",
        "VatBreakdown",
        "VatCategory",
        "VatRounding",
        "Violation",
        "check_series",
        "consolidate",
        "credit_note",
        "discount_split",
        "issue",
        "negative_invoice",
        "open_item",
        "parse_terms_note",
        "validate",
    ]
    assert invoicing.__all__ == sorted(invoicing.__all__, key=lambda n: (not n.isupper(), n))
    for name in invoicing.__all__:
        obj = getattr(invoicing, name)
        assert isinstance(obj, str | frozenset) or obj.__doc__, name


def _public_members(cls: type) -> Iterator[tuple[str, object]]:
    """Methods, class and static methods and properties the class itself defines."""
    for attr, value in vars(cls).items():
        if attr.startswith("_"):
            continue
        if isinstance(value, classmethod | staticmethod):
            yield attr, value.__func__
        elif isinstance(value, property):
            yield attr, value.fget
        elif inspect.isfunction(value):
            yield attr, value


def test_every_public_name_and_method_has_an_example() -> None:
    missing = []
    for name in invoicing.__all__:
        obj = getattr(invoicing, name)
        if isinstance(obj, str | frozenset):
            continue  # constants are documented by their attribute docstring
        if "Example:" not in (obj.__doc__ or ""):
            missing.append(name)
        if isinstance(obj, type):
            for attr, member in _public_members(obj):
                if "Example:" not in (getattr(member, "__doc__", None) or ""):
                    missing.append(f"{name}.{attr}")
    assert missing == []


def test_the_example_check_sees_methods_and_properties() -> None:
    members = dict(_public_members(invoicing.NetDays))
    assert {"due_date", "describe", "schedule"} <= set(members)
    assert "is_draft" in dict(_public_members(invoicing.Invoice))  # a property
    assert "of" in dict(_public_members(invoicing.TaxCategory))  # a classmethod


def test_adapter_names() -> None:
    assert ubl.__all__ == ["CAC", "CBC", "CREDIT_NOTE_NS", "INVOICE_NS", "read_ubl", "write_ubl"]
    assert "MemoryNumberSequence" in memory.__all__
    assert {"NUMBERING_SCHEMA", "SqliteNumberSequence"} <= set(sqlite.__all__)
    assert testing_invoicing.__all__ == [
        "NumberSequenceContract",
        "draft_invoices",
        "payment_terms",
        "tax_categories",
    ]
