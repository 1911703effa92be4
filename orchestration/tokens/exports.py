"""Parse OpenRouter-style token-usage exports (contract section 3), no Dagster.

A token export is one of

* ``.csv``               CSV with a header row (comma separated, RFC 4180 quoting,
                         optional UTF-8 BOM, LF or CRLF line endings);
* ``.jsonl`` / ``.ndjson`` one JSON object per line (blank lines are skipped);
* ``.json``              OpenRouter's daily rankings response
                         ``{"data": [{"date", "model_permaslug", "total_tokens", ...}], "meta": {...}}``
                         or, failing that shape, a top-level JSON list of row objects.

Every row needs ``date`` (``YYYY-MM-DD``), a slug in ``model_permaslug`` or
``model`` (``model_permaslug`` wins when both are given and it is non-blank) and
either ``total_tokens`` or both ``prompt_tokens`` and ``completion_tokens``:
non-negative integers, possibly written as decimal strings (``"12345"``,
``"12345.0"``). ``tokens`` = ``prompt_tokens + completion_tokens`` when both are
given, else ``total_tokens``. Any other column/field is kept, as a JSON object,
in ``extra``.

A file is all or nothing: the first offending row (missing column or value,
unparsable date, negative / non-integer / non-numeric count, invalid UTF-8,
invalid JSON, ...) refuses the whole file with a :class:`TokenFileError` that
names the line and the reason; :func:`quarantine` then moves it aside with a
``<file>.error.txt`` beside it. Nothing is ever deleted.

Bulk work is vectorised: CSV is read by ``pyarrow.csv`` with every column as a
string, JSON Lines are split by ``pyarrow.compute`` and all JSON extraction,
typing and validation happen in one DuckDB query per file, so files of millions
of rows load in seconds. Python only loops per row on one rare path: mapping CSV
rows to physical line numbers when the file has blank lines or quoted values
spanning lines (otherwise row *i* is simply line *i + 2*).

Choices where the contract is silent (also in the project docs):

* Values are trimmed of surrounding whitespace; blank means missing. ``slug``
  is otherwise kept exactly as delivered (case and ``:variant`` included).
* CSV header names are matched to the required columns ignoring surrounding
  whitespace and case (``Date`` is ``date``); JSON keys must match exactly.
  Two header columns naming the same required column refuse the file.
* Counts: ``"12345"``, ``"+12345"``, ``"12345.0"`` and JSON ``1.2e4`` are
  integers; ``"12.5"`` is non-integer, ``"abc"``, ``"1,000"``, ``"NaN"`` are not
  numbers. Every count column that is given is validated, even when not used.
* A row with only one of ``prompt_tokens``/``completion_tokens`` uses
  ``total_tokens``; without ``total_tokens`` it is refused (missing value).
* Empty (0 byte) file, header-only CSV, JSONL without objects or rankings
  document with an empty ``data`` list: refused as "no rows" (no line).
* For the rankings document / JSON list, the error "line" is the 1-based index
  of the item in the list and the message says so (``data item 3``); invalid
  UTF-8 and invalid JSON are reported by physical line.
* Overlaps (:func:`resolve_overlaps`): the same ``(date, lower(slug))`` in
  several files counts once, from the file whose name sorts last in byte
  order; within one file, the last line wins.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import hashlib
import io
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

CSV_SUFFIXES = (".csv",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
TOKEN_FILE_SUFFIXES = CSV_SUFFIXES + JSONL_SUFFIXES + JSON_SUFFIXES

COUNT_COLUMNS = ("prompt_tokens", "completion_tokens", "total_tokens")
SLUG_COLUMNS = ("model_permaslug", "model")  # in order of preference
KNOWN_COLUMNS = ("date", *SLUG_COLUMNS, *COUNT_COLUMNS)

TOKEN_TABLE_SCHEMA = pa.schema(
    [
        pa.field("source_file", pa.string(), nullable=False),
        pa.field("line_no", pa.int64(), nullable=False),
        pa.field("date", pa.date32(), nullable=False),
        pa.field("slug", pa.string(), nullable=False),
        pa.field("prompt_tokens", pa.int64()),
        pa.field("completion_tokens", pa.int64()),
        pa.field("total_tokens", pa.int64()),
        pa.field("tokens", pa.int64(), nullable=False),
        pa.field("extra", pa.string()),
    ]
)

_MAX_VALUE_IN_REASON = 60
_CSV_BLOCK_SIZE = 16 << 20


@dataclass(frozen=True)
class TokenFileError(Exception):
    """Why a whole token file is refused.

    ``line`` is the 1-based physical line (CSV: the header is line 1), or for a
    JSON list / rankings document the 1-based index of the item, in which case
    ``location`` says so (``"data item"``); None when no line is to blame.
    """

    file: str
    line: int | None
    reason: str
    location: str = "line"

    def __post_init__(self) -> None:
        # Exception.args, so that logs and repr() of the bare exception are useful.
        object.__setattr__(self, "args", (str(self),))

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.reason}"
        return f"{self.file} {self.location} {self.line}: {self.reason}"

    def __reduce__(self):
        return (type(self), (self.file, self.line, self.reason, self.location))


def _exception_setattr(self: TokenFileError, name: str, value: object) -> None:
    # A frozen dataclass refuses every assignment, but Python itself assigns
    # dunder attributes to exceptions in flight (contextlib sets __traceback__
    # when an exception passes through a @contextmanager, as Dagster's do).
    if name.startswith("__") and name.endswith("__"):
        object.__setattr__(self, name, value)
        return
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


TokenFileError.__setattr__ = _exception_setattr  # type: ignore[method-assign]


# --------------------------------------------------------------------------- files


def token_file_kind(path: Path) -> str | None:
    """``"csv"``, ``"jsonl"`` or ``"json"`` by extension (case-insensitive), else None."""
    suffix = Path(path).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in JSON_SUFFIXES:
        return "json"
    return None


def is_token_file(path: Path) -> bool:
    return token_file_kind(path) is not None and not Path(path).name.startswith(".")


def find_token_files(directory: Path) -> list[Path]:
    """Token files directly in ``directory``, by name in byte order (hidden files skipped)."""
    if not directory.is_dir():
        return []
    return sorted(
        (p for p in directory.iterdir() if p.is_file() and is_token_file(p)),
        key=lambda p: p.name,
    )


def file_fingerprint(path: Path) -> str:
    """SHA-256 (hex) of the file's bytes: identical re-deliveries share it."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def quarantine(path: Path, quarantine_dir: Path, error: TokenFileError) -> Path:
    """Move a refused file into ``quarantine_dir`` and write ``<file>.error.txt`` beside it.

    Never deletes or overwrites: when the name is taken, ``name.1``, ``name.2``,
    ... is used. The error file's first line is ``str(error)``, then a blank line
    and details. Returns the quarantined file's new path.
    """
    path = Path(path)
    quarantine_dir = Path(quarantine_dir)
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = file_fingerprint(path)
    size = path.stat().st_size
    target = quarantine_dir / path.name
    suffix = 0
    while target.exists() or _error_file(target).exists():
        suffix += 1
        target = quarantine_dir / f"{path.name}.{suffix}"
    shutil.move(str(path), str(target))
    now = datetime.now(UTC).replace(microsecond=0)
    details = [
        str(error),
        "",
        f"quarantined_at: {now.isoformat().replace('+00:00', 'Z')}",
        f"original_path: {path.resolve() if path.is_absolute() else path.absolute()}",
        f"quarantined_as: {target.name}",
        f"file: {error.file}",
        f"{error.location}: {error.line if error.line is not None else '-'}",
        f"reason: {error.reason}",
        f"size_bytes: {size}",
        f"sha256: {fingerprint}",
        "",
        "The file was refused whole: none of its rows were loaded. Fix it and deliver it",
        "again (a corrected file may keep its name), or leave it here.",
    ]
    _error_file(target).write_text("\n".join(details) + "\n", encoding="utf-8")
    return target


