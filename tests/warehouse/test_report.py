"""The HTML report: every chart from a tiny published file, offline, atomic, tolerant of gaps.

The published file is built here from a few hand-written rows per mart (in the
DuckDB 1.x-compatible storage format `publish_marts` uses), so the expected number
of data points per chart can be counted by hand.
"""

import hashlib
import re
from datetime import date, timedelta
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs

from orchestration.warehouse.publish import PUBLISHED_STORAGE_VERSION
from orchestration.warehouse.report import CHART_IDS, build_report, derivatives, downloads, openness
from orchestration.warehouse.report.plotting import OTHER_COLOR

MONTHS = [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
WEEKS = [date(2025, 1, 6), date(2025, 1, 13), date(2025, 1, 20)]
# 8 countries: the top 6 are drawn and 2 fold into "other countries".
COUNTRIES = ["US", "CN", "FR", "DE", "GB", "KR", "IN", "unknown"]
# 9 named families + Other: the top 8 are drawn, the 9th and Other fold together.
FAMILIES = ["Qwen", "Llama", "DeepSeek", "Mistral", "Gemma", "Phi", "GPT-OSS", "Kimi", "Granite"]
BUCKETS = ["unknown", "250B+", "1-5B", "<1B", "100-250B", "5-10B", "50-100B", "10-50B"]
# Derivatives per month by kind: five named kinds and two other relation words, which fold
# into "other relations" (1 each, so 2 of the month's 29 + j).
KINDS = {"finetune": 10, "adapter": 6, "quantized": 8, "merge": 2, "unspecified": 1}
OTHER_WORDS = ["distillation", "pruned"]
# Licence classes in the file's order, not the chart's.
LICENSE_DOWNLOADS = {"unknown": 150, "other": 50, "restricted": 200, "permissive": 500,
                     "non_commercial": 100}  # fmt: skip


def _shares(rows: list[tuple], group: int) -> list[tuple]:
    """Append value / total of the rows sharing the first `group` fields."""
    totals: dict[tuple, float] = {}
    for r in rows:
        totals[r[:group]] = totals.get(r[:group], 0.0) + r[-1]
    return [(*r, r[-1] / totals[r[:group]]) for r in rows]


# Rows of another scope than `hub`: the report shows scope `hub` only, so none of
# these may reach the page (the key "llm-only" would show in a legend or label).
LLM_ONLY = "llm-only"
# The openness and size trend charts also show scope `llm`, but never `tracked`.
TRACKED_ONLY = "tracked-only"


def _scoped(rows: list[tuple], at: int = 1, extra: list[tuple] = ()) -> list[tuple]:
    """The rows as scope `hub` (a `scope` column inserted at `at`), plus `extra` rows."""
    return [(*r[:at], "hub", *r[at:]) for r in rows] + list(extra)


def _rows() -> dict[str, tuple[str, list[tuple]]]:
    """table -> (column definitions, rows)."""
    country = _shares(
        [
            (m, attribution, c, float((len(COUNTRIES) - i) * 100 + j * 10 + (a * 7)))
            for j, m in enumerate(MONTHS)
            for a, attribution in enumerate(["uploader", "lineage"])
            for i, c in enumerate(COUNTRIES)
        ],
        2,
    )
    family = _shares(
        [
            (m, f, float((20 - i) * 50 + j))
            for j, m in enumerate(MONTHS)
            for i, f in enumerate([*FAMILIES, "Other"])
        ],
        1,
    )
    derivatives = _shares(
        [(m, f, float(10 - i) + 0.5) for m in MONTHS for i, f in enumerate([*FAMILIES, "Other"])],
        1,
    )
    size = _shares(
        [
            (m, b, float(100 + i * 10 + j))
            for j, m in enumerate(MONTHS)
            for i, b in enumerate(BUCKETS)
        ],
        1,
    )
    org = _shares(
        [(m, o, 100.0 + i) for m in MONTHS for i, o in enumerate(["company", "individual"])], 1
    )
    # 20 models over three size classes with a value at 7 and 14 days.
    adoption = []
    for i in range(20):
        bucket = ["1-5B", "5-10B", "100-250B"][i % 3]
        for age in (7, 14):
            value = 1000.0 * (i + 1) * (age / 7)
            adoption.append(
                (f"org/model-{i:02d}", bucket, age, value, 5000.0, value / 5000.0, None, None)
            )
    tokens = _shares(
        [
            (w, "country", c, 1000 * (len(COUNTRIES) - i) + j)
            for j, w in enumerate(WEEKS)
            for i, c in enumerate(COUNTRIES)
        ]
        + [
            (w, "family", f, 500 * (len(FAMILIES) - i) + j)
            for j, w in enumerate(WEEKS)
            for i, f in enumerate(FAMILIES)
        ],
        2,
    )
    derivative_kinds = _shares(
        [
            (m, kind, n + (j if kind == "finetune" else 0))
            for j, m in enumerate(MONTHS)
            for kind, n in [*KINDS.items(), *((w, 1) for w in OTHER_WORDS)]
        ],
        1,
    )
    openness = _shares(
        [
            (m, "hub", "license_class", k, float(v + (10 * j if k == "permissive" else 0)))
            for j, m in enumerate(MONTHS)
            for k, v in LICENSE_DOWNLOADS.items()
        ]
        + [(m, "llm", "license_class", LLM_ONLY, 1e9) for m in MONTHS]
        + [
            (m, scope, "openness", k, v)
            for j, m in enumerate(MONTHS)
            for scope, k, v in (
                ("hub", "open_source", 100.0 + 10 * j),
                ("hub", "open_weight", 900.0),
                ("llm", "open_source", 300.0),
                ("llm", "open_weight", 700.0),
                ("tracked", TRACKED_ONLY, 1e9),
            )
        ],
        3,
    )
    size_trend = [
        (m, scope, mean + 1e9 * j, median, 100 + j, 1000.0, known)
        for j, m in enumerate(MONTHS)
        for scope, mean, median, known in (
            ("hub", 8e9, 4_000_000_000, 0.9),
            ("llm", 20e9, 8_000_000_000 + j, 0.95),
            ("tracked", 1e15, 1, 1.0),
        )
    ]
    return {
        "dim_models": (
            "model_id varchar, author varchar, created_date date, params bigint, "
            "param_bucket varchar, country varchar, org_type varchar, is_derivative boolean, "
            "family varchar",
            [
                (
                    "Qwen/Qwen3-8B",
                    "Qwen",
                    date(2025, 1, 2),
                    8_190_735_360,
                    "5-10B",
                    "CN",
                    "company",
                    False,
                    "Qwen",
                ),
                (
                    "meta-llama/Llama-3.1-8B",
                    "meta-llama",
                    date(2025, 1, 3),
                    8_030_261_248,
                    "5-10B",
                    "US",
                    "company",
                    False,
                    "Llama",
                ),
                (
                    "u/Qwen3-8B-GGUF",
                    "u",
                    date(2025, 2, 1),
                    None,
                    "unknown",
                    "DE",
                    "individual",
                    True,
                    "Qwen",
                ),
            ],
        ),  # fmt: skip
        "fct_downloads_daily": (
            "model_id varchar, date date, downloads double",
            [("Qwen/Qwen3-8B", MONTHS[0] + timedelta(days=d), 10.0) for d in range(5)],
        ),
        "mart_country_share": (
            "month date, scope varchar, attribution varchar, country varchar, downloads double, "
            "share double",
            _scoped(
                country,
                extra=[
                    (m, "llm", a, LLM_ONLY, 1e9, 1.0)
                    for m in MONTHS
                    for a in ("uploader", "lineage")
                ],
            ),
        ),
        "mart_family_share": (
            "month date, scope varchar, family varchar, downloads double, share double",
            _scoped(family, extra=[(m, "llm", LLM_ONLY, 1e9, 1.0) for m in MONTHS]),
        ),
        "mart_derivative_share": (
            "month date, scope varchar, family varchar, new_derivatives double, share double",
            _scoped(derivatives, extra=[(m, "llm", LLM_ONLY, 1e9, 1.0) for m in MONTHS]),
        ),
        "mart_derivative_kinds": (
            "month date, scope varchar, derivative_kind varchar, new_derivatives bigint, "
            "share double",
            _scoped(derivative_kinds, extra=[(m, "llm", LLM_ONLY, 1000, 1.0) for m in MONTHS]),
        ),
        "mart_size_share": (
            "month date, scope varchar, param_bucket varchar, downloads double, share double",
            _scoped(size, extra=[(m, "llm", LLM_ONLY, 1e9, 1.0) for m in MONTHS]),
        ),
        "mart_size_trend": (
            "month date, scope varchar, mean_params double, median_params bigint, models bigint, "
            "downloads double, known_share double",
            size_trend,
        ),
        "mart_openness_share": (
            "month date, scope varchar, dimension varchar, key varchar, downloads double, "
            "share double",
            openness,
        ),
        "mart_org_type_share": (
            "month date, scope varchar, org_type varchar, downloads double, share double",
            _scoped(org, extra=[(m, "llm", LLM_ONLY, 1e9, 1.0) for m in MONTHS]),
        ),
        "mart_adoption_rate": (
            "model_id varchar, scope varchar, param_bucket varchar, age_days integer, "
            "cumulative_downloads double, reference_downloads double, relative_adoption double, "
            "relative_adoption_vs_10th double, tenth_highest_downloads double",
            _scoped(
                adoption,
                extra=[
                    (f"org/{LLM_ONLY}", "llm", "1-5B", age, 1e9, 10.0, 1e8, None, None)
                    for age in (7, 14)
                ],
            ),
        ),
        "mart_token_share": (
            "week date, dimension varchar, key varchar, tokens hugeint, share double",
            tokens,
        ),
        "mart_cumulative_downloads": (
            "month date, scope varchar, dimension varchar, key varchar, "
            "downloads_all_time double, share double",
            [
                (m, scope, "country_uploader", c, float(1000 * (j + 1) * (i + 1)), 0.0)
                for j, m in enumerate(MONTHS)
                for scope in ("hub", "tracked")
                for i, c in enumerate(["US", "CN", "FR"])
            ]
            + [(m, "tracked", "family", "Qwen", 5.0, 1.0) for m in MONTHS],
        ),
        "mart_token_openness": (
            "week date, openness varchar, tokens hugeint, share double",
            [
                (w, o, t, t / 1000)
                for w in WEEKS
                for o, t in (("open_weight", 300), ("closed", 600), ("unknown", 100))
            ],
        ),
        "mart_attribution_coverage": (
            "month date, scope varchar, measure varchar, total double, attributed double, "
            "known_share double",
            [
                (m, "hub", measure, 100.0, 60.0 + j, (60.0 + j) / 100)
                for j, m in enumerate(MONTHS)
                for measure in ("country_uploader", "country_lineage", "org_type", "family")
            ]
            + [(MONTHS[-1], "hub", "token_openness", 10.0, 9.0, 0.9)]
            + [(m, "llm", "country_uploader", 1e9, 0.0, 0.0) for m in MONTHS],
        ),
        "mart_concentration": (
            "month date, scope varchar, participants bigint, hhi double, gini double, "
            "top10_share double",
            _scoped(
                [
                    (m, 100 + j, 0.1 - j * 0.01, 0.8 + j * 0.01, 0.7 + j * 0.02)
                    for j, m in enumerate(MONTHS)
                ],
                extra=[(m, "llm", 7, 0.5, 0.1, 1.0) for m in MONTHS],
            ),
        ),
    }


def make_published(
    path: Path,
    omit: set[str] = frozenset(),
    empty: set[str] = frozenset(),
    overrides: dict[str, tuple[str, list[tuple]]] | None = None,
) -> Path:
    """A published marts file like `publish_marts` writes (schema main, v1.0.0 storage)."""
    tables = {**_rows(), **(overrides or {})}
    with duckdb.connect() as conn:
        conn.execute(f"attach '{path}' as pub (storage_version '{PUBLISHED_STORAGE_VERSION}')")
        for name, (columns, rows) in tables.items():
            if name in omit:
                continue
            conn.execute(f"create table pub.main.{name} ({columns})")
            if rows and name not in empty:
                marks = ", ".join("?" * len(rows[0]))
                conn.executemany(f"insert into pub.main.{name} values ({marks})", rows)
        conn.execute("checkpoint pub")
        conn.execute("detach pub")
    return path


# Series × time points, counted by hand from the rows above.
EXPECTED_POINTS = {
    "chart-country-share": 2 * (6 + 1) * 3,  # two panels, top 6 + other, 3 months
    "chart-family-share": (8 + 1) * 3,  # top 8 + "Other + smaller families"
    "chart-derivative-share": (8 + 1) * 3,
    "chart-derivative-kinds": (5 + 1) * 3,  # five kinds + "other relations"
    "chart-size-share": 8 * 3,  # every bucket, none folded
    "chart-size-trend": 2 * 2 * 3,  # mean and median, scopes hub and llm
    "chart-license-classes": 5 * 3,  # every licence class, scope hub
    "chart-download-openness": 2 * 2 * 3,  # open source and open weight, hub and llm
    "chart-adoption": 15,  # top 15 of 20 models at 14 days
    "chart-token-country": (6 + 1) * 3,
    "chart-token-family": 8 * 3,  # lines for the top 8, no remainder series
    "chart-concentration": 3 * 3,  # Gini, HHI, top-10 share
    "chart-token-openness": 3 * 3,  # open-weight, closed, unknown
    "chart-country-by-scope": 2 * 3,  # CN and US, scope hub only in this file
    "chart-cumulative": 3 * 3,  # tracked stock of three countries
    "chart-attribution-coverage": 4 * 3 + 3,  # four download measures, one token measure
}


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int], str]:
    root = tmp_path_factory.mktemp("report")
    db = make_published(root / "marts.duckdb")
    out = root / "serving" / "report.html"
    points = build_report(db, out)
    return db, out, points, out.read_text(encoding="utf-8")


