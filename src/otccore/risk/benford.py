"""Benford's law tests (Nigrini): first digit, second digit and first two digits.

Expected shares: first digit d (1–9) log10(1 + 1/d); second digit d (0–9)
Σₖ₌₁…₉ log10(1 + 1/(10k + d)); first two digits d (10–99) log10(1 + 1/d).

For each test the result gives, per digit, the observed and expected share and
Nigrini's z with continuity correction, z = (|p̂ − p| − 1/(2N)) ÷ √(p(1 − p)/N)
(the correction is only applied when it is smaller than |p̂ − p|); the mean
absolute deviation (MAD) with Nigrini's conformity bands (first digit ≤ 0.006
close, ≤ 0.012 acceptable, ≤ 0.015 marginal, above nonconforming; second digit
0.008 / 0.010 / 0.012; first two 0.0012 / 0.0018 / 0.0022); and χ² with its
degrees of freedom (8, 9, 89) and p-value. Fewer than ``min_records`` (1,000)
records give a warning: the tests are then indicative only.

As Nigrini advises, amounts below ``min_amount`` (default 10) are left out, and so
are zero and negative amounts unless ``negative="abs"`` (test magnitudes) is asked;
the result counts what it left out. Amounts are ``Money``, ``Decimal`` or ``int``
(``InvalidAmount`` for a float).

Example:
    >>> from decimal import Decimal
    >>> from otccore.risk import benford
    >>> r = benford([Decimal(10 ** (k / 1000)).quantize(Decimal("0.01")) * 100
    ...              for k in range(3000)], min_amount=1)
    >>> r.n, r.conformity, r.warnings
    (3000, <Conformity.CLOSE: 'close'>, ())
"""

from __future__ import annotations

import enum
import math
import numbers
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import moneyed

from otccore import _kernel
from otccore._tabular import TableMixin
from otccore.errors import InvalidAmount, InvalidInput
from otccore.risk._common import amount_decimal, as_list, ratio_decimal
from otccore.risk.codes import SignalCode
from otccore.risk.findings import Finding, Findings

__all__ = [
    "NIGRINI_MAD_BANDS",
    "BenfordDigit",
    "BenfordResult",
    "BenfordTest",
    "Conformity",
    "NegativeAmounts",
    "benford",
    "benford_expected",
]


class BenfordTest(enum.StrEnum):
    """Which digits are tested.

    Example:
        >>> from otccore.risk import BenfordTest
        >>> BenfordTest("first_two").digits[:3]
        (10, 11, 12)
    """

    FIRST = "first"
    SECOND = "second"
    FIRST_TWO = "first_two"

    @property
    def digits(self) -> tuple[int, ...]:
        """The digit values the test counts."""
        if self is BenfordTest.FIRST:
            return tuple(range(1, 10))
        if self is BenfordTest.SECOND:
            return tuple(range(10))
        return tuple(range(10, 100))


class Conformity(enum.StrEnum):
    """Nigrini's MAD conformity level.

    Example:
        >>> from otccore.risk import Conformity
        >>> Conformity.MARGINAL.value
        'marginal'
    """

    CLOSE = "close"
    ACCEPTABLE = "acceptable"
    MARGINAL = "marginal"
    NONCONFORMING = "nonconforming"


class NegativeAmounts(enum.StrEnum):
    """What :func:`benford` does with a negative amount: leave it out, or test its magnitude.

    Example:
        >>> from otccore.risk import NegativeAmounts, benford
        >>> benford([-120, 130], min_amount=1, negative=NegativeAmounts.ABS).n
        2
    """

    EXCLUDE = "exclude"
    ABS = "abs"


NIGRINI_MAD_BANDS: dict[BenfordTest, tuple[float, float, float]] = {
    BenfordTest.FIRST: (0.006, 0.012, 0.015),
    BenfordTest.SECOND: (0.008, 0.010, 0.012),
    BenfordTest.FIRST_TWO: (0.0012, 0.0018, 0.0022),
}
"""Upper MAD bounds of close, acceptable and marginal conformity per test (Nigrini)."""

_CHI2_CRITICAL_5PCT = {8: 15.507, 9: 16.919, 89: 112.022}


