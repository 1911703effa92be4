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
    with connect(module_data_dir.warehouse) as conn:  # left by an earlier version
        conn.execute("create schema if not exists intermediate")
        conn.execute("create table intermediate.int_lineage__root_attribution as select 1 as a")
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
    from datetime import date

    accepted = runs.accept_snapshot(paths, instance, date(2025, 2, 5), "test override")
    assert accepted.success, accepted.failures
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


def _warehouse_with_marts(path, statements):
    with connect(path) as conn:
        conn.execute("create schema if not exists marts")
        for statement in statements:
            conn.execute(statement)


def _assert_published_equals_warehouse(warehouse, serving):
    import duckdb

    conn = duckdb.connect()
    conn.execute(f"attach '{warehouse}' as w (read_only)")
    conn.execute(f"attach '{serving / 'marts.duckdb'}' as p (read_only)")
    marts = {
        r[0]
        for r in conn.execute(
            "select table_name from duckdb_tables() where database_name = 'w' and schema_name = 'marts'"
        ).fetchall()
    }
    published = {
        r[0]
        for r in conn.execute(
            "select table_name from duckdb_tables() where database_name = 'p'"
        ).fetchall()
    }
    assert published == marts
    for table in marts:
        for a, b in (
            (f"w.marts.{table}", f"p.main.{table}"),
            (f"p.main.{table}", f"w.marts.{table}"),
        ):
            extra = conn.execute(f"select count(*) from (from {a} except all from {b})").fetchone()[
                0
            ]
            assert extra == 0, f"{table}: {extra} rows of {a} not in {b}"
        parquet = serving / "parquet" / f"{table}.parquet"
        extra = conn.execute(
            f"select count(*) from (from w.marts.{table} except all from '{parquet}')"
        ).fetchone()[0]
        assert extra == 0
    conn.close()


def test_a_republish_replaces_only_changed_slices_and_equals_the_warehouse(tmp_path):
    """The daily facts are republished slice by slice: changed, added and removed dates
    are replaced, the rest kept; every other mart is copied whole. Whatever changed,
    the published file equals the warehouse's marts, and it does not grow day by day."""
    import duckdb

    from orchestration.warehouse.publish import _replace_changed_slices, publish_marts

    warehouse, serving = tmp_path / "warehouse.duckdb", tmp_path / "serving"
    _warehouse_with_marts(
        warehouse,
        [
            """create table marts.fct_downloads_daily as
               select 'm' || (i % 5000) as model_id, date '2025-01-01' + (i // 5000)::int as date,
                      (i % 7)::double as downloads
               from range(50000) t(i)""",
            "create table marts.mart_size_share as select 'x' as param_bucket, 1.0 as share",
            "create table marts.mart_gone as select 1 as a",
        ],
    )
    assert publish_marts(warehouse, serving)["fct_downloads_daily"] == 50000
    _assert_published_equals_warehouse(warehouse, serving)
    first_size = (serving / "marts.duckdb").stat().st_size

    # A day later: one row of an old date revised, a date removed, a new date,
    # another mart changed, a mart dropped and one added.
    _warehouse_with_marts(
        warehouse,
        [
            "update marts.fct_downloads_daily set downloads = 99 where model_id = 'm7' and date = '2025-01-03'",
            "delete from marts.fct_downloads_daily where date = '2025-01-05'",
            """insert into marts.fct_downloads_daily
               select 'm' || i, date '2025-01-11', 1.0 from range(5000) t(i)""",
            "update marts.mart_size_share set share = 0.5",
            "drop table marts.mart_gone",
            "create table marts.mart_new as select 2 as b",
        ],
    )
    # The helper alone: exactly the revised, removed and added dates are replaced.
    probe = duckdb.connect()
    probe.execute(f"attach '{warehouse}' as warehouse (read_only)")
    probe.execute(f"attach '{serving / 'marts.duckdb'}' as published")
    assert _replace_changed_slices(probe, "fct_downloads_daily", "date")
    assert sorted(
        d.isoformat() for (d,) in probe.execute("select slice from changed_slices").fetchall()
    ) == [
        "2025-01-03",
        "2025-01-05",
        "2025-01-11",
    ]
    for a, b in (("warehouse.marts", "published.main"), ("published.main", "warehouse.marts")):
        query = f"from {a}.fct_downloads_daily except all from {b}.fct_downloads_daily"
        assert probe.execute(f"select count(*) from ({query})").fetchone()[0] == 0
    probe.close()

    publish_marts(warehouse, serving)
    _assert_published_equals_warehouse(warehouse, serving)

    # A schema change falls back to a whole copy; repeated publishes keep the size.
    _warehouse_with_marts(
        warehouse,
        ["alter table marts.fct_downloads_daily alter downloads type bigint"],
    )
    for day in range(12, 20):
        _warehouse_with_marts(
            warehouse,
            [
                f"""insert into marts.fct_downloads_daily
                    select 'm' || i, date '2025-01-01' + {day}, 2 from range(5000) t(i)""",
                f"delete from marts.fct_downloads_daily where date = date '2025-01-01' + {day - 10}",
            ],
        )
        publish_marts(warehouse, serving)
        _assert_published_equals_warehouse(warehouse, serving)
    assert (serving / "marts.duckdb").stat().st_size <= 2 * first_size
