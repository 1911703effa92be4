"""The warehouse's marts equal an independent pandas implementation of the contract.

The simulator writes a sample ecosystem whose accepted content it knows
exactly (ground truth: `eco.snapshots`, `eco.rejects`); the oracle in
`orchestration.sample.oracle` computes every mart from that truth in plain
pandas. The warehouse reads the written files through the real CLI path.
"""

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from orchestration import runs
from orchestration.resources import DBT_PROJECT_DIR, connect
from orchestration.sample import oracle
from orchestration.sample.simulator import SampleConfig, simulate, write_sample

# A smaller history than the demo's, so the module builds in seconds, but with
# weekly and daily snapshots, gaps, bad lines, Parquet files and break-outs.
CONFIG = SampleConfig(
    n_models=900,
    start=date(2025, 6, 2),
    daily_from=date(2025, 11, 1),
    end=date(2026, 1, 15),
    token_start=date(2025, 10, 1),
    token_end=date(2026, 1, 15),
)

KEYS = {
    "dim_models": ["model_id"],
    "fct_downloads_daily": ["model_id", "date"],
    "mart_country_share": ["month", "attribution", "country"],
    "mart_family_share": ["month", "family"],
    "mart_size_share": ["month", "param_bucket"],
    "mart_derivative_lineage": ["model_id", "root_id"],
    "mart_derivative_share": ["month", "family"],
    "mart_org_type_share": ["month", "org_type"],
    "mart_concentration": ["month"],
    "mart_adoption_rate": ["model_id", "age_days"],
    "mart_token_share": ["week", "dimension", "key"],
    "mart_token_openness": ["week", "openness"],
    "mart_attribution_coverage": ["month", "scope", "measure"],
}


@pytest.fixture(scope="module")
def sample_build(module_data_dir, tmp_path_factory):
    eco = simulate(CONFIG)
    sample_dir = tmp_path_factory.mktemp("sample")
    write_sample(eco, sample_dir)
    instance = runs.get_instance(module_data_dir)
    imported = runs.import_hub(sample_dir / "hub", module_data_dir, instance)
    assert imported.success, imported.failures
    tokens = runs.import_tokens(sample_dir / "tokens", module_data_dir, instance)
    assert tokens.success, tokens.failures
    built = runs.build(module_data_dir, instance)
    assert built.success, built.failures
    expected = oracle.all_marts(
        eco.snapshots, eco.token_rows, oracle.load_seeds(DBT_PROJECT_DIR / "seeds")
    )
    return module_data_dir, eco, expected