def test_every_chart_is_drawn_with_data(full):
    _, out, points, page = full
    assert out.is_file()
    assert set(points) == set(CHART_IDS) == set(EXPECTED_POINTS)
    assert points == EXPECTED_POINTS
    assert all(n > 0 for n in points.values())
    for chart_id in CHART_IDS:
        tag = re.search(rf"<div class='([^']*)' id='{chart_id}' data-points='(\d+)'>", page)
        assert tag, chart_id
        assert tag.group(1) == "omw-chart"
        assert int(tag.group(2)) == points[chart_id]
        assert f'id="{chart_id}-plot"' in page
    assert "Not shown" not in page


def test_page_content(full):
    _, _, _, page = full
    assert "2025-01 to 2025-03" in page  # data range
    assert "3 tracked — 2 base models, 1 derivatives" in page
    assert re.search(r"Generated:</strong> \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC\)", page)
    assert "How to read" in page
    assert "share of monthly downloads (%)" in page
    assert "share of weekly open-weight tokens (%)" in page
    assert "other countries" in page and "Other + smaller families" in page
    assert page.count("Hugging Face Hub snapshots") >= 6
    assert page.count("OpenRouter token exports") >= 2
    for table in ("mart_country_share", "mart_adoption_rate", "mart_concentration"):
        assert f"<code>{table}</code>" in page
    # The per-class table: best model at 7 and 14 days (model-18 is the largest 1-5B).
    assert "table-adoption-top-per-class" in page
    assert "org/model-18 <span class='omw-x'>3.8×</span>" in page  # 19000 / 5000 at 7 days
    assert "org/model-18 <span class='omw-x'>7.6×</span>" in page  # 38000 / 5000 at 14 days
    # Only scope `hub` is shown: no row of scope `llm` reaches a chart or table.
    assert LLM_ONLY not in page.replace(get_plotlyjs(), "")
    assert TRACKED_ONLY not in page.replace(get_plotlyjs(), "")
    # The new charts' titles and definitions.
    for title in (
        "New derivatives by kind",
        "Model size trend",
        "Licence class share of downloads",
        "Open source vs open weight downloads",
    ):
        assert f"{title}</h2>" in page and f"{title}</a>" in page
    assert "two or more parents is a merge" in page
    assert "bare base_model tag" in page
    assert "base_model:&lt;relation&gt;:&lt;parent&gt;" in page
    assert "weights, training data and code are released" in page
    assert "“unknown” a model with no licence tag" in page
    assert "safetensors, else GGUF" in page
    assert "cumulative downloads, smallest models first, reach half" in page
    # Charts follow the order of CHARTS: each new chart next to its neighbour.
    order = [c for c in CHART_IDS if f"id='{c}'" in page]
    assert order == list(CHART_IDS)
    assert (
        CHART_IDS.index("chart-derivative-kinds") == CHART_IDS.index("chart-derivative-share") + 1
    )
    assert CHART_IDS.index("chart-size-trend") == CHART_IDS.index("chart-size-share") + 1