def benford_expected(test: BenfordTest | str = BenfordTest.FIRST) -> dict[int, float]:
    """Expected share of each digit under Benford's law.

    Example:
        >>> from otccore.risk import benford_expected
        >>> round(benford_expected("first")[1], 4), round(benford_expected("second")[0], 4)
        (0.301, 0.1197)
    """
    chosen = _test(test)
    if chosen is BenfordTest.SECOND:
        return {
            d: math.fsum(math.log10(1 + 1 / (10 * k + d)) for k in range(1, 10))
            for d in chosen.digits
        }
    return {d: math.log10(1 + 1 / d) for d in chosen.digits}


def _test(test: object) -> BenfordTest:
    return _kernel.choice(BenfordTest, test, "Benford test")


@attrs.frozen
class BenfordDigit:
    """One digit's row: count, observed and expected share, z and whether it is flagged.

    Example:
        >>> from otccore.risk import benford
        >>> benford([12, 13, 25] * 400, min_amount=1).digits[0].digit
        1
    """

    digit: int
    count: int
    observed: float
    expected: float
    z: float
    flagged: bool


@attrs.frozen
class BenfordResult(TableMixin):
    """The outcome of one Benford test; ``findings`` carry the reasons to look closer.

    Example:
        >>> from otccore.risk import benford
        >>> r = benford([12, 13, 25] * 400, min_amount=1)
        >>> r.conformity, [str(f.code) for f in r.findings][:2]
        (<Conformity.NONCONFORMING: 'nonconforming'>, ['nonconforming', 'digit_excess'])
    """

    test: BenfordTest
    n: int
    excluded: int
    digits: tuple[BenfordDigit, ...]
    mad: float
    conformity: Conformity
    chi2: float
    dof: int
    p_value: float
    warnings: tuple[str, ...]
    findings: Findings

    @property
    def chi2_critical(self) -> float:
        """χ² critical value at the 5 % level for this test's degrees of freedom."""
        return _CHI2_CRITICAL_5PCT[self.dof]

    def to_records(self) -> list[dict[str, object]]:
        """One dict per digit (for a frame or a chart).

        Example:
            >>> from otccore.risk import benford
            >>> row = benford([12, 13, 25] * 400, min_amount=1).to_records()[0]
            >>> row["digit"], row["count"], round(row["observed"], 4), round(row["z"], 2), row["flagged"]
            (1, 800, 0.6667, 27.58, True)
        """
        return [
            {
                "digit": d.digit,
                "count": d.count,
                "observed": d.observed,
                "expected": d.expected,
                "z": d.z,
                "flagged": d.flagged,
            }
            for d in self.digits
        ]


