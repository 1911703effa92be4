"""End to end through the real definitions: import recorded snapshots, build, read marts.

Hand-computed daily downloads (docs/metrics.md#daily-downloads) for the awkward cases, a bad
line that lands in the rejects table, a model listed before its creation date,
and a re-import that changes nothing.
"""

import os
import shutil
import subprocess
from datetime import date

import duckdb
import pytest

from orchestration import runs
from orchestration.resources import DBT_PROJECT_DIR, connect
from orchestration.warehouse.dbt import DBT_EXECUTABLE
from tests.conftest import hub_line, write_snapshot

# Filler models keep one bad line under the 1% reject threshold; their
# all-time counts never move, so they add no daily downloads.
FILLER = [hub_line(f"filler/model-{i}", "2020-01-01", 5) for i in range(150)]

SNAPSHOTS = {
    # The warehouse's very first snapshot: every model is a baseline.
    "2025-01-01": [
        hub_line("org/steady", "2024-06-01", 100),
        hub_line("org/falls", "2024-01-01", 500),
        hub_line("org/hides", "2024-01-01", 50),
    ],
    "2025-01-02": [
        hub_line("org/steady", "2024-06-01", 110),
        hub_line("org/falls", "2024-01-01", 490),  # negative delta: 0, recorded
        # First seen now, created before the previous snapshot: baseline only.
        hub_line("org/pretracked", "2024-12-01", 1000),
        "{this line is not json",
        # Created after the snapshot date: an anomaly, ignored as if not listed.
        hub_line("org/early", "2025-01-04", 10),
    ],
    # A 3-day gap after 2025-01-02.
    "2025-01-05": [
        hub_line("org/steady", "2024-06-01", 140),
        hub_line("org/falls", "2024-01-01", 520),
        hub_line("org/pretracked", "2024-12-01", 1030),
        hub_line("org/hides", "2024-01-01", 80),  # back after missing 2025-01-02
        # Created between snapshots: spread over days created+1 .. snapshot.
        hub_line("org/between", "2025-01-03", 60),
        # First counted sighting: created after the previous snapshot (2025-01-02,
        # where its sighting did not count), so new: all on days 01-05 .. 01-05.
        hub_line("org/early", "2025-01-04", 40),
    ],
    "2025-01-06": [
        hub_line("org/steady", "2024-06-01", 150),
        hub_line("org/pretracked", "2024-12-01", 1030),
        hub_line("org/hides", "2024-01-01", 80),
        hub_line("org/between", "2025-01-03", 60),
        # Created on the snapshot date: everything on that day.
        hub_line("org/ondate", "2025-01-06", 7),
        hub_line("org/early", "2025-01-04", 46),
    ],
}

# One more day, imported after the first build.
LATER = [
    hub_line("org/steady", "2024-06-01", 170),
    hub_line("org/hides", "2024-01-01", 90),
    hub_line("org/between", "2025-01-03", 66),
    hub_line("org/late", "2025-01-07", 5),
    # Two anomalies of the new day, which an incremental build must add.
    hub_line("org/falls", "2024-01-01", 515),  # 520 on 2025-01-05
    hub_line("org/premature", "2025-01-09", 3),
]

EXPECTED_DAILY = {
    ("org/steady", "2025-01-02"): 10.0,
    ("org/steady", "2025-01-03"): 10.0,
    ("org/steady", "2025-01-04"): 10.0,
    ("org/steady", "2025-01-05"): 10.0,
    ("org/steady", "2025-01-06"): 10.0,
    # 490 -> 520 over the 3-day gap.
    ("org/falls", "2025-01-03"): 10.0,
    ("org/falls", "2025-01-04"): 10.0,
    ("org/falls", "2025-01-05"): 10.0,
    ("org/pretracked", "2025-01-03"): 10.0,
    ("org/pretracked", "2025-01-04"): 10.0,
    ("org/pretracked", "2025-01-05"): 10.0,
    # 50 -> 80 over (2025-01-01, 2025-01-05]: four days.
    ("org/hides", "2025-01-02"): 7.5,
    ("org/hides", "2025-01-03"): 7.5,
    ("org/hides", "2025-01-04"): 7.5,
    ("org/hides", "2025-01-05"): 7.5,
    ("org/between", "2025-01-04"): 30.0,
    ("org/between", "2025-01-05"): 30.0,
    ("org/ondate", "2025-01-06"): 7.0,
    ("org/early", "2025-01-05"): 40.0,
    ("org/early", "2025-01-06"): 6.0,
}