def _traces(fig) -> dict[str, tuple[list, list]]:
    return {t.name: (list(t.x), list(t.y)) for t in fig.data}


def test_derivative_kinds_chart(full):
    db = full[0]
    with duckdb.connect(str(db), read_only=True) as conn:
        fig = derivatives.derivative_kinds(conn).figure
    names = [t.name for t in fig.data]
    # The fixed order, the other words folded; the llm-only kind is not drawn.
    assert names == ["finetune", "adapter", "quantized", "merge", "unspecified", "other relations"]
    traces = _traces(fig)
    assert traces["finetune"][0] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    # 29 new derivatives in January: 10 finetunes, 2 of other words.
    assert traces["finetune"][1][0] == pytest.approx(100 * 10 / 29, abs=1e-4)
    assert traces["other relations"][1] == pytest.approx(
        [100 * 2 / (29 + j) for j in range(3)], abs=1e-4
    )
    assert [sum(t.y[i] for t in fig.data) for i in range(3)] == pytest.approx([100] * 3, abs=1e-3)
    counts = {t.name: list(t.customdata) for t in fig.data}
    assert counts["finetune"] == [10, 11, 12]
    assert counts["other relations"] == [2, 2, 2]
    assert all(isinstance(t, go.Bar) for t in fig.data)
    assert fig.layout.barmode == "stack"
    assert fig.data[-1].marker.color == OTHER_COLOR


