import otccore.matching
import otccore.testing.scenarios


def test_matching_all_is_pinned():
    assert otccore.matching.__all__ == [
        "KNOWN_PREFIXES",
        "Band",
        "CashApplication",
        "CashApplied",
        "ExceptionCase",
        "ExceptionRaised",
        "Match",
        "MatchConfig",
        "MatchOutcomeStore",
        "MatchSuggested",
        "Outcome",
        "PayerEvidence",
        "PayerIndex",
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
