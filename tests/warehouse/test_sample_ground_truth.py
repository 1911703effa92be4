"""The warehouse's marts equal an independent pandas implementation of docs/metrics.md.

The simulator writes a sample ecosystem whose accepted content it knows
exactly (ground truth: `eco.snapshots`, `eco.rejects`); the oracle in
`tests/support/oracle.py` computes every mart from that truth in plain
pandas. The warehouse reads the written files through the real CLI path.
"""

import json
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest

from orchestration import runs
from orchestration.demo.simulator import SampleConfig, simulate, write_sample
from orchestration.resources import DBT_PROJECT_DIR, connect
from orchestration.warehouse.dbt import UNIT_TESTS_ENV
from tests.support import oracle

# Builds the sample with dbt (about a minute): left out of `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

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
    "mart_country_share": ["month", "scope", "attribution", "country"],
    "mart_family_share": ["month", "scope", "family"],
    "mart_size_share": ["month", "scope", "param_bucket"],
    "mart_derivative_lineage": ["model_id", "root_id"],
    "mart_derivative_share": ["month", "scope", "family"],
    "mart_org_type_share": ["month", "scope", "org_type"],
    "mart_concentration": ["month", "scope"],
    "mart_adoption_rate": ["model_id", "scope", "age_days"],
    "mart_token_share": ["week", "dimension", "key"],
    "mart_token_openness": ["week", "openness"],
    "mart_derivative_kinds": ["month", "scope", "derivative_kind"],
    "mart_attribution_coverage": ["month", "scope", "measure"],
    "mart_cumulative_downloads": ["month", "scope", "dimension", "key"],
    "mart_openness_share": ["month", "scope", "dimension", "key"],
    "mart_size_trend": ["month", "scope"],
}
#: The groups within which a mart's shares sum to 1 (docs/metrics.md#scopes).
SHARE_GROUPS = {
    "mart_country_share": "month, scope, attribution",
    "mart_family_share": "month, scope",
    "mart_size_share": "month, scope",
    "mart_derivative_share": "month, scope",
    "mart_org_type_share": "month, scope",
    "mart_cumulative_downloads": "month, scope, dimension",
    "mart_token_share": "week, dimension",
    "mart_openness_share": "month, scope, dimension",
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
    with pytest.MonkeyPatch.context() as monkeypatch:
        # The suite's one build with dbt's unit tests (docs/extending.md#add-a-mart).
        monkeypatch.setenv(UNIT_TESTS_ENV, "1")
        built = runs.build(module_data_dir, instance)
    assert built.success, built.failures
    expected = oracle.all_marts(
        eco.snapshots, eco.token_rows, oracle.load_seeds(DBT_PROJECT_DIR / "seeds")
    )
    return module_data_dir, eco, expected


@pytest.fixture(scope="module")
def unscoped(sample_build):
    """The oracle's marts as defined before scopes (no scope column, every model)."""
    _, eco, _ = sample_build
    return oracle.all_marts(
        eco.snapshots,
        eco.token_rows,
        oracle.load_seeds(DBT_PROJECT_DIR / "seeds"),
        scoped=False,
    )


def _published(paths, sql: str) -> pd.DataFrame:
    with connect(paths.published_marts, read_only=True) as conn:
        return conn.execute(sql).df()


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
    actual = _published(paths, f"select * from {mart}")
    _assert_equal(mart, actual, expected_marts[mart], KEYS[mart])


def _assert_equal(mart: str, actual: pd.DataFrame, expected: pd.DataFrame, keys: list[str]):
    columns = list(expected.columns)
    assert set(columns) <= set(actual.columns), f"{mart} lacks {set(columns) - set(actual.columns)}"
    if mart != "dim_models":  # zero rows may be present or absent
        for amount in ("downloads", "downloads_all_time"):
            if amount in actual.columns:
                actual = actual[actual[amount] > 0]
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
    """Every (month, scope[, attribution | dimension]) group sums to 1, in every scope."""
    paths, _, _ = sample_build
    with connect(paths.published_marts, read_only=True) as conn:
        for mart, group in SHARE_GROUPS.items():
            worst = conn.execute(
                f"select max(abs(total - 1)), min(low), max(high), count(*) from "
                f"(select sum(share) as total, min(share) as low, max(share) as high from {mart} group by {group})"
            ).fetchone()
            assert worst[0] < 1e-9 and worst[1] >= 0 and worst[2] <= 1, mart
            assert worst[3] > 0, mart
            if "scope" in group:
                scopes = {
                    s for (s,) in conn.execute(f"select distinct scope from {mart}").fetchall()
                }
                assert scopes == set(oracle.SCOPES), (mart, scopes)


@pytest.mark.parametrize("mart", oracle.SCOPED_MARTS)
def test_hub_rows_are_the_marts_before_scopes(sample_build, unscoped, mart):
    """Rows of scope hub hold exactly what the mart held before scopes: the oracle's
    pre-scope computation over every model (all_marts(scoped=False); for the new
    mart_cumulative_downloads, the same computation over every model)."""
    paths, _, _ = sample_build
    actual = _published(paths, f"select * from {mart} where scope = 'hub'").drop(columns="scope")
    keys = [k for k in KEYS[mart] if k != "scope"]
    _assert_equal(mart, actual, unscoped[mart], keys)


def test_llm_and_tracked_change_the_answers(sample_build):
    """On the sample the scopes visibly differ from hub: the country shares, the size
    classes' adoption references, the stock; GGUF repackagings are flagged."""
    paths, _, _ = sample_build
    country = (
        _published(
            paths,
            "select month, scope, country, share from mart_country_share"
            " where attribution = 'uploader' and month = (select max(month) from mart_country_share)",
        )
        .pivot(index="country", columns="scope", values="share")
        .fillna(0.0)
    )
    assert (country["llm"] - country["hub"]).abs().max() > 0.03, country
    assert (country["tracked"] - country["hub"]).abs().max() > 0.03, country
    assert country.at["CN", "tracked"] > country.at["CN", "llm"] > country.at["CN", "hub"]

    totals = _published(
        paths,
        "select month, scope, sum(downloads) as downloads from mart_family_share group by all",
    ).pivot(index="month", columns="scope", values="downloads")
    assert ((totals["llm"] / totals["hub"]).between(0.5, 0.95)).all(), totals
    assert (totals["tracked"] < totals["llm"]).all(), totals

    reference = _published(
        paths,
        "select scope, age_days, any_value(reference_downloads) as reference"
        " from mart_adoption_rate where param_bucket = '<1B' and reference_downloads is not null"
        " group by all",
    ).pivot(index="age_days", columns="scope", values="reference")
    assert (reference["llm"] != reference["hub"]).sum() >= 3, reference

    stock = _published(
        paths,
        "select scope, sum(downloads_all_time) as stock from mart_cumulative_downloads"
        " where dimension = 'family' and month = (select max(month) from mart_cumulative_downloads)"
        " group by all",
    ).set_index("scope")["stock"]
    assert stock["hub"] > stock["llm"] > stock["tracked"] > 0, stock

    dim = _published(
        paths, "select model_id, is_repackaging, library_name, downloads_all_time from dim_models"
    ).set_index("model_id")
    assert dim["is_repackaging"].sum() >= 50
    gguf = dim.index.str.lower().str.endswith("gguf")
    assert dim.loc[gguf, "is_repackaging"].all()
    for model_id in (
        "mlx-community/Llama-3.2-3B-Instruct-4bit",
        "second-state/Llama-3.2-3B-Instruct-GGUF",
        "turboderp/Llama-3.1-8B-Instruct-exl2",
        "TheBloke/Mistral-7B-Instruct-v0.2-GPTQ",
    ):
        assert dim.at[model_id, "is_repackaging"], model_id
    assert not dim.at["self-ref-lab/mirror-7b-int4", "is_repackaging"]
    assert not dim.at["Qwen/Qwen2.5-7B-Instruct", "is_repackaging"]


def test_token_openness_equals_the_simulated_truth(sample_build):
    """Every slug the simulator serves comes out as it really is: open-weight labs'
    API-only models closed, dated permaslugs matched after their date is stripped,
    OpenRouter's `other` row unknown."""
    from orchestration.demo import roster

    paths, eco, _ = sample_build
    truth = {
        slug.split(":")[0]: "unknown"
        if slug == "other"
        else ("closed" if kind == "closed" else "open_weight")
        for slug, _, kind, _ in roster.TOKEN_SLUGS
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


REPRODUCING = DBT_PROJECT_DIR.parent / "docs" / "reproducing.md"


def _figure_queries() -> list[tuple[str, str]]:
    """(figure, SQL) for every `<!-- figure: name -->` section of docs/reproducing.md."""
    text = REPRODUCING.read_text()
    found = re.findall(r"<!-- figure: ([\w-]+) -->.*?```sql\n(.*?)```", text, flags=re.S)
    return [(name, sql) for name, sql in found]


def test_reproducing_lists_every_figure():
    names = [name for name, _ in _figure_queries()]
    assert names == [
        "china-vs-us-downloads",
        "chinese-token-share",
        "size-7-9b-share",
        "qwen-new-derivatives",
        "deepseek-250b-class",
        "cumulative-china-vs-us",
        "gpt-oss-adoption",
        "concentration",
        "open-source-vs-open-weight",
        "model-size-growth",
        "derivative-kinds",
    ]


@pytest.mark.parametrize(
    ("figure", "sql"), _figure_queries(), ids=[n for n, _ in _figure_queries()]
)
def test_reproducing_query_runs_on_the_sample(sample_build, figure, sql):
    """Every query of docs/reproducing.md runs against the published sample and
    returns numbers (the sample covers 2025-06 to 2026-01: windows outside it are empty)."""
    paths, _, _ = sample_build
    with connect(paths.published_marts, read_only=True) as conn:
        rows = conn.execute(sql).fetchall()
    if figure in ("china-vs-us-downloads", "size-7-9b-share"):
        # Windows end 2025-08: the sample's first months fall inside them.
        assert rows and all(v is not None for row in rows for v in row[1:]), rows
    elif figure in ("chinese-token-share", "concentration", "cumulative-china-vs-us"):
        assert rows, figure
        for row in rows:
            assert all(v is None or not isinstance(v, float) or v >= 0 for v in row)
    elif figure == "open-source-vs-open-weight":
        # both kinds of openness in every month of both scopes (docs/metrics.md#licences-and-openness)
        assert rows and {row[1] for row in rows} == {"hub", "llm"}
        assert all(0 < row[2] < 100 and abs(row[2] + row[3] - 100) < 0.05 for row in rows), rows
    elif figure == "model-size-growth":
        [(first, last, mean_growth, median_growth, lowest_known)] = rows
        assert first < last and mean_growth > 0 and median_growth > 0 and 0 < lowest_known <= 1
