"""The public names of otccore.invoicing and its adapters, pinned, each with an example."""

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


def test_the_old_module_paths_still_serve_every_name() -> None:
    import otccore.invoicing.builder as builder
    import otccore.invoicing.model as model
    import otccore.invoicing.validation as validation

    assert model.__all__ == [
        "CUSTOMIZATION_ID",
        "PROFILE_ID",
        "AllowanceCharge",
        "DiscountOffer",
        "DocumentReference",
        "DocumentType",
        "Installment",
        "Invoice",
        "InvoiceLine",
        "Party",
        "PaymentMeans",
        "TaxCategory",
        "TaxReduction",
        "Totals",
        "VatBreakdown",
        "VatCategory",
        "VatRounding",
    ]
    for name in model.__all__:
        assert getattr(model, name) is getattr(invoicing, name), name
    assert builder.__all__ == ["InvoiceBuilder", "LineSpec"]
    assert builder.LineSpec is invoicing.LineSpec
    assert validation.__all__ == ["PEPPOL_EAS_CODES", "ValidationProfile", "Violation", "validate"]
    for name in validation.__all__:
        assert getattr(validation, name) is getattr(invoicing, name), name