@pytest.fixture(scope="module")
def built(module_data_dir, tmp_path_factory):
    data_dir = module_data_dir
    source = tmp_path_factory.mktemp("recorded")
    for snapshot_date, lines in SNAPSHOTS.items():
        write_snapshot(source, snapshot_date, lines + FILLER, gz=snapshot_date.endswith("5"))
    instance = runs.get_instance(data_dir)
    imported = runs.import_hub(source, data_dir, instance)
    assert imported.success, imported.failures
    assert len(imported.runs) == 1, "all dates load in a single run"
    outcome = runs.build(data_dir, instance)
    assert outcome.success, outcome.failures
    return data_dir, source, instance


def _daily(path):
    with connect(path, read_only=True) as conn:
        schema = "marts." if path.name == "warehouse.duckdb" else ""
        rows = conn.execute(
            f"select model_id, strftime(date, '%Y-%m-%d'), downloads from {schema}fct_downloads_daily"
        )
        return {(m, d): v for m, d, v in rows.fetchall()}


def test_daily_downloads_match_hand_computed_values(built):
    paths, _, _ = built
    with connect(paths.warehouse, read_only=True) as conn:
        rows = conn.execute(
            "select model_id, strftime(date, '%Y-%m-%d'), downloads from marts.fct_downloads_daily"
        ).fetchall()
        anomalies = conn.execute(
            "select model_id, snapshot_date, anomaly, downloads_delta "
            "from marts.fct_download_anomalies order by model_id"
        ).fetchall()
    assert {(m, d): pytest.approx(v) for m, d, v in rows} == EXPECTED_DAILY
    assert anomalies == [
        ("org/early", date(2025, 1, 2), "created_after_snapshot", None),
        ("org/falls", date(2025, 1, 2), "downloads_fell", -10),
    ]
    # Readers see the same numbers in the published file and Parquet.
    assert _daily(paths.published_marts) == {(m, d): v for m, d, v in rows}
    parquet_rows = duckdb.sql(
        f"select count(*) from '{paths.published_parquet / 'fct_downloads_daily.parquet'}'"
    ).fetchall()[0][0]
    assert parquet_rows == len(EXPECTED_DAILY)


def test_bad_line_lands_in_rejects_with_its_line_number(built):
    paths, _, _ = built
    with connect(paths.warehouse, read_only=True) as conn:
        rejects = conn.execute(
            "select snapshot_date, source_file, line_no, reason from raw.hub_rejects"
        ).fetchall()
    assert rejects == [(date(2025, 1, 2), "hub_models_2025-01-02.jsonl", 4, "invalid JSON")]


def test_a_sighting_created_after_its_snapshot_date_counts_nowhere(built):
    """org/early is listed on 2025-01-02 with createdAt 2025-01-04: the line is
    loaded (one such model is under the 1% that refuses a snapshot) but ignored
    downstream, and recorded as an anomaly; from 2025-01-05 on it counts as usual."""
    paths, _, _ = built
    with connect(paths.warehouse, read_only=True) as conn:
        loaded = conn.execute(
            "select count(*) from raw.hub_models where model_id = 'org/early'"
        ).fetchone()
        counted = conn.execute(
            "select created_after_snapshot, status from raw.hub_snapshots "
            "where snapshot_date = '2025-01-02'"
        ).fetchone()
        anomaly = conn.execute(
            "select snapshot_date, anomaly, previous_snapshot_date, downloads_all_time, "
            "previous_downloads_all_time, downloads_delta "
            "from marts.fct_download_anomalies where model_id = 'org/early'"
        ).fetchall()
        dim = conn.execute(
            "select first_seen_date, last_seen_date, created_date "
            "from marts.dim_models where model_id = 'org/early'"
        ).fetchone()
        daily = conn.execute(
            "select strftime(date, '%Y-%m-%d'), downloads from marts.fct_downloads_daily "
            "where model_id = 'org/early' order by date"
        ).fetchall()
    assert loaded == (3,)
    assert counted == (1, "accepted")
    assert anomaly == [(date(2025, 1, 2), "created_after_snapshot", None, 10, None, None)]
    assert dim == (date(2025, 1, 5), date(2025, 1, 6), date(2025, 1, 4))
    # Counted, the 2025-01-02 sighting would have put 10 on 2025-01-02 and spread
    # 30 over 01-03 .. 01-05.
    assert daily == [("2025-01-05", 40.0), ("2025-01-06", 6.0)]


