"""Parse recorded Hub snapshots (contract section 2) into the raw layer.

A snapshot file is ``hub_models_YYYY-MM-DD.jsonl``, ``.jsonl.gz`` or ``.parquet``.
Python only splits lines (so every reject keeps its physical line number and
invalid UTF-8 is caught); all JSON parsing, typing and validation happen in
DuckDB in bulk, chunk by chunk, so a two-million-model listing stays fast and
bounded in memory.

Raw tables (schema ``raw``), each replaced per ``snapshot_date`` so that a
re-import never doubles a partition:

* ``raw.hub_models``     accepted lines, typed
* ``raw.hub_rejects``    rejected lines with file, line number, reason and text
* ``raw.hub_snapshots``  one row per snapshot: counts, scope and gate status
"""

from __future__ import annotations

import codecs
import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

SNAPSHOT_FILE = re.compile(r"^hub_models_(\d{4}-\d{2}-\d{2})\.(jsonl|jsonl\.gz|parquet)$")
SNAPSHOT_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")

# Contract section 2 gates.
MAX_REJECTED_SHARE = 0.01
MIN_SHARE_OF_PREVIOUS = 0.80
# Quality rules of the snapshot suite beyond the contract's two: a listing
# where many models were created in the future, or where most all-time counts
# went down, is not a Hub listing the marts can trust.
MAX_CREATED_AFTER_SHARE = 0.01
MAX_FALLING_SHARE = 0.50

DEFAULT_SCOPE = "all"
# The Hub /api/models fields the warehouse reads (contract section 2); every
# other field of a line or column of a dump is ignored.
HUB_FIELDS = (
    "id",
    "author",
    "createdAt",
    "downloads",
    "downloadsAllTime",
    "likes",
    "pipeline_tag",
    "library_name",
    "tags",
    "safetensors",
    "gguf",
)
BLOCK_BYTES = 64 << 20  # decompressed bytes parsed per DuckDB statement
PARSE_BATCH_ROWS = 16_384  # lines per Arrow record batch (the unit of DuckDB's parallel scan)
REJECT_LINE_BYTES = 1000  # a rejected line keeps its first this many bytes

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

# The JSON type of an extracted value. `json_extract` returns minified JSON
# text, so the first character tells the type without parsing the value again
# (NULL for a field the line does not have).
_JSON_KIND_MACRO = """
create or replace temp macro json_kind(value) as case
    when value is null then null
    else case left(value::varchar, 1)
        when '"' then 'string' when '{' then 'object' when '[' then 'array'
        when 'n' then 'null' when 't' then 'boolean' when 'f' then 'boolean'
        else 'number' end
    end
"""

# The `total` of a `safetensors` or `gguf` object, which a Parquet dump may
# carry as a JSON string; a non-number or a missing field gives NULL.
_TOTAL_MACRO = """
create or replace temp macro total_of(value) as try_cast(round(try_cast(
    case json_kind(value)
        when 'object' then value ->> '$.total'
        when 'string' then case when json_valid(value ->> '$')
            then (value ->> '$') ->> '$.total' end
    end as double)) as bigint)
"""

# The text a reject keeps: its first REJECT_LINE_BYTES bytes, less a character
# the cut would split (a UTF-8 character is at most 4 bytes, so one of the four
# cuts below ends on a character boundary). Only rejects are truncated.
_REJECT_TEXT_MACRO = f"""
create or replace temp macro reject_text(line) as case
    when strlen(line) <= {REJECT_LINE_BYTES} then line
    else coalesce(
        try(decode(encode(line)[1:{REJECT_LINE_BYTES}])),
        try(decode(encode(line)[1:{REJECT_LINE_BYTES - 1}])),
        try(decode(encode(line)[1:{REJECT_LINE_BYTES - 2}])),
        try(decode(encode(line)[1:{REJECT_LINE_BYTES - 3}]))
    ) end
"""