def test_license_classes_chart(full):
    db = full[0]
    with duckdb.connect(str(db), read_only=True) as conn:
        fig = openness.license_classes(conn).figure
    assert [t.name for t in fig.data] == list(openness.LICENSE_CLASSES)
    assert all(t.stackgroup == "one" for t in fig.data)
    traces = _traces(fig)
    assert traces["permissive"][1] == pytest.approx(
        [100 * (500 + 10 * j) / (1000 + 10 * j) for j in range(3)], abs=1e-4
    )
    assert traces["unknown"][1][0] == pytest.approx(15.0)
    assert fig.data[-1].fillcolor == OTHER_COLOR


def test_download_openness_chart(full):
    db = full[0]
    with duckdb.connect(str(db), read_only=True) as conn:
        fig = openness.download_openness(conn).figure
    traces = _traces(fig)
    assert list(traces) == [
        "open_source · hub",
        "open_source · llm",
        "open_weight · hub",
        "open_weight · llm",
    ]  # no tracked scope
    assert traces["open_source · hub"][1] == pytest.approx([10.0, 11.0 / 1.01, 12.0 / 1.02])
    assert traces["open_source · llm"][1] == pytest.approx([30.0] * 3)
    assert traces["open_weight · llm"][1] == pytest.approx([70.0] * 3)
    dashes = {t.name: t.line.dash for t in fig.data}
    assert dashes["open_source · hub"] == "solid" and dashes["open_source · llm"] == "dash"
    assert list(fig.data[0].customdata) == [100, 110, 120]  # downloads in the hover


