"""The GX gate gives the same verdict whether GX runs in the warm helper process or here."""

import pandas as pd
import pytest

from orchestration import quality
from orchestration.quality import Expectation, start_validator, stop_validator, validate

FRAME = pd.DataFrame({"id": ["a", "b", None], "n": [1, 5, 9]})
SUITE = [
    Expectation("ExpectColumnValuesToNotBeNull", column="id"),
    Expectation("ExpectColumnValuesToBeBetween", column="n", min_value=0, max_value=10),
]


@pytest.fixture
def helper():
    stop_validator()
    start_validator()
    yield quality._helper
    stop_validator()


def _verdicts(outcome):
    return [(o.expectation, o.column, o.success, o.detail) for o in outcome.outcomes]


def test_the_helper_gives_the_in_process_verdict_for_every_suite(helper):
    warm = [validate("suite", FRAME, SUITE), validate("suite", FRAME.dropna(), SUITE)]
    assert quality._helper is helper and helper.alive  # one helper serves every suite
    stop_validator()
    here = [validate("suite", FRAME, SUITE), validate("suite", FRAME.dropna(), SUITE)]
    assert helper.process.returncode is not None
    assert all(isinstance(outcome, quality.SuiteOutcome) for outcome in warm)
    assert [o.success for o in warm] == [False, True]
    assert [_verdicts(o) for o in warm] == [_verdicts(o) for o in here]
    assert [o.rows for o in warm] == [3, 2]


def test_a_dead_helper_falls_back_to_validating_in_process(helper):
    helper.process.kill()
    helper.process.wait()
    outcome = validate("suite", FRAME.dropna(), SUITE)
    assert outcome.success and len(outcome.outcomes) == 2
    assert quality._helper is None


def test_an_error_in_the_helper_is_raised_with_its_traceback(helper):
    with pytest.raises(RuntimeError, match="ExpectNoSuchThing"):
        validate("suite", FRAME, [Expectation("ExpectNoSuchThing", column="id")])
    assert helper.alive  # and the helper still serves the next suite
    assert not validate("suite", FRAME, SUITE).success


def test_start_is_idempotent_and_stop_ends_the_helper(helper):
    start_validator()
    assert quality._helper is helper
    stop_validator()
    assert helper.process.poll() is not None


def test_the_helper_stops_even_when_sigterm_is_ignored():
    """Started under `nohup` or a CI runner, the helper inherits an ignored SIGTERM."""
    import signal
    import threading

    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        stop_validator()
        start_validator()
        helper = quality._helper
    finally:
        signal.signal(signal.SIGTERM, previous)
    stopper = threading.Thread(target=stop_validator, daemon=True)
    stopper.start()
    stopper.join(timeout=30)
    assert not stopper.is_alive(), "stop_validator hung on a helper that ignores SIGTERM"
    assert helper.process.poll() is not None
