"""Peppol BIS Billing 3.0: the validation profiles and the electronic-address rules.

Example:
    >>> from otccore.invoicing import PEPPOL_EAS_CODES, ValidationProfile
    >>> "0088" in PEPPOL_EAS_CODES, "EM" in PEPPOL_EAS_CODES
    (True, False)
    >>> ValidationProfile.parse("en16931")
    <ValidationProfile.EN16931: 'en16931'>
"""

from __future__ import annotations

import enum
from typing import Final

from otccore._kernel import choice

__all__ = ["PEPPOL_EAS_CODES", "ValidationProfile"]

# The Electronic Address Scheme codes Peppol accepts on cbc:EndpointID/@schemeID
# (PEPPOL-EN16931-CL008): the ``eaid`` list of the Peppol BIS Billing 3.0.21
# validation artefacts (rules/sch/PEPPOL-EN16931-UBL.sch, codelist of 2026-03-06;
# 3.0.22 of November 2026 leaves it unchanged). 3.0.21 removed 14 codes the
# earlier lists carried (0037, 0147, 0154, 0170, 0177, 0193, 0194, 0202, 0203,
# 0205, 0212, 0213, 0215, 0217). EM (e-mail) and the other letter codes of the
# CEF EAS list (EN 16931's BR-CL-25) are not Peppol schemes. Update with each
# Peppol release.
PEPPOL_EAS_CODES: Final = frozenset({
    "0002", "0007", "0009", "0060", "0088", "0096", "0097", "0106", "0130", "0135", "0142", "0151",
    "0158", "0183", "0184", "0188", "0190", "0191", "0192", "0195", "0196", "0198", "0199", "0200",
    "0201", "0204", "0208", "0209", "0210", "0211", "0216", "0218", "0221", "0225", "0230", "0235",
    "0240", "0242", "0244", "0245", "0246", "0248", "9910", "9913", "9914", "9915", "9918", "9919",
    "9920", "9922", "9923", "9924", "9925", "9926", "9927", "9928", "9929", "9930", "9931", "9932",
    "9933", "9934", "9935", "9936", "9937", "9938", "9939", "9940", "9941", "9942", "9943", "9944",
    "9945", "9946", "9947", "9948", "9949", "9950", "9951", "9952", "9953", "9957", "9959",
})  # fmt: skip
"""Electronic Address Scheme codes Peppol BIS Billing 3.0 accepts (PEPPOL-EN16931-CL008).

From the Peppol BIS Billing 3.0.21 validation artefacts (unchanged in 3.0.22):
for example ``"0088"`` GLN, ``"0192"`` Norwegian organisation number, ``"0208"``
Belgian enterprise number, ``"9930"`` German VAT number. ``"EM"`` (e-mail) is
not a Peppol scheme.
"""


class ValidationProfile(enum.StrEnum):
    """Which rule set :func:`~otccore.invoicing.validate` checks.

    ``PEPPOL`` (the default): EN 16931 and Peppol BIS Billing 3.0, whose
    documents the UBL adapter writes; both parties need an electronic address
    with a Peppol scheme. ``EN16931``: the same rules without Peppol's
    electronic-address rules (PEPPOL-EN16931-R010, R020 and CL008), for
    invoices exchanged outside Peppol.

    Example:
        >>> from otccore.invoicing import ValidationProfile
        >>> ValidationProfile("en16931") is ValidationProfile.EN16931
        True
        >>> ValidationProfile.parse("xrechnung")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: unknown validation profile: 'xrechnung' (expected one of 'peppol', 'en16931')
    """

    PEPPOL = "peppol"
    EN16931 = "en16931"

    @classmethod
    def parse(cls, value: object) -> ValidationProfile:
        """The profile for a name, or :class:`~otccore.errors.InvalidInput` naming it (see the class)."""
        return choice(cls, value, "validation profile")
