"""A second, independent implementation of every mart, on purpose: the ground truth for the SQL.

The warehouse computes every metric and mart of docs/metrics.md in dbt SQL. This
module computes the same numbers again, with nothing but pandas and numpy, so that
tests can compare the two on simulated data (tests/warehouse/test_sample_ground_truth.py)
and the benchmark can time "the pandas code an analyst would write"
(benchmarks/pandas_baseline.py). It shares one piece with the product: the adoption
measurement of :mod:`orchestration.demo.adoption`, which the demo simulator also
needs to calibrate its break-out releases.

It stays one file, in the order of docs/metrics.md: the marts build on one another
(prepared snapshots, latest attributes, lineage, dim_models, scopes) through shared
private helpers, and a reader checks it against the docs top to bottom.

Inputs
------
``snapshots``
    One row per (snapshot_date, model_id) of *accepted* snapshots: ``snapshot_date``,
    ``model_id``, ``author``, ``created_at`` (UTC timestamp), ``downloads_all_time``,
    ``tags`` (list / array of str), ``params`` (nullable int: ``safetensors.total``)
    and, optionally, ``gguf_params`` (nullable int: ``gguf.total``), ``pipeline_tag``
    and ``library_name`` (str or None; absent = None). A model's parameter count is
    ``params``, else ``gguf_params`` (docs/metrics.md#models).
``token_rows``
    Parsed token-usage rows: ``file``, ``line_no``, ``date``, ``slug`` (as delivered),
    ``prompt_tokens``, ``completion_tokens``, ``total_tokens`` (ints, possibly decimal
    strings, possibly missing).
``seeds``
    A :class:`Seeds` (see :func:`load_seeds`).

Conventions
-----------
* All dates are UTC calendar dates. Internally a date is a day number (days since
  1970-01-01, float64 so that a missing date is NaN); every published date column
  holds ``datetime.date`` objects. A month is its first day, a week its Monday.
* Rows whose downloads / tokens / new_derivatives are 0 are dropped, and so is a
  whole group (month[, attribution] or week × dimension) whose total is 0.
* Shares are ``value / group total``.

Finer choices (docs/metrics.md#finer-choices; the SQL marts make the same ones)
-----------------------------------------------------------------------------
* A model's attributes, including ``created_at`` (hence ``created_date`` for the
  new-model rule of daily downloads and for adoption ages), come from its latest
  snapshot. An ``author`` that is null or '' counts as not given.
* ``base_model:a:b:c`` has parent ``c`` (parent ids never contain ':') and relation
  ``a:b``; an empty parent or an empty relation (``base_model::x``) is treated as no
  parent / no relation. Ids (self-reference, parents, roots) compare case-sensitively.
* A sighting whose created date lies after its snapshot date is an anomaly: it counts
  nowhere, as if the model were not listed that day (``created_after_snapshot`` in the
  anomalies of :func:`daily_downloads`). A first appearance created on its snapshot
  date puts all of its downloads on that date; one with no created date is a baseline.
* ``dim_models.family``: weights are compared rounded to 12 decimals before breaking
  a tie alphabetically. Models with status ``cycle`` are derivatives (they list a
  parent) whose single root is themselves.
* A known parameter count that falls in no bucket gets bucket ``unknown``; when
  buckets overlap, the first row of the seed wins. Seed rows with an empty family are
  ignored; on a case-insensitive duplicate org in ``orgs`` the first row wins, and an
  empty country / org_type reads as ``unknown``.
* Adoption: a reference (or 10th-highest value) of 0 gives a null ratio.
* Token rows: the winning file is decided by its base name (directory ignored);
  should the same (date, lower(slug)) repeat inside the winning file, its last line
  wins. The ``:variant`` suffix is everything from the first ':'. A slug without '/'
  has no org and can only match rules with an empty org. Open-weight means some rule
  matched (even one whose family is literally 'Other').
* Participants in concentration: ``author:<lower(author)>`` or, without author,
  ``model:<model_id>`` — a model without author never merges with an author.

Scopes, repackagings and the stock of downloads (docs/metrics.md#scopes,
docs/metrics.md#models, docs/metrics.md#stock-of-downloads)
--------------------------------------------------------------------------------
* Every model is in scope ``hub``; in ``llm`` when the lower-cased ``pipeline_tag`` of
  its latest snapshot equals a lower-cased, trimmed row of ``llm_pipeline_tags``; in
  ``tracked`` when its lower-cased id equals a lower-cased, trimmed ``model_id`` of
  ``tracked_models``. A scoped mart is the unscoped computation (the pre-scope
  definition, :func:`all_marts` with ``scoped=False``) run once per scope on the
  downloads / derivatives / eligible models of that scope's models; scope ``hub``
  passes everything through unfiltered, so its rows are exactly the pre-scope rows.
* ``is_repackaging``: a parent (itself excluded) whose relation, as published in
  mart_derivative_lineage's edges (one relation per parent: the alphabetically first
  relation tag), is ``quantized``; or ``library_name`` gguf / mlx; or a tag equal to
  gguf, mlx, gptq, awq or exl2 (both ignoring case; whole tags, not substrings).
* ``mart_cumulative_downloads``: the month's last counted snapshot is the last
  accepted snapshot date of the month (a sighting left out for a created date after
  its snapshot date adds nothing, but its snapshot still counts).

Licences, openness and size trend (docs/metrics.md#licences-and-openness,
docs/metrics.md#model-size-trend)
--------------------------------------------------------------------------------
* ``license``: the value (blanks trimmed, as written) of the first tag in tag order
  that starts with ``license:`` (ignoring case) and has a value; ``license_class``
  its class in the ``licenses`` seed (ignoring case), ``other`` when not listed,
  ``unknown`` without a licence.
* A family's openness is that of its first rule in matching order (``open_weight``
  when empty or absent; family ``Other`` is ``open_weight``); a model's is that of
  its family (the heaviest root's); mart_openness_share splits downloads over the
  roots' families by weight.
* mart_size_trend: the weighted median is the smallest count at which the
  cumulative downloads (counts ascending) reach half of the total, less a relative
  1e-12 for rounding.
"""

from __future__ import annotations

import re
import warnings
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from orchestration.demo.adoption import REFERENCE_TOP_N, reference_downloads, values_at_ages

UNKNOWN = "unknown"
OTHER = "Other"
UNSPECIFIED = "unspecified"
BASE_MODEL_PREFIX = "base_model:"
ADOPTION_AGES = (7, 14, 30, 60, 90, 180, 365)

SCOPES = ("hub", "llm", "tracked")
DEFAULT_LLM_PIPELINE_TAGS = (
    "text-generation",
    "image-text-to-text",
    "text2text-generation",
    "any-to-any",
)
REPACKAGING_LIBRARIES = ("gguf", "mlx")
REPACKAGING_TAGS = ("gguf", "mlx", "gptq", "awq", "exl2")
CUMULATIVE_DIMENSIONS = ("country_uploader", "country_lineage", "family", "org_type")

MART_NAMES = (
    "dim_models",
    "fct_downloads_daily",
    "mart_country_share",
    "mart_family_share",
    "mart_size_share",
    "mart_derivative_lineage",
    "mart_derivative_share",
    "mart_derivative_kinds",
    "mart_adoption_rate",
    "mart_token_share",
    "mart_token_openness",
    "mart_org_type_share",
    "mart_concentration",
    "mart_attribution_coverage",
    "mart_cumulative_downloads",
    "mart_openness_share",
    "mart_size_trend",
)

#: The marts whose groups gain a ``scope`` (docs/metrics.md#scopes); the token marts
#: have none, and mart_attribution_coverage always had one.
SCOPED_MARTS = (
    "mart_country_share",
    "mart_family_share",
    "mart_size_share",
    "mart_org_type_share",
    "mart_derivative_share",
    "mart_derivative_kinds",
    "mart_concentration",
    "mart_adoption_rate",
    "mart_cumulative_downloads",
    "mart_openness_share",
    "mart_size_trend",
)

OPEN_WEIGHT = "open_weight"
LICENSE_PREFIX = "license:"
LICENSE_COLUMNS = ["license", "license_class", "name"]


# --------------------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------------------


def _default_llm_pipeline_tags() -> pd.DataFrame:
    return pd.DataFrame({"pipeline_tag": list(DEFAULT_LLM_PIPELINE_TAGS)})


@dataclass(frozen=True)
class Seeds:
    """The reference seeds (docs/seeds.md)."""

    orgs: pd.DataFrame  # org, country, org_type, display_name
    model_families: pd.DataFrame  # family, org, name_pattern, priority[, openness]
    openrouter_orgs: pd.DataFrame  # openrouter_org, org
    param_buckets: pd.DataFrame  # bucket, min_params, max_params
    # slug_pattern, openness, hub_model_id, priority (the token model catalogue)
    openrouter_models: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["slug_pattern", "openness", "hub_model_id", "priority"]
        )
    )
    # pipeline_tag: the pipeline tags of scope llm (docs/metrics.md#scopes)
    llm_pipeline_tags: pd.DataFrame = field(default_factory=_default_llm_pipeline_tags)
    # model_id, org: the models of scope tracked
    tracked_models: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["model_id", "org"])
    )
    # license, license_class, name: the licence classes (docs/seeds.md)
    licenses: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LICENSE_COLUMNS))


