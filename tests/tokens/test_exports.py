"""Token exports (docs/metrics.md#token-export-rules): parsing, refusal, quarantine, overlaps."""

import contextlib
import json
import pickle
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from orchestration.tokens.exports import (
    TOKEN_TABLE_SCHEMA,
    TokenFileError,
    file_fingerprint,
    find_token_files,
)
from orchestration.tokens.parsing import parse_token_file, read_many
from orchestration.tokens.quarantine import quarantine


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def rankings(rows: list[dict]) -> str:
    return json.dumps({"data": rows, "meta": {"version": "v1", "granularity": "day"}}, indent=2)


def rows_of(table: pa.Table) -> list[dict]:
    return table.to_pylist()


GOOD_ROW = "2025-03-01,qwen/qwen3-235b-a22b,100\n"


# ----------------------------------------------------------------------------- refused files

BAD_FILES = [
    pytest.param(
        "no_total.csv",
        "date,model,prompt_tokens\n2025-03-01,a/b,5\n",
        1,
        "missing required column 'total_tokens'",
        id="missing-count-column",
    ),
    pytest.param(
        "no_date.csv",
        "day,model,total_tokens\n2025-03-01,a/b,5\n",
        1,
        "missing required column 'date'",
        id="missing-date-column",
    ),
    pytest.param(
        "no_model.csv",
        "date,name,total_tokens\n2025-03-01,a/b,5\n",
        1,
        "missing required column 'model' (or 'model_permaslug')",
        id="missing-model-column",
    ),
    pytest.param(
        "no_model.jsonl",
        '{"date": "2025-03-01", "model": "a/b", "total_tokens": 1}\n'
        '{"date": "2025-03-01", "total_tokens": 1}\n',
        2,
        "missing model",
        id="jsonl-row-without-model",
    ),
    pytest.param(
        "no_date.jsonl",
        '{"model": "a/b", "total_tokens": 1}\n',
        1,
        "missing date",
        id="jsonl-row-without-date",
    ),
    pytest.param(
        "only_prompt.jsonl",
        '{"date": "2025-03-01", "model": "a/b", "prompt_tokens": 1}\n',
        1,
        "missing completion_tokens (and no total_tokens)",
        id="jsonl-row-with-prompt-only",
    ),
    pytest.param(
        "blank_counts.csv",
        "date,model,prompt_tokens,completion_tokens,total_tokens\n"
        "2025-03-01,a/b,1,2,\n2025-03-01,c/d,,,\n",
        3,
        "missing token count",
        id="row-with-no-count",
    ),
    pytest.param(
        "month13.csv",
        "date,model,total_tokens\n" + GOOD_ROW + "2025-13-01,a/b,5\n",
        3,
        "unparsable date ('2025-13-01'), expected YYYY-MM-DD",
        id="date-month-13",
    ),
    pytest.param(
        "us_date.csv",
        "date,model,total_tokens\n03/01/2025,a/b,5\n",
        2,
        "unparsable date ('03/01/2025'), expected YYYY-MM-DD",
        id="date-us-format",
    ),
    pytest.param(
        "timestamp.jsonl",
        '{"date": "2025-03-01T00:00:00Z", "model": "a/b", "total_tokens": 5}\n',
        1,
        "unparsable date",
        id="date-timestamp",
    ),
    pytest.param(
        "negative.csv",
        "date,model,prompt_tokens,completion_tokens\n2025-03-01,a/b,-5,3\n",
        2,
        "negative prompt_tokens (-5)",
        id="negative-count",
    ),
    pytest.param(
        "fraction.csv",
        'date,model,total_tokens\n2025-03-01,a/b,"12.5"\n',
        2,
        "non-integer total_tokens (12.5)",
        id="non-integer-count",
    ),
    pytest.param(
        "fraction.jsonl",
        '{"date": "2025-03-01", "model": "a/b", "total_tokens": 12.5}\n',
        1,
        "non-integer total_tokens (12.5)",
        id="non-integer-json-number",
    ),
    pytest.param(
        "abc.csv",
        "date,model,total_tokens\n2025-03-01,a/b,abc\n",
        2,
        "non-numeric total_tokens ('abc')",
        id="non-numeric-count",
    ),
    pytest.param(
        "thousands.csv",
        'date,model,total_tokens\n2025-03-01,a/b,"1,000"\n',
        2,
        "non-numeric total_tokens ('1,000')",
        id="thousands-separator",
    ),
    pytest.param(
        "bool.jsonl",
        '{"date": "2025-03-01", "model": "a/b", "total_tokens": true}\n',
        1,
        "non-numeric total_tokens ('true')",
        id="json-boolean-count",
    ),
    pytest.param(
        "unused_bad.csv",
        "date,model,prompt_tokens,completion_tokens,total_tokens\n2025-03-01,a/b,1,2,-3\n",
        2,
        "negative total_tokens (-3)",
        id="unused-count-still-validated",
    ),
    pytest.param(
        "huge.csv",
        "date,model,total_tokens\n2025-03-01,a/b,99999999999999999999\n",
        2,
        "total_tokens out of range",
        id="count-out-of-range",
    ),
    pytest.param(
        "ragged.csv",
        "date,model,total_tokens\n" + GOOD_ROW + "2025-03-02,a/b\n",
        3,
        "expected 3 fields as in the header, found 2",
        id="ragged-csv-row",
    ),
    pytest.param(
        "latin1.csv",
        b"date,model,total_tokens\n" + GOOD_ROW.encode() + b"2025-03-02,caf\xe9/x,5\n",
        3,
        "invalid UTF-8 (byte 0xe9 at column 15)",
        id="invalid-utf8-csv",
    ),
    pytest.param(
        "bom16.jsonl",
        b'{"date": "2025-03-01", "model": "a/b", "total_tokens": 1}\n'
        b'{"date": "2025-03-01", "model": "\xff\xfe", "total_tokens": 1}\n',
        2,
        "invalid UTF-8",
        id="invalid-utf8-jsonl",
    ),
    pytest.param(
        "truncated_line.jsonl",
        '{"date": "2025-03-01", "model": "a/b", "total_tokens": 1}\n\n'
        '{"date": "2025-03-02", "model": "a/b", "tot',
        3,
        "invalid JSON at column",
        id="jsonl-truncated-line",
    ),
    pytest.param(
        "array_line.jsonl",
        "[1, 2]\n",
        1,
        "not a JSON object",
        id="jsonl-not-an-object",
    ),
    pytest.param(
        "multiline_value.csv",
        'date,model,total_tokens,note\n2025-03-01,a/b,1,"two\nlines"\n\n2025-03-02,a/b,-1,x\n',
        5,
        "negative total_tokens (-1)",
        id="physical-line-after-quoted-newline-and-blank-line",
    ),
]


