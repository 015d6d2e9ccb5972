"""Cash application: match incoming payments to open items, explain every link.

The pure function :func:`reconcile` takes payments, open items and (optionally)
customers and returns a :class:`ReconciliationResult` of matches in three bands
(auto-apply, suggest, exception) with allocations, score parts, reasons and an
explanation; :class:`CashApplication` runs it over the receivables ports.

Example:
    >>> from datetime import date
    >>> from otccore.matching import reconcile
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem, Payment
    >>> inv = OpenItem.invoice("INV-7", "C1", money("119.00", "EUR"),
    ...                        issue_date=date(2026, 1, 5), due_date=date(2026, 2, 4))
    >>> pay = Payment.create("P1", money("119.00", "EUR"), value_date=date(2026, 2, 1),
    ...                      remittance_text="Rechnung INV 0007")
    >>> result = reconcile([pay], [inv], as_of=date(2026, 2, 1))
    >>> print(result.matches[0].explanation)
    Payment P1 (119.00 EUR) auto-applied to INV-7 (tier reference, score 90): the references name INV-7; the amount is exact; payer identified by the referenced items.
"""

from otccore import _kernel
from otccore.matching.config import MatchConfig
from otccore.matching.events import (
    ExceptionRaised,
    MatchPosted,
    MatchSuggested,
    ReconciliationRun,
)
from otccore.matching.payer import PayerEvidence, PayerIndex, normalise_name
from otccore.matching.pipeline import reconcile
from otccore.matching.ports import MatchOutcomeStore, PaymentOutcome
from otccore.matching.references import (
    KNOWN_PREFIXES,
    is_near_miss,
    is_structured_key,
    item_keys,
    normalise_reference,
    reference_keys,
    structured_reference,
)
from otccore.matching.result import (
    Band,
    ExceptionCase,
    Match,
    ReasonCode,
    ReconciliationResult,
    ScorePart,
    Summary,
    Tier,
)
from otccore.matching.service import CashApplication, RunReport
from otccore.matching.subset import SubsetSearch, find_subsets
from otccore.reasons import Reason

__all__ = [
    "KNOWN_PREFIXES",
    "Band",
    "CashApplication",
    "ExceptionCase",
    "ExceptionRaised",
    "Match",
    "MatchConfig",
    "MatchOutcomeStore",
    "MatchPosted",
    "MatchSuggested",
    "PayerEvidence",
    "PayerIndex",
    "PaymentOutcome",
    "Reason",
    "ReasonCode",
    "ReconciliationResult",
    "ReconciliationRun",
    "RunReport",
    "ScorePart",
    "SubsetSearch",
    "Summary",
    "Tier",
    "find_subsets",
    "is_near_miss",
    "is_structured_key",
    "item_keys",
    "normalise_name",
    "normalise_reference",
    "reconcile",
    "reference_keys",
    "structured_reference",
]

__getattr__ = _kernel.deprecated_names(
    __name__,
    {"CashApplied": ("MatchPosted", MatchPosted), "Outcome": ("PaymentOutcome", PaymentOutcome)},
)
