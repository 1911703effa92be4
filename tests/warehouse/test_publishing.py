"""Readers only ever see checked marts: atomic publish, refused snapshots, old DuckDB readers."""

import hashlib
import json
import subprocess
import sys
import textwrap
import time

import pytest

from orchestration import runs
from orchestration.resources import connect
from tests.conftest import hub_line, write_snapshot

MODELS = [hub_line(f"org/model-{i}", "2024-01-01", 1000 + i) for i in range(200)]


def _snapshot(day: int, models=MODELS, bump: int = 0):
    return [
        dict(m, downloadsAllTime=m["downloadsAllTime"] + bump * (i + 1))
        for i, m in enumerate(models)
    ]


def _digest(paths) -> dict[str, str]:
    files = [paths.published_marts, *sorted(paths.published_parquet.glob("*.parquet"))]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


@pytest.fixture(scope="module")
def published(module_data_dir, tmp_path_factory):
    source = tmp_path_factory.mktemp("recorded")
    for day in (1, 2, 3):
        write_snapshot(source, f"2025-02-0{day}", _snapshot(day, bump=day))
    instance = runs.get_instance(module_data_dir)
    assert runs.import_hub(source, module_data_dir, instance).success
    outcome = runs.build(module_data_dir, instance)
    assert outcome.success, outcome.failures
    return module_data_dir, instance, tmp_path_factory


READER = textwrap.dedent(
    """
    import json, sys, time, duckdb
    path, stop, report = sys.argv[1], sys.argv[2], sys.argv[3]
    held = duckdb.connect(path, read_only=True)   # held open for the whole build
    queries, errors = 0, []
    import os
    while not os.path.exists(stop):
        try:
            held.execute("select count(*) from fct_downloads_daily").fetchall()
            fresh = duckdb.connect(path, read_only=True)   # and a new reader now and then
            fresh.execute("select sum(share) from mart_size_share").fetchall()
            fresh.close()
            queries += 1
        except Exception as exc:
            errors.append(repr(exc))
        time.sleep(0.02)
    json.dump({"queries": queries, "errors": errors}, open(report, "w"))
    """
)


def test_a_reader_holding_the_published_file_never_blocks_or_breaks(published, tmp_path):
    paths, instance, factory = published
    stop, report = tmp_path / "stop", tmp_path / "report.json"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(paths.published_marts), str(stop), str(report)]
    )
    try:
        time.sleep(1.0)
        source = factory.mktemp("day4")
        write_snapshot(source, "2025-02-04", _snapshot(4, bump=4))
        assert runs.import_hub(source, paths, instance).success
        outcome = runs.build(paths, instance)
        assert outcome.success, outcome.failures
    finally:
        stop.touch()
        reader.wait(timeout=60)
    result = json.loads(report.read_text())
    assert result["errors"] == []
    assert result["queries"] > 10
    with connect(paths.published_marts, read_only=True) as conn:
        assert (
            conn.execute("select max(date) from fct_downloads_daily").fetchone()[0].isoformat()
            == "2025-02-04"
        )


def test_a_truncated_snapshot_fails_the_build_and_leaves_the_published_marts_untouched(published):
    paths, instance, factory = published
    before = _digest(paths)
    source = factory.mktemp("truncated")
    write_snapshot(source, "2025-02-05", _snapshot(5, models=MODELS[:100], bump=5))
    imported = runs.import_hub(source, paths, instance)
    assert not imported.success
    assert any("2025-02-05 refused" in f and "truncated" in f for f in imported.failures)
    outcome = runs.build(paths, instance)
    assert not outcome.success
    assert "latest snapshot 2025-02-05 is refused" in outcome.failures[0]
    assert _digest(paths) == before

    # The documented override counts it, and the next build publishes.
    from orchestration.hub.snapshots import accept_snapshot

    with connect(paths.warehouse) as conn:
        from datetime import date

        accept_snapshot(conn, date(2025, 2, 5), "test override")
    assert runs.build(paths, instance).success
    assert _digest(paths) != before


def test_published_file_opens_in_duckdb_1_4(published, tmp_path):
    paths, _, _ = published
    env = tmp_path / "duckdb14"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    subprocess.run(
        [
            str(env / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "duckdb>=1.4,<1.5",
        ],
        check=True,
        timeout=300,
    )
    script = textwrap.dedent(
        """
        import json, sys, duckdb
        conn = duckdb.connect(sys.argv[1], read_only=True)
        tables = [r[0] for r in conn.execute("select table_name from duckdb_tables() order by 1").fetchall()]
        print(json.dumps({"version": duckdb.__version__,
                          "rows": {t: conn.execute(f'select count(*) from "{t}"').fetchall()[0][0] for t in tables}}))
        """
    )
    completed = subprocess.run(
        [str(env / "bin" / "python"), "-c", script, str(paths.published_marts)],
        capture_output=True,
        text=True,
        check=True,
    )
    old_reader = json.loads(completed.stdout)
    assert old_reader["version"].startswith("1.4")
    with connect(paths.published_marts, read_only=True) as conn:
        tables = [
            r[0]
            for r in conn.execute("select table_name from duckdb_tables() order by 1").fetchall()
        ]
        expected = {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    assert old_reader["rows"] == expected
    assert {"dim_models", "fct_downloads_daily", "mart_size_share", "mart_token_share"} <= set(
        expected
    )