def test_dim_models_and_size_share(built):
    paths, _, _ = built
    with connect(paths.published_marts, read_only=True) as conn:
        dim = conn.execute(
            "select first_seen_date, last_seen_date, created_date from dim_models where model_id = 'org/hides'"
        ).fetchone()
        shares = conn.execute(
            "select month, sum(share), count(*) from mart_size_share where scope = 'hub' group by month"
        ).fetchall()
    assert dim == (date(2025, 1, 1), date(2025, 1, 6), date(2024, 1, 1))
    assert [(m, c) for m, _, c in shares] == [(date(2025, 1, 1), 1)]
    assert shares[0][1] == pytest.approx(1.0)


def _table_contents(path) -> dict[str, list]:
    audit_columns = {"loaded_at", "run_id", "computed_at", "loaded_through", "window_start"}
    contents = {}
    with connect(path, read_only=True) as conn:
        tables = conn.execute(
            "select schema_name, table_name from duckdb_tables() order by all"
        ).fetchall()
        for schema, table in tables:
            columns = [
                c[0]
                for c in conn.execute(
                    "select column_name from duckdb_columns() where schema_name = ? and table_name = ?",
                    [schema, table],
                ).fetchall()
                if c[0] not in audit_columns
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            contents[f"{schema}.{table}"] = sorted(
                conn.execute(f'select {select} from "{schema}"."{table}"').fetchall(), key=repr
            )
    return contents


def test_reimporting_the_same_snapshots_changes_nothing(built):
    paths, source, instance = built
    before = _table_contents(paths.warehouse)
    assert runs.import_hub(source, paths, instance).success
    assert runs.build(paths, instance).success
    after = _table_contents(paths.warehouse)
    assert before.keys() == after.keys()
    for table in before:
        assert before[table] == after[table], table


def _grain_test(model: str, warehouse, scratch) -> subprocess.CompletedProcess:
    """Run only the `unique_combination` test of `model` against `warehouse`."""
    return subprocess.run(
        [
            str(DBT_EXECUTABLE),
            "test",
            "--select",
            f"{model},test_name:unique_combination",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(scratch / "target"),
            "--log-path",
            str(scratch / "logs"),
        ],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "OMW_WAREHOUSE_PATH": str(warehouse)},
        capture_output=True,
        text=True,
    )


def _assert_grain(model: str, warehouse, scratch, failures: int) -> None:
    """The `unique_combination` test of `model` passes (0) or fails on `failures` keys."""
    result = _grain_test(model, warehouse, scratch)
    if failures == 0:
        assert result.returncode == 0, result.stdout[-2000:]
    else:
        assert result.returncode != 0 and f"FAIL {failures} unique_combination" in result.stdout, (
            result.stdout[-2000:]
        )


def test_the_daily_grain_test_catches_a_duplicate_in_either_form(built, tmp_path):
    # After a full build the grain test counts every key; after an incremental
    # one only the keys of the window the run wrote. A duplicate row fails both.
    paths, _, _ = built
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(paths.warehouse, warehouse)
    with connect(warehouse) as conn:
        latest = conn.execute(
            "select max(interval_end_date) from marts.fct_downloads_daily"
        ).fetchone()[0]
        conn.execute(
            "update intermediate.incremental_watermarks set window_start = ? "
            "where model_name = 'fct_downloads_daily'",
            [latest],
        )
    _assert_grain("fct_downloads_daily", warehouse, tmp_path, failures=0)

    with connect(warehouse) as conn:
        conn.execute(
            "insert into marts.fct_downloads_daily select * from marts.fct_downloads_daily "
            "where interval_end_date = ? limit 1",
            [latest],
        )
    _assert_grain("fct_downloads_daily", warehouse, tmp_path, failures=1)

    with connect(warehouse) as conn:
        conn.execute(
            "update intermediate.incremental_watermarks set window_start = date '0001-01-01' "
            "where model_name = 'fct_downloads_daily'"
        )
    _assert_grain("fct_downloads_daily", warehouse, tmp_path, failures=1)