# Every line becomes one typed row plus the first reason it fails, if any. The
# order of the CASE is the order a person would check a line in. A line is
# parsed once: `try(json_extract(...))` reads all the contract's fields in one
# pass and is NULL only for malformed JSON; only a line without an id is
# parsed again, to tell an object missing its id from a line that is no object.
_EXTRACT = r"""
with parsed as (
    select
        line_no,
        line,
        decode_error,
        try(json_extract(line, [
            '$.id', '$.createdAt', '$.downloadsAllTime', '$.downloads', '$.likes',
            '$.author', '$.pipeline_tag', '$.library_name', '$.tags', '$.safetensors',
            '$.gguf'
        ])) as v
    from {source}
    where decode_error is not null or not regexp_full_match(line, '\s*')
), fields as (
    select
        line_no, line, decode_error,
        v is not null as is_json,
        coalesce(json_kind(v[1]), 'null') as id_kind,
        v[1] ->> '$' as model_id,
        coalesce(json_kind(v[2]), 'null') as created_kind,
        case when created_kind = 'string'
            then timezone('UTC', try_cast(v[2] ->> '$' as timestamptz)) end as created_at,
        coalesce(json_kind(v[3]), 'null') as dat_kind,
        case when dat_kind = 'number' then try_cast(v[3]::varchar as double) end as dat_value,
        case when json_kind(v[4]) = 'number' then try_cast(v[4]::varchar as double) end as downloads_value,
        case when json_kind(v[5]) = 'number' then try_cast(v[5]::varchar as double) end as likes_value,
        v[6] as author_json,
        v[7] as pipeline_json,
        v[8] as library_json,
        v[9] as tags_json,
        v[10] as safetensors_json,
        v[11] as gguf_json
    from parsed
), judged as (
    select
        *,
        case
            when decode_error is not null then 'invalid UTF-8: ' || decode_error
            when not is_json then 'invalid JSON'
            when id_kind = 'null' and json_type(line) <> 'OBJECT' then 'not a JSON object'
            when id_kind = 'null' then 'missing required field id'
            when id_kind <> 'string' or trim(model_id) = '' then 'id is not a non-empty string'
            when created_kind = 'null' then 'missing required field createdAt'
            when created_at is null then 'createdAt is not a timestamp'
            when dat_kind = 'null' then 'missing required field downloadsAllTime'
            when dat_kind <> 'number' or dat_value <> floor(dat_value)
                then 'downloadsAllTime is not an integer'
            when dat_value < 0 then 'negative downloadsAllTime'
            when dat_value > 9.2e18 then 'downloadsAllTime out of range'
            when downloads_value < 0 then 'negative downloads'
            when likes_value < 0 then 'negative likes'
        end as reason
    from fields
)
select
    line_no,
    case when reason is null or id_kind = 'string' then model_id end as model_id,
    reason,
    -- A line with invalid UTF-8 arrives already escaped and truncated (_escaped_line).
    case when reason is not null then (
        case when decode_error is not null then line
            else reject_text(rtrim(line, chr(10) || chr(13))) end
    ) end as line,
    case when reason is null then coalesce(
        nullif(trim(author_json ->> '$'), ''),
        case when contains(model_id, '/') then split_part(model_id, '/', 1) end
    ) end as author,
    case when reason is null then created_at end as created_at,
    -- The optional counts are kept when they are integers a BIGINT can hold.
    case when reason is null and downloads_value = floor(downloads_value)
        then try_cast(downloads_value as bigint) end as downloads,
    case when reason is null then dat_value::bigint end as downloads_all_time,
    case when reason is null and likes_value = floor(likes_value)
        then try_cast(likes_value as bigint) end as likes,
    case when reason is null and json_kind(pipeline_json) = 'string'
        then pipeline_json ->> '$' end as pipeline_tag,
    case when reason is null and json_kind(library_json) = 'string'
        then library_json ->> '$' end as library_name,
    case when reason is null then (
        case json_kind(tags_json)
            when 'array' then from_json(tags_json, '["VARCHAR"]')
            -- Parquet dumps may carry nested fields as JSON strings.
            when 'string' then case when json_valid(tags_json ->> '$')
                and json_type(tags_json ->> '$') = 'ARRAY'
                then from_json(tags_json ->> '$', '["VARCHAR"]') end
        end
    ) end as tags,
    case when reason is null then total_of(safetensors_json) end as params,
    case when reason is null then total_of(gguf_json) end as gguf_params
from judged
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
    # `gguf.total` (docs/metrics.md#models) came later: older warehouses gain the column.
    conn.execute("alter table raw.hub_models add column if not exists gguf_params bigint")
    # Warehouses created before the quality columns existed gain them in place.
    for column in ("created_after_snapshot", "models_compared", "models_falling"):
        conn.execute(
            f"alter table raw.hub_snapshots add column if not exists {column} bigint default 0"
        )


def _line_chunks(path: Path) -> Iterator[pa.Table]:
    """Physical lines of a JSON Lines file as Arrow chunks (line_no, line, decode_error).

    The file is read in large blocks; newlines are found with numpy and each
    block becomes one Arrow string array over the block's own bytes (every
    string keeps its trailing newline, which JSON treats as whitespace). Only a
    block holding invalid UTF-8 is split line by line in Python, so that the
    bad line, and only it, is rejected with the byte offset (its ``line`` is
    then the escaped text the reject keeps).
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    first_line_no = 1
    carry = b""
    with opener(path, "rb") as handle:
        while True:
            block = handle.read(BLOCK_BYTES)
            data = carry + block
            if not block:
                if data:
                    yield _block_table(data + b"\n", first_line_no)
                return
            last_newline = data.rfind(b"\n")
            if last_newline < 0:
                carry = data
                continue
            complete, carry = data[: last_newline + 1], data[last_newline + 1 :]
            table = _block_table(complete, first_line_no)
            first_line_no += table.num_rows
            yield table


