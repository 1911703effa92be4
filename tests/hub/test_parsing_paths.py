"""The two ways a JSON Lines snapshot is read give the same judged rows.

A file is read whole by `read_json` when that is exact and line by line
otherwise (orchestration/hub/parsing.py; the rules: docs/metrics.md#rejected-lines).
Each case below is judged both ways and the rows must be identical; the case
also states which way it must take, so a fast path that silently stopped being
taken, or one taken where it is not exact, fails here.
"""

import gzip
import json

import duckdb
import pytest

from orchestration.hub import parsing
from tests.conftest import hub_line

GOOD = [
    json.dumps(hub_line("Qwen/Qwen2.5-7B", "2024-09-16", 100, tags=["base_model:x/y"])),
    json.dumps(hub_line("a/\u00e9t\u00e9-\U0001f600", "2024-01-01", 7, params=8_000_000_000)),
    json.dumps(hub_line("a/m", "2024-01-01", 5)),
]

CASES = {
    # name: (file bytes, read whole?)
    "clean": ("\n".join(GOOD).encode() + b"\n", True),
    "crlf line ends": ("\r\n".join(GOOD).encode() + b"\r\n", True),
    "no final newline": ("\n".join(GOOD).encode(), True),
    "escaped text and exponent counts": (
        b'{"id": "a/\\u00e9\\ud83d\\ude00", "createdAt": "2024-01-01T00:00:00Z",'
        b' "downloadsAllTime": 1.2e4, "likes": -0, "gguf": {"total": 3e9}}\n',
        True,
    ),
    "duplicate ids": (("\n".join([*GOOD, GOOD[0]])).encode() + b"\n", True),
    "blank line": (("\n".join([GOOD[0], "", "  ", *GOOD[1:]])).encode() + b"\n", False),
    "vertical tab around an object": (b"\x0b" + GOOD[0].encode() + b"\n", False),
    "form feed after an object": (GOOD[0].encode() + b"\x0c\n", False),
    "a rejected line": (
        ("\n".join([*GOOD, json.dumps(hub_line("a/neg", "2024-01-01", -1))]) + "\n").encode(),
        False,
    ),
    "malformed JSON": (("\n".join([GOOD[0], "{not json", GOOD[1]]) + "\n").encode(), False),
    "invalid UTF-8": (GOOD[0].encode() + b"\n" + GOOD[1].encode()[:-2] + b'\xff"}\n', False),
    "not an object": (("\n".join([GOOD[0], "[1, 2]", '"x"']) + "\n").encode(), False),
    "a repeated key": (
        b'{"id": "a/b", "id": "c/d", "createdAt": "2024-01-01T00:00:00Z", "downloadsAllTime": 1}\n',
        False,
    ),
    "byte order mark": (b"\xef\xbb\xbf" + GOOD[0].encode() + b"\n", False),
    "empty": (b"", True),
}


def _judged(path, whole_file_allowed: bool, monkeypatch) -> tuple[list[tuple], bool]:
    taken = []
    real = parsing._parse_whole_file

    def observed(conn, file, table):
        taken.append(whole_file_allowed and real(conn, file, table))
        return taken[-1]

    with monkeypatch.context() as patch:
        patch.setattr(parsing, "_parse_whole_file", observed)
        with duckdb.connect() as conn:
            conn.execute("set TimeZone = 'UTC'")
            parsing.parse_into(conn, path, "_judged")
            rows = conn.execute("select * from _judged order by line_no").fetchall()
    return rows, taken == [True]


@pytest.mark.parametrize("gz", [False, True], ids=["jsonl", "gz"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_both_readings_judge_every_line_alike(case, gz, tmp_path, monkeypatch):
    content, read_whole = CASES[case]
    path = tmp_path / ("hub_models_2025-01-01.jsonl" + (".gz" if gz else ""))
    path.write_bytes(gzip.compress(content, mtime=0) if gz else content)
    whole, took_whole = _judged(path, True, monkeypatch)
    by_line, _ = _judged(path, False, monkeypatch)
    assert took_whole is read_whole
    assert whole == by_line


def test_a_large_file_read_whole_keeps_every_line_number(tmp_path, monkeypatch):
    # Many read buffers scanned in parallel: row ids must still follow the lines.
    lines = [json.dumps(hub_line(f"org{i % 97}/m{i}", "2024-01-01", i)) for i in range(60_000)]
    path = tmp_path / "hub_models_2025-01-01.jsonl"
    path.write_text("\n".join(lines) + "\n")
    whole, took_whole = _judged(path, True, monkeypatch)
    assert took_whole
    assert [(row[0], row[1], row[7]) for row in whole] == [
        (i + 1, f"org{i % 97}/m{i}", i) for i in range(60_000)
    ]


def test_no_whole_file_reading_when_row_order_is_not_kept(tmp_path):
    path = tmp_path / "hub_models_2025-01-01.jsonl"
    path.write_text("\n".join(GOOD) + "\n")
    with duckdb.connect() as conn:
        conn.execute("set preserve_insertion_order = false")
        parsing.parse_into(conn, path, "_judged")
        conn.execute("delete from _judged")
        assert parsing._parse_whole_file(conn, path, "_judged") is False
        assert conn.execute("select count(*) from _judged").fetchall() == [(0,)]
