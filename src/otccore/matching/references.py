"""Payment references: normalisation, whole-token extraction, check digits, near misses.

A reference is evidence only as a *whole token*: ``"991"`` is never found inside
``"INV-99910"``. Tokens are maximal runs of letters and digits, joined by the
separators ``- / . _`` (so ``INV-00991`` is one token). A token is normalised by
upper-casing it, dropping separators, stripping a known document prefix (``INV``,
``RE``, ``FACT`` …) when digits follow, and stripping leading zeros from what is
left, so ``inv 00991``, ``INV-991`` and ``991`` all become ``991``. A two-letter
prefix (``IN``, ``NO``, ``RE``, ``FA``, ``NR``) is stripped only where the token
starts with it, followed by separators or a digit (``FA-1001``, ``RE 2026/0042``).

Free text is not all references: amounts (digits with a decimal separator and
exactly two decimals, ``119.00``, ``1.190,00``) and calendar dates
(``2026-03-15``, ``15.03.2026``) are skipped, so a payment's amount or value
date never becomes document ``11900`` or ``20260315``.

Structured creditor references are recognised in the raw text (they are often
printed in groups of four or five with spaces) and kept only when their check
digits are right, through python-stdnum:

- ISO 11649 ``RF`` references (ISO 7064 mod 97-10 through :mod:`stdnum.iso7064`,
  the check :mod:`stdnum.iso11649` performs, without its re-cleaning cost),
- Swiss QR / ESR references, 27 digits, recursive mod 10 (:mod:`stdnum.ch.esr`),
- Belgian structured communication ``+++010/8068/17183+++`` (:mod:`stdnum.be.ogm_vcs`).

A validated structured reference normalises to ``RF…``, ``QR…`` or ``OGM…`` plus
its compact digits, so it can never collide with a plain document number.

Example:
    >>> from otccore.matching import reference_keys
    >>> sorted(reference_keys("Payment INV-00991 and RF18 5390 0754 7034, thanks"))
    ['991', 'AND', 'PAYMENT', 'RF18539007547034', 'THANKS']
    >>> "991" in reference_keys("INV-99910")
    False
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from rapidfuzz.distance import OSA
from stdnum.be import ogm_vcs
from stdnum.ch import esr
from stdnum.iso7064 import mod_97_10

__all__ = [
    "KNOWN_PREFIXES",
    "is_near_miss",
    "is_structured_key",
    "item_keys",
    "normalise_reference",
    "reference_keys",
    "structured_reference",
]

KNOWN_PREFIXES: tuple[str, ...] = (
    "INVOICE",
    "RECHNUNG",
    "FACTURE",
    "FACTUUR",
    "FACTURA",
    "FATTURA",
    "INVNO",
    "INVNR",
    "BILL",
    "FACT",
    "FAKT",
    "INV",
    "REF",
    "NR",
    "NO",
    "RE",
    "IN",
    "FA",
)
"""Document-number prefixes stripped before comparing (longest first)."""

_PREFIX_SET = frozenset(KNOWN_PREFIXES)
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-/._][A-Za-z0-9]+)*")
_SEPARATORS = re.compile(r"[-/._\s]")
_COMPACT = re.compile(r"[\s+*/]")
_RF = re.compile(r"\bRF\d{2}(?:[ ]?[A-Z0-9]){1,21}\b", re.IGNORECASE)
_QR = re.compile(r"(?<!\d)\d{2}(?:[ ]?\d{5}){5}(?!\d)|(?<!\d)\d{27}(?!\d)")
_OGM = re.compile(r"[+*]{3}\s*(\d{3})\s*/\s*(\d{4})\s*/\s*(\d{5})\s*[+*]{3}")
_PREFIX = re.compile(r"^(?:" + "|".join(KNOWN_PREFIXES) + r")(?=\d)")
# a two-letter prefix (IN, NO, RE …) only counts where the token itself starts
# with it, followed by separators or a digit: "FA-1001", "RE 2026/0042"
_SHORT_PREFIX = re.compile(
    r"^(?:" + "|".join(p for p in KNOWN_PREFIXES if len(p) == 2) + r")[-/._\s]*\d"
)
# an amount in free text: digits, optional thousands groups, a decimal separator
# and exactly two decimals ("119.00", "1.190,00", "1'190.00"), standing alone
_AMOUNT = re.compile(
    r"(?<!\w)(?<!\w[-/._])(?:\d{1,3}(?:[.,']\d{3})+|\d+)[.,]\d{2}(?!\w)(?![-/._]\w)"
)
# a calendar date as one token: year first (2026-03-15) or last (15.03.2026, 3/15/26)
_DATE = re.compile(
    r"(?P<y1>\d{4})(?P<s1>[-/.])(?P<a1>\d{1,2})(?P=s1)(?P<b1>\d{1,2})"
    r"|(?P<a2>\d{1,2})(?P<s2>[-/.])(?P<b2>\d{1,2})(?P=s2)(?P<y2>\d{4}|\d{2})"
)


def normalise_reference(token: str) -> str:
    """Normalise one token: upper case, no separators, no known prefix, no zero padding.

    Returns ``""`` for a token that is only a prefix or only zeros.

    Example:
        >>> from otccore.matching import normalise_reference
        >>> normalise_reference("inv-000991"), normalise_reference("RE 2026/0042")
        ('991', '20260042')
        >>> normalise_reference("INV")
        ''
    """
    upper = token.upper()
    text = _SEPARATORS.sub("", upper)
    if text[:2] == "RF" or len(text) == 27:
        structured = _structured(text, marks=False)
        if structured is not None:
            return structured
    prefix = _PREFIX.match(text)
    if prefix is not None and (prefix.end() > 2 or _SHORT_PREFIX.match(upper)):
        text = text[prefix.end() :]
    if text in KNOWN_PREFIXES:
        return ""
    stripped = text.lstrip("0")
    return stripped


def structured_reference(text: str) -> str | None:
    """The canonical key of a structured reference with valid check digits, else ``None``.

    ``RF…`` (ISO 11649), ``QR`` + 27 digits (Swiss QR reference) or ``OGM`` + 12
    digits (Belgian structured communication).

    Example:
        >>> from otccore.matching import structured_reference
        >>> structured_reference("RF18 5390 0754 7034")
        'RF18539007547034'
        >>> structured_reference("RF19 5390 0754 7034") is None
        True
        >>> structured_reference("+++010/8068/17183+++")
        'OGM010806817183'
        >>> structured_reference("21 00000 00003 13947 14300 09017")
        'QR210000000003139471430009017'
    """
    compact = _COMPACT.sub("", text).upper()
    return _structured(compact, marks=any(c in text for c in "+*/"))


def _structured(compact: str, *, marks: bool) -> str | None:
    if compact[:2] == "RF":
        # ISO 11649 is ISO 7064 mod 97-10 over the rearranged reference; calling
        # mod_97_10 directly skips iso11649's re-cleaning, which halves the cost
        # on a million items (measured); the result is the same as iso11649.is_valid.
        if 5 <= len(compact) <= 25 and compact.isalnum() and compact[2:4].isdigit():
            return compact if mod_97_10.is_valid(compact[4:] + compact[:4]) else None
        return None
    n = len(compact)
    if n == 27 and compact.isdigit():
        return "QR" + compact if esr.is_valid(compact) else None
    if n == 12 and marks and compact.isdigit():
        return "OGM" + compact if ogm_vcs.is_valid(compact) else None
    return None


def reference_keys(*texts: str, min_length: int = 3) -> frozenset[str]:
    """Every normalised whole-token key found in ``texts`` (references, free text).

    Structured references are found first (they may contain spaces) and added in
    their canonical form; then every token is normalised on its own. Tokens
    shorter than ``min_length`` characters are dropped (a lone ``7`` is not
    evidence, ``INV-7`` and ``0007`` are).

    Example:
        >>> from otccore.matching import reference_keys
        >>> sorted(reference_keys("+++010/8068/17183+++", "fact. 12"))
        ['OGM010806817183']
    """
    keys: set[str] = set()
    for text in texts:
        if not text:
            continue
        patterns = []
        # cheap screens before the scans: most texts hold no structured reference
        if "rf" in text.lower():
            patterns.append(_RF)
        if len(text) >= 27:
            patterns.append(_QR)
        if "+++" in text or "***" in text:
            patterns.append(_OGM)
        for pattern in patterns:
            for found in pattern.finditer(text):
                key = structured_reference(found.group(0))
                if key is not None:
                    keys.add(key)
                    # the groups of a structured reference are not tokens of their own
                    text = text.replace(found.group(0), " ")
        if "." in text or "," in text:
            text = _AMOUNT.sub(" ", text)  # "119.00" is an amount, not document 11900
        for found in _TOKEN.finditer(text):
            raw = found.group(0)
            if raw[0].isdigit() and not raw.isalnum() and _is_date(raw):
                continue
            if raw.isalpha():
                # a word ("Payment", "INV"): what normalise_reference returns for
                # one, without its regular expressions (most tokens of a text)
                word = raw.upper()
                if word not in _PREFIX_SET and len(raw) >= min_length:
                    keys.add(word)
                continue
            key = structured_reference(raw) if "/" in raw else None
            if key is None:
                key = normalise_reference(raw)
            if key and len(_SEPARATORS.sub("", raw)) >= min_length:
                keys.add(key)
    return frozenset(keys)


def _token_spellings(texts: Iterable[str], keys: AbstractSet[str]) -> dict[str, str]:
    """The first raw token in ``texts`` behind each of ``keys`` (for messages).

    Example:
        >>> from otccore.matching.references import _token_spellings
        >>> _token_spellings(["paid inv-0042, thanks"], {"42"})
        {'42': 'inv-0042'}
    """
    out: dict[str, str] = {}
    for text in texts:
        for found in _TOKEN.finditer(text or ""):
            raw = found.group(0)
            key = normalise_reference(raw)
            if key in keys and key not in out:
                out[key] = raw
    return out


def _is_date(token: str) -> bool:
    """True for a token that is a calendar date (day and month in range)."""
    found = _DATE.fullmatch(token)
    if found is None:
        return False
    if found["y1"] is not None:
        month, day = int(found["a1"]), int(found["b1"])
        return 1 <= month <= 12 and 1 <= day <= 31
    a, b = int(found["a2"]), int(found["b2"])  # day-month or month-day
    return 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12


def item_keys(number: str, payment_reference: str | None) -> tuple[str, ...]:
    """The keys an item is known by: its normalised number and its payment reference.

    Example:
        >>> from otccore.matching import item_keys
        >>> item_keys("INV-000042", "RF18 5390 0754 7034")
        ('42', 'RF18539007547034')
    """
    keys: list[str] = []
    for text in (number, payment_reference):
        if not text:
            continue
        structured = structured_reference(text)
        key = structured if structured is not None else normalise_reference(text)
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def _canonical_unchecked(text: str) -> str | None:
    """The canonical key a structured reference *would* have, check digits not verified.

    For the item side of the index: a payment only ever produces such a key after
    verifying the check digits, so an item need not verify its own (measured: a
    million RF references cost seconds); the evidence is checked when a payment
    actually hits the key (:func:`is_structured_key`).
    """
    compact = _COMPACT.sub("", text).upper()
    if compact[:2] == "RF":
        if 5 <= len(compact) <= 25 and compact.isalnum() and compact[2:4].isdigit():
            return compact
        return None
    n = len(compact)
    if n == 27 and compact.isdigit():
        return "QR" + compact
    if n == 12 and compact.isdigit() and any(c in text for c in "+*/"):
        return "OGM" + compact
    return None


def is_structured_key(key: str) -> bool:
    """True for a key made by :func:`structured_reference` (check digits already verified).

    Example:
        >>> from otccore.matching import is_structured_key
        >>> is_structured_key("RF18539007547034"), is_structured_key("RFX12")
        (True, False)
    """
    if key.startswith("QR"):
        return len(key) == 29 and key[2:].isdigit() and bool(esr.is_valid(key[2:]))
    if key.startswith("OGM"):
        return len(key) == 15 and key[3:].isdigit() and bool(ogm_vcs.is_valid(key[3:]))
    return key.startswith("RF") and _structured(key, marks=False) == key


def is_near_miss(token: str, key: str, *, min_length: int = 6) -> bool:
    """True when ``token`` is one edit or one transposition away from ``key`` (not equal).

    Only tokens of at least ``min_length`` characters qualify: on short numbers
    one edit away is almost everything. A near miss is only ever a suggestion.

    Example:
        >>> from otccore.matching import is_near_miss
        >>> is_near_miss("20261234", "20261243"), is_near_miss("20261234", "20261234")
        (True, False)
        >>> is_near_miss("1234", "1243")
        False
    """
    if token == key or min(len(token), len(key)) < min_length:
        return False
    return bool(OSA.distance(token, key, score_cutoff=1) <= 1)
