"""`omw status`: what the warehouse holds and what went wrong, without running anything."""

from datetime import UTC

from rich.console import Console
from rich.table import Table

from orchestration.errors import OmwError
from orchestration.resources import (
    WarehousePaths,
    connect,
    corrupt_file_error,
    is_corruption,
    table_exists,
)
from orchestration.writer import describe, reap_dead_runs, runs_in_progress


def print_status(paths: WarehousePaths, out: Console) -> None:
    out.print(f"[bold]Data directory[/bold] {paths.data_dir}")
    if not paths.warehouse.exists():
        out.print("No warehouse yet: run `omw demo` or `omw import-hub DIR` then `omw build`.")
    else:
        try:
            with connect(paths.warehouse, read_only=True) as conn:
                _print_snapshots(conn, out)
                _print_rejects(conn, out)
                _print_tokens(conn, out)
        except OmwError as error:  # corrupt, or held by a writer: say so, show the rest
            out.print(f"[red]Warehouse:[/red] {error}")
        except Exception as error:
            if not is_corruption(error):
                raise
            out.print(f"[red]Warehouse:[/red] {corrupt_file_error(paths.warehouse, error)}")
    _print_coverage(paths, out)
    _print_last_build(paths, out)
    _print_quarantine(paths, out)


def _print_coverage(paths: WarehousePaths, out: Console) -> None:
    """The latest attribution coverage of the published marts: how much of each share
    is attributed (docs/metrics.md#attribution-coverage)."""
    from orchestration.warehouse.coverage import coverage_threshold, latest_coverage

    if not paths.published_marts.exists():
        return
    try:
        with connect(paths.published_marts, read_only=True) as conn:
            if not table_exists(conn, "main", "mart_attribution_coverage"):
                return
            rows = latest_coverage(conn, "main")
    except OmwError as error:
        out.print(f"[red]Published marts:[/red] {error}")
        return
    if not rows:
        return
    threshold = coverage_threshold()
    parts = []
    for month, measure, share in rows:
        low = measure == "country_uploader" and share < threshold
        text = f"{measure} {share:.0%} ({month:%Y-%m})"
        parts.append(f"[yellow]{text}[/yellow]" if low else text)
    out.print("[bold]Attribution coverage[/bold] (share with a known key): " + ", ".join(parts))