def _block_table(block: bytes, first_line_no: int) -> pa.Table:
    """Lines of a block that ends with a newline."""
    ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10) + 1
    line_nos = pa.array(np.arange(first_line_no, first_line_no + len(ends), dtype=np.int64))
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:
        return _block_table_by_line(block, ends, line_nos)
    offsets = np.concatenate([[0], ends]).astype(np.int64)
    lines = pa.LargeStringArray.from_buffers(
        len(ends), pa.py_buffer(offsets.tobytes()), pa.py_buffer(block)
    )
    return pa.table(
        {"line_no": line_nos, "line": lines, "decode_error": pa.nulls(len(ends), pa.string())}
    )


def _block_table_by_line(block: bytes, ends: np.ndarray, line_nos: pa.Array) -> pa.Table:
    lines: list[str | None] = []
    errors: list[str | None] = []
    start = 0
    for end in ends:
        raw_line = block[start:end]
        start = end
        try:
            lines.append(raw_line.decode("utf-8"))
            errors.append(None)
        except UnicodeDecodeError as exc:
            lines.append(_escaped_line(raw_line))
            errors.append(f"byte {exc.start}")
    return pa.table(
        {
            "line_no": line_nos,
            "line": pa.array(lines, pa.large_string()),
            "decode_error": pa.array(errors, pa.string()),
        }
    )


def _escaped_line(raw_line: bytes) -> str:
    """The text a reject keeps of a line that is not valid UTF-8: its first
    REJECT_LINE_BYTES bytes, valid UTF-8 as is and each invalid byte as ``\\xNN``
    (a character split by the cut is dropped, not escaped)."""
    raw_line = raw_line.rstrip(b"\r\n")
    decoder = codecs.getincrementaldecoder("utf-8")("backslashreplace")
    return decoder.decode(raw_line[:REJECT_LINE_BYTES], final=len(raw_line) <= REJECT_LINE_BYTES)


