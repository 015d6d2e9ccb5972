import otccore.matching
import otccore.testing.scenarios


def test_matching_all_is_pinned():
    assert otccore.matching.__all__ == [
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


def test_scenarios_all_is_pinned():
    assert otccore.testing.scenarios.__all__ == [
        "Noise",
        "Scenario",
        "ScenarioScore",
        "generate_payments",
        "generate_scenario",
        "score",
    ]


def test_adapter_names_are_pinned():
    import otccore.adapters.csv
    import otccore.adapters.memory
    import otccore.adapters.sqlite
    import otccore.testing.matching

    assert otccore.adapters.csv.__all__ == [
        "read_customers",
        "read_open_items",
        "read_payments",
        "write_exceptions",
        "write_matches",
    ]
    assert "MemoryMatchOutcomes" in otccore.adapters.memory.__all__
    assert {"MATCHING_SCHEMA", "SqliteMatchOutcomes"} <= set(otccore.adapters.sqlite.__all__)
    assert otccore.testing.matching.__all__ == ["MatchOutcomeStoreContract"]


def test_the_old_outcome_name_warns_and_is_payment_outcome():
    import pytest

    import otccore.matching.ports

    for module in (otccore.matching, otccore.matching.ports):
        with pytest.warns(DeprecationWarning, match=r"Outcome is deprecated; use .*PaymentOutcome"):
            assert module.Outcome is otccore.matching.PaymentOutcome
        assert "Outcome" not in module.__all__


def test_the_old_cash_applied_name_warns_and_is_match_posted():
    import pytest

    import otccore.matching.events
    import otccore.matching.service

    for module in (otccore.matching, otccore.matching.events, otccore.matching.service):
        with pytest.warns(
            DeprecationWarning, match=r"CashApplied is deprecated; use .*MatchPosted"
        ):
            assert module.CashApplied is otccore.matching.MatchPosted
        assert "CashApplied" not in module.__all__


def test_matching_reason_is_the_shared_reason():
    import otccore.reasons
    from otccore.matching import Reason, ReasonCode

    assert Reason is otccore.reasons.Reason
    r = Reason.of(ReasonCode.WRITE_OFF, "short by 0.40 EUR", difference="0.40")
    assert r.code is ReasonCode.WRITE_OFF and r.details == {"difference": "0.40"}


def test_counts_by_position_still_work_and_warn():
    from datetime import date
    from decimal import Decimal

    import pytest

    from otccore.matching import ExceptionRaised, MatchConfig, ReconciliationRun, Summary
    from otccore.testing.scenarios import Noise, ScenarioScore

    with pytest.warns(DeprecationWarning, match="by keyword"):
        assert Summary(4, 3, 1, 0, 5, 6) == Summary(
            payments=4,
            auto_applied=3,
            suggested=1,
            exceptions=0,
            items_auto_applied=5,
            items_linked=6,
        )
    with pytest.warns(DeprecationWarning, match="by keyword"):
        assert ScenarioScore(10, 9, 9, 12, 0, 11, 10).precision == 100
    with pytest.warns(DeprecationWarning, match="by keyword"):
        assert ReconciliationRun(date(2026, 1, 2), 3, 2, 1, 0, 0).payments == 3
    with pytest.warns(DeprecationWarning, match="by keyword"):
        assert ExceptionRaised("P1", "no_payer", "no payer").explanation == "no payer"
    with pytest.warns(DeprecationWarning, match="by keyword"):
        assert MatchConfig(Decimal("2.00")).write_off_absolute == Decimal("2.00")
    with pytest.warns(DeprecationWarning, match="by keyword"):
        assert Noise(0.5).missing_reference == 0.5