def _error_file(target: Path) -> Path:
    return target.with_name(target.name + ".error.txt")


# --------------------------------------------------------------------------- slugs


def normalise_slug(slug: str) -> tuple[str, str | None, str]:
    """Contract section 3: ``(model_key, openrouter_org, name)`` of a delivered slug.

    Lower-cased and trimmed, anything from the first ``:`` dropped (the
    variant, e.g. ``:free``); the org is the part before the first ``/`` (None
    without a ``/``) and the name the rest. ``model_key`` is the lower-cased slug
    without its variant: ``"DeepSeek/DeepSeek-R1:free"`` ->
    ``("deepseek/deepseek-r1", "deepseek", "deepseek-r1")``.
    """
    key = slug.strip().lower().split(":", 1)[0]
    if "/" in key:
        org, name = key.split("/", 1)
        return key, org, name
    return key, None, key


# --------------------------------------------------------------------------- parsing


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
        return _judge(conn, name, location, text if kind == "jsonl" else None)
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
            f"{_sql_literal(key)}, x{i}" for key, i in zip(keys, extra_positions, strict=True)
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


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# Every known field read as text in one parse (numbers keep their JSON text,
# e.g. 12 -> '12', 1.2e4 -> '12000.0'; nested values come back as JSON text).
_KNOWN_AS_TEXT = _sql_literal(json.dumps({column: "VARCHAR" for column in KNOWN_COLUMNS}))
# A JSON merge patch setting a key to null removes it: what is left is `extra`.
_KNOWN_AS_NULLS = _sql_literal(json.dumps({column: None for column in KNOWN_COLUMNS}))

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


