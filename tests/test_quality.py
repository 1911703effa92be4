"""The GX gate's verdicts on a small frame: one outcome per expectation, with its detail."""

import pandas as pd
import pytest

from orchestration.quality import Expectation, validate

FRAME = pd.DataFrame({"id": ["a", "b", None], "n": [1, 5, 9]})
SUITE = [
    Expectation("ExpectColumnValuesToNotBeNull", column="id"),
    Expectation("ExpectColumnValuesToBeBetween", column="n", min_value=0, max_value=10),
]


def _verdicts(outcome):
    return [(o.expectation, o.column, o.success) for o in outcome.outcomes]


def test_a_failing_expectation_fails_the_suite_and_says_how_many_rows():
    outcome = validate("suite", FRAME, SUITE)
    assert not outcome.success and outcome.rows == 3
    assert _verdicts(outcome) == [
        ("expect_column_values_to_not_be_null", "id", False),
        ("expect_column_values_to_be_between", "n", True),
    ]
    assert [f.column for f in outcome.failures] == ["id"]
    assert "unexpected_count=1" in outcome.failures[0].detail
    assert "**FAIL**" in outcome.as_markdown()


def test_a_clean_frame_passes_every_expectation():
    outcome = validate("suite", FRAME.dropna(), SUITE)
    assert outcome.success and outcome.rows == 2 and len(outcome.outcomes) == 2


def test_an_unknown_expectation_is_an_error_naming_it():
    with pytest.raises(AttributeError, match="ExpectNoSuchThing"):
        validate("suite", FRAME, [Expectation("ExpectNoSuchThing", column="id")])