def _gamma_q(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) (series / continued fraction)."""
    if x <= 0:
        return 1.0
    ln_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        ap = a
        for _ in range(10_000):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1.0 - total * math.exp(ln_front))
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-15:
            break
    return math.exp(ln_front) * h


def _digits_of(value: Decimal) -> tuple[int, ...]:
    return value.as_tuple().digits


def benford(
    amounts: Iterable[Any],
    *,
    test: BenfordTest | str = BenfordTest.FIRST,
    min_amount: object = 10,
    negative: NegativeAmounts | str = NegativeAmounts.EXCLUDE,
    min_records: int = 1000,
    z_threshold: float = 1.96,
    mad_bands: Mapping[BenfordTest | str, tuple[float, float, float]] | None = None,
) -> BenfordResult:
    """Run one Benford test on ``amounts``; every threshold is a parameter (see the module).

    ``negative`` is a :class:`NegativeAmounts` or its text: ``"exclude"`` (default)
    or ``"abs"``. ``mad_bands`` overrides
    Nigrini's bands per test. A digit is flagged when its z exceeds
    ``z_threshold``; findings name the nonconformity, each flagged digit (excess or
    shortfall) and a small sample.

    Example:
        >>> from decimal import Decimal
        >>> from otccore.money import money
        >>> from otccore.risk import benford
        >>> r = benford([money("123.45", "EUR"), 250, Decimal("9.99")], min_amount=1)
        >>> r.n, r.warnings[0][:19]
        (3, 'only 3 records: Ben')
        >>> benford([1.5])
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: amount 0 must be Money, Decimal or int, not float: 1.5
    """
    chosen = _test(test)
    magnitudes = _kernel.choice(NegativeAmounts, negative, "negative") is NegativeAmounts.ABS
    floor = ratio_decimal(min_amount, "min_amount")
    _kernel.whole(min_records, "min_records")
    threshold = float(ratio_decimal(z_threshold, "z_threshold"))
    bands_map = dict(NIGRINI_MAD_BANDS)
    for band_test, bounds in (mad_bands or {}).items():
        if len(bounds) != 3 or list(bounds) != sorted(bounds):
            raise InvalidInput(f"MAD bands are three increasing bounds: {bounds!r}")
        bands_map[_test(band_test)] = (float(bounds[0]), float(bounds[1]), float(bounds[2]))
    expected = benford_expected(chosen)
    counts = dict.fromkeys(chosen.digits, 0)
    excluded = 0
    for index, raw in enumerate(as_list(amounts)):
        if type(raw) is int:
            value = Decimal(raw)
        elif type(raw) is Decimal:
            value = raw
            if not value.is_finite():
                raise InvalidAmount(f"amount {index} must be finite: {raw!r}")
        elif isinstance(raw, moneyed.Money | Decimal) or (
            isinstance(raw, numbers.Integral) and not isinstance(raw, bool)
        ):
            value = amount_decimal(raw, f"amount {index}")
        else:
            raise InvalidAmount(
                f"amount {index} must be Money, Decimal or int, not {type(raw).__name__}: {raw!r}"
            )
        if value < 0 and magnitudes:
            value = value.copy_abs()  # exact: unary minus would round to the ambient precision
        if value <= 0 or value < floor:
            excluded += 1
            continue
        digits = _digits_of(value)
        if chosen is BenfordTest.FIRST:
            key = digits[0]
        elif chosen is BenfordTest.SECOND:
            key = digits[1] if len(digits) > 1 else 0
        else:
            if len(digits) < 2 and value < 10:
                excluded += 1  # a single significant digit below 10 has no second digit of its own
                continue
            key = digits[0] * 10 + (digits[1] if len(digits) > 1 else 0)
        counts[key] += 1
    n = sum(counts.values())
    if n == 0:
        raise InvalidInput(
            f"no amounts left to test ({excluded} excluded: zero, negative or below {floor})"
        )
    rows = []
    chi2_terms = []
    abs_devs = []
    for d in chosen.digits:
        p = expected[d]
        observed = counts[d] / n
        diff = abs(observed - p)
        correction = 1 / (2 * n)
        numerator = diff - correction if correction < diff else diff
        z = numerator / math.sqrt(p * (1 - p) / n)
        rows.append(
            BenfordDigit(
                digit=d, count=counts[d], observed=observed, expected=p, z=z, flagged=z > threshold
            )
        )
        chi2_terms.append((counts[d] - n * p) ** 2 / (n * p))
        abs_devs.append(diff)
    mad = math.fsum(abs_devs) / len(abs_devs)
    close, acceptable, marginal = bands_map[chosen]
    conformity = (
        Conformity.CLOSE
        if mad <= close
        else Conformity.ACCEPTABLE
        if mad <= acceptable
        else Conformity.MARGINAL
        if mad <= marginal
        else Conformity.NONCONFORMING
    )
    chi2 = math.fsum(chi2_terms)
    dof = len(chosen.digits) - 1
    warnings: list[str] = []
    if n < min_records:
        warnings.append(
            f"only {n} records: Benford tests need about {min_records} to be reliable; "
            "treat the result as indicative"
        )
    findings: list[Finding] = []
    signal = f"benford_{chosen.value}"
    if conformity in (Conformity.MARGINAL, Conformity.NONCONFORMING):
        findings.append(
            Finding.create(
                signal,
                SignalCode(conformity.value),
                f"{chosen.value.replace('_', ' ')}-digit distribution is {conformity} "
                f"(MAD {mad:.4f}, marginal bound {marginal})",
                data={"mad": mad, "n": n, "chi2": chi2},
            )
        )
    for row in rows:
        if row.flagged:
            excess = row.observed > row.expected
            findings.append(
                Finding.create(
                    signal,
                    SignalCode.DIGIT_EXCESS if excess else SignalCode.DIGIT_SHORTFALL,
                    f"digit {row.digit}: {row.observed:.2%} observed against {row.expected:.2%} "
                    f"expected (z {row.z:.2f} > {threshold})",
                    subjects=[str(row.digit)],
                    data={"digit": row.digit, "count": row.count, "z": row.z},
                )
            )
    return BenfordResult(
        test=chosen,
        n=n,
        excluded=excluded,
        digits=tuple(rows),
        mad=mad,
        conformity=conformity,
        chi2=chi2,
        dof=dof,
        p_value=_gamma_q(dof / 2, chi2 / 2),
        warnings=tuple(warnings),
        findings=Findings(findings),
    )