def test_the_snapshot_grain_test_reads_the_pending_snapshots_only(built, tmp_path):
    """Partitions are replaced whole and the key holds the snapshot date: the grain
    test of the staged snapshots reads only snapshots loaded since the models last
    ran (docs/incremental.md), one at a time when there are several, and fails on
    a duplicate there."""
    paths, _, _ = built
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(paths.warehouse, warehouse)
    with connect(warehouse) as conn:
        conn.execute(
            "insert into raw.hub_models select * from raw.hub_models "
            "where snapshot_date = '2025-01-05' and model_id = 'org/steady'"
        )
    # Loaded before the models last ran: not read, so the day's test does not
    # grow with history.
    _assert_grain("stg_hub__model_snapshots", warehouse, tmp_path, failures=0)
    with connect(warehouse) as conn:
        conn.execute(
            "update raw.hub_snapshots set loaded_at = now() where snapshot_date = '2025-01-05'"
        )
    # Two pending snapshots (2025-01-05 and 2025-01-06), counted one at a time.
    _assert_grain("stg_hub__model_snapshots", warehouse, tmp_path, failures=1)
    # Only the latest pending: the duplicate of 2025-01-05 is not read, one there is.
    with connect(warehouse) as conn:
        conn.execute(
            "update raw.hub_snapshots set loaded_at = timestamp '2000-01-01' "
            "where snapshot_date = '2025-01-05'"
        )
        conn.execute(
            "update raw.hub_snapshots set loaded_at = now() where snapshot_date = '2025-01-06'"
        )
    _assert_grain("stg_hub__model_snapshots", warehouse, tmp_path, failures=0)
    with connect(warehouse) as conn:
        conn.execute(
            "insert into raw.hub_models select * from raw.hub_models "
            "where snapshot_date = '2025-01-06' and model_id in ('org/steady', 'org/hides')"
        )
    _assert_grain("stg_hub__model_snapshots", warehouse, tmp_path, failures=2)


def test_an_incremental_build_equals_a_full_refresh(built, tmp_path_factory):
    paths, _, instance = built
    later = tmp_path_factory.mktemp("later")
    write_snapshot(later, "2025-01-08", LATER + FILLER)
    assert runs.import_hub(later, paths, instance).success
    assert runs.build(paths, instance).success
    incremental = _table_contents(paths.warehouse)
    assert {
        (row[0], str(row[1]), row[2])
        for row in incremental["marts.fct_download_anomalies"]
        if str(row[1]) == "2025-01-08"
    } == {
        ("org/falls", "2025-01-08", "downloads_fell"),
        ("org/premature", "2025-01-08", "created_after_snapshot"),
    }
    assert runs.build(paths, instance, full_refresh=True).success
    refreshed = _table_contents(paths.warehouse)
    _assert_same_models_and_marts(incremental, refreshed)
    daily = _daily(paths.warehouse)
    assert daily[("org/steady", "2025-01-07")] == pytest.approx(10.0)
    assert daily[("org/late", "2025-01-08")] == pytest.approx(5.0)


def _assert_same_models_and_marts(incremental: dict, refreshed: dict) -> None:
    compared = [
        table
        for table in refreshed
        if table.split(".")[0] in ("intermediate", "marts")
        and table != "intermediate.incremental_watermarks"
    ]
    assert "intermediate.int_hub__model_attributes" in compared

    def rounded(rows: list) -> list:
        # Sums may add in another order: equal to 12 significant digits.
        return sorted(
            (tuple(float(f"{v:.12g}") if isinstance(v, float) else v for v in row) for row in rows),
            key=repr,
        )

    for table in compared:
        assert rounded(incremental[table]) == rounded(refreshed[table]), table