@pytest.mark.parametrize(("name", "content", "line", "reason"), BAD_FILES)
def test_bad_file_is_refused_and_quarantined(tmp_path, name, content, line, reason):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = write(inbox, name, content)
    original = path.read_bytes()

    with pytest.raises(TokenFileError) as caught:
        parse_token_file(path)
    error = caught.value
    assert error.file == name
    assert error.line == line
    assert reason in error.reason
    assert str(error) == f"{name} line {line}: {error.reason}"

    moved = quarantine(path, tmp_path / "quarantine", error)
    assert not path.exists()
    assert moved == tmp_path / "quarantine" / name
    assert moved.read_bytes() == original  # moved, never rewritten
    report = (tmp_path / "quarantine" / f"{name}.error.txt").read_text().splitlines()
    assert report[0] == str(error)
    assert report[1] == ""
    assert any(entry.startswith("quarantined_at: ") and entry.endswith("Z") for entry in report)
    assert f"original_path: {path}" in report


def test_a_negative_count_refuses_the_file_naming_its_line(tmp_path):
    lines = ["date,model,prompt_tokens,completion_tokens"]
    lines += [f"2025-03-{day:02d},qwen/qwen3-8b,10,20" for day in range(1, 16)]
    lines += ["2025-03-16,qwen/qwen3-8b,-5,20", "2025-03-17,qwen/qwen3-8b,1,2"]
    path = write(tmp_path, "openrouter_usage_2025-03.csv", "\n".join(lines) + "\n")
    with pytest.raises(TokenFileError) as caught:
        parse_token_file(path)
    assert str(caught.value) == "openrouter_usage_2025-03.csv line 17: negative prompt_tokens (-5)"