def _print_snapshots(conn, out: Console) -> None:
    if not table_exists(conn, "raw", "hub_snapshots"):
        out.print("Hub snapshots: none imported")
        return
    rows = conn.execute(
        """
        select snapshot_date, scope, models, rejected_lines, lines, status, status_reason
        from raw.hub_snapshots order by snapshot_date
        """
    ).fetchall()
    counts = {}
    for row in rows:
        counts[row[5]] = counts.get(row[5], 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    out.print(
        f"[bold]Hub snapshot partitions[/bold]: {len(rows)} ({summary}), "
        f"{rows[0][0]} … {rows[-1][0]}"
        if rows
        else "Hub snapshot partitions: none"
    )
    if rows:
        latest = rows[-1]
        out.print(
            f"  latest {latest[0]}: {latest[2]:,} models, {latest[3]} rejected lines, {latest[5]}"
        )
    problem_rows = [row for row in rows if row[5] != "accepted"]
    if problem_rows:
        table = Table("snapshot", "status", "reason", title="Refused or overridden snapshots")
        for row in problem_rows:
            table.add_row(str(row[0]), row[5], row[6] or "")
        out.print(table)


def _print_rejects(conn, out: Console) -> None:
    if not table_exists(conn, "raw", "hub_rejects"):
        return
    rows = conn.execute(
        """
        select regexp_replace(reason, ' \\(kept line \\d+\\)', '') as reason, count(*) as lines,
               count(distinct snapshot_date) as snapshots
        from raw.hub_rejects group by 1 order by 2 desc
        """
    ).fetchall()
    if not rows:
        out.print("Rejected lines: none")
        return
    table = Table("reason", "lines", "snapshots", title="Rejected lines (raw.hub_rejects)")
    for reason, lines, snapshots in rows:
        table.add_row(reason, f"{lines:,}", str(snapshots))
    out.print(table)


def _print_tokens(conn, out: Console) -> None:
    if not table_exists(conn, "raw", "token_files"):
        return
    files, rows = conn.execute(
        "select count(*), coalesce(sum(rows), 0) from raw.token_files"
    ).fetchone()
    out.print(f"[bold]Token exports[/bold]: {files} files, {rows:,} rows loaded")


def _print_last_build(paths: WarehousePaths, out: Console) -> None:
    import os
    from datetime import datetime

    import dagster as dg

    from orchestration.definitions import BUILD_JOB, defs

    home = os.environ.get("DAGSTER_HOME") or paths.dagster_home
    if not os.path.exists(os.path.join(home, "dagster.yaml")):
        out.print("Last successful build: never")
        return
    instance = dg.DagsterInstance.from_config(str(home))
    runs = instance.get_run_records(
        filters=dg.RunsFilter(job_name=BUILD_JOB, statuses=[dg.DagsterRunStatus.SUCCESS]), limit=1
    )
    if runs and runs[0].end_time:
        when = datetime.fromtimestamp(runs[0].end_time, tz=UTC)
        out.print(
            f"Last successful build: {when:%Y-%m-%d %H:%M:%S} UTC (run {runs[0].dagster_run.run_id[:8]})"
        )
    else:
        out.print("Last successful build: never")
    finished = [
        dg.DagsterRunStatus.SUCCESS,
        dg.DagsterRunStatus.FAILURE,
        dg.DagsterRunStatus.CANCELED,
    ]
    last = instance.get_run_records(filters=dg.RunsFilter(statuses=finished), limit=1)
    if last and last[0].dagster_run.status != dg.DagsterRunStatus.SUCCESS:
        record = last[0]
        when = datetime.fromtimestamp(record.end_time or record.create_timestamp.timestamp(), UTC)
        out.print(
            f"[red]Last run failed[/red]: {record.dagster_run.job_name} at "
            f"{when:%Y-%m-%d %H:%M:%S} UTC (run {record.dagster_run.run_id[:8]}); nothing from it "
            "was published: the published marts are those of the last successful build"
        )
    for line in reap_dead_runs(instance):
        out.print(f"[yellow]Recovered[/yellow]: {line}")
    for record in runs_in_progress(instance):
        out.print(f"In progress: {describe(record)}")
    check_keys = list(defs.resolve_asset_graph().asset_check_keys)
    latest = instance.event_log_storage.get_latest_asset_check_execution_by_key(check_keys)
    failed = [
        (key, record)
        for key, record in latest.items()
        if record is not None and record.status.value == "FAILED"
    ]
    if not failed:
        out.print("Failed checks (latest evaluation): none")
        return
    table = Table("asset", "check", "run", title="Failed checks (latest evaluation)")
    for key, record in sorted(failed, key=lambda item: item[0].to_user_string()):
        table.add_row(key.asset_key.to_user_string(), key.name, record.run_id[:8])
    out.print(table)


def _quarantined(folder) -> list:
    if not folder.exists():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and not p.name.endswith((".error.txt", ".meta.json"))
    )


def _reason(path) -> str:
    error = path.with_name(path.name + ".error.txt")
    if not error.exists():
        return ""
    lines = error.read_text().strip().splitlines()
    for line in lines:
        if line.startswith("reason: "):
            return line.removeprefix("reason: ")
    return lines[0] if lines else ""


def _print_quarantine(paths: WarehousePaths, out: Console) -> None:
    files = [("tokens", p) for p in _quarantined(paths.quarantine)]
    files += [("hub snapshot", p) for p in _quarantined(paths.hub_quarantine)]
    if not files:
        out.print("Quarantined files: none")
        return
    table = Table("kind", "file", "reason", title=f"Quarantined files ({paths.quarantine})")
    for kind, path in files:
        table.add_row(kind, str(path.relative_to(paths.quarantine)), _reason(path))
    out.print(table)
