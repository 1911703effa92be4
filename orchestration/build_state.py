"""What a build finds before it runs: landed files still to load, a waiting token inbox, and
what holds every build until the user acts (a refused latest snapshot, a failed raw gate)."""

from datetime import date

import dagster as dg

from orchestration.hub.assets import RAW_HUB_SNAPSHOTS
from orchestration.hub.landing import (
    future_allowed,
    future_dated,
    future_refusal,
    quarantine_snapshot,
    scan_snapshot_files,
)
from orchestration.resources import WarehousePaths, connect, table_exists
from orchestration.sources import raw_sources
from orchestration.tokens.exports import find_token_files

QUARANTINED = "token file quarantined:"


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
            if table_exists(conn, "raw", "hub_snapshots"):
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
        if not table_exists(conn, "raw", "hub_snapshots"):
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
        if not table_exists(conn, "raw", "token_quarantine"):
            return []
        rows = conn.execute(
            f"select reason, quarantined_as from raw.token_quarantine where run_id in ({', '.join('?' * len(run_ids))})",
            run_ids,
        ).fetchall()
    return [f"{QUARANTINED} {reason} (see quarantine/{name}.error.txt)" for reason, name in rows]


def token_ingest_needed(paths: WarehousePaths) -> bool:
    """Files wait in the token inbox, or the raw token table does not exist yet."""
    if find_token_files(paths.token_inbox):
        return True
    if not paths.warehouse.exists():
        return True
    with connect(paths.warehouse, read_only=True) as conn:
        return not table_exists(conn, "raw", "token_usage")


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