def test_size_trend_chart(full):
    db = full[0]
    with duckdb.connect(str(db), read_only=True) as conn:
        fig = downloads.size_trend(conn).figure
    traces = _traces(fig)
    assert list(traces) == ["mean · hub", "mean · llm", "median · hub", "median · llm"]
    # In billions, on a log axis; the tracked rows (1e15) are not drawn.
    assert traces["mean · hub"][1] == [8.0, 9.0, 10.0]
    assert traces["mean · llm"][1] == [20.0, 21.0, 22.0]
    assert traces["median · hub"][1] == [4.0, 4.0, 4.0]
    assert traces["median · llm"][1] == pytest.approx([8.0] * 3)
    assert fig.layout.yaxis.type == "log"
    # The known share and the model count go to the hover.
    assert [list(c) for c in fig.data[0].customdata] == [[90.0, 100], [90.0, 101], [90.0, 102]]
    assert "known count" in fig.data[0].hovertemplate


def test_plotly_inlined_once_and_no_external_requests(full):
    _, out, _, page = full
    js = get_plotlyjs()
    assert page.count(js) == 1
    assert page.count("plotly.js v") == 1
    # Figures draw with the inlined library; nothing is loaded from elsewhere.
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=\s*['\"]?\s*(https?:)?//", page, re.I)
    assert not re.search(r"<(img|iframe)[^>]*\bsrc\s*=\s*['\"]?\s*(https?:)?//", page, re.I)
    assert "mathjax" not in page.replace(js, "").lower().replace("mathjaxconfig: 'local'", "")
    # Outside the library itself the page holds no URL at all.
    assert not re.search(r"https?://", page.replace(js, ""))
    # Small beside plotly.js itself.
    assert out.stat().st_size < len(js.encode()) + 500_000


def test_reads_only_the_published_file(full, tmp_path):
    db, _, _, _ = full
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    build_report(db, tmp_path / "again.html")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["marts.duckdb", "serving"]
    with pytest.raises(FileNotFoundError):
        build_report(tmp_path / "absent.duckdb", tmp_path / "r.html")


def test_missing_empty_and_unreadable_tables_are_skipped(tmp_path):
    db = make_published(
        tmp_path / "marts.duckdb",
        omit={"mart_token_share", "mart_family_share", "mart_size_trend"},
        empty={"mart_concentration"},
        overrides={
            # Kinds of scope llm only: nothing for the hub chart.
            "mart_derivative_kinds": (
                "month date, scope varchar, derivative_kind varchar, new_derivatives bigint, "
                "share double",
                [(MONTHS[0], "llm", "finetune", 3, 1.0)],
            ),
            # Licence classes only: no openness rows.
            "mart_openness_share": (
                "month date, scope varchar, dimension varchar, key varchar, downloads double, "
                "share double",
                [(MONTHS[0], "hub", "license_class", "permissive", 5.0, 1.0)],
            ),
            # Only 7-day values: nothing for the 14-day leaderboard.
            "mart_adoption_rate": (
                "model_id varchar, scope varchar, param_bucket varchar, age_days integer, "
                "cumulative_downloads double, relative_adoption double",
                [("org/a", "hub", "1-5B", 7, 500.0, 2.0)],
            ),
            # A file from before `share` existed.
            "mart_size_share": (
                "month date, param_bucket varchar, downloads double",
                [(MONTHS[0], "1-5B", 1.0)],
            ),
        },
    )
    out = tmp_path / "report.html"
    points = build_report(db, out)
    skipped = {
        "chart-family-share",
        "chart-size-share",
        "chart-adoption",
        "chart-token-country",
        "chart-token-family",
        "chart-concentration",
        "chart-derivative-kinds",
        "chart-size-trend",
        "chart-download-openness",
    }
    assert set(points) == set(CHART_IDS)
    assert {c for c, n in points.items() if n == 0} == skipped
    assert points["chart-country-share"] == EXPECTED_POINTS["chart-country-share"]
    page = out.read_text(encoding="utf-8")
    for chart_id in skipped:
        assert f"<div class='omw-chart omw-chart-skipped' id='{chart_id}' data-points='0'>" in page
        assert f'id="{chart_id}-plot"' not in page
    assert "Not shown: table mart_token_share is not in this published file." in page
    assert "Not shown: table mart_family_share is not in this published file." in page
    assert "Not shown: table mart_concentration is empty." in page
    assert "Not shown: table mart_size_trend is not in this published file." in page
    assert "Not shown: mart_derivative_kinds: no rows of scope &#x27;hub&#x27;." in page
    assert "Not shown: mart_openness_share: no rows with dimension &#x27;openness&#x27;." in page
    assert points["chart-license-classes"] == 1
    assert "no model has a relative adoption value at 14 days" in page
    assert "mart_size_share could not be read (BinderException" in page
    assert page.count(get_plotlyjs()) == 1


def test_file_without_marts(tmp_path):
    db = tmp_path / "marts.duckdb"
    with duckdb.connect(str(db)) as conn:
        conn.execute("create table unrelated (x integer)")
    out = tmp_path / "report.html"
    assert build_report(db, out) == dict.fromkeys(CHART_IDS, 0)
    page = out.read_text(encoding="utf-8")
    assert "no monthly download marts in this file" in page
    assert page.count("is not in this published file") == len(CHART_IDS)


def test_write_is_atomic(tmp_path, monkeypatch):
    db = make_published(tmp_path / "marts.duckdb")
    out_dir = tmp_path / "serving"
    out_dir.mkdir()
    out = out_dir / "report.html"
    out.write_text("old report", encoding="utf-8")

    build_report(db, out)
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.html"]  # no temp left
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    # A failure at the rename leaves the previous report whole and no temp file.
    out.write_text("old report", encoding="utf-8")

    def fail(src, dst):
        raise OSError("disk gone")

    monkeypatch.setattr("orchestration.warehouse.report.page.os.replace", fail)
    with pytest.raises(OSError, match="disk gone"):
        build_report(db, out)
    assert out.read_text(encoding="utf-8") == "old report"
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.html"]


def test_report_renders_in_headless_chromium_without_console_errors(full, tmp_path):
    """Every chart is drawn by plotly in a real browser (installed by .ci/run) from the
    offline page, and the browser logs no console message."""
    import re
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "chromium is required (.ci/run installs it with apt-get)"
    _, out, points, _ = full
    completed = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=15000",
            "--dump-dom",
            out.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    dom = completed.stdout
    console = [
        line for line in completed.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line
    ]
    assert console == []
    starts = [
        (m.start(), m.group(1))
        for m in re.finditer(r'class="omw-chart[^"]*" id="(chart-[a-z-]+)"', dom)
    ]
    assert {chart for _, chart in starts} == set(points)
    for index, (start, chart) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(dom)
        section = dom[start:end]
        assert 'class="main-svg"' in section, f"{chart} was not drawn"
        assert section.count('class="trace') + section.count('class="point') > 0, (
            f"{chart} has no data drawn"
        )
