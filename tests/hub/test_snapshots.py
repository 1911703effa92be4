"""Recorded snapshots into the raw tables (docs/metrics.md#hub-snapshot-input-rules), no Dagster."""

import json
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from orchestration.hub.snapshots import (
    accept_snapshot,
    assess_snapshots,
    find_snapshot_files,
    judge_snapshots,
    load_snapshot,
    snapshot_date_of,
)
from tests.conftest import hub_line, write_snapshot

D1 = date(2025, 1, 1)


@pytest.fixture
def conn():
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    yield connection
    connection.close()


def test_snapshot_file_names(tmp_path):
    assert snapshot_date_of(tmp_path / "hub_models_2025-01-02.jsonl.gz") == date(2025, 1, 2)
    assert snapshot_date_of(tmp_path / "hub_models_2025-01-02.parquet") == date(2025, 1, 2)
    assert snapshot_date_of(tmp_path / "hub_models_2025-13-02.jsonl") is None
    assert snapshot_date_of(tmp_path / "models_2025-01-02.jsonl") is None
    write_snapshot(tmp_path, "2025-01-02", [])
    (tmp_path / "hub_models_2025-01-02.parquet").write_bytes(b"")
    with pytest.raises(ValueError, match="two snapshot files"):
        find_snapshot_files(tmp_path)


def test_bad_lines_are_rejected_with_line_numbers(conn, tmp_path):
    path = write_snapshot(
        tmp_path,
        D1,
        [
            hub_line("Qwen/Qwen2.5-7B", "2024-09-16", 100, params=7_615_616_512),
            "{not json",
            "",
            json.dumps({"id": "a/missing", "createdAt": "2024-01-01T00:00:00Z"}),
            json.dumps(
                {"id": "a/str", "createdAt": "2024-01-01T00:00:00Z", "downloadsAllTime": "12"}
            ),
            json.dumps(
                {"id": "a/neg", "createdAt": "2024-01-01T00:00:00Z", "downloadsAllTime": -3}
            ),
            json.dumps(
                {"id": "a/frac", "createdAt": "2024-01-01T00:00:00Z", "downloadsAllTime": 1.5}
            ),
            json.dumps({"id": 7, "createdAt": "2024-01-01T00:00:00Z", "downloadsAllTime": 1}),
            json.dumps({"id": "a/date", "createdAt": "yesterday", "downloadsAllTime": 1}),
            json.dumps(["a", "list"]),
            hub_line("a/dup", "2024-01-01", 5),
            hub_line("a/dup", "2024-01-01", 9),
            hub_line("gpt2", "2019-02-01", 50),
        ],
    )
    with path.open("ab") as handle:
        handle.write(
            b'{"id": "a/bytes\xff", "createdAt": "2024-01-01T00:00:00Z", "downloadsAllTime": 1}\n'
        )
    load = load_snapshot(conn, path, D1)
    rejects = dict(
        conn.execute("select line_no, reason from raw.hub_rejects order by line_no").fetchall()
    )
    assert rejects == {
        2: "invalid JSON",
        4: "missing required field downloadsAllTime",
        5: "downloadsAllTime is not an integer",
        6: "negative downloadsAllTime",
        7: "downloadsAllTime is not an integer",
        8: "id is not a non-empty string",
        9: "createdAt is not a timestamp",
        10: "not a JSON object",
        11: "duplicate id (kept line 12)",
        14: "invalid UTF-8: byte 15",
    }
    # The blank line 3 is neither a model nor a reject.
    assert (load.lines, load.rejected_lines, load.models) == (13, 10, 3)
    models = conn.execute(
        "select model_id, author, downloads_all_time, params, created_at from raw.hub_models order by model_id"
    ).fetchall()
    assert [(m[0], m[1], m[2], m[3]) for m in models] == [
        ("Qwen/Qwen2.5-7B", "Qwen", 100, 7_615_616_512),
        ("a/dup", "a", 9, None),
        ("gpt2", None, 50, None),
    ]
    assert str(models[0][4]) == "2024-09-16 12:00:00"