def load_seeds(seed_dir: Path | str) -> Seeds:
    """Read the seed CSVs: text columns as strings ('' when empty), numbers as Int64.

    ``llm_pipeline_tags`` defaults to text-generation, image-text-to-text,
    text2text-generation and any-to-any when its file is missing; ``tracked_models``
    and ``licenses`` to no row.
    """
    seed_dir = Path(seed_dir)

    def read(name: str, numeric: tuple[str, ...] = (), default=None) -> pd.DataFrame:
        if default is not None and not (seed_dir / f"{name}.csv").exists():
            return pd.DataFrame(columns=default)
        frame = pd.read_csv(seed_dir / f"{name}.csv", dtype=str, keep_default_na=False)
        frame.columns = [c.strip() for c in frame.columns]
        for col in frame.columns:
            frame[col] = frame[col].str.strip()
        for col in numeric:
            numbers = pd.to_numeric(frame[col].where(frame[col] != "", np.nan))
            frame[col] = numbers.round().astype("Int64")
        return frame

    return Seeds(
        orgs=read("orgs"),
        model_families=read("model_families", ("priority",)),
        openrouter_orgs=read("openrouter_orgs"),
        param_buckets=read("param_buckets", ("min_params", "max_params")),
        openrouter_models=read("openrouter_models", ("priority",)),
        llm_pipeline_tags=(
            read("llm_pipeline_tags")
            if (seed_dir / "llm_pipeline_tags.csv").exists()
            else _default_llm_pipeline_tags()
        ),
        tracked_models=read("tracked_models", default=["model_id", "org"]),
        licenses=read("licenses", default=LICENSE_COLUMNS),
    )


def _text(column: pd.Series) -> pd.Series:
    """Seed text with None/NaN normalised to '' and surrounding blanks removed."""
    return column.astype(object).where(column.notna(), "").astype(str).str.strip()


def _org_table(seeds: Seeds) -> pd.DataFrame:
    """orgs keyed by lower-cased org (first row wins on a case-insensitive duplicate)."""
    orgs = pd.DataFrame(
        {
            "org_key": _text(seeds.orgs["org"]).str.lower(),
            "country": _text(seeds.orgs["country"]),
            "org_type": _text(seeds.orgs["org_type"]),
        }
    )
    orgs = orgs[orgs["org_key"] != ""].drop_duplicates("org_key", keep="first")
    orgs["country"] = orgs["country"].replace("", UNKNOWN)
    orgs["org_type"] = orgs["org_type"].replace("", UNKNOWN)
    return orgs.set_index("org_key")


def _lookup_org(authors: pd.Series, seeds: Seeds, column: str) -> pd.Series:
    """country / org_type of each author (case-insensitive); 'unknown' when not listed."""
    table = _org_table(seeds)[column]
    return authors.astype("str").str.lower().map(table).fillna(UNKNOWN)


# --------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------


def _day_numbers(values) -> np.ndarray:
    """Date-likes (date, datetime64, tz-aware timestamps, ISO strings) -> UTC day numbers."""
    ts = pd.to_datetime(pd.Series(values).reset_index(drop=True), utc=True, format="ISO8601")
    days = ts.dt.tz_localize(None).to_numpy().astype("datetime64[D]").astype("int64")
    return np.where(ts.isna().to_numpy(), np.nan, days.astype("float64"))


def _dates(day_numbers) -> np.ndarray:
    """Day numbers -> object array of datetime.date (None where missing)."""
    days = np.asarray(day_numbers, dtype="float64")
    out = np.empty(len(days), dtype=object)
    known = ~np.isnan(days)
    out[known] = days[known].astype("int64").astype("datetime64[D]").tolist()
    return out


def _month_start(day_numbers) -> np.ndarray:
    days = np.asarray(day_numbers, dtype="int64").astype("datetime64[D]")
    return days.astype("datetime64[M]").astype("datetime64[D]").astype("int64")