@pytest.mark.parametrize("name", ["empty.csv", "empty.jsonl", "empty.json"])
def test_empty_file_is_refused(tmp_path, name):
    path = write(tmp_path, name, b"")
    with pytest.raises(TokenFileError) as caught:
        parse_token_file(path)
    assert caught.value.line is None
    assert str(caught.value) == f"{name}: empty file (0 bytes)"
    moved = quarantine(path, tmp_path / "q", caught.value)
    assert moved.exists() and moved.stat().st_size == 0
    assert (tmp_path / "q" / f"{name}.error.txt").read_text().startswith(f"{name}: empty file")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("header_only.csv", "date,model,total_tokens\r\n", "no rows (the CSV holds only a header)"),
        ("blank.jsonl", "\n  \n\n", "no rows (no JSON objects in the file)"),
        ("no_data.json", rankings([]), "no rows (empty 'data' list)"),
        ("empty_list.json", "[]", "no rows (empty list)"),
        ("shape.json", '{"rows": []}', "not an OpenRouter rankings document"),
        ("scalar.json", "42", "not an OpenRouter rankings document"),
        ("usage.txt", "date,model,total_tokens\n" + GOOD_ROW, "unsupported file type '.txt'"),
    ],
)
def test_files_without_rows_are_refused(tmp_path, name, content, reason):
    path = write(tmp_path, name, content)
    with pytest.raises(TokenFileError) as caught:
        parse_token_file(path)
    assert caught.value.line is None
    assert reason in caught.value.reason


def test_truncated_rankings_document_names_the_physical_line(tmp_path):
    document = rankings(
        [
            {"date": "2025-03-01", "model_permaslug": "a/b", "total_tokens": 1},
            {"date": "2025-03-01", "model_permaslug": "c/d", "total_tokens": 2},
        ]
    )
    cut = document[: document.index('"c/d"') + 3]
    path = write(tmp_path, "rankings_2025-03-01.json", cut)
    with pytest.raises(TokenFileError) as caught:
        parse_token_file(path)
    assert caught.value.line == cut.count("\n") + 1
    assert caught.value.reason.startswith("invalid JSON at column")
    quarantine(path, tmp_path / "q", caught.value)
    assert (tmp_path / "q" / "rankings_2025-03-01.json").exists()


def test_rankings_row_error_names_the_data_item(tmp_path):
    path = write(
        tmp_path,
        "rankings.json",
        rankings(
            [
                {"date": "2025-03-01", "model_permaslug": "a/b", "total_tokens": 1},
                {"date": "2025-03-01", "model_permaslug": "c/d", "total_tokens": -7},
            ]
        ),
    )
    with pytest.raises(TokenFileError) as caught:
        parse_token_file(path)
    assert caught.value.line == 2
    assert caught.value.location == "data item"
    assert str(caught.value) == "rankings.json data item 2: negative total_tokens (-7)"


def test_quarantine_never_overwrites(tmp_path):
    quarantine_dir = tmp_path / "q"
    error = TokenFileError("usage.csv", 2, "negative total_tokens (-1)")
    first = quarantine(write(tmp_path, "usage.csv", "first"), quarantine_dir, error)
    second = quarantine(write(tmp_path, "usage.csv", "second"), quarantine_dir, error)
    assert first.name == "usage.csv" and first.read_text() == "first"
    assert second.name == "usage.csv.1" and second.read_text() == "second"
    assert (quarantine_dir / "usage.csv.error.txt").exists()
    assert (
        (quarantine_dir / "usage.csv.1.error.txt")
        .read_text()
        .startswith("usage.csv line 2: negative total_tokens (-1)\n\n")
    )