def test_every_reject_keeps_its_raw_text(conn, tmp_path):
    duplicate = json.dumps(hub_line("a/dup", "2024-01-01", 5))
    long_line = ('{"id": "a/long", "note": "' + "x" * 5000)[:5000]  # invalid JSON
    split_char = "{" + "y" * 998 + "é" + "z" * 10  # the 1,000-byte cut falls inside "é"
    path = write_snapshot(tmp_path, D1, [duplicate, hub_line("a/dup", "2024-01-01", 9), long_line])
    with path.open("ab") as handle:
        handle.write(split_char.encode("utf-8") + b"\n")
        handle.write(b'{"id": "caf\xc3\xa9\xff", "createdAt": "2024-01-01T00:00:00Z"}\r\n')
        handle.write(b"\xfe" + b"a" * 2000 + b"\n")
    load_snapshot(conn, path, D1)
    rejects = conn.execute(
        "select line_no, reason, line from raw.hub_rejects order by line_no"
    ).fetchall()
    assert len(rejects[1][2].encode()) == 1000
    assert rejects == [
        (1, "duplicate id (kept line 2)", duplicate),
        (3, "invalid JSON", long_line[:1000]),
        (4, "invalid JSON", split_char[:999]),
        # Valid UTF-8 as is, each invalid byte escaped; the byte offset in the reason.
        (
            5,
            "invalid UTF-8: byte 13",
            '{"id": "caf\u00e9\\xff", "createdAt": "2024-01-01T00:00:00Z"}',
        ),
        # The first 1,000 bytes, escaped.
        (6, "invalid UTF-8: byte 0", "\\xfe" + "a" * 999),
    ]


def test_duplicate_lines_are_read_again_from_any_format(conn, tmp_path, monkeypatch):
    # Small blocks: the duplicates lie in different blocks of the gzip stream.
    monkeypatch.setattr("orchestration.hub.parsing.BLOCK_BYTES", 300)
    lines = [hub_line(f"a/m{i}", "2024-01-01", i) for i in range(20)]
    lines[5] = hub_line("a/m9", "2024-01-01", 100)  # beats line 10
    lines[15] = hub_line("a/m1", "2024-01-01", 0)  # loses to line 2
    path = write_snapshot(tmp_path, D1, lines, gz=True)
    load_snapshot(conn, path, D1)
    assert conn.execute(
        "select line_no, reason, line from raw.hub_rejects order by line_no"
    ).fetchall() == [
        (10, "duplicate id (kept line 6)", json.dumps(lines[9])),
        (16, "duplicate id (kept line 2)", json.dumps(lines[15])),
    ]

    table = pa.table(
        {
            "id": ["org/a", "org/a"],
            "createdAt": ["2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"],
            "downloadsAllTime": [10, 20],
            "cardData": ["ignored", "ignored"],
        }
    )
    parquet = tmp_path / "hub_models_2025-01-02.parquet"
    pq.write_table(table, parquet)
    load_snapshot(conn, parquet, date(2025, 1, 2))
    [(line_no, reason, line)] = conn.execute(
        "select line_no, reason, line from raw.hub_rejects where snapshot_date = '2025-01-02'"
    ).fetchall()
    assert (line_no, reason) == (1, "duplicate id (kept line 2)")
    # A Parquet row's text is its HUB_FIELDS as a JSON object.
    assert json.loads(line) == {
        "id": "org/a",
        "createdAt": "2024-01-01T00:00:00Z",
        "downloadsAllTime": 10,
    }


def test_reimport_replaces_the_partition(conn, tmp_path):
    path = write_snapshot(tmp_path, D1, [hub_line("a/x", "2024-01-01", 1), "{bad"])
    load_snapshot(conn, path, D1)
    write_snapshot(
        tmp_path, D1, [hub_line("a/x", "2024-01-01", 2), hub_line("a/y", "2024-01-01", 3)]
    )
    load_snapshot(conn, path, D1)
    assert conn.execute(
        "select count(*), sum(downloads_all_time) from raw.hub_models"
    ).fetchone() == (2, 5)
    assert conn.execute("select count(*) from raw.hub_rejects").fetchone() == (0,)
    assert conn.execute("select count(*) from raw.hub_snapshots").fetchone() == (1,)


def test_gzip_and_author_given_explicitly(conn, tmp_path):
    path = write_snapshot(
        tmp_path,
        D1,
        [hub_line("bert-base-uncased", "2019-01-01", 7, author="google-bert")],
        gz=True,
    )
    load_snapshot(conn, path, D1)
    assert conn.execute("select model_id, author from raw.hub_models").fetchall() == [
        ("bert-base-uncased", "google-bert")
    ]