def test_a_snapshot_refused_after_the_fact_is_undone_by_an_incremental_build(
    built, tmp_path_factory
):
    """2025-01-06 is re-delivered broken: its gate holds every build (the published
    marts keep their last good version) until a good load passes the gate; from
    then on its sightings stop counting. A model seen only there disappears; one
    last seen there falls back to its earlier sighting."""
    paths, _, instance = built
    broken = tmp_path_factory.mktemp("broken")
    write_snapshot(broken, "2025-01-06", SNAPSHOTS["2025-01-06"] + FILLER + ["{not json"] * 5)
    imported = runs.import_hub(broken, paths, instance)
    assert not imported.success  # the gate refuses it
    held = runs.build(paths, instance)
    assert not held.success and held.runs == []
    # Named first, as the latest refused snapshot or as the gate holding every build.
    assert "2025-01-06" in held.failures[0] and "refused" in held.failures[0]
    # The latest snapshot, re-delivered unchanged, passes the gate: the build goes on.
    later = tmp_path_factory.mktemp("later")
    write_snapshot(later, "2025-01-08", LATER + FILLER)
    assert runs.import_hub(later, paths, instance).success
    assert runs.build(paths, instance).success
    incremental = _table_contents(paths.warehouse)
    with connect(paths.warehouse, read_only=True) as conn:
        last_seen = dict(
            conn.execute(
                "select model_id, strftime(last_seen_date, '%Y-%m-%d') "
                "from intermediate.int_hub__model_attributes where model_id like 'org/%'"
            ).fetchall()
        )
    assert "org/ondate" not in last_seen
    assert last_seen["org/pretracked"] == "2025-01-05"
    assert last_seen["org/steady"] == "2025-01-08"
    assert runs.build(paths, instance, full_refresh=True).success
    _assert_same_models_and_marts(incremental, _table_contents(paths.warehouse))


def test_monthly_rollup_recomputes_the_earlier_months_a_late_interval_reaches(
    data_dir, tmp_path_factory
):
    """Monthly downloads are incremental by month. An interval closed by a February
    snapshot reaches back into January; when that snapshot is refused after the
    fact, January's sums change although every fact of the new state from then on
    lies in February. The rollup equals a full refresh."""
    source = tmp_path_factory.mktemp("months")
    snapshots = {
        "2025-01-20": [hub_line("org/a", "2024-01-01", 100), hub_line("org/gap", "2024-01-01", 10)],
        "2025-01-31": [hub_line("org/a", "2024-01-01", 210)],
        # org/gap is back after eleven days: 13 days from 2025-01-21, 11 of them in January.
        "2025-02-02": [hub_line("org/a", "2024-01-01", 230), hub_line("org/gap", "2024-01-01", 36)],
        "2025-02-03": [hub_line("org/a", "2024-01-01", 240)],
    }
    for snapshot_date, lines in snapshots.items():
        write_snapshot(source, snapshot_date, lines + FILLER)
    instance = runs.get_instance(data_dir)
    assert runs.import_hub(source, data_dir, instance).success
    assert runs.build(data_dir, instance).success

    def months():
        with connect(data_dir.warehouse, read_only=True) as conn:
            return {
                (m, str(mo)): round(d, 9)
                for m, mo, d in conn.execute(
                    "select model_id, month, downloads from intermediate.int_downloads__model_months "
                    "where model_id like 'org/%'"
                ).fetchall()
            }

    assert months() == {
        ("org/a", "2025-01-01"): 110.0,
        ("org/a", "2025-02-01"): 30.0,
        ("org/gap", "2025-01-01"): 22.0,
        ("org/gap", "2025-02-01"): 4.0,
    }
    broken = tmp_path_factory.mktemp("months-broken")
    write_snapshot(broken, "2025-02-02", snapshots["2025-02-02"] + FILLER + ["{not json"] * 5)
    assert not runs.import_hub(broken, data_dir, instance).success  # refused
    assert not runs.build(data_dir, instance).success  # held by the gate
    # A good load of the latest date passes the gate; the refused one counts nowhere.
    latest = tmp_path_factory.mktemp("months-latest")
    write_snapshot(latest, "2025-02-03", snapshots["2025-02-03"] + FILLER)
    assert runs.import_hub(latest, data_dir, instance).success
    assert runs.build(data_dir, instance).success
    incremental = _table_contents(data_dir.warehouse)
    # Every fact now ending on or after 2025-02-02 lies in February; January
    # changes only through the facts it lost.
    assert months() == {("org/a", "2025-01-01"): 110.0, ("org/a", "2025-02-01"): 30.0}
    assert runs.build(data_dir, instance, full_refresh=True).success
    _assert_same_models_and_marts(incremental, _table_contents(data_dir.warehouse))


