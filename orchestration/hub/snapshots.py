"""Load recorded Hub snapshots into the raw layer and judge which of them count.

A snapshot file is ``hub_models_YYYY-MM-DD.jsonl``, ``.jsonl.gz`` or ``.parquet``;
its lines are read and judged by :mod:`orchestration.hub.parsing`. The rules
(rejected lines, duplicate ids, refusing a snapshot, re-importing a date):
docs/metrics.md#hub-snapshot-input-rules.

Raw tables (schema ``raw``), each replaced per ``snapshot_date`` so that a
re-import never doubles a partition:

* ``raw.hub_models``     accepted lines, typed
* ``raw.hub_rejects``    rejected lines with file, line number, reason and text
* ``raw.hub_snapshots``  one row per snapshot: counts, scope and gate status

Just over 400 lines on purpose: loading a partition, replacing it and judging
it against the gate share one transaction and its SQL; split, each half would
need the other's temporary tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from orchestration.hub.parsing import parse_into, read_duplicate_lines

SNAPSHOT_FILE = re.compile(r"^hub_models_(\d{4}-\d{2}-\d{2})\.(jsonl|jsonl\.gz|parquet)$")
SNAPSHOT_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")

# The refusal rules of docs/metrics.md#refusing-a-snapshot. A snapshot is refused when
# more of its lines than this are rejects, or when it lists fewer models than this share
# of the previous counted snapshot of its scope.
MAX_REJECTED_SHARE = 0.01
MIN_SHARE_OF_PREVIOUS = 0.80
# Two more quality rules: a listing where many models were created in the future,
# or where most all-time counts went down, is not a Hub listing the marts can trust.
MAX_CREATED_AFTER_SHARE = 0.01
MAX_FALLING_SHARE = 0.50

DEFAULT_SCOPE = "all"

DDL = """
create schema if not exists raw;
create table if not exists raw.hub_models (
    snapshot_date date not null,
    model_id varchar not null,
    author varchar,
    created_at timestamp not null,
    downloads bigint,
    downloads_all_time bigint not null,
    likes bigint,
    pipeline_tag varchar,
    library_name varchar,
    tags varchar[],
    params bigint,
    source_file varchar not null,
    line_no bigint not null,
    gguf_params bigint
);
create table if not exists raw.hub_rejects (
    snapshot_date date not null,
    source_file varchar not null,
    line_no bigint not null,
    model_id varchar,
    reason varchar not null,
    line varchar
);
create table if not exists raw.hub_snapshots (
    snapshot_date date primary key,
    source_file varchar not null,
    file_size bigint not null,
    file_mtime_ns bigint not null,
    scope varchar not null,
    lines bigint not null,
    rejected_lines bigint not null,
    models bigint not null,
    status varchar not null,
    status_reason varchar,
    loaded_at timestamp not null,
    run_id varchar,
    created_after_snapshot bigint not null default 0,
    models_compared bigint not null default 0,
    models_falling bigint not null default 0
);
create table if not exists raw.hub_snapshot_overrides (
    snapshot_date date primary key,
    accepted_at timestamp not null,
    note varchar
);
"""


@dataclass(frozen=True)
class SnapshotLoad:
    """What loading one snapshot file produced."""

    snapshot_date: date
    source_file: str
    lines: int
    rejected_lines: int
    models: int


def snapshot_date_of(path: Path) -> date | None:
    """The snapshot date encoded in a file name, or None if it is not a snapshot file."""
    match = SNAPSHOT_FILE.match(path.name)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def find_snapshot_files(directory: Path) -> dict[date, Path]:
    """Snapshot files in a directory by date; two files for one date is an error."""
    found: dict[date, Path] = {}
    for path in sorted(directory.iterdir()):
        snapshot_date = snapshot_date_of(path)
        if snapshot_date is None or not path.is_file():
            continue
        if snapshot_date in found:
            raise ValueError(
                f"two snapshot files for {snapshot_date}: {found[snapshot_date].name} and {path.name}"
            )
        found[snapshot_date] = path
    return found


def ensure_raw_schema(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(DDL)
    # `gguf.total` (docs/metrics.md#fields-of-a-line) came later: older warehouses gain
    # the column.
    conn.execute("alter table raw.hub_models add column if not exists gguf_params bigint")
    # Warehouses created before the quality columns existed gain them in place.
    for column in ("created_after_snapshot", "models_compared", "models_falling"):
        conn.execute(
            f"alter table raw.hub_snapshots add column if not exists {column} bigint default 0"
        )


def load_snapshot(
    conn: duckdb.DuckDBPyConnection,
    path: Path,
    snapshot_date: date,
    scope: str = DEFAULT_SCOPE,
    run_id: str | None = None,
) -> SnapshotLoad:
    """Replace one snapshot partition of the raw tables with the contents of ``path``.

    Duplicate ids keep the line with the highest ``downloadsAllTime`` (the
    earliest such line on a tie); the others become rejects. The gate status
    is assessed afterwards for all snapshots by :func:`assess_snapshots`.
    """
    ensure_raw_schema(conn)
    parse_into(conn, path, "_parsed_snapshot")
    # Duplicate ids are rare: find them with one hash aggregate, and rank only
    # their lines, instead of sorting every line of the snapshot.
    conn.execute(
        """
        create or replace temp table _duplicate_ids as
        with duplicated as (
            select model_id from _parsed_snapshot
            where reason is null
            group by model_id
            having count(*) > 1
        )
        select model_id, line_no,
            first(line_no) over (
                partition by model_id order by downloads_all_time desc, line_no
            ) as kept_line_no
        from _parsed_snapshot
        where reason is null and model_id in (select model_id from duplicated)
        """
    )
    conn.execute(
        """
        create or replace temp view _ranked_snapshot as
        select p.*, d.kept_line_no, coalesce(d.kept_line_no <> p.line_no, false) as is_duplicate
        from _parsed_snapshot as p
        left join _duplicate_ids as d using (model_id, line_no)
        """
    )
    read_duplicate_lines(conn, path)
    stat = path.stat()
    conn.execute("begin transaction")
    try:
        for table in ("raw.hub_models", "raw.hub_rejects"):
            conn.execute(f"delete from {table} where snapshot_date = ?", [snapshot_date])
        conn.execute(
            """
            insert into raw.hub_models (
                snapshot_date, model_id, author, created_at, downloads, downloads_all_time,
                likes, pipeline_tag, library_name, tags, params, source_file, line_no,
                gguf_params
            )
            select ?, model_id, author, created_at, downloads, downloads_all_time, likes,
                   pipeline_tag, library_name, coalesce(tags, []::varchar[]), params, ?, line_no,
                   gguf_params
            from _ranked_snapshot where reason is null and not is_duplicate
            """,
            [snapshot_date, path.name],
        )
        # Every reject keeps its text: parsing kept that of the invalid lines, and
        # the duplicate-id lines were read again.
        conn.execute(
            """
            insert into raw.hub_rejects
            select ?, ?, r.line_no, r.model_id,
                   coalesce(r.reason, 'duplicate id (kept line ' || r.kept_line_no || ')'),
                   coalesce(r.line, d.line, '')
            from _ranked_snapshot as r
            left join _duplicate_lines as d using (line_no)
            where r.reason is not null or r.is_duplicate
            """,
            [snapshot_date, path.name],
        )
        lines, rejected, models = conn.execute(
            """
            select count(*),
                   count(*) filter (where reason is not null or is_duplicate),
                   count(*) filter (where reason is null and not is_duplicate)
            from _ranked_snapshot
            """
        ).fetchone()
        created_after, compared, falling = conn.execute(
            """
            with current as (
                select model_id, created_at, downloads_all_time
                from raw.hub_models where snapshot_date = $1
            ), previous as (
                select model_id, downloads_all_time from raw.hub_models
                where snapshot_date = (
                    select max(snapshot_date) from raw.hub_snapshots where snapshot_date < $1
                )
            )
            select
                (select count(*) from current where cast(created_at as date) > $1),
                count(p.model_id),
                count(p.model_id) filter (where c.downloads_all_time < p.downloads_all_time)
            from current c join previous p using (model_id)
            """,
            [snapshot_date],
        ).fetchone()
        previous_file = conn.execute(
            """
            select source_file, file_size, file_mtime_ns
            from raw.hub_snapshots where snapshot_date = ?
            """,
            [snapshot_date],
        ).fetchone()
        conn.execute("delete from raw.hub_snapshots where snapshot_date = ?", [snapshot_date])
        # A new file for a date needs a new judgement: drop any earlier override.
        # Reloading the same file (as `omw accept-snapshot` does) keeps it.
        if previous_file != (path.name, stat.st_size, stat.st_mtime_ns):
            conn.execute(
                "delete from raw.hub_snapshot_overrides where snapshot_date = ?", [snapshot_date]
            )
        conn.execute(
            """
            insert into raw.hub_snapshots
            values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', null, ?, ?, ?, ?, ?)
            """,
            [
                snapshot_date,
                path.name,
                stat.st_size,
                stat.st_mtime_ns,
                scope,
                lines,
                rejected,
                models,
                datetime.now(UTC).replace(tzinfo=None),
                run_id,
                created_after,
                compared,
                falling,
            ],
        )
        conn.execute("commit")
    except Exception:
        conn.execute("rollback")
        raise
    finally:
        conn.execute("drop table if exists _parsed_snapshot")
        conn.execute("drop view if exists _ranked_snapshot")
        conn.execute("drop table if exists _duplicate_ids")
        conn.execute("drop table if exists _duplicate_lines")
    return SnapshotLoad(snapshot_date, path.name, lines, rejected, models)


@dataclass(frozen=True)
class SnapshotVerdict:
    snapshot_date: date
    scope: str
    lines: int
    rejected_lines: int
    models: int
    status: str  # accepted | refused | overridden
    reason: str | None


def judge_snapshots(
    rows: list[tuple[date, str, int, int, int, bool]],
    quality: dict[date, tuple[int, int, int]] | None = None,
) -> list[SnapshotVerdict]:
    """Apply the refusal rules to snapshots in date order.

    ``rows`` are (snapshot_date, scope, lines, rejected_lines, models, overridden);
    ``quality`` maps a date to (created_after_snapshot, models_compared, models_falling).
    A refused snapshot counts nowhere, so the truncation rule compares with the
    previous snapshot of the same scope that was *not* refused.
    """
    verdicts = []
    previous_models: dict[str, int] = {}
    for snapshot_date, scope, lines, rejected, models, overridden in sorted(rows):
        reasons = []
        if lines and rejected / lines > MAX_REJECTED_SHARE:
            reasons.append(
                f"{rejected} of {lines} lines rejected ({rejected / lines:.2%} > "
                f"{MAX_REJECTED_SHARE:.0%})"
            )
        previous = previous_models.get(scope)
        if previous and models < MIN_SHARE_OF_PREVIOUS * previous:
            reasons.append(
                f"truncated listing: {models} models, fewer than {MIN_SHARE_OF_PREVIOUS:.0%} "
                f"of the previous snapshot's {previous}"
            )
        created_after, compared, falling = (quality or {}).get(snapshot_date, (0, 0, 0))
        if models and created_after / models > MAX_CREATED_AFTER_SHARE:
            reasons.append(
                f"createdAt after the snapshot date for {created_after} of {models} models "
                f"({created_after / models:.2%} > {MAX_CREATED_AFTER_SHARE:.0%})"
            )
        if compared and falling / compared > MAX_FALLING_SHARE:
            reasons.append(
                f"all-time downloads fell for {falling} of {compared} models seen in the previous "
                f"snapshot ({falling / compared:.0%} > {MAX_FALLING_SHARE:.0%})"
            )
        if models == 0 and not reasons:
            reasons.append("no models")
        reason = "; ".join(reasons) or None
        if reason is None:
            status = "accepted"
        elif overridden:
            status = "overridden"
        else:
            status = "refused"
        if status != "refused":
            previous_models[scope] = models
        verdicts.append(
            SnapshotVerdict(snapshot_date, scope, lines, rejected, models, status, reason)
        )
    return verdicts


def assess_snapshots(conn: duckdb.DuckDBPyConnection) -> list[SnapshotVerdict]:
    """Recompute the gate status of every snapshot and store it in raw.hub_snapshots."""
    ensure_raw_schema(conn)
    rows = conn.execute(
        """
        select s.snapshot_date, s.scope, s.lines, s.rejected_lines, s.models,
               o.snapshot_date is not null
        from raw.hub_snapshots s
        left join raw.hub_snapshot_overrides o using (snapshot_date)
        """
    ).fetchall()
    quality = {
        row[0]: row[1:]
        for row in conn.execute(
            "select snapshot_date, created_after_snapshot, models_compared, models_falling from raw.hub_snapshots"
        ).fetchall()
    }
    verdicts = judge_snapshots(rows, quality)
    before = dict(conn.execute("select snapshot_date, status from raw.hub_snapshots").fetchall())
    if verdicts:
        conn.executemany(
            "update raw.hub_snapshots set status = ?, status_reason = ? where snapshot_date = ?",
            [[v.status, v.reason, v.snapshot_date] for v in verdicts],
        )
    # A verdict that flips (an older snapshot imported later changes what a later
    # one is compared with) changes what counts: mark it as newly loaded so
    # incremental models revisit its dates.
    flipped = [
        [datetime.now(UTC).replace(tzinfo=None), v.snapshot_date]
        for v in verdicts
        if before.get(v.snapshot_date) not in (None, "pending", v.status)
    ]
    if flipped:
        conn.executemany(
            "update raw.hub_snapshots set loaded_at = ? where snapshot_date = ?", flipped
        )
    return verdicts


def accept_snapshot(conn: duckdb.DuckDBPyConnection, snapshot_date: date, note: str) -> None:
    """The documented override: count a refused snapshot anyway."""
    ensure_raw_schema(conn)
    exists = conn.execute(
        "select count(*) from raw.hub_snapshots where snapshot_date = ?", [snapshot_date]
    ).fetchone()[0]
    if not exists:
        raise ValueError(f"no snapshot imported for {snapshot_date}")
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute(
        "insert or replace into raw.hub_snapshot_overrides values (?, ?, ?)",
        [snapshot_date, now, note],
    )
    # The snapshot enters the counted set now: incremental models that watch
    # `loaded_at` (adoption values) revisit the dates it can change.
    conn.execute(
        "update raw.hub_snapshots set loaded_at = ? where snapshot_date = ?", [now, snapshot_date]
    )
    assess_snapshots(conn)
