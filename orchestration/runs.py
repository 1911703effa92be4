"""Run the real Dagster definitions in-process: what every `omw` command does.

The CLI and the tests go through these functions, so the code path they
exercise is the one `dagster dev` and the schedules run: same assets, same
checks, same resources.
"""

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import dagster as dg

from orchestration.assembly import BUILD_JOB, WAREHOUSE_BUILD, build_definitions
from orchestration.hub.assets import (
    LIVE_FETCH_TAG,
    RAW_HUB_SNAPSHOTS,
    SCOPE_TAG,
    hub_snapshot_partitions,
    scope_tag,
)
from orchestration.hub.landing import (
    future_allowed,
    future_dated,
    future_refusal,
    land_snapshot_files,
    quarantine_snapshot,
    scan_snapshot_files,
)
from orchestration.hub.schedules import HUB_IMPORT_JOB
from orchestration.resources import WarehousePaths, connect
from orchestration.sources import raw_sources
from orchestration.tokens.assets import TOKEN_INGEST_JOB
from orchestration.tokens.exports import find_token_files
from orchestration.tokens.ingest import deliver
from orchestration.writer import process_tags, wait_for_writer

Progress = Callable[[str], None]

INSTANCE_CONFIG = Path(__file__).with_name("dagster.yaml")


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


def get_instance(paths: WarehousePaths) -> dg.DagsterInstance:
    """The persistent Dagster instance: `$DAGSTER_HOME`, else `$OMW_DATA_DIR/dagster_home`."""
    home = Path(os.environ.get("DAGSTER_HOME") or paths.dagster_home)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(INSTANCE_CONFIG, config)
    return dg.DagsterInstance.from_config(str(home))


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