def _parquet_source(conn: duckdb.DuckDBPyConnection, path: Path) -> str:
    """A Parquet dump as (line_no, line, decode_error) rows, like a JSON Lines file.

    Rows are turned into JSON objects so nested columns (structs or JSON strings)
    go through exactly the same rules as JSON Lines. Only the contract's fields
    are serialised: public dumps carry large columns (cardData, siblings,
    config, ...) that the warehouse ignores.
    """
    columns = [
        row[0]
        for row in conn.execute(
            f"describe select * from read_parquet('{_sql_path(path)}')"
        ).fetchall()
    ]
    kept = [column for column in columns if column in HUB_FIELDS]
    fields = ", ".join(f"'{column}': \"{column}\"" for column in kept) or "'id': null"
    return (
        f"(select file_row_number + 1 as line_no, to_json({{{fields}}}) as line,"
        " null::varchar as decode_error"
        f" from read_parquet('{_sql_path(path)}', file_row_number = true))"
    )


def _parse_into(conn: duckdb.DuckDBPyConnection, path: Path, parsed_table: str) -> None:
    """Fill a temp table with one judged row per non-blank line of the file."""
    conn.execute(_JSON_KIND_MACRO)
    conn.execute(_REJECT_TEXT_MACRO)
    conn.execute(_TOTAL_MACRO)
    conn.execute(
        f"""
        create or replace temp table {parsed_table} (
            line_no bigint, model_id varchar, reason varchar, line varchar, author varchar,
            created_at timestamp, downloads bigint, downloads_all_time bigint, likes bigint,
            pipeline_tag varchar, library_name varchar, tags varchar[], params bigint,
            gguf_params bigint
        )
        """
    )
    if path.name.endswith(".parquet"):
        source = _parquet_source(conn, path)
        conn.execute(f"insert into {parsed_table} " + _EXTRACT.format(source=source))
        return
    for block in _line_chunks(path):
        # Zero-copy slices: DuckDB scans Arrow record batches in parallel, one
        # batch per thread, so one block-sized batch would keep a core idle.
        chunk = pa.Table.from_batches(block.to_batches(max_chunksize=PARSE_BATCH_ROWS))
        conn.register("_snapshot_chunk", chunk)
        try:
            conn.execute(f"insert into {parsed_table} " + _EXTRACT.format(source="_snapshot_chunk"))
        finally:
            conn.unregister("_snapshot_chunk")


def _read_duplicate_lines(conn: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Fill ``_duplicate_lines`` with the text of the duplicate-id lines that are rejected.

    Parsing keeps no text of accepted lines (that would hold the whole listing in
    memory), and only once every line is parsed is it known which of them repeat
    an id: those few lines are read again from the file, which is not read at all
    when no id repeats.
    """
    conn.execute(
        """
        create or replace temp table _duplicate_lines as
        select line_no, null::varchar as line from _duplicate_ids
        where line_no <> kept_line_no
        order by line_no
        """
    )
    wanted = "(select line_no from _duplicate_lines)"
    [(last_wanted,)] = conn.execute("select max(line_no) from _duplicate_lines").fetchall()
    if last_wanted is None:
        return
    text = "reject_text(rtrim(s.line, chr(10) || chr(13)))"
    if path.name.endswith(".parquet"):
        conn.execute(
            f"""
            update _duplicate_lines as d set line = {text}
            from {_parquet_source(conn, path)} as s
            where s.line_no = d.line_no and s.line_no in {wanted}
            """
        )
        return
    for block in _line_chunks(path):
        conn.register("_snapshot_chunk", block)
        try:
            conn.execute(
                f"""
                update _duplicate_lines as d set line = {text}
                from _snapshot_chunk as s where s.line_no = d.line_no
                """
            )
        finally:
            conn.unregister("_snapshot_chunk")
        if block.column("line_no")[-1].as_py() >= last_wanted:
            return


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


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
    _parse_into(conn, path, "_parsed_snapshot")
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
    _read_duplicate_lines(conn, path)
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
