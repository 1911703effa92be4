"""Parse one token export (CSV, JSON Lines or a JSON document) into the rows to load.

Bulk work is vectorised: CSV is read by ``pyarrow.csv`` with every column as a
string, JSON Lines are split by ``pyarrow.compute`` and all JSON extraction,
typing and validation happen in one DuckDB query per file
(:mod:`orchestration.tokens.judging`), so files of millions of rows load in
seconds. Python only loops per row on one rare path: mapping CSV rows to
physical line numbers when the file has blank lines or quoted values spanning
lines (otherwise row *i* is simply line *i + 2*). What a valid file is: the
docstring of :mod:`orchestration.tokens.exports`.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from orchestration.tokens.exports import (
    COUNT_COLUMNS,
    KNOWN_COLUMNS,
    SLUG_COLUMNS,
    TokenFileError,
    token_file_kind,
)
from orchestration.tokens.judging import judge, sql_literal

_CSV_BLOCK_SIZE = 16 << 20


def parse_token_file(path: Path) -> pa.Table:
    """Parse and validate one token export into a table of :data:`TOKEN_TABLE_SCHEMA`.

    Raises :class:`TokenFileError` when the file must be refused whole.
    """
    path = Path(path)
    name = path.name
    kind = token_file_kind(path)
    if kind is None:
        raise TokenFileError(
            name,
            None,
            f"unsupported file type {path.suffix!r} (expected .csv, .jsonl, .ndjson or .json)",
        )
    data = path.read_bytes()
    if not data:
        raise TokenFileError(name, None, "empty file (0 bytes)")
    text = _decode(name, data)

    conn = duckdb.connect()
    try:
        conn.execute("SET TimeZone = 'UTC'")
        conn.execute("SET enable_progress_bar = false")
        if kind == "csv":
            location = "line"
            _register_csv_source(conn, name, data, text)
        elif kind == "jsonl":
            location = "line"
            _register_jsonl_source(conn, name, text)
        else:
            location = _register_json_document_source(conn, name, text)
        return judge(conn, name, location, text if kind == "jsonl" else None)
    finally:
        conn.close()


def read_many(
    paths: Iterable[Path],
) -> tuple[list[pa.Table], list[tuple[Path, TokenFileError]]]:
    """Parse every file independently: one refused file never stops the others."""
    tables: list[pa.Table] = []
    errors: list[tuple[Path, TokenFileError]] = []
    for path in paths:
        try:
            tables.append(parse_token_file(Path(path)))
        except TokenFileError as error:
            errors.append((Path(path), error))
    return tables, errors


def _decode(name: str, data: bytes) -> str:
    """The file as text (BOM dropped); invalid UTF-8 refuses it, naming the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.end].hex(" ")
        raise TokenFileError(
            name, line, f"invalid UTF-8 (byte 0x{bad} at column {column})"
        ) from None
    if text.startswith(codecs.BOM_UTF8.decode("utf-8")):
        text = text[1:]
    return text


# ----- CSV