def test_optional_fields_of_any_json_type_never_fail_the_import(conn, tmp_path):
    # downloads and likes are optional: a value that is not a non-negative
    # integer a BIGINT can hold is dropped, the line is kept. Values of the
    # wrong JSON type for the text fields are dropped the same way.
    wrong_types = {
        "downloads": "3",
        "likes": True,
        "pipeline_tag": 5,
        "library_name": ["x"],
        "tags": {"a": 1},
        "safetensors": [1],
    }
    nulls = dict.fromkeys(
        ["downloads", "likes", "author", "pipeline_tag", "tags", "safetensors"], None
    )
    path = write_snapshot(
        tmp_path,
        D1,
        [
            hub_line("a/huge", "2024-01-01", 1, downloads=1e30, likes=2**70),
            {**hub_line("a/types", "2024-01-01", 2), **wrong_types},
            {**hub_line("a/nulls", "2024-01-01", 3), **nulls},
            {**hub_line("a/big-total", "2024-01-01", 4.0), "safetensors": {"total": 1e30}},
        ],
    )
    load = load_snapshot(conn, path, D1)
    assert (load.lines, load.rejected_lines, load.models) == (4, 0, 4)
    assert conn.execute(
        """
        select model_id, downloads, likes, pipeline_tag, library_name, tags, params, downloads_all_time
        from raw.hub_models order by model_id
        """
    ).fetchall() == [
        ("a/big-total", 0, 1, "text-generation", None, [], None, 4),
        ("a/huge", None, None, "text-generation", None, [], None, 1),
        ("a/nulls", None, None, None, None, [], None, 3),
        ("a/types", None, None, None, None, [], None, 2),
    ]


def test_parquet_with_struct_and_json_string_columns(conn, tmp_path):
    table = pa.table(
        {
            "id": ["org/a", "org/b"],
            "author": ["org", None],
            "createdAt": ["2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"],
            "downloadsAllTime": [10, 20],
            "tags": [["base_model:x/y"], []],
            "safetensors": [{"total": 1_000_000_000}, None],
        }
    )
    pq.write_table(table, tmp_path / "hub_models_2025-01-01.parquet")
    load_snapshot(conn, tmp_path / "hub_models_2025-01-01.parquet", D1)
    as_strings = pa.table(
        {
            "id": ["org/c"],
            "createdAt": ["2024-01-01T00:00:00Z"],
            "downloadsAllTime": [5],
            "tags": [json.dumps(["base_model:finetune:org/a"])],
            "safetensors": [json.dumps({"parameters": {"F16": 42}, "total": 42})],
        }
    )
    pq.write_table(as_strings, tmp_path / "hub_models_2025-01-02.parquet")
    load_snapshot(conn, tmp_path / "hub_models_2025-01-02.parquet", date(2025, 1, 2))
    rows = conn.execute(
        "select model_id, author, downloads_all_time, tags, params, line_no from raw.hub_models order by model_id"
    ).fetchall()
    assert rows == [
        ("org/a", "org", 10, ["base_model:x/y"], 1_000_000_000, 1),
        ("org/b", "org", 20, [], None, 2),
        ("org/c", "org", 5, ["base_model:finetune:org/a"], 42, 1),
    ]


def test_refusal_rules():
    d = [date(2025, 1, day) for day in range(1, 6)]
    verdicts = judge_snapshots(
        [
            (d[0], "all", 1000, 10, 990, False),  # exactly 1% rejected: accepted
            (d[1], "all", 1000, 11, 989, False),  # 1.1% rejected: refused
            (d[2], "all", 792, 0, 792, False),  # 80% of 990: accepted
            (d[3], "all", 600, 0, 600, False),  # truncated vs 792: refused
            (d[4], "all", 600, 0, 600, True),  # truncated vs 792 but overridden
        ]
    )
    assert [v.status for v in verdicts] == [
        "accepted",
        "refused",
        "accepted",
        "refused",
        "overridden",
    ]
    assert "truncated listing" in verdicts[3].reason