def test_error_survives_context_managers_and_pickling():
    @contextlib.contextmanager
    def wrapper():
        yield

    error = TokenFileError("a.csv", 3, "missing date")
    with pytest.raises(TokenFileError), wrapper():
        raise error
    assert pickle.loads(pickle.dumps(error)) == error
    with pytest.raises(AttributeError):
        error.line = 4  # frozen


# ----------------------------------------------------------------------------- good files


def test_csv_with_total_tokens(tmp_path):
    path = write(
        tmp_path,
        "usage.csv",
        "date,model,total_tokens\n2025-03-01,qwen/qwen3-235b-a22b,1234\n"
        "2025-03-02,deepseek/deepseek-r1:free,0\n",
    )
    table = parse_token_file(path)
    assert table.schema == TOKEN_TABLE_SCHEMA
    assert rows_of(table) == [
        {
            "source_file": "usage.csv",
            "line_no": 2,
            "date": date(2025, 3, 1),
            "slug": "qwen/qwen3-235b-a22b",
            "prompt_tokens": None,
            "completion_tokens": None,
            "total_tokens": 1234,
            "tokens": 1234,
            "extra": None,
        },
        {
            "source_file": "usage.csv",
            "line_no": 3,
            "date": date(2025, 3, 2),
            "slug": "deepseek/deepseek-r1:free",
            "prompt_tokens": None,
            "completion_tokens": None,
            "total_tokens": 0,
            "tokens": 0,
            "extra": None,
        },
    ]


def test_csv_with_quoted_decimal_strings(tmp_path):
    path = write(
        tmp_path,
        "usage.csv",
        'date,model,prompt_tokens,completion_tokens\n"2025-03-01","a/b","12345","678"\n'
        '2025-03-02, a/b ," 12345.0 ",+1\n',
    )
    rows = rows_of(parse_token_file(path))
    assert [(r["prompt_tokens"], r["completion_tokens"], r["tokens"]) for r in rows] == [
        (12345, 678, 13023),
        (12345, 1, 12346),
    ]
    assert [r["slug"] for r in rows] == ["a/b", "a/b"]
    assert all(r["total_tokens"] is None for r in rows)


def test_both_forms_present_uses_prompt_plus_completion(tmp_path):
    path = write(
        tmp_path,
        "usage.csv",
        "date,model,prompt_tokens,completion_tokens,total_tokens\n"
        "2025-03-01,a/b,10,20,999\n"  # both forms: prompt + completion
        "2025-03-01,c/d,,,50\n"  # total only
        "2025-03-01,e/f,7,,40\n",  # half a pair: the total
    )
    rows = rows_of(parse_token_file(path))
    assert [(r["slug"], r["total_tokens"], r["tokens"]) for r in rows] == [
        ("a/b", 999, 30),
        ("c/d", 50, 50),
        ("e/f", 40, 40),
    ]
    assert rows[2]["prompt_tokens"] == 7 and rows[2]["completion_tokens"] is None


def test_jsonl_with_model_permaslug(tmp_path):
    path = write(
        tmp_path,
        "usage.jsonl",
        '{"date": "2025-03-01", "model_permaslug": "meta-llama/llama-3.3-70b-instruct", '
        '"total_tokens": "5000"}\r\n'
        "\r\n"
        '{"date": "2025-03-01", "model": "x/old", "model_permaslug": "x/new", '
        '"prompt_tokens": 1, "completion_tokens": 2.0}\n'
        '{"date": "2025-03-01", "model": "x/fallback", "model_permaslug": "", '
        '"total_tokens": 1.2e4, "app": {"name": "demo"}}\n',
    )
    rows = rows_of(parse_token_file(path))
    assert [(r["line_no"], r["slug"], r["tokens"]) for r in rows] == [
        (1, "meta-llama/llama-3.3-70b-instruct", 5000),
        (3, "x/new", 3),
        (4, "x/fallback", 12000),
    ]
    assert json.loads(rows[2]["extra"]) == {"app": {"name": "demo"}}