# ----- validation, shared by all formats

_COUNT_PATTERN_DIGITS = r"\+?[0-9]+(\.0*)?"  # 12, +12, 12.0: read exactly as bigint
_COUNT_PATTERN_NUMBER = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
_MAX_EXACT_DOUBLE = 2**53


def _each_count(template: str) -> str:
    return ",\n        ".join(template.format(c=column) for column in COUNT_COLUMNS)


def _count_error(column: str) -> str:
    shown = f"left({column}_v, {_MAX_VALUE_IN_REASON})"
    return f"""case
            when {column}_v is null then null
            when {column}_digits then
                case when {column}_int is null then '{column} out of range (' || {shown} || ')' end
            when not {column}_numeric then 'non-numeric {column} (''' || {shown} || ''')'
            when {column}_num < 0 then 'negative {column} (' || {shown} || ')'
            when {column}_num <> floor({column}_num)
                then 'non-integer {column} (' || {shown} || ')'
            when {column}_int is null then '{column} out of range (' || {shown} || ')'
        end"""


_COUNT_ERRORS = ",\n        ".join(f"{_count_error(c)} as {c}_err" for c in COUNT_COLUMNS)

# One row per input row with its typed values and the first reason it fails,
# in the order a person would check a row. Counts: plain digits are read
# exactly as bigint; any other decimal notation (-5, 12.5, 1.2e4) is judged
# through double. Each step only uses columns of the step before (see above
# on MATERIALIZED).
_JUDGE = f"""
create temp table _judged as
with trimmed as materialized (
    select line_no, pre_reason, extra,
        nullif(trim(date), '') as date_v,
        coalesce(nullif(trim(model_permaslug), ''), nullif(trim(model), '')) as slug,
        {_each_count("nullif(trim({c}), '') as {c}_v")}
    from _source
), shaped as materialized (
    select *,
        case when regexp_full_match(date_v, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}')
            then try_cast(date_v as date) end as date_d,
        {_each_count(f"regexp_full_match({{c}}_v, '{_COUNT_PATTERN_DIGITS}') as {{c}}_digits")}
    from trimmed
), numbers as materialized (
    select *,
        {
    _each_count(
        f"case when not {{c}}_digits then regexp_full_match({{c}}_v, '{_COUNT_PATTERN_NUMBER}')"
        " end as {c}_numeric"
    )
},
        {
    _each_count(
        "case when {c}_digits then try_cast(split_part(ltrim({c}_v, '+'), '.', 1) as bigint)"
        " end as {c}_exact"
    )
}
    from shaped
), counts as materialized (
    select *,
        {_each_count("case when {c}_numeric then try_cast({c}_v as double) end as {c}_num")}
    from numbers
), typed as (
    select *,
        {
    _each_count(
        "coalesce({c}_exact, case when {c}_num = floor({c}_num) and abs({c}_num) <= "
        f"{_MAX_EXACT_DOUBLE}"
        " then {c}_num::bigint end) as {c}_int"
    )
}
    from counts
), judged as (
    select *,
        {_COUNT_ERRORS},
        case when prompt_tokens_int is not null and completion_tokens_int is not null
            then prompt_tokens_int::hugeint + completion_tokens_int
            else total_tokens_int
        end as tokens_h
    from typed
)
select
    line_no,
    case
        when pre_reason is not null then pre_reason
        when date_v is null then 'missing date'
        when date_d is null
            then 'unparsable date (''' || left(date_v, {_MAX_VALUE_IN_REASON})
                 || '''), expected YYYY-MM-DD'
        when slug is null then 'missing model (neither model nor model_permaslug given)'
        when prompt_tokens_err is not null then prompt_tokens_err
        when completion_tokens_err is not null then completion_tokens_err
        when total_tokens_err is not null then total_tokens_err
        when total_tokens_v is null and prompt_tokens_v is null and completion_tokens_v is null
            then 'missing token count (total_tokens, or prompt_tokens and completion_tokens)'
        when total_tokens_v is null and completion_tokens_v is null
            then 'missing completion_tokens (and no total_tokens)'
        when total_tokens_v is null and prompt_tokens_v is null
            then 'missing prompt_tokens (and no total_tokens)'
        when tokens_h > 9223372036854775807
            then 'prompt_tokens + completion_tokens out of range'
    end as reason,
    date_d as date,
    slug,
    prompt_tokens_int as prompt_tokens,
    completion_tokens_int as completion_tokens,
    total_tokens_int as total_tokens,
    case when tokens_h <= 9223372036854775807 then tokens_h::bigint end as tokens,
    extra
from judged
"""