def test_a_refused_snapshot_is_not_the_previous_one():
    d = [date(2025, 1, day) for day in range(1, 4)]
    verdicts = judge_snapshots(
        [
            (d[0], "all", 1000, 0, 1000, False),
            (d[1], "all", 100, 0, 100, False),  # truncated: refused
            (d[2], "all", 850, 0, 850, False),  # compared with 1000, not with 100
            (date(2025, 1, 4), "author=Qwen", 50, 0, 50, False),  # another scope: own history
        ]
    )
    assert [v.status for v in verdicts] == ["accepted", "refused", "accepted", "accepted"]


def test_accept_snapshot_override(conn, tmp_path):
    load_snapshot(
        conn, write_snapshot(tmp_path, D1, [hub_line("a/x", "2024-01-01", 1), "{bad"]), D1
    )
    assert assess_snapshots(conn)[0].status == "refused"
    accept_snapshot(conn, D1, "known upstream outage")
    assert conn.execute("select status from raw.hub_snapshots").fetchone() == ("overridden",)
    with pytest.raises(ValueError, match="no snapshot imported"):
        accept_snapshot(conn, date(2030, 1, 1), "")


def test_quality_rules_refuse_future_models_and_falling_counts(conn, tmp_path):
    base = [hub_line(f"a/m{i}", "2024-01-01", 100) for i in range(100)]
    load_snapshot(conn, write_snapshot(tmp_path, D1, base), D1)
    # Day 2: most all-time counts fall (a broken listing), one model in the future (1%: allowed).
    day2 = [hub_line(f"a/m{i}", "2024-01-01", 50) for i in range(99)] + [
        hub_line("a/m99", "2025-01-03", 100)
    ]
    load_snapshot(conn, write_snapshot(tmp_path, date(2025, 1, 2), day2), date(2025, 1, 2))
    # Day 3: counts recover; 2 of 100 models created after the snapshot date (2% > 1%).
    day3 = [hub_line(f"a/m{i}", "2024-01-01", 200) for i in range(98)] + [
        hub_line(f"a/future{i}", "2025-02-01", 1) for i in range(2)
    ]
    load_snapshot(conn, write_snapshot(tmp_path, date(2025, 1, 3), day3), date(2025, 1, 3))
    verdicts = {v.snapshot_date.day: v for v in assess_snapshots(conn)}
    assert verdicts[1].status == "accepted"
    assert verdicts[2].status == "refused" and "fell for 99 of 100" in verdicts[2].reason
    assert (
        verdicts[3].status == "refused"
        and "createdAt after the snapshot date for 2 of 100" in verdicts[3].reason
    )


def test_parquet_dump_columns_the_warehouse_does_not_read_are_ignored(conn, tmp_path):
    table = pa.table(
        {
            "id": ["org/a"],
            "createdAt": ["2024-01-01T00:00:00Z"],
            "downloadsAllTime": [7],
            "cardData": [{"license": "mit", "widget": [{"text": "x" * 1000}]}],
            "siblings": [[{"rfilename": "model.safetensors"}]],
        }
    )
    pq.write_table(table, tmp_path / "hub_models_2025-01-01.parquet")
    load = load_snapshot(conn, tmp_path / "hub_models_2025-01-01.parquet", D1)
    assert (load.models, load.rejected_lines) == (1, 0)


def test_a_flipped_verdict_marks_the_snapshot_as_newly_loaded(conn, tmp_path):
    many = [hub_line(f"a/m{i}", "2024-01-01", 100) for i in range(100)]
    few = many[:50]
    # 2025-01-03 (50 models) is accepted while it is the first snapshot ...
    load_snapshot(conn, write_snapshot(tmp_path, date(2025, 1, 3), few), date(2025, 1, 3))
    assess_snapshots(conn)
    loaded_before = conn.execute("select loaded_at from raw.hub_snapshots").fetchone()[0]
    # ... and refused once an earlier, fuller snapshot arrives (truncated listing).
    load_snapshot(conn, write_snapshot(tmp_path, date(2025, 1, 2), many), date(2025, 1, 2))
    verdicts = {v.snapshot_date.day: v.status for v in assess_snapshots(conn)}
    assert verdicts == {2: "accepted", 3: "refused"}
    loaded_after = conn.execute(
        "select loaded_at from raw.hub_snapshots where snapshot_date = '2025-01-03'"
    ).fetchone()[0]
    assert loaded_after > loaded_before