def _past_snapshot(day: int, base_bump: int = 0) -> list[dict]:
    """One day of January 2025 for the re-import and acceptance test below."""
    lines = [
        hub_line("org/base", "2024-12-31", 1000 + 100 * day + base_bump, params=7 * 10**9),
        hub_line("org/young", "2025-01-02", 50 * max(day - 2, 0), params=10**9),
        hub_line(
            "u/ft", "2025-01-03", 10 * day, tags=["base_model:finetune:org/base"], params=7 * 10**9
        ),
    ]
    if day == 8:
        # Seen on this date only: a base model (its adoption target at 7 days
        # is 2025-01-14), and a quantization of a base no snapshot lists.
        lines.append(hub_line("u/gone", "2025-01-07", 30, params=10**9))
        lines.append(
            hub_line("u/quant", "2025-01-07", 20, tags=["base_model:quantized:ghost/private-base"])
        )
    return [line for line in lines if line["createdAt"][:10] <= f"2025-01-{day:02d}"]


def test_a_past_snapshot_reimported_or_accepted_is_recomputed_by_an_incremental_build(
    data_dir, tmp_path_factory
):
    """A date in the past that changes moves every incremental model's window back
    to it (docs/incremental.md). 2025-01-08 is re-imported without u/gone and
    u/quant, seen only there: their sightings, days and u/gone's adoption row
    go, and u/quant's parent ghost/private-base is no longer a root. org/young's
    adoption value at 7 days (2025-01-09, no snapshot) is interpolated from
    2025-01-08, whose new count changes it. Then 2025-01-12 is re-delivered with
    too many bad lines, refused, and accepted: its new counts count. Each
    incremental build equals a full refresh."""
    days = [day for day in range(1, 17) if day != 9]
    source = tmp_path_factory.mktemp("january")
    for day in days:
        write_snapshot(source, f"2025-01-{day:02d}", _past_snapshot(day) + FILLER)
    instance = runs.get_instance(data_dir)
    assert runs.import_hub(source, data_dir, instance).success
    assert runs.build(data_dir, instance).success

    def young_at_7_days():
        with connect(data_dir.warehouse, read_only=True) as conn:
            return conn.execute(
                "select cumulative_downloads from intermediate.int_adoption__cumulative_downloads "
                "where model_id = 'org/young' and age_days = 7"
            ).fetchone()[0]

    assert young_at_7_days() == pytest.approx((300 + 400) / 2)
    with connect(data_dir.warehouse, read_only=True) as conn:
        assert conn.execute(
            "select count(*) from intermediate.int_adoption__cumulative_downloads "
            "where model_id = 'u/gone'"
        ).fetchone() == (1,)

    reimport = tmp_path_factory.mktemp("reimport")
    changed = [
        {**line, "downloadsAllTime": line["downloadsAllTime"] + 100}
        for line in _past_snapshot(8)
        if line["id"] not in ("u/gone", "u/quant")
    ]
    write_snapshot(reimport, "2025-01-08", changed + FILLER)
    assert runs.import_hub(reimport, data_dir, instance).success
    assert runs.build(data_dir, instance).success
    incremental = _table_contents(data_dir.warehouse)
    assert young_at_7_days() == pytest.approx((400 + 400) / 2)
    with connect(data_dir.warehouse, read_only=True) as conn:
        assert conn.execute(
            "select count(*) from intermediate.int_lineage__root_families "
            "where id = 'ghost/private-base'"
        ).fetchone() == (0,)
        assert conn.execute(
            "select count(*) from marts.dim_models where model_id = 'u/gone'"
        ).fetchone() == (0,)
    assert runs.build(data_dir, instance, full_refresh=True).success
    _assert_same_models_and_marts(incremental, _table_contents(data_dir.warehouse))

    broken = tmp_path_factory.mktemp("broken-past")
    write_snapshot(broken, "2025-01-12", _past_snapshot(12, base_bump=7) + FILLER + ["{x"] * 5)
    assert not runs.import_hub(broken, data_dir, instance).success  # refused
    assert runs.accept_snapshot(data_dir, instance, date(2025, 1, 12), "test override").success
    assert runs.build(data_dir, instance).success
    incremental = _table_contents(data_dir.warehouse)
    with connect(data_dir.warehouse, read_only=True) as conn:
        assert conn.execute(
            "select downloads from marts.fct_downloads_daily "
            "where model_id = 'org/base' and date = '2025-01-12'"
        ).fetchone() == (pytest.approx(107.0),)
    assert runs.build(data_dir, instance, full_refresh=True).success
    _assert_same_models_and_marts(incremental, _table_contents(data_dir.warehouse))