def _judge(
    conn: duckdb.DuckDBPyConnection, name: str, location: str, jsonl_text: str | None
) -> pa.Table:
    conn.execute(_JUDGE)
    first = conn.execute(
        "select line_no, reason from _judged where reason is not null order by line_no limit 1"
    ).fetchone()
    if first is not None:
        line_no, reason = first
        if reason == "invalid JSON" and jsonl_text is not None:
            reason = _json_error_detail(jsonl_text, line_no)
        raise TokenFileError(name, int(line_no), reason, location)
    table = conn.sql(
        f"""
        select {_sql_literal(name)} as source_file, line_no, date, slug,
               prompt_tokens, completion_tokens, total_tokens, tokens, extra
        from _judged order by line_no
        """
    ).to_arrow_table()
    return table.cast(TOKEN_TABLE_SCHEMA)


def _json_error_detail(text: str, line_no: int) -> str:
    """Python's message for one bad JSON line (only computed for the reported line)."""
    line = text.split("\n", line_no)[line_no - 1]
    try:
        json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON at column {exc.colno}: {exc.msg}"
    return "invalid JSON"


# --------------------------------------------------------------------------- overlaps


def resolve_overlaps(table: pa.Table) -> pa.Table:
    """Apply the contract's overlap rule to rows of one or many files.

    The same ``(date, lower(slug))`` -- the slug as delivered, lower-cased, so
    ``x/y`` and ``x/y:free`` stay distinct here (they are added together only
    after slug -> model mapping) -- counts once: the row from the file whose
    name sorts last in byte order wins, and within that file the last line.
    The same file delivered twice therefore yields exactly what it yields
    once. Rows are returned ordered by file name (byte order), then line.
    """
    if table.num_rows == 0:
        return table
    names = table.column("source_file").unique().to_pylist()
    # Python compares str by code point, and UTF-8 preserves code-point order,
    # so sorted() here is exactly the byte order of the UTF-8 names the contract
    # asks for ("B.csv" < "a.csv", "x.csv" < "x_fix.csv" as '.' 0x2E < '_' 0x5F).
    ranks = pa.table(
        {
            "source_file": pa.array(sorted(names), pa.string()),
            "file_rank": pa.array(np.arange(len(names), dtype=np.int64)),
        }
    )
    conn = duckdb.connect()
    try:
        conn.execute("SET TimeZone = 'UTC'")
        conn.execute("SET enable_progress_bar = false")
        conn.register("_rows", table)
        conn.register("_ranks", ranks)
        columns = ", ".join(f'r."{c}"' for c in table.column_names)
        resolved = conn.sql(
            f"""
            select {columns}
            from _rows r join _ranks using (source_file)
            qualify row_number() over (
                partition by r.date, lower(r.slug)
                order by file_rank desc, r.line_no desc
            ) = 1
            order by file_rank, r.line_no
            """
        ).to_arrow_table()
    finally:
        conn.close()
    return resolved.cast(table.schema)
