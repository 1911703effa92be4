"""Execute one job of the real Dagster definitions in-process, and say what failed in one line each.

Every `omw` command runs its jobs through :func:`execute` (see `orchestration.runs`),
so the code path they exercise is the one `dagster dev` and the schedules run.
"""

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from orchestration.writer import process_tags, wait_for_writer

Progress = Callable[[str], None]


@dataclass
class RunOutcome:
    """What a command asked for and what failed (one line per failure)."""

    runs: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.failures

    def merge(self, other: "RunOutcome") -> "RunOutcome":
        self.runs += other.runs
        self.failures += other.failures
        self.notes += other.notes
        return self


class _ProgressHandler(logging.Handler):
    """Turns Dagster's log stream into short progress lines: our assets' messages,
    each materialization, each failed check or step."""

    def __init__(self, progress: Progress) -> None:
        super().__init__(level=logging.DEBUG)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        if event is None:
            # Messages from our own Python assets; dbt's chatter stays in the log file.
            step_key = meta.get("step_key") or ""
            if record.levelno >= logging.INFO and step_key and "dbt" not in step_key:
                self.progress(meta.get("orig_message", record.getMessage()))
            return
        if event.event_type_value == "ASSET_MATERIALIZATION":
            key = event.asset_key.to_user_string() if event.asset_key else "?"
            partition = event.partition
            self.progress(f"built {key}" + (f" [{partition}]" if partition else ""))
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                verdict = (
                    "warned" if evaluation.severity == dg.AssetCheckSeverity.WARN else "failed"
                )
                self.progress(
                    f"check {verdict}: "
                    f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                )
        elif event.event_type_value == "STEP_FAILURE":
            self.progress(f"step failed: {event.step_key}")


def _progress_logger(progress: Progress) -> dg.LoggerDefinition:
    def create(_init_context) -> logging.Logger:
        logger = logging.Logger("omw.progress", level=logging.DEBUG)
        logger.addHandler(_ProgressHandler(progress))
        return logger

    return dg.LoggerDefinition(create, description="omw CLI progress lines")


def execute(
    defs: dg.Definitions,
    job_name: str,
    instance: dg.DagsterInstance,
    tags: dict[str, str] | None,
    progress: Progress | None,
    asset_selection: list[dg.AssetKey] | None = None,
) -> tuple[dg.ExecuteInProcessResult, RunOutcome]:
    wait_for_writer(instance, progress)
    job = defs.resolve_job_def(job_name)
    run_config = None
    if progress is not None:
        # Only the progress logger: Dagster's console logger is for `dagster dev`.
        job = job.with_logger_defs({"omw_progress": _progress_logger(progress)})
        run_config = {"loggers": {"omw_progress": {}}}
    options = {
        "instance": instance,
        "tags": {**(tags or {}), **process_tags()},
        "run_config": run_config,
        "raise_on_error": False,
        "asset_selection": asset_selection,
    }
    if progress is None:
        result = job.execute_in_process(**options)
    else:
        # dbt's own event stream goes to stdout; keep it in a log file, not on screen.
        log_path = Path(instance.root_directory) / "last_run.log"
        with open(log_path, "w") as log, contextlib.redirect_stdout(log):
            result = job.execute_in_process(**options)
    outcome = RunOutcome(runs=[result.run_id])
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            reason = evaluation.description or _metadata_summary(evaluation.metadata)
            line = (
                f"check {evaluation.asset_key.to_user_string()}:{evaluation.check_name} failed"
                + (f": {reason}" if reason else "")
            )
            if evaluation.severity == dg.AssetCheckSeverity.WARN:
                # A warning (e.g. low attribution coverage) informs; it fails nothing.
                outcome.notes.append(f"warning: {line}")
            else:
                outcome.failures.append(line)
    for event in result.get_step_failure_events():
        error = event.step_failure_data.error
        # Dagster wraps the user's exception: unwrap Dagster's own layers only.
        while (
            error is not None
            and error.cause is not None
            and (error.cls_name or "").startswith("Dagster")
        ):
            error = error.cause
        message = (error.message.strip().splitlines() or ["failed"])[0] if error else "failed"
        # A dg.Failure raised by our own asset already is the one line to show.
        message = message.removeprefix("dagster._core.definitions.events.Failure: ")
        outcome.failures.append(f"step {event.step_key} failed: {message}")
    return result, outcome


def _metadata_summary(metadata: dict) -> str:
    for key in ("dagster_dbt/failed_row_count", "failed_row_count", "status"):
        if key in metadata:
            return f"{key.split('/')[-1]}={getattr(metadata[key], 'value', metadata[key])}"
    return ""
