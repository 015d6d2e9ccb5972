"""The vocabulary of cash application: bands, tiers and reason codes.

A :class:`ReasonCode` is the ``code`` of every :class:`otccore.reasons.Reason`
matching gives; :class:`Band` says what happens to a match and :class:`Tier`
which step of the pipeline found it (the tiers are explained in the docs page
"How cash application decides", ``docs/matching/pipeline.md``).

Example:
    >>> from otccore.matching import Band, ReasonCode, Tier
    >>> Band.AUTO_APPLY.value, Tier.SUBSET.value, ReasonCode.NO_PAYER.value
    ('auto_apply', 'subset', 'no_payer')
"""

from __future__ import annotations

import enum

__all__ = ["Band", "ReasonCode", "Tier"]


class Band(enum.StrEnum):
    """What happens to a match: posted, shown to a person, or an exception.

    Example:
        >>> from otccore.matching import Band
        >>> Band("suggest")
        <Band.SUGGEST: 'suggest'>
    """

    AUTO_APPLY = "auto_apply"
    SUGGEST = "suggest"
    EXCEPTION = "exception"


class Tier(enum.StrEnum):
    """Which step of the pipeline explained a match (cheapest first).

    Example:
        >>> from otccore.matching import Tier
        >>> list(Tier)[:3]
        [<Tier.REMITTANCE: 'remittance'>, <Tier.REFERENCE: 'reference'>, <Tier.SPLIT: 'split'>]
    """

    REMITTANCE = "remittance"
    REFERENCE = "reference"
    SPLIT = "split"
    UNIQUE_AMOUNT = "unique_amount"
    SUBSET = "subset"
    MANY_TO_MANY = "many_to_many"
    TIE = "tie"
    NEAR_MISS = "near_miss"
    OLDEST_FIRST = "oldest_first"


class ReasonCode(enum.StrEnum):
    """Why: evidence behind a match, or the reason for an exception.

    Example:
        >>> from otccore.matching import ReasonCode
        >>> ReasonCode.SHORT_PAY_OVER_TOLERANCE.value
        'short_pay_over_tolerance'
    """

    # evidence
    PAYER_GIVEN = "payer_given"
    PAYER_BANK_ACCOUNT = "payer_bank_account"
    PAYER_REFERENCE = "payer_reference"
    PAYER_REMITTANCE = "payer_remittance"
    PAYER_ALIAS = "payer_alias"
    PAYER_NAME = "payer_name"
    PAYER_CONFLICT = "payer_conflict"
    REMITTANCE = "remittance"
    REFERENCE = "reference"
    STRUCTURED_REFERENCE = "structured_reference"
    NEAR_MISS_REFERENCE = "near_miss_reference"
    EXACT_AMOUNT = "exact_amount"
    UNIQUE_AMOUNT = "unique_amount"
    SUBSET = "subset"
    SPLIT_PAYMENT = "split_payment"
    TIE_ASSIGNMENT = "tie_assignment"
    OLDEST_FIRST = "oldest_first"
    DISCOUNT = "discount"
    WRITE_OFF = "write_off"
    BANK_FEE = "bank_fee"
    FX_DIFFERENCE = "fx_difference"
    OVERPAYMENT = "overpayment"
    DEDUCTION = "deduction"
    DISCOUNT_EXPIRED = "discount_expired"
    # exceptions (and reasons a match is not posted)
    NO_PAYER = "no_payer"
    NO_CANDIDATE = "no_candidate"
    AMBIGUOUS = "ambiguous"
    AMOUNT_MISMATCH = "amount_mismatch"
    SHORT_PAY_OVER_TOLERANCE = "short_pay_over_tolerance"
    CURRENCY_MISMATCH = "currency_mismatch"
    DUPLICATE_PAYMENT = "duplicate_payment"
    UNKNOWN_REFERENCE = "unknown_reference"
    BUDGET_EXHAUSTED = "budget_exhausted"
    CONFLICT = "conflict"
    REJECTED = "rejected"