def test_the_suite_build_ran_the_dbt_unit_tests(sample_build):
    data_dir, _, _ = sample_build
    run = runs.get_instance(data_dir).get_runs(limit=1)[0]
    [target] = (DBT_PROJECT_DIR / "target").glob(f"warehouse_dbt_models-{run.run_id[:7]}-*")
    results = json.loads((target / "run_results.json").read_text())["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 10 and all(r["status"] == "pass" for r in unit_tests)


def _normalise(frame: pd.DataFrame, columns: list[str], keys: list[str]) -> pd.DataFrame:
    frame = frame[columns].copy()
    for column in columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            frame[column] = values.dt.date
        elif values.dtype == object and len(values) and isinstance(values.dropna().iloc[0], date):
            frame[column] = values
        elif pd.api.types.is_bool_dtype(values):
            frame[column] = values.astype(bool)
        elif pd.api.types.is_numeric_dtype(values):
            frame[column] = values.astype("float64")
        else:
            frame[column] = values.astype(object).where(values.notna(), None)
    return frame.sort_values(keys).reset_index(drop=True)


@pytest.mark.parametrize("mart", sorted(KEYS))
def test_mart_equals_oracle(sample_build, mart):
    paths, _, expected_marts = sample_build
    expected = expected_marts[mart]
    with connect(paths.published_marts, read_only=True) as conn:
        actual = conn.execute(f"select * from {mart}").df()
    keys = KEYS[mart]
    columns = list(expected.columns)
    assert set(columns) <= set(actual.columns), f"{mart} lacks {set(columns) - set(actual.columns)}"
    if "downloads" in actual.columns and mart != "dim_models":
        actual = actual[actual["downloads"] > 0]
    if mart in ("mart_token_share", "mart_token_openness"):
        actual["tokens"] = actual["tokens"].astype("float64")
    actual = _normalise(actual, columns, keys)
    expected = _normalise(expected, columns, keys)
    assert len(actual) == len(expected), f"{mart}: {len(actual)} rows, oracle {len(expected)}"
    assert actual[keys].equals(expected[keys]), f"{mart}: keys differ"
    for column in columns:
        if column in keys:
            continue
        if pd.api.types.is_float_dtype(expected[column]):
            np.testing.assert_allclose(
                actual[column].to_numpy(dtype=float),
                expected[column].to_numpy(dtype=float),
                rtol=1e-9,
                atol=1e-9,
                err_msg=f"{mart}.{column}",
            )
        else:
            mismatched = actual[column] != expected[column]
            both_missing = actual[column].isna() & expected[column].isna()
            bad = mismatched & ~both_missing
            assert not bad.any(), (
                f"{mart}.{column}: {bad.sum()} rows differ, e.g.\n"
                f"{pd.concat([actual[bad].head(3), expected[bad].head(3)])}"
            )


def test_download_anomalies_equal_oracle(sample_build):
    """Both kinds: counts that fell, and sightings created after their snapshot
    date (which the simulator injects and every mart ignores)."""
    paths, eco, _ = sample_build
    _, expected = oracle.daily_downloads(eco.snapshots)
    with connect(paths.published_marts, read_only=True) as conn:
        actual = conn.execute(
            "select model_id, snapshot_date, anomaly, previous_snapshot_date, downloads_all_time,"
            " previous_downloads_all_time, downloads_delta from fct_download_anomalies"
        ).fetchall()
    expected_rows = [
        tuple(None if pd.isna(v) else v.item() if isinstance(v, np.generic) else v for v in row)
        for row in expected.itertuples(index=False, name=None)
    ]
    assert sorted(actual, key=repr) == sorted(expected_rows, key=repr)
    assert {row[2] for row in actual} == {"downloads_fell", "created_after_snapshot"}


def test_rejects_equal_ground_truth(sample_build):
    paths, eco, _ = sample_build
    with connect(paths.warehouse, read_only=True) as conn:
        rejects = conn.execute("select source_file, line_no from raw.hub_rejects").fetchall()
    assert sorted(rejects) == sorted(zip(eco.rejects["file"], eco.rejects["line_no"], strict=True))
    assert len(rejects) > 0


def test_shares_sum_to_one(sample_build):
    paths, _, _ = sample_build
    groups = {
        "mart_country_share": "month, attribution",
        "mart_family_share": "month",
        "mart_size_share": "month",
        "mart_derivative_share": "month",
        "mart_org_type_share": "month",
        "mart_token_share": "week, dimension",
    }
    with connect(paths.published_marts, read_only=True) as conn:
        for mart, group in groups.items():
            worst = conn.execute(
                f"select max(abs(total - 1)), min(low), max(high) from "
                f"(select sum(share) as total, min(share) as low, max(share) as high from {mart} group by {group})"
            ).fetchone()
            assert worst[0] < 1e-9 and worst[1] >= 0 and worst[2] <= 1, mart


def test_token_openness_equals_the_simulated_truth(sample_build):
    """Every slug the simulator serves comes out as it really is: open-weight labs'
    API-only models closed, dated permaslugs matched after their date is stripped,
    OpenRouter's `other` row unknown."""
    from orchestration.sample import _roster

    paths, eco, _ = sample_build
    truth = {
        slug.split(":")[0]: "unknown"
        if slug == "other"
        else ("closed" if kind == "closed" else "open_weight")
        for slug, _, kind, _ in _roster.TOKEN_SLUGS
    }
    served = {s.lower().split(":")[0] for s in eco.token_rows["slug"]}
    assert {"qwen/qwen-max", "deepseek/deepseek-v3.2-20251201", "other"} <= served
    with connect(paths.warehouse, read_only=True) as conn:
        rows = conn.execute(
            """
            select distinct u.slug, c.normalised_slug, c.openness
            from intermediate.int_tokens__daily_usage as u
            join intermediate.int_tokens__slug_catalogue as c using (normalised_slug)
            """
        ).fetchall()
    got = {slug.lower().split(":")[0]: openness for slug, _, openness in rows}
    assert got == {slug: truth[slug] for slug in served}
    normalised = {slug.lower(): norm for slug, norm, _ in rows}
    assert normalised["deepseek/deepseek-v3.2-20251201"] == "deepseek/deepseek-v3.2"
    assert normalised["anthropic/claude-4.5-sonnet-20250929"] == "anthropic/claude-4.5-sonnet"
    assert normalised["openai/gpt-4o-2024-08-06"] == "openai/gpt-4o"
    assert normalised["qwen/qwen3-30b-a3b-04-28:free"] == "qwen/qwen3-30b-a3b"


def test_coverage_is_built_and_checked(sample_build):
    """The coverage mart covers every measure, and its warning check ran on the build."""
    import dagster as dg

    paths, _, _ = sample_build
    with connect(paths.published_marts, read_only=True) as conn:
        measures = {
            m
            for (m,) in conn.execute(
                "select distinct measure from mart_attribution_coverage"
            ).fetchall()
        }
    assert measures == {
        "country_uploader",
        "country_lineage",
        "org_type",
        "family",
        "token_openness",
        "token_country",
    }
    instance = runs.get_instance(paths)
    record = instance.get_latest_asset_check_evaluation_record(
        dg.AssetCheckKey(
            dg.AssetKey(["marts", "mart_attribution_coverage"]), "uploader_country_coverage"
        )
    )
    assert record is not None and record.event.asset_check_evaluation.metadata["known_share"]


def test_the_coverage_check_warns_below_its_threshold(sample_build, monkeypatch):
    """Below OMW_COVERAGE_THRESHOLD the check fails with severity WARN (never blocks)."""
    import dagster as dg

    from orchestration.resources import WarehouseResource
    from orchestration.warehouse.coverage import uploader_country_coverage

    paths, _, _ = sample_build
    warehouse = WarehouseResource(data_dir=str(paths.data_dir))
    monkeypatch.setenv("OMW_COVERAGE_THRESHOLD", "0")
    assert uploader_country_coverage(warehouse=warehouse).passed
    monkeypatch.setenv("OMW_COVERAGE_THRESHOLD", "1.01")
    result = uploader_country_coverage(warehouse=warehouse)
    assert not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert "known uploader country (threshold 101%)" in result.description
    assert not next(iter(uploader_country_coverage.check_specs)).blocking
