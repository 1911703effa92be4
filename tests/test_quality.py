"""The GX gate gives the same verdict whether GX runs in a warm helper process or here."""

import pandas as pd

from orchestration import quality
from orchestration.quality import Expectation, validate, warm_validator

FRAME = pd.DataFrame({"id": ["a", "b", None], "n": [1, 5, 9]})
SUITE = [
    Expectation("ExpectColumnValuesToNotBeNull", column="id"),
    Expectation("ExpectColumnValuesToBeBetween", column="n", min_value=0, max_value=10),
]


def _verdicts(outcome):
    return [(o.expectation, o.column, o.success) for o in outcome.outcomes]


def test_a_warm_helper_gives_the_in_process_verdict():
    here = validate("suite", FRAME, SUITE)
    assert not here.success
    with warm_validator():
        helper = quality._helper
        assert helper is not None
        warm = validate("suite", FRAME, SUITE)
        assert quality._helper is None  # the suite took the helper
    assert helper.process.returncode == 0
    assert isinstance(warm, quality.SuiteOutcome)
    assert (
        _verdicts(warm)
        == _verdicts(here)
        == [
            ("expect_column_values_to_not_be_null", "id", False),
            ("expect_column_values_to_be_between", "n", True),
        ]
    )
    assert warm.rows == 3
    assert [o.detail for o in warm.outcomes] == [o.detail for o in here.outcomes]


def test_a_dead_helper_falls_back_to_validating_in_process():
    with warm_validator():
        quality._helper.process.kill()
        quality._helper.process.wait()
        outcome = validate("suite", FRAME.dropna(), SUITE)
    assert outcome.success
    assert len(outcome.outcomes) == 2


def test_an_unused_helper_is_stopped_on_leaving_the_block():
    with warm_validator():
        helper = quality._helper
    assert quality._helper is None
    assert helper.process.poll() is not None


def test_a_disabled_block_starts_no_helper():
    with warm_validator(enabled=False):
        assert quality._helper is None


def test_an_error_in_the_helper_is_raised_with_its_traceback():
    import pytest

    with warm_validator(), pytest.raises(RuntimeError, match="ExpectNoSuchThing"):
        validate("suite", FRAME, [Expectation("ExpectNoSuchThing", column="id")])
