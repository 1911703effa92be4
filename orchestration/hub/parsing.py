"""Reading the lines of one Hub snapshot file and judging each in DuckDB, in bulk.

A JSON Lines file is first read whole by DuckDB's ``read_json`` with every
field typed as JSON (one parallel pass, no Python per line). That result is
kept only when it is provably what the line-by-line reading gives: the file
parsed, it has no blank line (each physical line gave one row), no byte that
the two JSON parsers treat differently, and every row passed the rules. Any
other file is read again the careful way: Python splits lines (so every reject
keeps its physical line number and invalid UTF-8 is caught) and DuckDB parses,
types and validates them chunk by chunk, so a two-million-model listing stays
bounded in memory. Both ways end in the same SQL rules. A Parquet dump goes
through the same rules, each row turned into a JSON line first. The rules a
line must pass: docs/metrics.md#fields-of-a-line and
docs/metrics.md#rejected-lines; :mod:`orchestration.hub.snapshots` loads the
judged rows.
"""

from __future__ import annotations

import codecs
import gzip
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

# The Hub /api/models fields the warehouse reads (docs/metrics.md#fields-of-a-line);
# every other field of a line or column of a dump is ignored. The rules below
# read them by position (`v[1]` is the id), in this order.
HUB_FIELDS = (
    "id",
    "createdAt",
    "downloadsAllTime",
    "downloads",
    "likes",
    "author",
    "pipeline_tag",
    "library_name",
    "tags",
    "safetensors",
    "gguf",
)
BLOCK_BYTES = 64 << 20  # decompressed bytes parsed per DuckDB statement
PARSE_BATCH_ROWS = 16_384  # lines per Arrow record batch (the unit of DuckDB's parallel scan)
REJECT_LINE_BYTES = 1000  # a rejected line keeps its first this many bytes

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

# (line_no, line, decode_error, v) of every non-blank line, `v` the list of the
# HUB_FIELDS' JSON values: from lines split by Python ...
_PARSED_FROM_LINES = r"""
    select
        line_no,
        line,
        decode_error,
        try(json_extract(line, [{paths}])) as v
    from {{source}}
    where decode_error is not null or not regexp_full_match(line, '\s*')
""".format(paths=", ".join(f"'$.{field}'" for field in HUB_FIELDS))

# ... or from the whole file read by `read_json` (every field typed JSON, so
# nothing is coerced: a value reaches the rules as the text `json_extract`
# gives). The rows are inserted in the file's order and numbered afterwards
# from their row ids (a window function here would scan on one thread).
_PARSED_FROM_FILE = """
    select
        null::bigint as line_no,
        null::varchar as line,
        null::varchar as decode_error,
        [{fields}] as v
    from read_json(
        '{{path}}', format = 'newline_delimited', compression = '{{compression}}',
        columns = {{{{{columns}}}}}
    )
""".format(
    fields=", ".join(f'"{field}"' for field in HUB_FIELDS),
    columns=", ".join(f"'{field}': 'JSON'" for field in HUB_FIELDS),
)

