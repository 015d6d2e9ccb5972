"""The matching policy: tolerances, bands, budgets.

Amount limits are ``Decimal`` amounts in the payment's currency (never floats);
percentages are ``Decimal`` percent. Scores are whole points from 0 to 100.

Example:
    >>> from decimal import Decimal
    >>> from otccore.matching import MatchConfig
    >>> config = MatchConfig(write_off_absolute=Decimal("2.00"), write_off_percent=Decimal("1"))
    >>> config.write_off_limit(100_00, "EUR")      # lower of 2.00 and 1 % of 100.00
    100
    >>> config.write_off_limit(50_00, "EUR")       # 1 % of 50.00 is lower
    50
"""

from __future__ import annotations

import decimal
import functools
from decimal import Decimal

import attrs

from otccore._kernel import EXACT, keyword_only
from otccore.errors import ConfigurationError
from otccore.money import as_decimal, minor_digits

__all__ = ["MatchConfig"]


def _non_negative(_: object, attribute: attrs.Attribute[Decimal], value: object) -> None:
    amount = as_decimal(value, what=attribute.name)
    if amount < 0:
        raise ConfigurationError(f"{attribute.name} must not be negative: {value!r}")


def _points(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ConfigurationError(f"{attribute.name} must be an int from 0 to 100: {value!r}")


def _positive_int(_: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigurationError(f"{attribute.name} must be a positive int: {value!r}")


# The limits are asked for on every settlement the matcher weighs; measured, the
# decimal context and scaling were most of their cost, so the two conversions
# are cached (a handful of distinct amounts and percents per run). Integer
# floor division of the exact ratio equals the Decimal result rounded down.
# Not ``otccore.money.to_minor``: a limit finer than the minor unit rounds down
# here (0.5 JPY allows 0 yen) where to_minor refuses it, and to_minor on a new
# Money costs 1.02 µs a call against 0.08 µs for this cache (python -m timeit).
@functools.lru_cache(maxsize=256)
def _minor_units(amount: Decimal, currency: str) -> int:
    scaled = amount.scaleb(minor_digits(currency), EXACT)
    return int(scaled.to_integral_value(rounding=decimal.ROUND_DOWN))


@functools.lru_cache(maxsize=256)
def _ratio(percent: Decimal) -> tuple[int, int]:
    numerator, denominator = percent.as_integer_ratio()
    return numerator, denominator * 100


@attrs.frozen(kw_only=True)
class MatchConfig:
    """How strict cash application is.

    Attributes:
        write_off_absolute: largest short pay written off, in currency units.
        write_off_percent: largest short pay written off, in percent of what is paid
            for; the lower of the two limits applies.
        bank_fee_max: largest difference explained as a bank fee (after write-off).
        bank_fee_percent: … and at most this percent of what is paid for; the lower
            of the two limits applies (a bank does not charge 28.00 on 40.00).
        fx_difference_percent: largest difference explained as an FX difference, for
            customers whose own currency differs from the payment's.
        overpayment_absolute: a surplus up to this amount is plausible (posted on
            account when the match is otherwise clear).
        overpayment_percent: … and up to this percent of what is paid for; the lower
            of the two limits applies, a larger surplus only suggests.
        auto_apply_score: points needed to post without a person (auto-apply band).
        suggest_score: points needed to suggest; below it, an exception.
        margin: points the best explanation must lead the runner-up by.
        auto_apply_overpayments: post the surplus of a clearly matched payment on
            account (otherwise suggest).
        auto_apply_deductions: post short pays beyond tolerance as deductions
            (otherwise they are exceptions with a proposal).
        oldest_first_suggestions: suggest oldest-first partial application for a
            payment nothing else explains.
        max_subset_size: largest combination the meet-in-the-middle fallback tries
            (the default DP finds combinations of any size).
        subset_step_budget: work allowed per subset search (deterministic).
        component_step_budget: work allowed for all the subset searches of one
            connected component together (deterministic); once it is spent, the
            component's remaining searches end as out of budget and never post.
        time_budget_ms: optional wall-clock limit per component (all its
            searches); makes results depend on machine speed, so leave it
            ``None`` where reproducibility matters.
        issue_grace_days: an item issued this many days after the payment's value
            date is still a candidate (pre-payments against pro-forma numbers).
        name_score: minimum rapidfuzz score (0–100) for a fuzzy payer name.
        min_reference_length: shortest normalised token that counts as a reference.
        near_miss_length: shortest token for which one edit is a near miss.

    Example:
        >>> from otccore.matching import MatchConfig
        >>> MatchConfig(auto_apply_score=101)
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: auto_apply_score must be an int from 0 to 100: 101
    """

    write_off_absolute: Decimal = attrs.field(default=Decimal("5.00"), validator=_non_negative)
    write_off_percent: Decimal = attrs.field(default=Decimal("0.5"), validator=_non_negative)
    bank_fee_max: Decimal = attrs.field(default=Decimal("30.00"), validator=_non_negative)
    bank_fee_percent: Decimal = attrs.field(default=Decimal("1"), validator=_non_negative)
    fx_difference_percent: Decimal = attrs.field(default=Decimal("1"), validator=_non_negative)
    overpayment_absolute: Decimal = attrs.field(default=Decimal("100.00"), validator=_non_negative)
    overpayment_percent: Decimal = attrs.field(default=Decimal("10"), validator=_non_negative)
    auto_apply_score: int = attrs.field(default=70, validator=_points)
    suggest_score: int = attrs.field(default=35, validator=_points)
    margin: int = attrs.field(default=15, validator=_points)
    auto_apply_overpayments: bool = True
    auto_apply_deductions: bool = False
    oldest_first_suggestions: bool = False
    max_subset_size: int = attrs.field(default=6, validator=_positive_int)
    subset_step_budget: int = attrs.field(default=8_000_000, validator=_positive_int)
    component_step_budget: int = attrs.field(default=64_000_000, validator=_positive_int)
    time_budget_ms: int | None = None
    issue_grace_days: int = 30
    name_score: int = attrs.field(default=90, validator=_points)
    min_reference_length: int = attrs.field(default=3, validator=_positive_int)
    near_miss_length: int = attrs.field(default=6, validator=_positive_int)

    def __attrs_post_init__(self) -> None:
        if self.suggest_score > self.auto_apply_score:
            raise ConfigurationError(
                f"suggest_score {self.suggest_score} is above auto_apply_score "
                f"{self.auto_apply_score}"
            )
        budget = self.time_budget_ms
        if budget is not None and (
            isinstance(budget, bool) or not isinstance(budget, int) or budget <= 0
        ):
            raise ConfigurationError(f"time_budget_ms must be a positive int or None: {budget!r}")

    def _units(self, amount: Decimal, currency: str) -> int:
        return _minor_units(amount, currency)

    def _percent(self, paid_for: int, percent: Decimal) -> int:
        numerator, denominator = _ratio(percent)
        return abs(paid_for) * numerator // denominator

    def write_off_limit(self, paid_for: int, currency: str) -> int:
        """Largest write-off in minor units for items worth ``paid_for`` minor units.

        The lower of the absolute and the percentage limit, rounded down.

        Example:
            >>> from otccore.matching import MatchConfig
            >>> config = MatchConfig()                  # 5.00 or 0.5 %, the lower
            >>> config.write_off_limit(2_000_00, "EUR"), config.write_off_limit(400_00, "EUR")
            (500, 200)
            >>> config.write_off_limit(2_000_00, "JPY")  # no minor unit: 5 yen
            5
        """
        absolute = self._units(self.write_off_absolute, currency)
        return min(absolute, self._percent(paid_for, self.write_off_percent))

    def bank_fee_limit(self, paid_for: int, currency: str) -> int:
        """Largest bank fee in minor units for items worth ``paid_for`` minor units.

        The lower of ``bank_fee_max`` and ``bank_fee_percent`` of ``paid_for``.

        Example:
            >>> from otccore.matching import MatchConfig
            >>> MatchConfig().bank_fee_limit(10_000_00, "EUR"), MatchConfig().bank_fee_limit(40_00, "EUR")
            (3000, 40)
        """
        absolute = self._units(self.bank_fee_max, currency)
        return min(absolute, self._percent(paid_for, self.bank_fee_percent))

    def overpayment_limit(self, paid_for: int, currency: str) -> int:
        """Largest plausible surplus in minor units: the lower of the two limits.

        Example:
            >>> from otccore.matching import MatchConfig
            >>> MatchConfig().overpayment_limit(5_00, "EUR")   # not 100.00 on a 5.00 invoice
            50
        """
        absolute = self._units(self.overpayment_absolute, currency)
        return min(absolute, self._percent(paid_for, self.overpayment_percent))

    def fx_limit(self, paid_for: int) -> int:
        """Largest FX difference in minor units for items worth ``paid_for``.

        Example:
            >>> from decimal import Decimal
            >>> from otccore.matching import MatchConfig
            >>> MatchConfig(fx_difference_percent=Decimal("2")).fx_limit(1_234_56)
            2469
        """
        return self._percent(paid_for, self.fx_difference_percent)


MatchConfig.__init__ = keyword_only(MatchConfig.__init__)  # type: ignore[method-assign]
