"""The report's charts in page order: the question each answers, the marts it reads, its drawing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from orchestration.warehouse.report import (
    adoption,
    coverage,
    derivatives,
    downloads,
    openness,
    tokens,
)
from orchestration.warehouse.report.adoption import TOP_ADOPTION
from orchestration.warehouse.report.derivatives import OTHER_RELATIONS
from orchestration.warehouse.report.plotting import (
    OTHER_FAMILIES,
    TOP_COUNTRIES,
    TOP_FAMILIES,
    Drawn,
)

HUB = "Hugging Face Hub snapshots"
OPENROUTER = "OpenRouter token exports"


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    lede: str
    tables: tuple[str, ...]
    source: str
    draw: Callable[[duckdb.DuckDBPyConnection], Drawn]


CHARTS: tuple[Chart, ...] = (
    Chart(
        "chart-country-share",
        "Country share of downloads, by uploader and by lineage",
        f"Monthly share of Hub downloads by country: top {TOP_COUNTRIES} countries, the rest "
        "summed as “other countries”. Left: the country of whoever uploaded the model. Right: "
        "the country of the base models it is built on (a German quantization of a Chinese "
        "model counts as Chinese).",
        ("mart_country_share",),
        HUB,
        downloads.country_share,
    ),
    Chart(
        "chart-family-share",
        "Family share of downloads (lineage view)",
        f"Monthly share of Hub downloads by the family of each model's base models: top "
        f"{TOP_FAMILIES} families, stacked; “{OTHER_FAMILIES}” also holds models that match no "
        "family rule.",
        ("mart_family_share",),
        HUB,
        downloads.family_share,
    ),
    Chart(
        "chart-derivative-share",
        "New derivatives by base family",
        "Which families the fine-tunes, adapters, quantizations and merges created each month "
        "build on (by creation month; a merge of two families counts half to each).",
        ("mart_derivative_share",),
        HUB,
        derivatives.derivative_share,
    ),
    Chart(
        "chart-derivative-kinds",
        "New derivatives by kind",
        "Monthly share of new Hub derivatives by kind (by creation month; each derivative "
        "counts once). A derivative with two or more parents is a merge; with one parent it "
        "takes that parent's relation from its base_model:<relation>:<parent> tag (finetune, "
        f"adapter, quantized; any other word is summed as “{OTHER_RELATIONS}”), and "
        "unspecified when the parent is named only by a bare base_model tag.",
        ("mart_derivative_kinds",),
        HUB,
        derivatives.derivative_kinds,
    ),
    Chart(
        "chart-size-share",
        "Size-class share of downloads",
        "Monthly share of Hub downloads by parameter count (from the model's safetensors "
        "metadata, else its GGUF metadata; “unknown” when the Hub lists neither).",
        ("mart_size_share",),
        HUB,
        downloads.size_share,
    ),
    Chart(
        "chart-size-trend",
        "Model size trend",
        "The size of the models people download each month, in billions of parameters (log "
        "scale): the mean and the median weighted by downloads, over the models with a known "
        "parameter count (safetensors, else GGUF). The median is the smallest count at which "
        "the cumulative downloads, smallest models first, reach half. Whole Hub (solid) and "
        "language models only (dashed); the hover gives the share of the month's downloads "
        "with a known count.",
        ("mart_size_trend",),
        HUB,
        downloads.size_trend,
    ),
    Chart(
        "chart-license-classes",
        "Licence class share of downloads",
        "Monthly share of Hub downloads by the class of each model's own licence tag (the "
        "uploader's choice): permissive, restricted or non_commercial; “other” is a licence "
        "the licence seed does not list, “unknown” a model with no licence tag.",
        ("mart_openness_share",),
        HUB,
        openness.license_classes,
    ),
    Chart(
        "chart-download-openness",
        "Open source vs open weight downloads",
        "Monthly share of downloads by openness, by lineage: a model's downloads are split "
        "across its roots' families by weight. A family is open_source when its weights, "
        "training data and code are released, open_weight otherwise. Whole Hub (solid) and "
        "language models only (dashed).",
        ("mart_openness_share",),
        HUB,
        openness.download_openness,
    ),
    Chart(
        "chart-adoption",
        "Relative adoption leaderboard (14 days)",
        f"The {TOP_ADOPTION} base models with the highest relative adoption at 14 days: "
        "downloads by day 14 divided by the median of the top 10 models of the same size class "
        "at the same age (1.0× = a typical head model of its class).",
        ("mart_adoption_rate",),
        HUB,
        adoption.adoption,
    ),
    Chart(
        "chart-token-country",
        "Token share by country",
        f"Weekly share of open-weight inference tokens by the country of the model's developer: "
        f"top {TOP_COUNTRIES} countries, the rest summed as “other countries”.",
        ("mart_token_share",),
        OPENROUTER,
        tokens.token_country,
    ),
    Chart(
        "chart-token-family",
        "Token share by family",
        f"Weekly share of open-weight inference tokens for the top {TOP_FAMILIES} families "
        "(lines; the families not shown make up the rest).",
        ("mart_token_share",),
        OPENROUTER,
        tokens.token_family,
    ),
    Chart(
        "chart-country-by-scope",
        "China and the US in each scope",
        "Uploader-country share of monthly downloads on the whole Hub (solid), on language "
        "models only (dashed) and on the ATOM Project's tracked models (dotted): whether a lead "
        "holds depends on the universe counted.",
        ("mart_country_share",),
        HUB,
        downloads.country_by_scope,
    ),
    Chart(
        "chart-cumulative",
        "Stock of downloads by country",
        f"All-time downloads of the tracked models at each month's last snapshot, by the "
        f"uploader's country (top {TOP_COUNTRIES}, the rest summed): the cumulative counts "
        "the ATOM Project reports, not the month's flow.",
        ("mart_cumulative_downloads",),
        HUB,
        downloads.cumulative,
    ),
    Chart(
        "chart-token-openness",
        "Open-weight vs closed tokens",
        "Weekly share of ALL inference tokens by openness, from the token model catalogue: "
        "open-weight models, closed (API-only) models — open-weight labs' included — and "
        "“unknown” for slugs the catalogue does not list.",
        ("mart_token_openness",),
        OPENROUTER,
        tokens.token_openness,
    ),
    Chart(
        "chart-attribution-coverage",
        "Attribution coverage",
        "How much of each month's downloads (tokens for the token measures) has a known key: "
        "read a share only as far as its coverage goes. A measure at 60% leaves 40% of the "
        "month in “unknown” or “Other”.",
        ("mart_attribution_coverage",),
        HUB,
        coverage.coverage,
    ),
    Chart(
        "chart-concentration",
        "Concentration of downloads across uploaders",
        "How concentrated each month's Hub downloads are across uploaders. Gini 0 = all equal, "
        "1 = one takes everything; HHI is 1/n for n equal uploaders and 1 for a monopoly.",
        ("mart_concentration",),
        HUB,
        downloads.concentration,
    ),
)
CHART_IDS: tuple[str, ...] = tuple(c.chart_id for c in CHARTS)