def test_rankings_document(tmp_path):
    path = write(
        tmp_path,
        "openrouter_rankings_2025-03-01.json",
        rankings(
            [
                {
                    "date": "2025-03-01",
                    "model_permaslug": "deepseek/deepseek-r1:free",
                    "variant": "free",
                    "total_tokens": 123456789,
                    "count": 42,
                },
                {
                    "date": "2025-03-01",
                    "model_permaslug": "other",
                    "variant": "standard",
                    "total_tokens": "1000",
                    "count": 1,
                },
            ]
        ),
    )
    rows = rows_of(parse_token_file(path))
    assert [(r["line_no"], r["slug"], r["tokens"]) for r in rows] == [
        (1, "deepseek/deepseek-r1:free", 123456789),
        (2, "other", 1000),
    ]
    assert json.loads(rows[0]["extra"]) == {"variant": "free", "count": 42}


def test_json_list_of_rows(tmp_path):
    path = write(
        tmp_path,
        "usage.json",
        json.dumps([{"date": "2025-03-01", "model": "a/b", "total_tokens": 1}]),
    )
    assert rows_of(parse_token_file(path))[0]["tokens"] == 1


def test_bom_and_crlf_csv(tmp_path):
    path = write(
        tmp_path,
        "excel.csv",
        b"\xef\xbb\xbfDate ,Model,Total_Tokens\r\n2025-03-01,A/B:Free,10\r\n2025-03-02,c/d,20\r\n",
    )
    rows = rows_of(parse_token_file(path))
    assert [(r["line_no"], r["date"], r["slug"], r["tokens"]) for r in rows] == [
        (2, date(2025, 3, 1), "A/B:Free", 10),  # slug kept as delivered
        (3, date(2025, 3, 2), "c/d", 20),
    ]


def test_extra_columns_are_kept(tmp_path):
    path = write(
        tmp_path,
        "usage.csv",
        'date,provider,model,total_tokens,note\n2025-03-01,Chutes,a/b,10,"x, ""y"""\n',
    )
    [row] = rows_of(parse_token_file(path))
    assert json.loads(row["extra"]) == {"provider": "Chutes", "note": 'x, "y"'}


def test_line_numbers_of_a_large_file(tmp_path):
    rows = 100_000
    body = "".join(f"2025-03-{i % 28 + 1:02d},org/m{i},{i}\n" for i in range(rows))
    path = write(tmp_path, "big.csv", "date,model,total_tokens\n" + body)
    table = parse_token_file(path)
    assert table.num_rows == rows
    assert table.column("line_no")[-1].as_py() == rows + 1
    write(tmp_path, "big_bad.csv", "date,model,total_tokens\n" + body + "2025-03-01,x,-1\n")
    with pytest.raises(TokenFileError) as caught:
        parse_token_file(tmp_path / "big_bad.csv")
    assert caught.value.line == rows + 2


# ----------------------------------------------------------------------------- several files


def test_a_redelivered_file_has_the_same_fingerprint(tmp_path):
    content = "date,model,total_tokens\n2025-03-01,a/b,1\n2025-03-02,c/d,2\n"
    (tmp_path / "earlier").mkdir()
    first = write(tmp_path / "earlier", "usage.csv", content)
    second = write(tmp_path, "usage.csv", content)
    assert file_fingerprint(first) == file_fingerprint(second)
    assert parse_token_file(first).equals(parse_token_file(second))
    assert file_fingerprint(write(tmp_path, "other.csv", content + "\n")) != file_fingerprint(first)


def test_read_many_isolates_a_bad_file(tmp_path):
    good_csv = write(tmp_path, "a.csv", "date,model,total_tokens\n" + GOOD_ROW)
    bad = write(tmp_path, "b.csv", "date,model,total_tokens\n2025-03-01,a/b,-1\n")
    good_jsonl = write(
        tmp_path, "c.jsonl", '{"date": "2025-03-01", "model": "a/b", "total_tokens": 3}\n'
    )
    tables, errors = read_many([good_csv, bad, good_jsonl])
    assert [t.column("source_file")[0].as_py() for t in tables] == ["a.csv", "c.jsonl"]
    assert [(path, error.line) for path, error in errors] == [(bad, 2)]
    assert find_token_files(tmp_path) == [good_csv, bad, good_jsonl]