def _register_csv_source(
    conn: duckdb.DuckDBPyConnection, name: str, data: bytes, text: str
) -> None:
    header = _csv_header(text)
    if header is None:
        raise TokenFileError(name, None, "no header row")
    positions = _known_column_positions(name, header)

    invalid_rows: list[int] = []

    def on_invalid_row(row: pa_csv.InvalidRow) -> str:
        invalid_rows.append(row.actual_columns)
        return "skip"

    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data),
            read_options=pa_csv.ReadOptions(block_size=_CSV_BLOCK_SIZE),
            parse_options=pa_csv.ParseOptions(
                delimiter=",",
                quote_char='"',
                double_quote=True,
                newlines_in_values=True,
                invalid_row_handler=on_invalid_row,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={column: pa.string() for column in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise TokenFileError(name, None, f"unreadable CSV: {exc}") from None
    if invalid_rows:
        line, found = _first_ragged_csv_row(text, len(header))
        raise TokenFileError(
            name, line, f"expected {len(header)} fields as in the header, found {found}"
        )
    if table.num_columns != len(header):  # pragma: no cover - defensive
        raise TokenFileError(name, 1, "could not read the header row")
    if table.num_rows == 0:
        raise TokenFileError(name, None, "no rows (the CSV holds only a header)")

    line_nos = _csv_line_numbers(text, table.num_rows)
    columns = {"line_no": pa.array(line_nos, pa.int64())}
    for column in KNOWN_COLUMNS:
        position = positions.get(column)
        columns[column] = (
            table.column(position).cast(pa.string())
            if position is not None
            else pa.nulls(table.num_rows, pa.string())
        )
    extra_positions = [i for i in range(len(header)) if i not in positions.values()]
    for i in extra_positions:
        columns[f"x{i}"] = table.column(i).cast(pa.string())
    conn.register("_csv_rows", pa.table(columns))

    if extra_positions:
        keys = _unique_keys([header[i].strip() for i in extra_positions])
        pairs = ", ".join(
            f"{sql_literal(key)}, x{i}" for key, i in zip(keys, extra_positions, strict=True)
        )
        extra = f"json_object({pairs})"
    else:
        extra = "null::varchar"
    count_columns = ", ".join(COUNT_COLUMNS)
    conn.execute(
        f"""
        create temp table _source as
        select line_no, null::varchar as pre_reason, date, model, model_permaslug,
               {count_columns}, {extra} as extra
        from _csv_rows
        """
    )


def _csv_header(text: str) -> list[str] | None:
    for row in csv.reader(io.StringIO(text, newline="")):
        if row:
            return row
    return None


def _known_column_positions(name: str, header: list[str]) -> dict[str, int]:
    """Position of each required/known column in the header; refuses a file lacking one."""
    positions: dict[str, int] = {}
    for i, column in enumerate(header):
        key = column.strip().lower()
        if key in KNOWN_COLUMNS:
            if key in positions:
                raise TokenFileError(name, 1, f"duplicate column {key!r} in the header")
            positions[key] = i
    if "date" not in positions:
        raise TokenFileError(name, 1, "missing required column 'date'")
    if not any(column in positions for column in SLUG_COLUMNS):
        raise TokenFileError(name, 1, "missing required column 'model' (or 'model_permaslug')")
    if "total_tokens" not in positions:
        lacking = [c for c in ("prompt_tokens", "completion_tokens") if c not in positions]
        if lacking:
            raise TokenFileError(
                name,
                1,
                f"missing required column 'total_tokens' (or 'prompt_tokens' and "
                f"'completion_tokens'; {' and '.join(repr(c) for c in lacking)} absent)",
            )
    return positions


def _unique_keys(keys: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        unique.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return unique


def _csv_line_numbers(text: str, rows: int) -> np.ndarray:
    """The physical line on which each data row starts (header = line 1).

    When every row is exactly one line (no blank lines, no line breaks inside
    quoted values) row i is line i + 2, computed without looking at the rows.
    Otherwise Python's csv module walks the file once to find each row's start.
    """
    physical = text.count("\n") + (0 if text.endswith("\n") else 1)
    if text.count("\r") == text.count("\r\n") and physical == rows + 1:
        return np.arange(2, rows + 2, dtype=np.int64)
    starts = [start for start, _ in _csv_rows_with_lines(text)][1:]
    if len(starts) != rows:  # pragma: no cover - the two CSV readers disagree
        return np.arange(2, rows + 2, dtype=np.int64)
    return np.asarray(starts, dtype=np.int64)


def _csv_rows_with_lines(text: str):
    """(start line, fields) of every non-empty CSV record, header included."""
    reader = csv.reader(io.StringIO(text, newline=""))
    consumed = 0
    for row in reader:
        start = consumed + 1
        consumed = reader.line_num
        if row:
            yield start, row


def _first_ragged_csv_row(text: str, width: int) -> tuple[int | None, int]:
    for start, row in _csv_rows_with_lines(text):
        if len(row) != width:
            return start, len(row)
    return None, 0  # pragma: no cover - pyarrow found one, so csv does too


# ----- JSON Lines and JSON documents

# Every known field read as text in one parse (numbers keep their JSON text,
# e.g. 12 -> '12', 1.2e4 -> '12000.0'; nested values come back as JSON text).
_KNOWN_AS_TEXT = sql_literal(json.dumps({column: "VARCHAR" for column in KNOWN_COLUMNS}))
# A JSON merge patch setting a key to null removes it: what is left is `extra`.
_KNOWN_AS_NULLS = sql_literal(json.dumps({column: None for column in KNOWN_COLUMNS}))

# DuckDB inlines CTEs and lateral column aliases, so an expression used twice
# is computed twice; the MATERIALIZED steps make each JSON parse and regular
# expression run once per row. CASE, not AND, guards the JSON functions: AND
# evaluates both sides, and json_type() raises on invalid JSON.
_JSON_SOURCE = f"""
create temp table _source as
with lines as materialized (
    select line_no, line,
        case when json_valid(line) then json_type(line) end as top_type
    from __LINES__
), objects as materialized (
    select line_no,
        case
            when top_type is null then 'invalid JSON'
            when top_type <> 'OBJECT' then 'not a JSON object'
        end as pre_reason,
        case when top_type = 'OBJECT' then from_json(line, {_KNOWN_AS_TEXT}) end as fields,
        case when top_type = 'OBJECT'
            then nullif(json_merge_patch(line, {_KNOWN_AS_NULLS})::varchar, '{{}}') end as extra
    from lines
)
select line_no, pre_reason,
    {", ".join(f"fields.{column} as {column}" for column in KNOWN_COLUMNS)},
    extra
from objects
"""


def _register_jsonl_source(conn: duckdb.DuckDBPyConnection, name: str, text: str) -> None:
    lines = pc.list_flatten(pc.split_pattern(pa.array([text], pa.large_string()), "\n"))
    line_nos = pa.array(np.arange(1, len(lines) + 1, dtype=np.int64))
    conn.register("_jsonl_lines", pa.table({"line_no": line_nos, "line": lines}))
    conn.execute(
        "create temp table _nonblank_lines as select line_no, line::varchar as line "
        r"from _jsonl_lines where not regexp_full_match(line, '\s*')"
    )
    if conn.execute("select count(*) from _nonblank_lines").fetchone()[0] == 0:
        raise TokenFileError(name, None, "no rows (no JSON objects in the file)")
    conn.execute(_JSON_SOURCE.replace("__LINES__", "_nonblank_lines"))


def _register_json_document_source(conn: duckdb.DuckDBPyConnection, name: str, text: str) -> str:
    """Register the items of a rankings document (or JSON list); returns the error location."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TokenFileError(
            name, exc.lineno, f"invalid JSON at column {exc.colno}: {exc.msg}"
        ) from None
    if isinstance(document, dict):
        items = document.get("data")
        if not isinstance(items, list):
            raise TokenFileError(
                name,
                None,
                "not an OpenRouter rankings document: expected an object with a 'data' "
                "list (or a JSON list of rows)",
            )
        json_path, location = "$.data[*]", "data item"
    elif isinstance(document, list):
        items = document
        json_path, location = "$[*]", "item"
    else:
        raise TokenFileError(
            name,
            None,
            "not an OpenRouter rankings document: expected an object with a 'data' list "
            "(or a JSON list of rows)",
        )
    if not items:
        what = "'data' list" if location == "data item" else "list"
        raise TokenFileError(name, None, f"no rows (empty {what})")
    del document, items
    conn.register("_json_document", pa.table({"doc": pa.array([text], pa.large_string())}))
    try:
        conn.execute(
            f"""
            create temp table _json_items as
            select unnest(generate_series(1, len(items))) as line_no,
                   unnest(items)::varchar as line
            from (select json_extract(doc::varchar, '{json_path}') as items from _json_document)
            """
        )
    except duckdb.Error as exc:  # e.g. NaN literals Python accepts but JSON does not
        raise TokenFileError(name, None, f"invalid JSON: {exc}") from None
    conn.execute(_JSON_SOURCE.replace("__LINES__", "_json_items"))
    return location
