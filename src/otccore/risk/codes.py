"""The codes of the fraud and anomaly signals' findings: :class:`SignalCode`.

Every :class:`~otccore.risk.Finding` a signal raises carries one of these as its
reason's code, except :func:`~otccore.risk.round_numbers`, whose code is built from
the multiple it found: ``round_{multiple}`` (``round_100``, ``round_1000`` …), one
code per multiple the caller asked about. The members are strings, so a finding's
code compares equal to its text.
"""

from __future__ import annotations

import enum

__all__ = ["SignalCode"]


class SignalCode(enum.StrEnum):
    """The fixed codes of risk findings (``round_{multiple}`` is the one built code).

    Example:
        >>> from datetime import date
        >>> from otccore.risk import Document, SignalCode, exact_duplicates
        >>> docs = [Document.create(i, customer_id="C1", number="INV-7", amount=100,
        ...                         document_date=date(2026, 1, 2)) for i in ("1", "2")]
        >>> exact_duplicates(docs)[0].code is SignalCode.EXACT_DUPLICATE
        True
    """

    # duplicates
    EXACT_DUPLICATE = "exact_duplicate"
    SAME_SAME_SAME = "same_same_same"
    SAME_SAME_DIFFERENT = "same_same_different"
    TRANSPOSED = "transposed"
    ONE_EDIT = "one_edit"
    # outliers (and round_{multiple})
    RELATIVE_SIZE_FACTOR = "relative_size_factor"
    ORDER_SPIKE = "order_spike"
    # accounts
    NEW_PAYER_ACCOUNT = "new_payer_account"
    REFUND_TO_CHANGED_ACCOUNT = "refund_to_changed_account"
    # Benford: the conformity of a distribution that does not conform, and flagged digits
    MARGINAL = "marginal"
    NONCONFORMING = "nonconforming"
    DIGIT_EXCESS = "digit_excess"
    DIGIT_SHORTFALL = "digit_shortfall"
