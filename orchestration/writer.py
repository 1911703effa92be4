"""One writer at a time on the warehouse, and what to do about runs that died.

Every asset that writes `warehouse.duckdb` is in the Dagster concurrency pool
`duckdb_writer` (limit 1, see orchestration/dagster.yaml). A process killed in
the middle of a run (`kill -9`, a lost machine) leaves its run STARTED and its
pool slot claimed, and Dagster frees neither by itself when runs execute
in-process. So before a command writes, it:

1. finds runs left in progress by a process that is gone (its pid no longer
   exists on this host, or was reused by a younger process), marks them failed
   and frees their slots, one line each (`reap_dead_runs`);
2. frees the slots of runs that have already finished;
3. waits for live runs of the instance to finish, saying once which run it
   waits for, up to `OMW_WRITER_WAIT_SECONDS` (`wait_for_writer`).

The daemon does the same on a sensor tick (`dead_run_sensor`), beside
Dagster's own run monitoring (docs/operations.md#faults-and-recovery).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from orchestration.errors import WarehouseBusy
from orchestration.resources import sensor_interval

PID_TAG = "omw/pid"
HOST_TAG = "omw/host"
WAIT_ENV = "OMW_WRITER_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 900

IN_PROGRESS = [
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]


def writer_wait_seconds() -> int:
    return int(os.environ.get(WAIT_ENV) or DEFAULT_WAIT_SECONDS)


def process_tags() -> dict[str, str]:
    """Tags that let a later command tell whether this process still runs the run."""
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


@dataclass(frozen=True)
class Worker:
    pid: int
    host: str


def run_worker(instance: dg.DagsterInstance, run: dg.DagsterRun) -> Worker | None:
    """The process that executes a run: from our tags (in-process runs of `omw`), else
    from the "Started process for run (pid: N)" event of a daemon-launched run worker."""
    if PID_TAG in run.tags:
        return Worker(int(run.tags[PID_TAG]), run.tags.get(HOST_TAG, socket.gethostname()))
    for entry in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT):
        event = entry.dagster_event
        data = event.engine_event_data if event else None
        pid = data.metadata.get("pid") if data and data.metadata else None
        if pid is not None:
            return Worker(int(getattr(pid, "value", pid)), socket.gethostname())
    return None


def _boot_time() -> float | None:
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except OSError:
        pass
    return None


def process_alive(pid: int, not_after: float | None = None) -> bool:
    """Whether `pid` runs on this host (a zombie is dead). With `not_after` (a Unix
    time), a process that started later is a different process that reused the pid."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return True  # no /proc: the signal check is all we can do
    if fields[0] in ("Z", "X"):
        return False
    boot = _boot_time()
    if not_after is not None and boot is not None:
        started = boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
        if started > not_after + 2:
            return False
    return True


def stop_orphans(run_id: str, grace_seconds: float = 10.0) -> list[int]:
    """Stop the dbt processes a dead run left behind (they would keep writing and keep
    the DuckDB file locked). dagster-dbt gives each dbt invocation a target folder named
    after the run (`DBT_TARGET_PATH=.../<step>-<run_id[:7]>-<id>`): that finds them."""
    marker = f"-{run_id[:7]}-".encode()
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        for item in environ.split(b"\0"):
            if item.startswith(b"DBT_TARGET_PATH=") and marker in item:
                found.append(int(proc.name))
                break
    for pid in found:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while any(process_alive(pid) for pid in found) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in found:
        if process_alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    return found


def _since(timestamp: float | None) -> str:
    if timestamp is None:
        return "an unknown time"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def reap_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs whose process is gone and free every slot a finished run
    still holds. One line per run dealt with."""
    lines = []
    here = socket.gethostname()
    for record in instance.get_run_records(dg.RunsFilter(statuses=IN_PROGRESS)):
        run = record.dagster_run
        worker = run_worker(instance, run)
        if worker is None or worker.host != here:
            continue  # cannot tell from here: Dagster's run monitoring decides
        # A STARTED run's worker began before the run was marked started: a process
        # with that pid that began later reused the pid. (A run still STARTING has no
        # start time to compare with, and its worker may start after it was created.)
        if process_alive(worker.pid, record.start_time):
            continue
        instance.report_run_failed(
            run, f"its process (pid {worker.pid}) is gone; marked failed by omw"
        )
        orphans = stop_orphans(run.run_id)
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        stopped = f", stopped its dbt process(es) {orphans}" if orphans else ""
        lines.append(
            f"run {run.run_id[:8]} ({run.job_name}) was left {run.status.value} by process "
            f"{worker.pid}, which is gone: marked it failed{stopped} and freed its writer slot"
        )
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        for run_id in storage.get_concurrency_run_ids():
            run = instance.get_run_by_id(run_id)
            if run is None or run.is_finished:
                storage.free_concurrency_slots_for_run(run_id)
    return lines


def runs_in_progress(instance: dg.DagsterInstance) -> list[dg.RunRecord]:
    return list(instance.get_run_records(dg.RunsFilter(statuses=IN_PROGRESS), ascending=True))


def describe(record: dg.RunRecord) -> str:
    run = record.dagster_run
    trigger = (
        run.tags.get("dagster/sensor_name")
        or run.tags.get("dagster/schedule_name")
        or run.tags.get("omw/trigger")
        or ("omw" if PID_TAG in run.tags else "the Dagster UI")
    )
    return (
        f"run {run.run_id[:8]} ({run.job_name}, from {trigger}) since "
        f"{_since(record.start_time or record.create_timestamp.timestamp())}"
    )


def wait_for_writer(
    instance: dg.DagsterInstance,
    progress: Callable[[str], None] | None = None,
    timeout: float | None = None,
    poll: float = 1.0,
) -> None:
    """Return once no live run of the instance is in progress; raise `WarehouseBusy`
    (one line: which run, since when) after `timeout` seconds."""
    say = progress or (lambda _line: None)
    timeout = writer_wait_seconds() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    announced: set[str] = set()
    while True:
        for line in reap_dead_runs(instance):
            say(line)
        busy = runs_in_progress(instance)
        if not busy:
            return
        holder = busy[0]
        if holder.dagster_run.run_id not in announced:
            announced.add(holder.dagster_run.run_id)
            say(
                f"waiting for {describe(holder)} to finish writing the warehouse "
                f"(at most {timeout:.0f} s, {WAIT_ENV})"
            )
        if time.monotonic() >= deadline:
            raise WarehouseBusy(
                f"another command holds the warehouse: {describe(holder)}; gave up after "
                f"{timeout:.0f} s. Let it finish (see `omw status` or the Dagster UI) or "
                f"raise {WAIT_ENV}"
            )
        time.sleep(poll)


@dg.sensor(
    name="dead_run_sensor",
    minimum_interval_seconds=sensor_interval(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Marks failed the runs whose process died (kill -9, a lost run worker) and frees "
        "the warehouse writer slot they still hold, so the next writer does not wait forever."
    ),
)
def dead_run_sensor(context: dg.SensorEvaluationContext):
    lines = reap_dead_runs(context.instance)
    for line in lines:
        context.log.warning(line)
    return dg.SkipReason("; ".join(lines) or "no dead runs")