# Every line becomes one typed row plus the first reason it fails, if any. The
# order of the CASE is the order a person would check a line in. A line is
# parsed once: `try(json_extract(...))` (or `read_json`) reads all the fields it
# needs in one pass and is NULL only for malformed JSON; only a line without an
# id is parsed again, to tell an object missing its id from a line that is no object.
_EXTRACT = r"""
with parsed as ({parsed}), fields as (
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


def _line_chunks(path: Path) -> Iterator[pa.Table]:
    """Physical lines of a JSON Lines file as Arrow chunks (line_no, line, decode_error).

    The file is read in large blocks; newlines are found with numpy and each
    block becomes one Arrow string array over the block's own bytes (every
    string keeps its trailing newline, which JSON treats as whitespace). Only a
    block holding invalid UTF-8 is split line by line in Python, so that the
    bad line, and only it, is rejected with the byte offset (its ``line`` is
    then the escaped text the reject keeps).
    """
    first_line_no = 1
    carry = b""
    with _open(path) as handle:
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
    go through exactly the same rules as JSON Lines. Only :data:`HUB_FIELDS`
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


def parse_into(conn: duckdb.DuckDBPyConnection, path: Path, parsed_table: str) -> None:
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
        conn.execute(f"insert into {parsed_table} " + _from_lines(source))
        return
    if _parse_whole_file(conn, path, parsed_table):
        return
    for block in _line_chunks(path):
        # Zero-copy slices: DuckDB scans Arrow record batches in parallel, one
        # batch per thread, so one block-sized batch would keep a core idle.
        chunk = pa.Table.from_batches(block.to_batches(max_chunksize=PARSE_BATCH_ROWS))
        conn.register("_snapshot_chunk", chunk)
        try:
            conn.execute(f"insert into {parsed_table} " + _from_lines("_snapshot_chunk"))
        finally:
            conn.unregister("_snapshot_chunk")


def _from_lines(source: str) -> str:
    return _EXTRACT.format(parsed=_PARSED_FROM_LINES.format(source=source))


# Bytes `read_json` takes for whitespace around a line's object where
# `json_extract` finds no JSON (vertical tab, form feed): a file holding one
# is read line by line.
_WHITESPACE_READ_JSON_ONLY = (b"\x0b", b"\x0c")


def _physical_lines(path: Path, stop: threading.Event) -> tuple[int, bool] | None:
    """The file's line count as :func:`_line_chunks` splits it, and whether it holds
    a byte from :data:`_WHITESPACE_READ_JSON_ONLY`; None if stopped or unreadable."""
    newlines, awkward, last = 0, False, b"\n"
    try:
        with _open(path) as handle:
            while block := handle.read(BLOCK_BYTES):
                if stop.is_set():
                    return None
                newlines += block.count(b"\n")
                awkward = awkward or any(byte in block for byte in _WHITESPACE_READ_JSON_ONLY)
                last = block[-1:]
    except (OSError, EOFError):  # a corrupt archive: the careful reading reports it
        return None
    return newlines + (last != b"\n"), awkward


def _parse_whole_file(conn: duckdb.DuckDBPyConnection, path: Path, parsed_table: str) -> bool:
    """Judge the file from one ``read_json`` scan; False (and the table left empty)
    when that scan is not exactly what the line-by-line reading would give.

    The lines are counted in a thread while DuckDB reads (decompression
    releases the GIL). The scan is kept when the file parsed as one JSON
    object per line, there are as many rows as physical lines (so no blank
    line, and the n-th row inserted is line n), no byte is read
    differently by the two parsers, and no row has a reason to be rejected:
    a rejected line must keep its text, which only the careful reading has.
    """
    [(ordered,)] = conn.execute("select current_setting('preserve_insertion_order')").fetchall()
    if not ordered:  # row ids would not follow the file's lines
        return False
    compression = "gzip" if _is_gzip(path) else "none"
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        counted = pool.submit(_physical_lines, path, stop)
        parsed = _PARSED_FROM_FILE.format(path=_sql_path(path), compression=compression)
        try:
            conn.execute(f"insert into {parsed_table} " + _EXTRACT.format(parsed=parsed))
        # Malformed JSON, a non-object, invalid UTF-8, a corrupt archive: the careful
        # reading judges the lines or reports the file as it always has.
        except duckdb.Error:
            stop.set()
            return False
        lines = counted.result()
    [(rows, rejected)] = conn.execute(
        f"select count(*), count(reason) from {parsed_table}"
    ).fetchall()
    if lines is not None and lines[0] == rows and not lines[1] and rejected == 0:
        # One row per physical line, in the file's order: row id i is line i + 1.
        conn.execute(f"update {parsed_table} set line_no = rowid + 1")
        return True
    conn.execute(f"delete from {parsed_table}")
    return False


def read_duplicate_lines(conn: duckdb.DuckDBPyConnection, path: Path) -> None:
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


def _is_gzip(path: Path) -> bool:
    return path.name.endswith(".gz")


def _open(path: Path):
    """The file's decompressed bytes, as a binary file object."""
    return gzip.open(path, "rb") if _is_gzip(path) else open(path, "rb")


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
