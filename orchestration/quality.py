"""Great Expectations 1.x suites run on pandas batches read from DuckDB.

GX takes seconds to import, so it is imported inside :func:`validate` only,
never at module load: `dagster dev` and the CLI start fast.

A run that will end in a suite can start importing GX early, in a helper
process (:func:`start_validator`): the import then overlaps the load the suite
checks instead of following it. A helper thread would not do: DuckDB takes the
GIL back to check for interrupts, and a thread busy importing makes every
such check wait, slowing the load several-fold.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import subprocess
import sys
import threading
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Expectation:
    """One GX expectation by class name, e.g. ``Expectation("ExpectColumnValuesToNotBeNull", column="id")``."""

    name: str
    kwargs: dict[str, Any]

    def __init__(self, name: str, **kwargs: Any) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "kwargs", kwargs)


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    success: bool
    detail: str


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    rows: int
    outcomes: list[ExpectationOutcome]

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]

    def as_markdown(self) -> str:
        lines = ["| expectation | column | result | detail |", "|---|---|---|---|"]
        for o in self.outcomes:
            mark = "pass" if o.success else "**FAIL**"
            lines.append(f"| {o.expectation} | {o.column or ''} | {mark} | {o.detail} |")
        return "\n".join(lines)


def _detail(result: dict[str, Any]) -> str:
    keys = ("unexpected_count", "unexpected_percent", "observed_value", "partial_unexpected_list")
    parts = []
    for key in keys:
        if key in result and result[key] not in (None, [], 0, 0.0):
            value = result[key]
            if isinstance(value, list):
                value = value[:5]
            if isinstance(value, float):
                value = round(value, 4)
            parts.append(f"{key}={value}")
    return ", ".join(parts)


def validate(suite_name: str, frame: pd.DataFrame, expectations: list[Expectation]) -> SuiteOutcome:
    """Validate ``frame`` against ``expectations`` with an ephemeral GX context.

    Uses the warm helper process when one was started (:func:`start_validator`),
    else imports GX here. A helper that died validates nothing: the suite then
    runs here, so a result never depends on the helper.
    """
    helper = _helper
    if helper is not None:
        try:
            return helper.validate(suite_name, frame, expectations)
        except _HelperLost:
            stop_validator()
    return _validate_here(suite_name, frame, expectations)


def _validate_here(
    suite_name: str, frame: pd.DataFrame, expectations: list[Expectation]
) -> SuiteOutcome:
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = gx.data_context.types.base.ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas(name=f"{suite_name}_source")
    asset = source.add_dataframe_asset(name=f"{suite_name}_frame")
    batch_definition = asset.add_batch_definition_whole_dataframe(f"{suite_name}_batch")
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name=suite_name)
    for expectation in expectations:
        suite.add_expectation(getattr(gx.expectations, expectation.name)(**expectation.kwargs))
    result = batch.validate(suite)
    outcomes = [
        ExpectationOutcome(
            expectation=r.expectation_config.type,
            column=r.expectation_config.kwargs.get("column"),
            success=bool(r.success),
            detail=_detail(r.result or {}),
        )
        for r in result.results
    ]
    return SuiteOutcome(suite=suite_name, rows=len(frame), outcomes=outcomes)


class _HelperLost(Exception):
    """The helper process exited or answered garbage: validate in-process instead."""


class _Helper:
    """A child Python that imports GX at once, then validates the suites sent over its stdin."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "orchestration.quality"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.lock = threading.Lock()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def validate(
        self, suite_name: str, frame: pd.DataFrame, expectations: list[Expectation]
    ) -> SuiteOutcome:
        with self.lock:
            try:
                pickle.dump((suite_name, frame, expectations), self.process.stdin)
                self.process.stdin.flush()
                status, payload = pickle.load(self.process.stdout)
            except (OSError, EOFError, pickle.UnpicklingError) as exc:
                raise _HelperLost from exc
        if status == "error":
            raise RuntimeError(f"Great Expectations failed validating {suite_name}:\n{payload}")
        return payload

    def close(self) -> None:
        """Stop now: between suites the helper holds nothing, and it may still be importing.

        SIGKILL, not SIGTERM: a process started in the background (`nohup`, CI
        runners) may ignore SIGTERM, and the helper inherits that.
        """
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()


_helper: _Helper | None = None


def start_validator() -> None:
    """Start importing GX in a helper process now; :func:`validate` will use it.

    For in-process runs that end in a GX suite (`omw import-hub`): the import
    overlaps the load. The helper serves every later suite of this process and
    exits with it. Does nothing when a helper is already running.
    """
    global _helper
    if _helper is not None and _helper.alive:
        return
    stop_validator()  # reaps a helper that died
    _helper = _Helper()


def stop_validator() -> None:
    """Stop the helper process, if any; later suites validate in-process."""
    global _helper
    helper, _helper = _helper, None
    if helper is not None:
        helper.close()


atexit.register(stop_validator)


def _serve() -> None:
    """The helper process: import GX, then validate each suite read from stdin until it closes."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # nothing GX prints reaches the answers
    # The point of the helper: import before the first suite arrives. A failure
    # shows again, with its traceback, when a suite is validated below.
    with contextlib.suppress(Exception):
        import great_expectations  # noqa: F401
    while True:
        try:
            request = pickle.load(sys.stdin.buffer)
        except EOFError:
            return  # the parent is done (or gone)
        try:
            result = ("ok", _validate_here(*request))
        except Exception:
            result = ("error", traceback.format_exc())
        pickle.dump(result, answers)
        answers.flush()


if __name__ == "__main__":
    # Through the package's module, so what is pickled back names
    # `orchestration.quality` classes, not this `__main__` copy's.
    from orchestration.quality import _serve as serve

    serve()