def _week_start(day_numbers) -> np.ndarray:
    days = np.asarray(day_numbers, dtype="int64")
    return days - (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = weekday 0


# --------------------------------------------------------------------------------------
# Model ids
# --------------------------------------------------------------------------------------


def _split_ids(ids: pd.Series) -> pd.DataFrame:
    """org (part before the first '/', NaN when there is no '/') and name (the rest)."""
    return ids.astype("str").str.extract(r"^(?:(?P<org>[^/]*)/)?(?P<name>.*)$")


def _default_author(model_ids: pd.Series, authors: pd.Series) -> pd.Series:
    """The given author (None / '' = not given), else the org part of the id, else NaN."""
    given = authors.astype("str")
    given = given.where(authors.notna() & (given != ""))
    return given.fillna(_split_ids(model_ids)["org"])


# --------------------------------------------------------------------------------------
# Snapshots: preparation and model attributes
# --------------------------------------------------------------------------------------


def _prepare_snapshots(snapshots: pd.DataFrame) -> pd.DataFrame:
    """The sightings that count, typed and sorted by (model_id, day).

    A sighting created after its snapshot date is left out (see
    :func:`_created_after_snapshot`); everything computed from here ignores it.
    """
    snap = _typed_snapshots(snapshots)
    return snap[~_created_after_snapshot(snap)].reset_index(drop=True)


def _created_after_snapshot(snap: pd.DataFrame) -> np.ndarray:
    """Rows whose created date lies after their snapshot date (NaN: not after)."""
    return (snap["created_day"] > snap["day"]).to_numpy()


def _typed_snapshots(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Typed copy sorted by (model_id, day): day / created_day as day numbers."""
    raw = snapshots.reset_index(drop=True)
    missing = pd.Series(None, index=raw.index, dtype=object)
    snap = pd.DataFrame(
        {
            "model_id": raw["model_id"].astype("str"),
            "day": _day_numbers(raw["snapshot_date"]).astype("int64"),
            "author": raw.get("author", missing),
            "created_day": _day_numbers(raw["created_at"]),
            "downloads_all_time": pd.to_numeric(raw["downloads_all_time"]).astype("int64"),
            "tags": raw.get("tags", missing),
            # docs/metrics.md#models: safetensors.total, else gguf.total
            "params": pd.to_numeric(raw.get("params", missing))
            .astype("Int64")
            .fillna(pd.to_numeric(raw.get("gguf_params", missing)).astype("Int64")),
            "pipeline_tag": _optional_text(raw.get("pipeline_tag", missing)),
            "library_name": _optional_text(raw.get("library_name", missing)),
        }
    )
    # The caller delivers one row per (date, model); should a duplicate slip through,
    # keep the rule's choice: the line with the highest downloadsAllTime
    # (docs/metrics.md#duplicate-ids).
    snap = snap.sort_values(["model_id", "day", "downloads_all_time"], kind="stable")
    snap = snap.drop_duplicates(["model_id", "day"], keep="last")
    return snap.reset_index(drop=True)


def _optional_text(values: pd.Series) -> pd.Series:
    """A nullable text column as object: str values, None where missing."""
    values = values.astype(object)
    return values.where(values.notna(), None)


def _latest(snap: pd.DataFrame) -> pd.DataFrame:
    """Each model's row from the latest snapshot in which it appears: its attributes.

    Adds first_day / last_day (first and last snapshot in which the model appears) and
    defaults the author to the part of the id before '/'.
    """
    by_model = snap.groupby("model_id", sort=False)["day"]
    latest = snap.assign(first_day=by_model.transform("min"))
    latest = latest.drop_duplicates("model_id", keep="last").reset_index(drop=True)
    latest["last_day"] = latest["day"]
    latest["author"] = _default_author(latest["model_id"], latest["author"])
    return latest


def _parse_parents(latest: pd.DataFrame) -> pd.DataFrame:
    """model_id, parent_id, relation from the base_model tags of each model's latest row."""
    tags = latest[["model_id", "tags"]].explode("tags").dropna(subset=["tags"])
    tags = tags[tags["tags"].astype("str").str.startswith(BASE_MODEL_PREFIX)]
    rest = tags["tags"].astype("str").str.slice(len(BASE_MODEL_PREFIX))
    # Parent ids never contain ':', so the parent is what follows the last ':' and any
    # relation is what precedes it; a plain base_model:<parent> has no relation (NaN).
    parts = rest.str.extract(r"^(?:(?P<relation>.*):)?(?P<parent_id>[^:]*)$")
    edges = pd.DataFrame(
        {
            "model_id": tags["model_id"].astype("str"),
            "parent_id": parts["parent_id"],
            "relation": parts["relation"].where(parts["relation"] != ""),
        }
    )
    edges = edges[(edges["parent_id"] != "") & (edges["parent_id"] != edges["model_id"])]
    # One row per (model, parent): the alphabetically first relation tag (NaN sorts
    # last, so a plain tag only counts when there is no relation tag), else unspecified.
    edges = edges.sort_values(["model_id", "parent_id", "relation"], na_position="last")
    edges = edges.drop_duplicates(["model_id", "parent_id"], keep="first")
    edges["relation"] = edges["relation"].fillna(UNSPECIFIED)
    return edges.reset_index(drop=True)


def parse_parents(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Parents of every model (docs/metrics.md#parents-and-relations), from its latest
    snapshot's tags.

    ``base_model:<relation>:<parent>`` gives that relation; ``base_model:<parent>`` gives
    ``unspecified`` unless the same parent also has a relation tag; a model listed as
    its own parent is ignored; several relation tags for one parent keep the
    alphabetically first relation.
    """
    return _parse_parents(_latest(_prepare_snapshots(snapshots)))


# --------------------------------------------------------------------------------------
# Families and parameter buckets
# --------------------------------------------------------------------------------------


def _ordered_rules(families: pd.DataFrame) -> pd.DataFrame:
    """Rules in matching order: priority ascending, ties by file row order."""
    rules = pd.DataFrame(
        {
            "family": _text(families["family"]),
            "org": _text(families["org"]).str.lower(),
            "name_pattern": _text(families["name_pattern"]),
            "priority": _seed_number(families["priority"]).to_numpy(),
            "openness": _text(families.get("openness", pd.Series("", families.index)))
            .str.lower()
            .replace("", OPEN_WEIGHT),
        }
    )
    rules = rules[rules["family"] != ""]
    return rules.sort_values("priority", kind="stable", na_position="last").reset_index(drop=True)


def _family_openness(families: pd.DataFrame) -> pd.Series:
    """family -> openness of its first rule in matching order; ``Other`` is open_weight."""
    rules = _ordered_rules(families)
    rules = rules[rules["family"] != OTHER].drop_duplicates("family")
    openness = pd.Series(rules["openness"].to_numpy(), index=rules["family"].to_numpy())
    return pd.concat([openness, pd.Series({OTHER: OPEN_WEIGHT})])


def match_families(model_ids: pd.Series, families: pd.DataFrame) -> pd.Series:
    """Family of each id by the first matching rule; NaN where no rule matches.

    An id ``org/name`` has org ``org`` (compared case-insensitively) and name ``name``;
    an id without '/' has no org (only rules with an empty org can match) and its
    whole id is its name. Patterns are case-insensitive regexes searched anywhere in
    the name (pandas' Arrow strings evaluate them with RE2 — DuckDB's engine — and
    fall back to Python's `re` for syntax RE2 lacks).
    """
    ids = pd.Series(pd.unique(model_ids.astype(str).to_numpy()), dtype="str")
    if ids.empty:
        return pd.Series(np.nan, index=model_ids.index, dtype=object)
    parts = _split_ids(ids)
    org = parts["org"].str.lower()
    name = parts["name"]
    family = pd.Series(np.nan, index=ids.index, dtype=object)
    for rule in _ordered_rules(families).itertuples(index=False):
        todo = family.isna()
        if rule.org:
            todo &= (org == rule.org).fillna(False).astype(bool)
        if not todo.any():
            continue
        if rule.name_pattern:
            with warnings.catch_warnings():  # "has match groups": groups are fine here
                warnings.simplefilter("ignore", UserWarning)
                hits = name[todo].str.contains(rule.name_pattern, case=False, regex=True)
            todo = hits[hits.fillna(False).astype(bool)].index
        else:
            todo = todo[todo].index
        family.loc[todo] = rule.family
    lookup = pd.Series(family.to_numpy(), index=ids.to_numpy())
    return pd.Series(
        lookup.reindex(model_ids.astype(str).to_numpy()).to_numpy(),
        index=model_ids.index,
        dtype=object,
    )


def families_of(model_ids: pd.Series, families: pd.DataFrame) -> pd.Series:
    """Vectorised :func:`family_of`: the family of each id, 'Other' when no rule matches."""
    return match_families(model_ids, families).fillna(OTHER).astype("str")


def family_of(model_id: str, families_df: pd.DataFrame) -> str:
    """Family of one model id by the first matching ``model_families`` rule, else 'Other'."""
    return families_of(pd.Series([model_id]), families_df).iloc[0]


def _seed_number(column: pd.Series) -> pd.Series:
    """A numeric seed column ('' / None = no value) as float."""
    text = _text(column)
    return pd.to_numeric(text.where(text != "", np.nan)).astype("float64")


def _param_bucket(params: pd.Series, buckets: pd.DataFrame) -> pd.Series:
    """First bucket (file order) with min <= params < max (empty = no limit); else unknown."""
    values = pd.to_numeric(params).astype("Float64")
    result = pd.Series(np.nan, index=params.index, dtype=object)
    buckets = pd.DataFrame(
        {
            "bucket": _text(buckets["bucket"]),
            "min_params": _seed_number(buckets["min_params"]),
            "max_params": _seed_number(buckets["max_params"]),
        }
    )
    for bucket in buckets.itertuples(index=False):
        inside = values.notna() & result.isna()
        if pd.notna(bucket.min_params):
            inside &= values >= float(bucket.min_params)
        if pd.notna(bucket.max_params):
            inside &= values < float(bucket.max_params)
        result[inside.fillna(False).astype(bool)] = str(bucket.bucket)
    return result.fillna(UNKNOWN).astype("str")


# --------------------------------------------------------------------------------------
# Daily downloads
# --------------------------------------------------------------------------------------

DAILY_COLUMNS = ["model_id", "date", "downloads"]
ANOMALY_COLUMNS = [
    "model_id",
    "snapshot_date",
    "anomaly",  # downloads_fell | created_after_snapshot
    "previous_snapshot_date",
    "downloads_all_time",
    "previous_downloads_all_time",
    "delta",
]


def _spread(intervals: pd.DataFrame) -> pd.DataFrame:
    """Spread each interval's amount evenly over its days first_day … last_day (inclusive).

    ``intervals``: model_id, first_day, last_day, amount -> model_id, day, downloads.
    """
    first_day = intervals["first_day"].to_numpy(dtype="int64")
    n_days = intervals["last_day"].to_numpy(dtype="int64") - first_day + 1
    row = np.repeat(np.arange(len(intervals)), n_days)
    offset = np.arange(len(row)) - np.repeat(np.cumsum(n_days) - n_days, n_days)
    return pd.DataFrame(
        {
            "model_id": intervals["model_id"].array.take(row),
            "day": first_day[row] + offset,
            "downloads": (intervals["amount"].to_numpy(dtype="float64") / n_days)[row],
        }
    )


def _daily_downloads(snap: pd.DataFrame, latest: pd.DataFrame):
    """Daily downloads (model_id, day, downloads > 0) and anomalies, from prepared snapshots.

    The created date of a model is its attribute (from its latest snapshot).
    """
    s = snap[["model_id", "day", "downloads_all_time"]]
    by_model = s.groupby("model_id", sort=False)
    s = s.assign(
        prev_day=by_model["day"].shift(),
        prev_downloads=by_model["downloads_all_time"].shift(),
    )
    seen_before = s["prev_day"].notna()

    # A later appearance: the increase since the previous appearance, over (d_{i-1}, d_i].
    again = s[seen_before].assign(
        first_day=lambda f: f["prev_day"] + 1, last_day=lambda f: f["day"]
    )
    again["amount"] = again["downloads_all_time"] - again["prev_downloads"]
    anomalies = again[again["amount"] < 0]
    again = again[again["amount"] > 0]  # a negative increase counts 0 (zero rows omitted)

    # A first appearance on day d: a new model only if created after the warehouse's
    # previous snapshot date P (none before the very first snapshot: baseline). Its
    # downloadsAllTime(d) is spread over c+1 … d, all on d when c = d (c > d was left
    # out by _prepare_snapshots).
    first = s[~seen_before].merge(latest[["model_id", "created_day"]], on="model_id")
    warehouse_days = np.unique(snap["day"].to_numpy())
    position = np.searchsorted(warehouse_days, first["day"].to_numpy(), side="left") - 1
    previous_snapshot = np.where(
        position >= 0, warehouse_days[np.maximum(position, 0)].astype("float64"), np.nan
    )
    is_new = first["created_day"].to_numpy() > previous_snapshot  # NaN compares False
    first = first[is_new & (first["downloads_all_time"] > 0).to_numpy()]
    first = first.assign(
        first_day=np.minimum(first["created_day"] + 1, first["day"]),
        last_day=first["day"],
        amount=first["downloads_all_time"],
    )

    intervals = pd.concat(
        [f[["model_id", "first_day", "last_day", "amount"]] for f in (again, first)],
        ignore_index=True,
    ).sort_values(["model_id", "first_day"], kind="stable")
    daily = _spread(intervals)  # already in (model_id, day) order: intervals are disjoint
    anomalies = pd.DataFrame(
        {
            "model_id": anomalies["model_id"].to_numpy(),
            "snapshot_date": _dates(anomalies["day"]),
            "anomaly": "downloads_fell",
            "previous_snapshot_date": _dates(anomalies["prev_day"]),
            "downloads_all_time": anomalies["downloads_all_time"].to_numpy(),
            "previous_downloads_all_time": pd.array(anomalies["prev_downloads"], dtype="Int64"),
            "delta": pd.array(anomalies["amount"], dtype="Int64"),
        },
        columns=ANOMALY_COLUMNS,
    )
    return daily, anomalies


def _created_after_anomalies(ignored: pd.DataFrame) -> pd.DataFrame:
    """Anomaly rows of the sightings left out for a created date after the snapshot."""
    return pd.DataFrame(
        {
            "model_id": ignored["model_id"].to_numpy(),
            "snapshot_date": _dates(ignored["day"]),
            "anomaly": "created_after_snapshot",
            "previous_snapshot_date": np.full(len(ignored), None, dtype=object),
            "downloads_all_time": ignored["downloads_all_time"].to_numpy(),
            "previous_downloads_all_time": pd.array([None] * len(ignored), dtype="Int64"),
            "delta": pd.array([None] * len(ignored), dtype="Int64"),
        },
        columns=ANOMALY_COLUMNS,
    )


def _publish_daily(daily: pd.DataFrame) -> pd.DataFrame:
    """Internal daily frame (day numbers) -> fct_downloads_daily (dates)."""
    return pd.DataFrame(
        {
            "model_id": daily["model_id"],
            "date": _dates(daily["day"]),
            "downloads": daily["downloads"].astype("float64"),
        },
        columns=DAILY_COLUMNS,
    )


def daily_downloads(snapshots: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Daily downloads (docs/metrics.md#daily-downloads): (fct_downloads_daily, fct_download_anomalies).

    The anomalies are ``downloads_fell`` (the all-time count fell since the previous
    sighting) and ``created_after_snapshot`` (the sighting was left out).
    """
    typed = _typed_snapshots(snapshots)
    ignored = _created_after_snapshot(typed)
    snap = typed[~ignored].reset_index(drop=True)
    daily, anomalies = _daily_downloads(snap, _latest(snap))
    frames = [f for f in (anomalies, _created_after_anomalies(typed[ignored])) if len(f)]
    if frames:
        anomalies = pd.concat(frames, ignore_index=True)
    return _publish_daily(daily), anomalies


# --------------------------------------------------------------------------------------
# Lineage
# --------------------------------------------------------------------------------------

LINEAGE_COLUMNS = ["model_id", "root_id", "weight", "depth", "lineage_status"]


def _lineage(models: pd.Series, edges: pd.DataFrame) -> pd.DataFrame:
    """Roots, weights and depths of every seen model (docs/metrics.md#lineage).

    Kahn's algorithm over the child -> parent graph: a node is resolved once all its
    parents are. Roots (no parents, including parents never seen) resolve at once; a
    derived node combines its parents' root maps, each scaled by 1 / (its number of
    parents), with depth + 1 (keeping the fewest hops). Exactly the nodes whose
    ancestry contains a cycle are never resolved: they get status ``cycle`` and are
    their own root. A queue, not recursion, so any depth is fine.
    """
    parents_of: dict[str, list[str]] = {}
    children_of: dict[str, list[str]] = {}
    for child, parent in zip(edges["model_id"].tolist(), edges["parent_id"].tolist(), strict=True):
        parents_of.setdefault(child, []).append(parent)
        children_of.setdefault(parent, []).append(child)
    waiting = {child: len(parents) for child, parents in parents_of.items()}

    # node -> {root: [weight, depth]}
    resolved: dict[str, dict[str, list]] = {}
    queue = deque(node for node in children_of if node not in parents_of)
    for root in queue:
        resolved[root] = {root: [1.0, 0]}
    while queue:
        node = queue.popleft()
        for child in children_of.get(node, ()):
            waiting[child] -= 1
            if waiting[child]:
                continue
            parents = parents_of[child]
            share = 1.0 / len(parents)
            roots: dict[str, list] = {}
            for parent in parents:
                for root, (weight, depth) in resolved[parent].items():
                    if root in roots:
                        roots[root][0] += weight * share
                        roots[root][1] = min(roots[root][1], depth + 1)
                    else:
                        roots[root] = [weight * share, depth + 1]
            resolved[child] = roots
            if child in children_of:
                queue.append(child)

    rows = []
    for model in models.tolist():
        if model not in parents_of:
            rows.append((model, model, 1.0, 0, "root"))
        elif model in resolved:
            rows.extend(
                (model, root, weight, depth, "derived")
                for root, (weight, depth) in resolved[model].items()
            )
        else:
            rows.append((model, model, 1.0, 0, "cycle"))
    out = pd.DataFrame(rows, columns=LINEAGE_COLUMNS)
    out = out.astype({"model_id": "str", "root_id": "str", "weight": "float64", "depth": "int64"})
    return out.sort_values(["model_id", "root_id"]).reset_index(drop=True)


def lineage(snapshots: pd.DataFrame) -> pd.DataFrame:
    """model_id, root_id, weight, depth, lineage_status for every model seen."""
    latest = _latest(_prepare_snapshots(snapshots))
    return _lineage(latest["model_id"], _parse_parents(latest))


def _with_root_family(lineage_df: pd.DataFrame, seeds: Seeds) -> pd.DataFrame:
    out = lineage_df.copy()
    out["root_family"] = families_of(out["root_id"], seeds.model_families)
    return out[["model_id", "root_id", "weight", "depth", "root_family", "lineage_status"]]


def derivative_lineage(snapshots: pd.DataFrame, seeds: Seeds) -> pd.DataFrame:
    """marts.mart_derivative_lineage: :func:`lineage` plus the root's family."""
    return _with_root_family(lineage(snapshots), seeds)


# --------------------------------------------------------------------------------------
# dim_models
# --------------------------------------------------------------------------------------

DIM_COLUMNS = [
    "model_id",
    "author",
    "created_date",
    "params",
    "param_bucket",
    "country",
    "is_derivative",
    "family",
    "first_seen_date",
    "last_seen_date",
    "pipeline_tag",
    "library_name",
    "downloads_all_time",
    "is_repackaging",
    "in_llm",
    "in_tracked",
    "derivative_kind",
    "license",
    "license_class",
    "openness",
]


def _heaviest_root_family(lineage_df: pd.DataFrame) -> pd.DataFrame:
    """model_id, family of its heaviest root; a tie goes to the alphabetically first family.

    Weights are compared rounded to 12 decimals so that mathematically equal weights
    reached through different float sums (1/3 + 1/6 vs 1/2) count as a tie.
    """
    roots = lineage_df[["model_id", "root_family"]].assign(
        weight_key=lineage_df["weight"].round(12)
    )
    roots = roots.sort_values(
        ["model_id", "weight_key", "root_family"], ascending=[True, False, True]
    )
    roots = roots.drop_duplicates("model_id")
    return roots.rename(columns={"root_family": "family"})[["model_id", "family"]]


def _is_repackaging(latest: pd.DataFrame, edges: pd.DataFrame) -> pd.Series:
    """Repackagings (docs/metrics.md#models), aligned with ``latest``.

    A parent (never the model itself) with relation ``quantized``, or library_name
    gguf / mlx, or a tag equal to gguf, mlx, gptq, awq or exl2 (ignoring case).
    """
    quantized = edges.loc[edges["relation"] == "quantized", "model_id"]
    library = latest["library_name"].astype("str").str.lower()
    library_hit = latest["library_name"].notna() & library.isin(REPACKAGING_LIBRARIES)
    tags = latest[["model_id", "tags"]].explode("tags").dropna(subset=["tags"])
    tag_hit = tags.loc[tags["tags"].astype("str").str.lower().isin(REPACKAGING_TAGS), "model_id"]
    flagged = latest["model_id"].isin(quantized) | latest["model_id"].isin(tag_hit)
    return (flagged | library_hit).astype(bool)


def _licenses(latest: pd.DataFrame, seeds: Seeds) -> pd.DataFrame:
    """license and license_class of each model of ``latest`` (aligned with it).

    The first ``license:`` tag (prefix in any case) whose value, trimmed of blanks,
    is not empty; its class by the lower-cased licence, ``other`` when the seed does
    not list it, ``unknown`` without a licence.
    """
    tags = latest[["model_id", "tags"]].explode("tags").dropna(subset=["tags"])
    text = tags["tags"].astype("str")
    value = text.str.slice(len(LICENSE_PREFIX)).str.strip(" ")
    hit = text.str.lower().str.startswith(LICENSE_PREFIX) & (value != "")
    first = value[hit].groupby(tags.loc[hit, "model_id"].to_numpy(), sort=False).first()
    license_ = pd.Series(latest["model_id"].map(first).to_numpy(), dtype=object)
    license_ = license_.where(license_.notna(), None)
    classes = pd.DataFrame(
        {
            "key": _text(seeds.licenses["license"]).str.lower(),
            "license_class": _text(seeds.licenses["license_class"]),
        }
    )
    classes = classes[classes["key"] != ""].drop_duplicates("key").set_index("key")
    lookup = classes["license_class"].to_dict()
    license_class = [
        UNKNOWN if value is None else lookup.get(value.lower(), "other") for value in license_
    ]
    return pd.DataFrame({"license": license_, "license_class": license_class}, dtype=object)


def _dim_models(
    latest: pd.DataFrame, edges: pd.DataFrame, lineage_df: pd.DataFrame, seeds: Seeds
) -> pd.DataFrame:
    """dim_models from latest attributes, parents and lineage (with root_family)."""
    dim = pd.DataFrame(
        {
            "model_id": latest["model_id"],
            "author": latest["author"],
            "created_date": _dates(latest["created_day"]),
            "params": latest["params"],
            "param_bucket": _param_bucket(latest["params"], seeds.param_buckets),
            "country": _lookup_org(latest["author"], seeds, "country"),
            "is_derivative": latest["model_id"].isin(edges["model_id"]),
            "first_seen_date": _dates(latest["first_day"]),
            "last_seen_date": _dates(latest["last_day"]),
            "pipeline_tag": latest["pipeline_tag"],
            "library_name": latest["library_name"],
            "downloads_all_time": latest["downloads_all_time"].astype("int64"),
            "is_repackaging": _is_repackaging(latest, edges).to_numpy(),
        }
    )
    dim = dim.merge(_heaviest_root_family(lineage_df), on="model_id", how="left")
    scopes = _model_scopes(latest, seeds)
    for scope in ("llm", "tracked"):
        members = scopes.loc[scopes["scope"] == scope, "model_id"]
        dim[f"in_{scope}"] = dim["model_id"].isin(members)
    # docs/metrics.md#derivative-kinds: two or more parents make a merge, one parent
    # gives its edge's relation, no parent no kind.
    per_model = edges.groupby("model_id")["relation"].agg(["size", "first"])
    kind = per_model["first"].where(per_model["size"] < 2, "merge")
    dim["derivative_kind"] = dim["model_id"].map(kind)
    licenses = _licenses(latest, seeds).set_index(dim.index)
    dim["license"], dim["license_class"] = licenses["license"], licenses["license_class"]
    dim["openness"] = dim["family"].map(_family_openness(seeds.model_families))
    dim["openness"] = dim["openness"].fillna(OPEN_WEIGHT)
    return dim[DIM_COLUMNS].sort_values("model_id").reset_index(drop=True)


def dim_models(
    snapshots: pd.DataFrame, seeds: Seeds, lineage_df: pd.DataFrame | None = None
) -> pd.DataFrame:
    """marts.dim_models: one row per model seen, attributes from its latest snapshot."""
    latest = _latest(_prepare_snapshots(snapshots))
    edges = _parse_parents(latest)
    if lineage_df is None:
        lineage_df = _lineage(latest["model_id"], edges)
    if "root_family" not in lineage_df:
        lineage_df = _with_root_family(lineage_df, seeds)
    return _dim_models(latest, edges, lineage_df, seeds)


# --------------------------------------------------------------------------------------
# Scopes (docs/metrics.md#scopes)
# --------------------------------------------------------------------------------------

SCOPE_COLUMNS = ["model_id", "scope"]


def _seed_keys(column: pd.Series) -> set[str]:
    """A seed's text column as a set of lower-cased, trimmed, non-empty values."""
    keys = _text(column).str.lower()
    return set(keys[keys != ""])


def _model_scopes(latest: pd.DataFrame, seeds: Seeds) -> pd.DataFrame:
    """model_id, scope: every model in ``hub``; ``llm`` by its own pipeline tag (ignoring
    case; none = not llm); ``tracked`` by its id (ignoring case). Latest attributes."""
    pipeline = latest["pipeline_tag"].astype("str").str.lower()
    in_llm = latest["pipeline_tag"].notna() & pipeline.isin(
        _seed_keys(seeds.llm_pipeline_tags["pipeline_tag"])
    )
    in_tracked = latest["model_id"].str.lower().isin(_seed_keys(seeds.tracked_models["model_id"]))
    parts = [
        pd.DataFrame({"model_id": latest["model_id"], "scope": "hub"}),
        pd.DataFrame({"model_id": latest.loc[in_llm, "model_id"], "scope": "llm"}),
        pd.DataFrame({"model_id": latest.loc[in_tracked, "model_id"], "scope": "tracked"}),
    ]
    out = pd.concat(parts, ignore_index=True)[SCOPE_COLUMNS]
    return out.astype({"model_id": "str", "scope": "str"})


def model_scopes(snapshots: pd.DataFrame, seeds: Seeds) -> pd.DataFrame:
    """model_id, scope for every model seen (one row per scope it is in)."""
    return _model_scopes(_latest(_prepare_snapshots(snapshots)), seeds)


def _scoped(frame: pd.DataFrame, scopes: pd.DataFrame | None, compute) -> pd.DataFrame:
    """``compute`` once per scope on the rows of ``frame`` whose model is in the scope.

    ``frame`` has a ``model_id`` column; ``scope`` becomes the output's second column.
    Scope ``hub`` passes ``frame`` through unfiltered: its rows are what ``compute``
    gives without scopes. ``scopes`` None: the unscoped result (the pre-scope mart).
    """
    if scopes is None:
        return compute(frame)
    parts = []
    for scope in SCOPES:
        subset = frame
        if scope != "hub":
            members = scopes.loc[scopes["scope"] == scope, "model_id"]
            subset = frame[frame["model_id"].isin(members)]
        part = compute(subset)
        part.insert(1, "scope", scope)
        parts.append(part)
    non_empty = [part for part in parts if len(part)]
    return pd.concat(non_empty or parts[:1], ignore_index=True)


# --------------------------------------------------------------------------------------
# Monthly download shares
#
# Each public function takes fct_downloads_daily (as published); the private `_…`
# versions take the monthly per-model downloads so that all_marts builds them once.
# --------------------------------------------------------------------------------------


def _with_share(frame: pd.DataFrame, group: list[str], key: str, value: str) -> pd.DataFrame:
    """Drop zero rows and zero-total groups; share = value / total of its group."""
    frame = frame[frame[value] > 0].copy()
    total = frame.groupby(group, sort=False)[value].transform("sum")
    frame = frame[total > 0]
    frame["share"] = frame[value] / total[total > 0]
    return frame.sort_values([*group, key]).reset_index(drop=True)


def _monthly(daily: pd.DataFrame) -> pd.DataFrame:
    """Internal daily (model_id, day, downloads) -> model_id, month (day number), downloads."""
    monthly = daily.assign(month=_month_start(daily["day"]))
    return monthly.groupby(["model_id", "month"], as_index=False, sort=False)["downloads"].sum()


def _monthly_model_downloads(daily: pd.DataFrame) -> pd.DataFrame:
    """Published fct_downloads_daily (model_id, date, downloads) -> monthly per model."""
    days = _day_numbers(daily["date"]).astype("int64")
    return _monthly(
        pd.DataFrame(
            {
                "model_id": daily["model_id"].astype("str").to_numpy(),
                "day": days,
                "downloads": daily["downloads"].to_numpy("float64"),
            }
        )
    )


def _share_by(frame: pd.DataFrame, key: str, extra: list[str] | None = None) -> pd.DataFrame:
    """Sum downloads by (month, *extra, key), with shares within (month, *extra)."""
    group = ["month", *(extra or [])]
    out = frame.groupby([*group, key], as_index=False, sort=False)["downloads"].sum()
    out = _with_share(out[[*group, key, "downloads"]], group, key, "downloads")
    out["month"] = _dates(out["month"])
    return out


def _by_uploader(monthly: pd.DataFrame, dim: pd.DataFrame, attribute: str) -> pd.DataFrame:
    """Monthly downloads with one of the model's own dim_models attributes."""
    return monthly.merge(dim[["model_id", attribute]], on="model_id", how="left")


def _by_root(
    monthly: pd.DataFrame, lineage_df: pd.DataFrame, dim: pd.DataFrame, seeds: Seeds
) -> pd.DataFrame:
    """Monthly downloads split over the model's roots by weight, with root country/family.

    A root's author is its own (seen in a snapshot) or, for a parent never seen, the
    part of its id before '/'; its family is the first matching rule on its id.
    """
    roots = pd.DataFrame({"root_id": lineage_df["root_id"].drop_duplicates()})
    roots = roots.merge(
        dim[["model_id", "author"]].rename(columns={"model_id": "root_id"}),
        on="root_id",
        how="left",
    )
    never_seen = ~roots["root_id"].isin(dim["model_id"])
    guessed = _split_ids(roots["root_id"])["org"]
    roots["author"] = roots["author"].where(~never_seen, guessed)
    roots["root_country"] = _lookup_org(roots["author"], seeds, "country")
    roots["root_family"] = families_of(roots["root_id"], seeds.model_families)

    split = monthly.merge(lineage_df[["model_id", "root_id", "weight"]], on="model_id")
    split["downloads"] = split["downloads"] * split["weight"]
    return split.merge(roots[["root_id", "root_country", "root_family"]], on="root_id")


def _country_share(monthly, lineage_df, dim, seeds) -> pd.DataFrame:
    uploader = _by_uploader(monthly, dim, "country").assign(attribution="uploader")
    uploader["country"] = uploader["country"].fillna(UNKNOWN)
    by_root = _by_root(monthly, lineage_df, dim, seeds).assign(attribution="lineage")
    by_root["country"] = by_root["root_country"]
    columns = ["month", "attribution", "country", "downloads"]
    both = pd.concat([uploader[columns], by_root[columns]], ignore_index=True)
    out = _share_by(both, "country", extra=["attribution"])
    return out[["month", "attribution", "country", "downloads", "share"]]


def country_share(
    daily: pd.DataFrame,
    lineage_df: pd.DataFrame,
    dim: pd.DataFrame,
    seeds: Seeds,
    scopes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """marts.mart_country_share: by uploader (own author) and by lineage (roots' authors).

    With ``scopes`` (:func:`model_scopes`), per scope; without, the pre-scope mart.
    """
    return _scoped(
        _monthly_model_downloads(daily),
        scopes,
        lambda monthly: _country_share(monthly, lineage_df, dim, seeds),
    )


def _family_share(monthly, lineage_df, dim, seeds) -> pd.DataFrame:
    by_root = _by_root(monthly, lineage_df, dim, seeds).rename(columns={"root_family": "family"})
    return _share_by(by_root, "family")[["month", "family", "downloads", "share"]]


def family_share(
    daily: pd.DataFrame,
    lineage_df: pd.DataFrame,
    dim: pd.DataFrame,
    seeds: Seeds,
    scopes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """marts.mart_family_share: downloads split over the roots' families (lineage view)."""
    return _scoped(
        _monthly_model_downloads(daily),
        scopes,
        lambda monthly: _family_share(monthly, lineage_df, dim, seeds),
    )


def _size_share(monthly, dim) -> pd.DataFrame:
    by_model = _by_uploader(monthly, dim, "param_bucket")
    by_model["param_bucket"] = by_model["param_bucket"].fillna(UNKNOWN)
    return _share_by(by_model, "param_bucket")[["month", "param_bucket", "downloads", "share"]]


def size_share(
    daily: pd.DataFrame, dim: pd.DataFrame, scopes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """marts.mart_size_share: downloads by the model's parameter bucket."""
    return _scoped(
        _monthly_model_downloads(daily), scopes, lambda monthly: _size_share(monthly, dim)
    )


def _org_type_share(monthly, dim, seeds) -> pd.DataFrame:
    by_model = _by_uploader(monthly, dim, "author")
    by_model["org_type"] = _lookup_org(by_model["author"], seeds, "org_type")
    return _share_by(by_model, "org_type")[["month", "org_type", "downloads", "share"]]


def org_type_share(
    daily: pd.DataFrame, dim: pd.DataFrame, seeds: Seeds, scopes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """marts.mart_org_type_share: downloads by the uploader's org_type ('unknown' if unlisted)."""
    return _scoped(
        _monthly_model_downloads(daily),
        scopes,
        lambda monthly: _org_type_share(monthly, dim, seeds),
    )


def _concentration(monthly, dim) -> pd.DataFrame:
    by_model = _by_uploader(monthly, dim, "author")
    # Participants: authors compared case-insensitively; a model without an author is
    # its own participant (prefixed so it never merges with an author of that name).
    by_model["participant"] = ("author:" + by_model["author"].astype("str").str.lower()).fillna(
        "model:" + by_model["model_id"].astype("str")
    )
    x = by_model.groupby(["month", "participant"], as_index=False, sort=False)["downloads"].sum()
    x = x[x["downloads"] > 0].sort_values(["month", "downloads"], kind="stable")
    by_month = x.groupby("month", sort=False)["downloads"]
    x["i"] = by_month.cumcount() + 1  # rank ascending: x_1 <= … <= x_n
    x["n"] = by_month.transform("size")
    x["total"] = by_month.transform("sum")
    x["share_sq"] = (x["downloads"] / x["total"]) ** 2
    x["i_x"] = x["i"] * x["downloads"]
    x["top10"] = x["downloads"].where(x["n"] - x["i"] < 10, 0.0)  # the 10 largest
    out = x.groupby("month", as_index=False).agg(
        participants=("n", "first"),
        total=("total", "first"),
        hhi=("share_sq", "sum"),
        sum_i_x=("i_x", "sum"),
        top10=("top10", "sum"),
    )
    n = out["participants"]
    out["gini"] = 2 * out["sum_i_x"] / (n * out["total"]) - (n + 1) / n
    out["top10_share"] = out["top10"] / out["total"]
    out["month"] = _dates(out["month"])
    out["participants"] = out["participants"].astype("int64")
    return out[["month", "participants", "hhi", "gini", "top10_share"]]


OPENNESS_SHARE_COLUMNS = ["month", "scope", "dimension", "key", "downloads", "share"]


def _openness_share(monthly, lineage_df, dim, seeds) -> pd.DataFrame:
    """By the model's own licence class, and by lineage: its downloads split over its
    roots' families by weight, each family open_source or open_weight."""
    own = _by_uploader(monthly, dim, "license_class")
    own = own.assign(dimension="license_class", key=own["license_class"])
    roots = monthly.merge(lineage_df[["model_id", "root_family", "weight"]], on="model_id")
    openness = roots["root_family"].map(_family_openness(seeds.model_families))
    roots = roots.assign(
        dimension="openness",
        key=openness.fillna(OPEN_WEIGHT),
        downloads=roots["downloads"] * roots["weight"],
    )
    columns = ["month", "dimension", "key", "downloads"]
    both = pd.concat([own[columns], roots[columns]], ignore_index=True)
    return _share_by(both, "key", extra=["dimension"])[
        [c for c in OPENNESS_SHARE_COLUMNS if c != "scope"]
    ]


SIZE_TREND_COLUMNS = [
    "month",
    "scope",
    "mean_params",
    "median_params",
    "models",
    "downloads",
    "known_share",
]


def _size_trend(monthly, dim) -> pd.DataFrame:
    """Download-weighted mean and median parameter count of the month's used models."""
    used = _by_uploader(monthly[monthly["downloads"] > 0], dim, "params")
    total = used.groupby("month")["downloads"].sum()
    known = used[used["params"].notna()].astype({"params": "int64"})
    by_count = known.groupby(["month", "params"], as_index=False).agg(
        downloads=("downloads", "sum"), models=("model_id", "size")
    )  # sorted by month, then params ascending
    by_count["weighted"] = by_count["downloads"] * by_count["params"].astype("float64")
    by_count["cumulative"] = by_count.groupby("month")["downloads"].cumsum()
    half = by_count.groupby("month")["cumulative"].transform("max") / 2 * (1 - 1e-12)
    median = by_count[by_count["cumulative"] >= half].groupby("month")["params"].min()
    out = by_count.groupby("month", as_index=False).agg(
        weighted=("weighted", "sum"), models=("models", "sum"), downloads=("downloads", "sum")
    )
    out["mean_params"] = out["weighted"] / out["downloads"]
    out["median_params"] = out["month"].map(median).astype("int64")
    out["models"] = out["models"].astype("int64")
    out["known_share"] = out["downloads"] / out["month"].map(total)
    out = out[out["downloads"] > 0]
    out["month"] = _dates(out["month"])
    return out[[c for c in SIZE_TREND_COLUMNS if c != "scope"]].reset_index(drop=True)


def concentration(
    daily: pd.DataFrame, dim: pd.DataFrame, scopes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """marts.mart_concentration: participants, HHI, Gini and top-10 share per month.

    Per scope, the participants are the uploaders of the scope's models.
    """
    return _scoped(
        _monthly_model_downloads(daily), scopes, lambda monthly: _concentration(monthly, dim)
    )


def derivative_share(
    lineage_df: pd.DataFrame,
    dim: pd.DataFrame,
    seeds: Seeds | None = None,
    scopes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """marts.mart_derivative_share: derivatives by created month, split over root families.

    ``lineage_df`` may carry ``root_family`` (as mart_derivative_lineage does);
    otherwise the families are computed from ``seeds``. With ``scopes``, per scope of
    the derivative itself.
    """
    if "root_family" not in lineage_df:
        if seeds is None:
            raise ValueError("derivative_share needs seeds when lineage has no root_family")
        lineage_df = _with_root_family(lineage_df, seeds)
    return _scoped(dim, scopes, lambda models: _derivative_share(lineage_df, models))


def _derivative_share(lineage_df: pd.DataFrame, dim: pd.DataFrame) -> pd.DataFrame:
    derivatives = dim.loc[dim["is_derivative"].astype(bool), ["model_id", "created_date"]]
    derivatives = derivatives[derivatives["created_date"].notna()]
    split = derivatives.merge(lineage_df[["model_id", "root_family", "weight"]], on="model_id")
    split = pd.DataFrame(
        {
            "month": _month_start(_day_numbers(split["created_date"]).astype("int64")),
            "family": split["root_family"].to_numpy(),
            "new_derivatives": split["weight"].to_numpy("float64"),
        }
    )
    out = split.groupby(["month", "family"], as_index=False, sort=False)["new_derivatives"].sum()
    out = _with_share(out, ["month"], "family", "new_derivatives")
    out["month"] = _dates(out["month"])
    return out[["month", "family", "new_derivatives", "share"]]


def _derivative_kinds(dim: pd.DataFrame) -> pd.DataFrame:
    """marts.mart_derivative_kinds: derivatives by created month and kind, each once."""
    derivatives = dim[dim["is_derivative"].astype(bool) & dim["created_date"].notna()]
    frame = pd.DataFrame(
        {
            "month": _month_start(_day_numbers(derivatives["created_date"]).astype("int64")),
            "derivative_kind": derivatives["derivative_kind"].to_numpy(),
            "new_derivatives": 1,
        }
    )
    out = frame.groupby(["month", "derivative_kind"], as_index=False, sort=False)[
        "new_derivatives"
    ].sum()
    out = _with_share(out, ["month"], "derivative_kind", "new_derivatives")
    out["month"] = _dates(out["month"])
    return out[["month", "derivative_kind", "new_derivatives", "share"]]


# --------------------------------------------------------------------------------------
# Relative adoption rate
# --------------------------------------------------------------------------------------

ADOPTION_COLUMNS = [
    "model_id",
    "param_bucket",
    "age_days",
    "cumulative_downloads",
    "reference_downloads",
    "relative_adoption",
    "relative_adoption_vs_10th",
]


def _adoption_rate(snap: pd.DataFrame, dim: pd.DataFrame) -> pd.DataFrame:
    eligible = dim[
        ~dim["is_derivative"].astype(bool) & dim["params"].notna() & dim["created_date"].notna()
    ]
    eligible = pd.DataFrame(
        {
            "model_id": eligible["model_id"].to_numpy(),
            "created_day": _day_numbers(eligible["created_date"]),
            "param_bucket": eligible["param_bucket"].to_numpy(),
        }
    )
    points = snap[["model_id", "day", "downloads_all_time"]]
    values = values_at_ages(points, eligible, ADOPTION_AGES)
    values = values.merge(eligible[["model_id", "param_bucket"]], on="model_id")

    # Reference per (bucket, age) (reference_downloads), and the 10th-highest value
    # (none when fewer than 10).
    key = ["param_bucket", "age_days"]
    values = values.sort_values([*key, "cumulative_downloads"], ascending=[True, True, False])
    group = values.groupby(key, sort=False)["cumulative_downloads"]
    values["rank"] = group.cumcount() + 1
    reference = group.agg(reference_downloads).astype("float64").rename("reference_downloads")
    tenth = values.loc[values["rank"] == REFERENCE_TOP_N, [*key, "cumulative_downloads"]]
    tenth = tenth.rename(columns={"cumulative_downloads": "tenth_highest"})
    values = values.merge(reference.reset_index(), on=key, how="left")
    values = values.merge(tenth, on=key, how="left")
    reference_positive = values["reference_downloads"].where(values["reference_downloads"] > 0)
    tenth_positive = values["tenth_highest"].where(values["tenth_highest"] > 0)
    values["relative_adoption"] = values["cumulative_downloads"] / reference_positive
    values["relative_adoption_vs_10th"] = values["cumulative_downloads"] / tenth_positive
    out = values[ADOPTION_COLUMNS].sort_values(["model_id", "age_days"])
    return out.astype(
        {"age_days": "int64", "cumulative_downloads": "float64", "reference_downloads": "float64"}
    ).reset_index(drop=True)


def adoption_rate(
    snapshots: pd.DataFrame,
    dim: pd.DataFrame,
    seeds: Seeds | None = None,
    scopes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """marts.mart_adoption_rate (docs/metrics.md "Relative adoption rate").

    Eligibility, bucket and created date come from ``dim`` (dim_models); ``seeds`` is
    accepted for a uniform signature and not needed. With ``scopes``, per scope:
    eligibility and the reference group are restricted to the scope's models, each
    model's own values are unchanged.
    """
    snap = _prepare_snapshots(snapshots)
    return _scoped(dim, scopes, lambda models: _adoption_rate(snap, models))


# --------------------------------------------------------------------------------------
# Token share
# --------------------------------------------------------------------------------------

TOKEN_COLUMNS = ["week", "dimension", "key", "tokens", "share"]


def _count(token_rows: pd.DataFrame, column: str) -> pd.Series:
    """A token count column (ints, floats or decimal strings) as float; NaN when absent."""
    if column not in token_rows:
        return pd.Series(np.nan, index=token_rows.index)
    values = token_rows[column]
    if not pd.api.types.is_numeric_dtype(values):
        values = values.astype("str").str.strip()
        values = values.where(values != "")
    return pd.to_numeric(values).astype("float64")


def _deduplicated_token_rows(token_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (date, lower(slug)): from the file whose name sorts last in byte order.

    Within that file, should the key repeat, its last line wins.
    """
    prompt = _count(token_rows, "prompt_tokens")
    completion = _count(token_rows, "completion_tokens")
    tokens = (prompt + completion).fillna(_count(token_rows, "total_tokens"))

    # The file's name (not its directory) decides, compared as UTF-8 bytes.
    file_name = token_rows["file"].astype("str").str.replace("\\", "/").str.split("/").str[-1]
    by_bytes = sorted(set(file_name), key=lambda name: name.encode("utf-8"))
    file_rank = {name: rank for rank, name in enumerate(by_bytes)}
    line_no = token_rows["line_no"] if "line_no" in token_rows else pd.Series(0, token_rows.index)
    rows = pd.DataFrame(
        {
            "day": _day_numbers(token_rows["date"]).astype("int64"),
            "slug_key": token_rows["slug"].astype("str").str.lower().to_numpy(),
            "file_rank": file_name.map(file_rank).to_numpy(),
            "line_no": pd.to_numeric(line_no).fillna(-1).to_numpy(),
            "tokens": tokens.to_numpy(),
        }
    )
    rows = rows.sort_values(["file_rank", "line_no"], kind="stable")
    return rows.drop_duplicates(["day", "slug_key"], keep="last").reset_index(drop=True)


_SLUG_DATES = (r"-[0-9]{8}$", r"-[0-9]{4}-[0-9]{2}-[0-9]{2}$", r"-[0-9]{2}-[0-9]{2}$")


def _strip_slug_date(name: str) -> str:
    """Drop one trailing release date, the longest form first."""
    for pattern in _SLUG_DATES:
        stripped = re.sub(pattern, "", name)
        if stripped != name:
            return stripped
    return name


def normalised_slug(slug: str) -> str:
    """A slug as the token model catalogue matches it (docs/metrics.md#slug-normalisation):
    lower-cased, without its ``:variant``, its model name without one trailing date."""
    model = slug.lower().split(":", 1)[0]
    org, slash, name = model.partition("/")
    return f"{org}/{_strip_slug_date(name)}" if slash else _strip_slug_date(model)


def ordered_catalogue(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The rows of the token model catalogue with a pattern, in the order they are
    tried: priority, then file order."""
    catalogue = catalogue[_text(catalogue["slug_pattern"]) != ""].copy()
    catalogue["_priority"] = _seed_number(catalogue["priority"])
    catalogue["_order"] = range(len(catalogue))
    return catalogue.sort_values(["_priority", "_order"], kind="stable")


def catalogue_verdict(normalised: str, catalogue: pd.DataFrame) -> tuple[str, str | None]:
    """(openness, hub_model_id) of the first row of the :func:`ordered_catalogue` whose
    pattern is found in a normalised slug; (``unknown``, None) when none is."""
    for row in catalogue.itertuples(index=False):
        if re.search(row.slug_pattern.lower(), normalised):
            return row.openness.strip().lower(), (row.hub_model_id or None)
    return UNKNOWN, None


def _normalise_slugs(slug_keys: pd.Series, seeds: Seeds, dim: pd.DataFrame | None) -> pd.DataFrame:
    """Lower-cased slug -> openness, family, country, size (indexed by slug)."""
    slugs = pd.DataFrame({"slug_key": slug_keys.drop_duplicates().astype("str")})
    normalised = slugs["slug_key"].map(normalised_slug)
    parts = _split_ids(normalised)
    mapping = pd.Series(
        _text(seeds.openrouter_orgs["org"]).to_numpy(),
        index=_text(seeds.openrouter_orgs["openrouter_org"]).str.lower().to_numpy(),
    )
    mapping = mapping[(mapping.index != "") & (mapping != "")]
    mapping = mapping[~mapping.index.duplicated(keep="first")]
    hub_org = parts["org"].map(mapping).fillna(parts["org"])  # unmapped: used as is
    catalogue = ordered_catalogue(seeds.openrouter_models)
    matched = [catalogue_verdict(slug, catalogue) for slug in normalised]
    openness = pd.Series([m[0] for m in matched], index=slugs.index)
    repo = pd.Series([m[1] for m in matched], index=slugs.index, dtype=object)
    derived = (hub_org + "/" + parts["name"]).fillna(parts["name"])
    hub_id = repo.fillna(derived)
    rule_family = match_families(hub_id, seeds.model_families).fillna(OTHER)
    known = {}
    if dim is not None and not dim.empty:
        by_key = dim.assign(key=dim["model_id"].str.lower()).drop_duplicates("key")
        known = by_key.set_index("key")[["family", "country", "param_bucket"]].to_dict("index")
    seen = [known.get(r.lower()) if isinstance(r, str) else None for r in repo]
    id_org = repo.map(lambda r: r.split("/", 1)[0] if isinstance(r, str) and "/" in r else "")
    family, country, size = [], [], []
    for i, slug_index in enumerate(slugs.index):
        if openness[slug_index] != "open_weight":
            family.append(None), country.append(None), size.append(None)
            continue
        model = seen[i]
        if isinstance(repo[slug_index], str):
            family.append(model["family"] if model else rule_family[slug_index])
            country.append(
                model["country"]
                if model
                else _lookup_org(pd.Series([id_org[slug_index]]), seeds, "country").iloc[0]
            )
            size.append(model["param_bucket"] if model else UNKNOWN)
        else:
            family.append(rule_family[slug_index])
            country.append(_lookup_org(pd.Series([hub_org[slug_index]]), seeds, "country").iloc[0])
            size.append(UNKNOWN)
    slugs["openness"] = openness
    slugs["family"] = family
    slugs["country"] = country
    slugs["size"] = size
    return slugs.set_index("slug_key")


def _attributed_tokens(token_rows: pd.DataFrame, seeds: Seeds, dim) -> pd.DataFrame:
    rows = _deduplicated_token_rows(token_rows)
    if rows.empty:
        return rows
    rows = rows.join(_normalise_slugs(rows["slug_key"], seeds, dim), on="slug_key")
    return rows[rows["tokens"].notna()]


def token_share(token_rows: pd.DataFrame, seeds: Seeds, dim=None) -> pd.DataFrame:
    """marts.mart_token_share: open-weight token share by family, country and size per week."""
    rows = _attributed_tokens(token_rows, seeds, dim)
    if rows.empty:
        return pd.DataFrame(columns=TOKEN_COLUMNS)
    rows = rows[rows["openness"] == "open_weight"].copy()
    rows["week"] = _week_start(rows["day"])
    parts = []
    for dimension in ("family", "country", "size"):
        part = rows.groupby(["week", dimension], as_index=False, sort=False)["tokens"].sum()
        parts.append(part.rename(columns={dimension: "key"}).assign(dimension=dimension))
    if not parts or rows.empty:
        return pd.DataFrame(columns=TOKEN_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[["week", "dimension", "key", "tokens"]]
    out = _with_share(out, ["week", "dimension"], "key", "tokens")
    out["tokens"] = out["tokens"].round().astype("int64")
    out["week"] = _dates(out["week"])
    return out[TOKEN_COLUMNS]


OPENNESS_COLUMNS = ["week", "openness", "tokens", "share"]


def token_openness(token_rows: pd.DataFrame, seeds: Seeds, dim=None) -> pd.DataFrame:
    """marts.mart_token_openness: share of all tokens by openness per week."""
    rows = _attributed_tokens(token_rows, seeds, dim)
    if rows.empty:
        return pd.DataFrame(columns=OPENNESS_COLUMNS)
    rows = rows.assign(week=_week_start(rows["day"]))
    out = rows.groupby(["week", "openness"], as_index=False, sort=False)["tokens"].sum()
    out = _with_share(out, ["week"], "openness", "tokens")
    out["tokens"] = out["tokens"].round().astype("int64")
    out["week"] = _dates(out["week"])
    return out[OPENNESS_COLUMNS]


COVERAGE_COLUMNS = ["month", "scope", "measure", "total", "attributed", "known_share"]


def attribution_coverage(marts: dict[str, pd.DataFrame], token_rows, seeds, dim) -> pd.DataFrame:
    """marts.mart_attribution_coverage: share of each month's amount with a known key.

    The download measures come per scope from the (scoped) share marts in ``marts``
    (unscoped marts count as scope ``hub``); the token measures are scope ``hub`` only.
    """
    pieces = []

    def add(frame: pd.DataFrame, measure: str, key: str, unattributed: str, amount: str) -> None:
        if frame.empty:
            return
        part = frame.assign(
            measure=measure,
            known=np.where(frame[key] == unattributed, 0.0, frame[amount].astype(float)),
            amount=frame[amount].astype(float),
        )
        if "scope" not in part:
            part["scope"] = "hub"
        pieces.append(part[["month", "scope", "measure", "amount", "known"]])

    country = marts["mart_country_share"]
    add(
        country[country["attribution"] == "uploader"],
        "country_uploader",
        "country",
        UNKNOWN,
        "downloads",
    )
    add(
        country[country["attribution"] == "lineage"],
        "country_lineage",
        "country",
        UNKNOWN,
        "downloads",
    )
    add(marts["mart_org_type_share"], "org_type", "org_type", UNKNOWN, "downloads")
    add(marts["mart_family_share"], "family", "family", OTHER, "downloads")
    tokens = _attributed_tokens(token_rows, seeds, dim)
    if not tokens.empty:
        month = pd.to_datetime(tokens["day"], unit="D").dt.to_period("M").dt.start_time.dt.date
        tokens = tokens.assign(month=month.to_numpy())
        add(tokens, "token_openness", "openness", UNKNOWN, "tokens")
        add(
            tokens[tokens["openness"] == "open_weight"],
            "token_country",
            "country",
            UNKNOWN,
            "tokens",
        )
    if not pieces:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    all_rows = pd.concat(pieces, ignore_index=True)
    out = all_rows.groupby(["month", "scope", "measure"], as_index=False, sort=False)[
        ["amount", "known"]
    ].sum()
    out = out[out["amount"] > 0].rename(columns={"amount": "total", "known": "attributed"})
    out["known_share"] = out["attributed"] / out["total"]
    return out[COVERAGE_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Stock of downloads (docs/metrics.md#stock-of-downloads)
# --------------------------------------------------------------------------------------

CUMULATIVE_COLUMNS = ["month", "scope", "dimension", "key", "downloads_all_time", "share"]


def _month_end_stock(typed: pd.DataFrame, snap: pd.DataFrame) -> pd.DataFrame:
    """model_id, month, downloads: downloadsAllTime in the month's last counted snapshot.

    ``typed``: every accepted sighting (its dates are the counted snapshots);
    ``snap``: the sightings that count (see :func:`_prepare_snapshots`).
    """
    days = pd.Series(np.unique(typed["day"].to_numpy()), dtype="int64")
    last = days.groupby(_month_start(days.to_numpy())).max()
    stock = snap[snap["day"].isin(last.to_numpy())]
    return pd.DataFrame(
        {
            "model_id": stock["model_id"].to_numpy(),
            "month": _month_start(stock["day"].to_numpy()),
            "downloads": stock["downloads_all_time"].to_numpy("float64"),
        }
    )


def _cumulative_downloads(
    stock: pd.DataFrame,
    lineage_df: pd.DataFrame,
    dim: pd.DataFrame,
    seeds: Seeds,
    scopes: pd.DataFrame | None,
) -> pd.DataFrame:
    """Stock by dimension: country_uploader / org_type by the model's own author,
    country_lineage / family by its roots (split by root weight); latest attributes."""
    uploader = _by_uploader(stock, dim, "author")
    uploader["country"] = _lookup_org(uploader["author"], seeds, "country")
    uploader["org_type"] = _lookup_org(uploader["author"], seeds, "org_type")
    by_root = _by_root(stock, lineage_df, dim, seeds)
    columns = ["model_id", "month", "dimension", "key", "downloads"]
    keyed = pd.concat(
        [
            uploader.assign(dimension="country_uploader", key=uploader["country"])[columns],
            by_root.assign(dimension="country_lineage", key=by_root["root_country"])[columns],
            by_root.assign(dimension="family", key=by_root["root_family"])[columns],
            uploader.assign(dimension="org_type", key=uploader["org_type"])[columns],
        ],
        ignore_index=True,
    )

    def compute(rows: pd.DataFrame) -> pd.DataFrame:
        out = _share_by(rows, "key", extra=["dimension"])
        out = out.rename(columns={"downloads": "downloads_all_time"})
        return out[["month", "dimension", "key", "downloads_all_time", "share"]]

    out = _scoped(keyed, scopes, compute)
    return out[[c for c in CUMULATIVE_COLUMNS if c != "scope" or scopes is not None]]


def cumulative_downloads(
    snapshots: pd.DataFrame, seeds: Seeds, scoped: bool = True
) -> pd.DataFrame:
    """marts.mart_cumulative_downloads: month × scope × dimension × key."""
    m = _Models.of(snapshots, seeds, scoped)
    stock = _month_end_stock(m.typed, m.snap)
    return _cumulative_downloads(stock, m.lineage, m.dim, seeds, m.scopes)


# --------------------------------------------------------------------------------------
# Everything
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Models:
    """What the model-level marts start from, computed once from the snapshots."""

    typed: pd.DataFrame  # every sighting, typed
    snap: pd.DataFrame  # the sightings that count
    latest: pd.DataFrame  # each model's latest sighting: its attributes
    lineage: pd.DataFrame  # mart_derivative_lineage
    dim: pd.DataFrame  # dim_models
    scopes: pd.DataFrame | None  # model_id, scope; None: before scopes

    @classmethod
    def of(cls, snapshots: pd.DataFrame, seeds: Seeds, scoped: bool = True) -> _Models:
        typed = _typed_snapshots(snapshots)
        snap = typed[~_created_after_snapshot(typed)].reset_index(drop=True)
        latest = _latest(snap)
        edges = _parse_parents(latest)
        lineage_df = _with_root_family(_lineage(latest["model_id"], edges), seeds)
        dim = _dim_models(latest, edges, lineage_df, seeds)
        scopes = _model_scopes(latest, seeds) if scoped else None
        return cls(typed, snap, latest, lineage_df, dim, scopes)


def all_marts(
    snapshots: pd.DataFrame, token_rows: pd.DataFrame, seeds: Seeds, scoped: bool = True
) -> dict[str, pd.DataFrame]:
    """Every published mart, keyed by its table name.

    ``scoped=False`` gives the marts as they were defined before scopes: the marts of
    :data:`SCOPED_MARTS` computed over every model, without a ``scope`` column (the
    rows of scope ``hub`` of the scoped marts must equal them).
    """
    models = _Models.of(snapshots, seeds, scoped)
    lineage_df, dim = models.lineage, models.dim
    daily, _anomalies = _daily_downloads(models.snap, models.latest)
    monthly = _monthly(daily)

    def by_scope(frame: pd.DataFrame, compute) -> pd.DataFrame:
        return _scoped(frame, models.scopes, compute)

    marts = {
        "dim_models": dim,
        "fct_downloads_daily": _publish_daily(daily),
        "mart_country_share": by_scope(
            monthly, lambda m: _country_share(m, lineage_df, dim, seeds)
        ),
        "mart_family_share": by_scope(monthly, lambda m: _family_share(m, lineage_df, dim, seeds)),
        "mart_size_share": by_scope(monthly, lambda m: _size_share(m, dim)),
        "mart_derivative_lineage": lineage_df,
        "mart_derivative_share": by_scope(dim, lambda d: _derivative_share(lineage_df, d)),
        "mart_derivative_kinds": by_scope(dim, _derivative_kinds),
        "mart_adoption_rate": by_scope(dim, lambda d: _adoption_rate(models.snap, d)),
        "mart_token_share": token_share(token_rows, seeds, dim),
        "mart_token_openness": token_openness(token_rows, seeds, dim),
        "mart_org_type_share": by_scope(monthly, lambda m: _org_type_share(m, dim, seeds)),
        "mart_concentration": by_scope(monthly, lambda m: _concentration(m, dim)),
        "mart_cumulative_downloads": _cumulative_downloads(
            _month_end_stock(models.typed, models.snap), lineage_df, dim, seeds, models.scopes
        ),
        "mart_openness_share": by_scope(
            monthly, lambda m: _openness_share(m, lineage_df, dim, seeds)
        ),
        "mart_size_trend": by_scope(monthly, lambda m: _size_trend(m, dim)),
    }
    marts["mart_attribution_coverage"] = attribution_coverage(marts, token_rows, seeds, dim)
    return marts
