"""What an OpenRouter-style token-usage export is, and how its rows are read; no Dagster.

The rules, in the project's words: docs/metrics.md#token-export-rules.
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
names the line and the reason; :func:`orchestration.tokens.quarantine.quarantine`
then moves it aside with a ``<file>.error.txt`` beside it. Nothing is ever deleted.

Reading a file is :mod:`orchestration.tokens.parsing`; judging its rows, one
DuckDB query per file, is :mod:`orchestration.tokens.judging`.

Finer choices:

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
* Overlaps are resolved in dbt (``int_tokens__daily_usage``,
  docs/metrics.md#overlapping-rows): the same ``(date, lower(slug))`` in
  several files counts once, from the file whose name sorts last in byte
  order; within one file, the last line wins.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

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