def _execute(
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


def _contiguous_segments(ordered_keys: list[str], wanted: set[str]) -> list[tuple[str, str]]:
    """Maximal runs of `wanted` keys in the partition order: one run per segment.

    Dynamic partitions keep insertion order, so importing older history after newer
    dates could interleave; a run targets a key range, never keys outside `wanted`.
    """
    segments, start, previous = [], None, None
    for key in ordered_keys:
        if key in wanted:
            start = start or key
            previous = key
        elif start is not None:
            segments.append((start, previous))
            start = None
    if start is not None:
        segments.append((start, previous))
    return segments


def load_hub_partitions(
    paths: WarehousePaths,
    instance: dg.DagsterInstance,
    dates: Iterable[date],
    progress: Progress | None = None,
    extra_tags: dict[str, str] | None = None,
) -> RunOutcome:
    """Materialize the raw Hub partitions for these dates (files already landed)."""
    keys = sorted({d.isoformat() for d in dates})
    outcome = RunOutcome()
    if not keys:
        return outcome
    existing = set(instance.get_dynamic_partitions(hub_snapshot_partitions.name))
    new_keys = [key for key in keys if key not in existing]
    if new_keys:
        instance.add_dynamic_partitions(hub_snapshot_partitions.name, new_keys)
    ordered = list(instance.get_dynamic_partitions(hub_snapshot_partitions.name))
    defs = build_definitions(paths, raw_only=True)
    for start, end in _contiguous_segments(ordered, set(keys)):
        tags = (
            {"dagster/partition": start}
            if start == end
            else {
                "dagster/asset_partition_range_start": start,
                "dagster/asset_partition_range_end": end,
            }
        )
        _, run_outcome = _execute(
            defs, HUB_IMPORT_JOB, instance, {**tags, **(extra_tags or {})}, progress
        )
        outcome.merge(run_outcome)
    if not outcome.success and new_keys:
        # A date whose file was quarantined has nothing to load: drop its new partition.
        landed = scan_snapshot_files(paths.hub_landing).files if paths.hub_landing.exists() else {}
        for key in new_keys:
            if date.fromisoformat(key) not in landed:
                instance.delete_dynamic_partition(hub_snapshot_partitions.name, key)
    return outcome


def import_hub(
    source_dir: Path,
    paths: WarehousePaths,
    instance: dg.DagsterInstance,
    progress: Progress | None = None,
    allow_future_dates: bool = False,
) -> RunOutcome:
    """`omw import-hub DIR`: land the readable files, then load them with their gate in
    one run. Unreadable and future-dated files are refused, one line each, after the
    others have loaded."""
    wait_for_writer(instance, progress)
    landing = land_snapshot_files(
        source_dir, paths.hub_landing, paths.hub_quarantine, allow_future_dates
    )
    outcome = RunOutcome(notes=landing.notes)
    dates = landing.landed
    if progress and dates:
        progress(f"landed {len(dates)} snapshot files ({dates[0]} … {dates[-1]})")
    outcome.merge(load_hub_partitions(paths, instance, dates, progress))
    outcome.failures += landing.failures
    return outcome


def fetch_hub(
    snapshot_date: date,
    scope,
    paths: WarehousePaths,
    instance: dg.DagsterInstance,
    progress: Progress | None = None,
    max_wait: float | None = None,
) -> RunOutcome:
    """`omw fetch-hub`: a live listing for one date, fetched and loaded in one Dagster run.

    The partition file lands only when the whole listing succeeded; a failed fetch
    leaves no partition behind. `max_wait` (seconds) bounds the time spent retrying;
    it travels as the run tag `omw/max_wait_seconds` (None: `$OMW_HUB_MAX_WAIT_SECONDS`,
    else the retry policy's own bound, resolved in the run).
    """
    from orchestration.hub.assets import MAX_WAIT_TAG

    key = snapshot_date.isoformat()
    was_known = instance.has_dynamic_partition(hub_snapshot_partitions.name, key)
    tags = {LIVE_FETCH_TAG: "true", SCOPE_TAG: scope_tag(scope)}
    if max_wait is not None:
        tags[MAX_WAIT_TAG] = f"{max_wait:g}"
    outcome = load_hub_partitions(paths, instance, [snapshot_date], progress, extra_tags=tags)
    # A failed fetch is already one masked line naming the endpoint: say just that.
    marker = "HubFetchError: "
    outcome.failures = [f.split(marker, 1)[1] if marker in f else f for f in outcome.failures]
    if (
        not outcome.success
        and not was_known
        and not (paths.hub_landing / f"hub_models_{key}.jsonl.gz").exists()
    ):
        instance.delete_dynamic_partition(hub_snapshot_partitions.name, key)
    return outcome


def backfill_hub(
    repo_id: str,
    paths: WarehousePaths,
    instance: dg.DagsterInstance,
    progress: Progress | None = None,
    since: date | None = None,
    until: date | None = None,
) -> RunOutcome:
    """`omw import-hub --dataset REPO`: daily Parquet dumps from a Hub dataset, one partition per date."""
    from orchestration.hub.live import backfill_from_dataset

    def report(done: int, total: int, rate: float) -> None:
        if progress:
            progress(f"downloaded {done}/{total} dumps")

    with tempfile.TemporaryDirectory(dir=paths.data_dir) as staging:
        written = backfill_from_dataset(
            repo_id,
            Path(staging),
            endpoint=os.environ.get("HF_ENDPOINT") or None,
            since=since,
            until=until,
            progress=report,
        )
        if not written:
            return RunOutcome(failures=[f"no dated dumps found in dataset {repo_id}"])
        return import_hub(Path(staging), paths, instance, progress)


QUARANTINED = "token file quarantined:"


def _has_raw_table(conn, table: str) -> bool:
    return bool(
        conn.execute(
            "select count(*) from duckdb_tables() where schema_name = 'raw' and table_name = ?",
            [table],
        ).fetchone()[0]
    )


def unloaded_hub_dates(
    paths: WarehousePaths, instance: dg.DagsterInstance
) -> tuple[list[date], list[str]]:
    """Landed snapshot files to load: not loaded yet, changed since, or loaded by a run
    that did not succeed (killed, or failed on another file). Also one line per file
    refused on the way: future-dated files nobody confirmed go to quarantine."""
    if not paths.hub_landing.exists():
        return [], []
    landed = scan_snapshot_files(paths.hub_landing).files
    refusals = []
    for snapshot_date, path in list(landed.items()):
        if future_dated(snapshot_date) and not future_allowed(path):
            reason = future_refusal(path, snapshot_date)
            quarantine_snapshot(path, paths.hub_quarantine, reason)
            refusals.append(f"{reason} (moved to quarantine/hub/)")
            del landed[snapshot_date]
    loaded: dict[date, tuple[str, int, int]] = {}
    if paths.warehouse.exists():
        with connect(paths.warehouse, read_only=True) as conn:
            if _has_raw_table(conn, "hub_snapshots"):
                rows = conn.execute(
                    "select snapshot_date, source_file, file_size, file_mtime_ns, run_id "
                    "from raw.hub_snapshots"
                ).fetchall()
                completed: dict[str, bool] = {}
                for snapshot_date, name, size, mtime, run_id in rows:
                    if run_id not in completed:
                        completed[run_id] = _load_completed(instance, run_id)
                    if completed[run_id]:
                        loaded[snapshot_date] = (name, size, mtime)
    unloaded = []
    for snapshot_date, path in landed.items():
        stat = path.stat()
        if loaded.get(snapshot_date) != (path.name, stat.st_size, stat.st_mtime_ns):
            unloaded.append(snapshot_date)
    return unloaded, refusals


def _load_completed(instance: dg.DagsterInstance, run_id: str | None) -> bool:
    """Whether the run that wrote a snapshot's rows got as far as recording them (a
    refused snapshot's run fails its gate after that; a killed run never gets there)."""
    run = instance.get_run_by_id(run_id) if run_id else None
    if run is None or run.status == dg.DagsterRunStatus.SUCCESS:
        return True
    if run.status in (dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING):
        return False
    return any(
        entry.dagster_event and entry.dagster_event.asset_key == RAW_HUB_SNAPSHOTS
        for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
    )


def refused_latest_snapshot(paths: WarehousePaths) -> tuple[date, str] | None:
    """The latest snapshot when it is refused (and not overridden): builds fail while it is."""
    if not paths.warehouse.exists():
        return None
    with connect(paths.warehouse, read_only=True) as conn:
        if not _has_raw_table(conn, "hub_snapshots"):
            return None
        row = conn.execute(
            """
            select snapshot_date, status, status_reason from raw.hub_snapshots
            order by snapshot_date desc limit 1
            """
        ).fetchone()
    if row and row[1] == "refused":
        return row[0], row[2]
    return None


def quarantined_in_runs(paths: WarehousePaths, run_ids: list[str]) -> list[str]:
    """One line per token file a run quarantined (the file and the reason)."""
    if not run_ids or not paths.warehouse.exists():
        return []
    with connect(paths.warehouse, read_only=True) as conn:
        if not _has_raw_table(conn, "token_quarantine"):
            return []
        rows = conn.execute(
            f"select reason, quarantined_as from raw.token_quarantine where run_id in ({', '.join('?' * len(run_ids))})",
            run_ids,
        ).fetchall()
    return [f"{QUARANTINED} {reason} (see quarantine/{name}.error.txt)" for reason, name in rows]


def import_tokens(
    source_dir: Path,
    paths: WarehousePaths,
    instance: dg.DagsterInstance,
    progress: Progress | None = None,
) -> RunOutcome:
    """`omw import-tokens DIR`: deliver the files into the inbox, then ingest them."""
    delivered = deliver(source_dir, paths.token_inbox)
    if progress:
        progress(f"delivered {len(delivered)} token files to {paths.token_inbox}")
    return _ingest_tokens(build_definitions(paths, raw_only=True), paths, instance, progress)


def _ingest_tokens(
    defs: dg.Definitions,
    paths: WarehousePaths,
    instance: dg.DagsterInstance,
    progress: Progress | None,
) -> RunOutcome:
    _, outcome = _execute(defs, TOKEN_INGEST_JOB, instance, None, progress)
    outcome.failures += quarantined_in_runs(paths, outcome.runs)
    return outcome


def _token_ingest_needed(paths: WarehousePaths) -> bool:
    """Files wait in the token inbox, or the raw token table does not exist yet."""
    if find_token_files(paths.token_inbox):
        return True
    if not paths.warehouse.exists():
        return True
    with connect(paths.warehouse, read_only=True) as conn:
        return not _has_raw_table(conn, "token_usage")


def build(
    paths: WarehousePaths,
    instance: dg.DagsterInstance,
    progress: Progress | None = None,
    full_refresh: bool = False,
) -> RunOutcome:
    """`omw build`: load landed snapshot files and waiting token files, then materialize
    what Dagster's automation conditions call stale (`orchestration.warehouse.automation`).

    Raw loads run first, as their own gated runs, and only when there is something
    to load: a build with nothing new in the inbox never pays for the token gate.
    The build's evaluation cursor is kept only when its run succeeded, so a build
    that failed (or was killed) is asked for again by the next `omw build`.
    """
    wait_for_writer(instance, progress)
    unloaded, refusals = unloaded_hub_dates(paths, instance)
    outcome = load_hub_partitions(paths, instance, unloaded, progress)
    outcome.failures += refusals
    if not outcome.success:
        # A failed build publishes nothing: readers keep the last good marts.
        return _nothing_published(_with_refusal(outcome, paths, instance))
    if _token_ingest_needed(paths):
        token_outcome = _ingest_tokens(
            build_definitions(paths, raw_only=True), paths, instance, progress
        )
        outcome.merge(token_outcome)
        if not token_outcome.success:
            return _nothing_published(outcome)
    from orchestration.warehouse.automation import evaluate_stale, store_cursor
    from orchestration.warehouse.dbt import FULL_REFRESH_TAG

    defs = build_definitions(paths, manual=True)
    stale = evaluate_stale(defs, instance, WAREHOUSE_BUILD)
    tags = {"omw/trigger": "omw build"}
    if full_refresh:
        tags[FULL_REFRESH_TAG] = "true"
        selection = sorted(WAREHOUSE_BUILD.resolve(defs.resolve_asset_graph()))
    else:
        selection = stale.keys
    if not selection:
        outcome.notes.append("nothing is stale: the published marts are current")
        store_cursor(instance, stale.cursor)
    else:
        if progress:
            progress(f"{len(selection)} assets to materialize")
        _, run_outcome = _execute(defs, BUILD_JOB, instance, tags, progress, selection)
        if run_outcome.success:
            store_cursor(instance, stale.cursor)
        outcome.merge(run_outcome)
    return _with_refusal(outcome, paths, instance)


def _with_refusal(
    outcome: RunOutcome, paths: WarehousePaths, instance: dg.DagsterInstance
) -> RunOutcome:
    """Put first the reason every build fails until the user acts: a refused latest
    snapshot, or a raw gate whose last verdict failed."""
    refused = refused_latest_snapshot(paths)
    if refused:
        outcome.failures.insert(
            0,
            f"latest snapshot {refused[0]} is refused ({refused[1]}); marts were not rebuilt or "
            f"published. Import a good snapshot for that date, or accept it with "
            f"`omw accept-snapshot {refused[0]}`",
        )
    else:
        outcome.failures[:0] = held_by_gates(instance)
    return outcome


NOTHING_PUBLISHED = (
    "nothing was rebuilt or published: the published marts keep their last good version; "
    "fix the lines above, then run `omw build` again"
)


def _nothing_published(outcome: RunOutcome) -> RunOutcome:
    outcome.notes.append(NOTHING_PUBLISHED)
    return outcome


GATES = {key: gate for source in raw_sources() for key, gate in source.gates.items()}
"""Every source's blocking checks on its raw loads, with what to say while one fails."""


def held_by_gates(instance: dg.DagsterInstance) -> list[str]:
    """One line per raw gate whose latest verdict failed: it holds every build downstream."""
    lines = []
    for check, gate in GATES.items():
        record = instance.get_latest_asset_check_evaluation_record(check)
        if record is None or record.status.value != "FAILED":
            continue
        evaluation = record.event.asset_check_evaluation if record.event else None
        reason = f" ({evaluation.description})" if evaluation and evaluation.description else ""
        lines.append(
            f"{gate.what}{reason}; marts were not rebuilt or published from it. {gate.remedy}"
        )
    return lines


def rebuild(
    paths: WarehousePaths,
    instance: dg.DagsterInstance,
    progress: Progress | None = None,
) -> RunOutcome:
    """`omw rebuild`: a new warehouse from the landed files in raw/, for when the old
    one is corrupt. The old file is moved aside (never deleted), archived token files
    go back to the inbox, and a full-refresh build reloads every snapshot."""
    say = progress or (lambda _line: None)
    wait_for_writer(instance, progress)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for path in (paths.warehouse, paths.warehouse.with_name(paths.warehouse.name + ".wal")):
        if path.exists():
            aside = path.with_name(f"{path.name}.broken-{stamp}")
            os.replace(path, aside)
            say(f"moved {path.name} aside to {aside.name}")
    archived = find_token_files(paths.token_archive) if paths.token_archive.exists() else []
    if archived:
        deliver(paths.token_archive, paths.token_inbox)
        say(f"{len(archived)} archived token files back in the inbox")
    return build(paths, instance, progress, full_refresh=True)


def accept_snapshot(
    paths: WarehousePaths,
    instance: dg.DagsterInstance,
    snapshot_date: date,
    note: str,
    progress: Progress | None = None,
) -> RunOutcome:
    """`omw accept-snapshot`: count a refused snapshot, then load its partition again.

    The reload runs the snapshot gate, which now passes on the override: the
    partition's new materialization and passed check let everything downstream
    rebuild (the automation sensor, or the next `omw build`).
    """
    from orchestration.hub.snapshots import accept_snapshot as record_override

    wait_for_writer(instance, progress)
    with connect(paths.warehouse) as conn:
        record_override(conn, snapshot_date, note)
    return load_hub_partitions(paths, instance, [snapshot_date], progress)
