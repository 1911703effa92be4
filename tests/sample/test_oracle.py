"""Hand-computed cases for the pandas reference implementation (tests/support/oracle.py)."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest

from tests.support import oracle

D = date.fromisoformat
TOKEN_COLUMNS = [
    "file",
    "line_no",
    "date",
    "slug",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
]


# ----------------------------------------------------------------------------- fixtures


def make_seeds(
    families: list[tuple[str, str, str, int]] | None = None,
    orgs: list[tuple[str, str, str]] | None = None,
    openrouter: list[tuple[str, str]] | None = None,
    catalogue: list[tuple[str, str, str, int]] | None = None,
    tracked: list[str] = (),
    llm_tags: list[str] | None = None,
) -> oracle.Seeds:
    orgs = orgs or [
        ("Qwen", "CN", "company"),
        ("deepseek-ai", "CN", "company"),
        ("mistralai", "FR", "company"),
        ("ghost", "US", "academic"),
    ]
    families = families or [
        ("Qwen", "Qwen", "", 10),
        ("DeepSeek", "deepseek-ai", "", 10),
        ("Llama", "meta-llama", "llama", 10),
        ("Mistral", "MistralAI", "mistral", 10),
    ]
    openrouter = openrouter or [
        ("qwen", "Qwen"),
        ("deepseek", "deepseek-ai"),
        ("meta-llama", "meta-llama"),
    ]
    return oracle.Seeds(
        orgs=pd.DataFrame(
            [(o, c, t, o) for o, c, t in orgs],
            columns=["org", "country", "org_type", "display_name"],
        ),
        model_families=pd.DataFrame(
            families, columns=["family", "org", "name_pattern", "priority"]
        ),
        openrouter_orgs=pd.DataFrame(openrouter, columns=["openrouter_org", "org"]),
        openrouter_models=pd.DataFrame(
            catalogue
            or [
                ("^qwen/", "open_weight", "", 100),
                ("^deepseek/", "open_weight", "", 100),
                ("^mistralai/", "open_weight", "", 100),
                ("^meta-llama/", "open_weight", "", 100),
                ("^openai/", "closed", "", 100),
                ("^anthropic/", "closed", "", 100),
            ],
            columns=["slug_pattern", "openness", "hub_model_id", "priority"],
        ),
        param_buckets=pd.DataFrame(
            [
                ("<1B", "", "1000000000"),
                ("1-5B", "1000000000", "5000000000"),
                ("5-10B", "5000000000", "10000000000"),
                ("10-50B", "10000000000", "50000000000"),
                ("50-100B", "50000000000", "100000000000"),
                ("100-250B", "100000000000", "250000000000"),
                ("250B+", "250000000000", ""),
            ],
            columns=["bucket", "min_params", "max_params"],
        ),
        tracked_models=pd.DataFrame(
            [(m, m.split("/")[0]) for m in tracked], columns=["model_id", "org"]
        ),
        llm_pipeline_tags=pd.DataFrame(
            {
                "pipeline_tag": list(
                    oracle.DEFAULT_LLM_PIPELINE_TAGS if llm_tags is None else llm_tags
                )
            }
        ),
    )


def snapshot_frame(rows: list[dict]) -> pd.DataFrame:
    """rows: dicts with date, id, created, dl and optional tags, params, author,
    pipeline (pipeline_tag) and library (library_name)."""
    return pd.DataFrame(
        {
            "snapshot_date": [D(r["date"]) for r in rows],
            "model_id": [r["id"] for r in rows],
            "author": [r.get("author") for r in rows],
            "created_at": pd.to_datetime(
                [r.get("created", "2020-01-01") for r in rows], utc=True, format="ISO8601"
            ),
            "downloads_all_time": [r.get("dl", 0) for r in rows],
            "tags": [list(r.get("tags", [])) for r in rows],
            "params": pd.array([r.get("params") for r in rows], dtype="Int64"),
            "pipeline_tag": pd.Series([r.get("pipeline") for r in rows], dtype=object),
            "library_name": pd.Series([r.get("library") for r in rows], dtype=object),
        }
    )


def as_dict(frame: pd.DataFrame, key: list[str], value: str) -> dict:
    return {tuple(row[k] for k in key): row[value] for _, row in frame.iterrows()}


def assert_shares_sum_to_one(frame: pd.DataFrame, group: list[str]) -> None:
    if frame.empty:
        return
    sums = frame.groupby(group)["share"].sum()
    assert np.allclose(sums.to_numpy(), 1.0, atol=1e-9)
    assert frame["share"].between(0, 1).all()


# ------------------------------------------------------------------------ daily downloads


def daily_case():
    rows = [
        # warehouse snapshots: 2024-01-01 (very first), 2024-01-04, 2024-01-05
        {"date": "2024-01-01", "id": "a/spread", "dl": 100},
        {"date": "2024-01-04", "id": "a/spread", "dl": 130},
        {"date": "2024-01-01", "id": "a/drop", "dl": 100},
        {"date": "2024-01-04", "id": "a/drop", "dl": 90},
        {"date": "2024-01-05", "id": "a/drop", "dl": 95},
        {"date": "2024-01-04", "id": "a/new", "dl": 20, "created": "2024-01-02T15:00:00Z"},
        {"date": "2024-01-04", "id": "a/utc", "dl": 9, "created": "2024-01-02T23:30:00-05:00"},
        {"date": "2024-01-04", "id": "a/same", "dl": 7, "created": "2024-01-04T01:00:00Z"},
        {"date": "2024-01-04", "id": "a/future", "dl": 3, "created": "2024-01-06T00:00:00Z"},
        {"date": "2024-01-04", "id": "a/old", "dl": 500, "created": "2023-12-31T12:00:00Z"},
        {"date": "2024-01-04", "id": "a/onP", "dl": 500, "created": "2024-01-01T12:00:00Z"},
        {"date": "2024-01-01", "id": "a/gap", "dl": 10},
        {"date": "2024-01-05", "id": "a/gap", "dl": 40},
        {"date": "2024-01-01", "id": "a/first", "dl": 999, "created": "2023-12-31T00:00:00Z"},
    ]
    return snapshot_frame(rows)


def test_daily_downloads_rules():
    daily, anomalies = oracle.daily_downloads(daily_case())
    got = as_dict(daily, ["model_id", "date"], "downloads")
    expected = {
        # 3-day gap (Jan 1, Jan 4]: 30 spread as 10, 10, 10
        ("a/spread", D("2024-01-02")): 10.0,
        ("a/spread", D("2024-01-03")): 10.0,
        ("a/spread", D("2024-01-04")): 10.0,
        # negative delta Jan 4 counts 0 (omitted); then +5 on Jan 5
        ("a/drop", D("2024-01-05")): 5.0,
        # created Jan 2 after the previous warehouse snapshot (Jan 1): spread Jan 3..4
        ("a/new", D("2024-01-03")): 10.0,
        ("a/new", D("2024-01-04")): 10.0,
        # created 2024-01-02 23:30 -05:00 = 2024-01-03 UTC: all on Jan 4
        ("a/utc", D("2024-01-04")): 9.0,
        # created on the snapshot date: all on that date
        ("a/same", D("2024-01-04")): 7.0,
        # a/future: created after the snapshot date (bad data): ignored, an anomaly
        # missing on Jan 4, seen again Jan 5: (Jan 1, Jan 5] = 4 days of 7.5
        ("a/gap", D("2024-01-02")): 7.5,
        ("a/gap", D("2024-01-03")): 7.5,
        ("a/gap", D("2024-01-04")): 7.5,
        ("a/gap", D("2024-01-05")): 7.5,
        # a/old, a/onP (created not after previous snapshot) and a/first (very first
        # snapshot) are baselines: no downloads.
    }
    assert got == pytest.approx(expected)
    assert list(daily.columns) == ["model_id", "date", "downloads"]
    assert (daily["downloads"] > 0).all()

    assert len(anomalies) == 2
    row = anomalies.iloc[0]
    assert row["model_id"] == "a/drop"
    assert row["snapshot_date"] == D("2024-01-04")
    assert row["anomaly"] == "downloads_fell"
    assert row["previous_snapshot_date"] == D("2024-01-01")
    assert row["downloads_all_time"] == 90
    assert row["previous_downloads_all_time"] == 100
    assert row["delta"] == -10
    row = anomalies.iloc[1]
    assert (row["model_id"], row["snapshot_date"], row["anomaly"]) == (
        "a/future",
        D("2024-01-04"),
        "created_after_snapshot",
    )
    assert row["downloads_all_time"] == 3
    assert row["previous_snapshot_date"] is None
    assert pd.isna(row["previous_downloads_all_time"]) and pd.isna(row["delta"])


def test_a_model_created_after_its_snapshot_counts_from_its_next_sighting():
    # Listed on Jan 2 with createdAt Jan 3: that sighting is ignored, so Jan 4 is
    # its first (a new model: created after the previous snapshot, Jan 2).
    snaps = snapshot_frame(
        [
            {"date": "2024-01-01", "id": "a/base", "dl": 1},
            {"date": "2024-01-02", "id": "a/base", "dl": 1},
            {"date": "2024-01-04", "id": "a/base", "dl": 1},
            {"date": "2024-01-02", "id": "a/early", "dl": 10, "created": "2024-01-03T08:00:00Z"},
            {"date": "2024-01-04", "id": "a/early", "dl": 40, "created": "2024-01-03T08:00:00Z"},
        ]
    )
    daily, anomalies = oracle.daily_downloads(snaps)
    assert as_dict(daily, ["model_id", "date"], "downloads") == {("a/early", D("2024-01-04")): 40.0}
    assert anomalies[["model_id", "snapshot_date", "anomaly"]].values.tolist() == [
        ["a/early", D("2024-01-02"), "created_after_snapshot"]
    ]
    dim = oracle.dim_models(snaps, make_seeds()).set_index("model_id")
    assert dim.at["a/early", "first_seen_date"] == D("2024-01-04")


def test_first_snapshot_is_baseline_even_for_fresh_models():
    snaps = snapshot_frame(
        [{"date": "2024-03-01", "id": "x/y", "dl": 50, "created": "2024-02-29T00:00:00Z"}]
    )
    daily, anomalies = oracle.daily_downloads(snaps)
    assert daily.empty and anomalies.empty


# ---------------------------------------------------------------------------- parents


def test_parse_parents_relations_and_latest_snapshot():
    snaps = snapshot_frame(
        [
            # old snapshot had a parent that the latest one no longer lists
            {"date": "2024-01-01", "id": "m/changed", "tags": ["base_model:old/parent"]},
            {"date": "2024-02-01", "id": "m/changed", "tags": ["transformers"]},
            {"date": "2024-02-01", "id": "m/plain", "tags": ["base_model:org/p"]},
            {
                "date": "2024-02-01",
                "id": "m/both",
                "tags": ["base_model:org/p", "base_model:finetune:org/p"],
            },
            {
                "date": "2024-02-01",
                "id": "m/two",
                "tags": ["base_model:quantized:org/p", "base_model:adapter:org/p"],
            },
            {"date": "2024-02-01", "id": "m/self", "tags": ["base_model:m/self"]},
            {
                "date": "2024-02-01",
                "id": "m/arr",
                "tags": np.array(["license:mit", "base_model:merge:org/q"]),
            },
        ]
    )
    parents = oracle.parse_parents(snaps)
    got = {(r.model_id, r.parent_id): r.relation for r in parents.itertuples()}
    assert got == {
        ("m/plain", "org/p"): "unspecified",
        ("m/both", "org/p"): "finetune",
        ("m/two", "org/p"): "adapter",
        ("m/arr", "org/q"): "merge",
    }


# ---------------------------------------------------------------------------- lineage


def lineage_rows(edges: dict[str, list[str]], extra: list[str] = ()) -> pd.DataFrame:
    """A snapshot holding every model in `edges` (and `extra`) with those parents."""
    models = sorted(set(edges) | set(extra))
    rows = [
        {
            "date": "2024-01-01",
            "id": m,
            "tags": [f"base_model:finetune:{p}" for p in edges.get(m, [])],
        }
        for m in models
    ]
    return snapshot_frame(rows)


def lineage_dict(frame: pd.DataFrame) -> dict:
    return {
        (r.model_id, r.root_id): (pytest.approx(r.weight), r.depth, r.lineage_status)
        for r in frame.itertuples()
    }


def test_lineage_shapes():
    edges = {
        # chain c -> b -> a
        "o/a": [],
        "o/b": ["o/a"],
        "o/c": ["o/b"],
        # merge of two parents
        "o/p1": [],
        "o/p2": [],
        "o/m": ["o/p1", "o/p2"],
        # diamond with a shortcut: d -> (b1, r), b1 -> r: weight 1, depth 1
        "o/r": [],
        "o/b1": ["o/r"],
        "o/d": ["o/b1", "o/r"],
        # uneven merge: x -> (y, r2), y -> (r2, r3)
        "o/r2": [],
        "o/r3": [],
        "o/y": ["o/r2", "o/r3"],
        "o/x": ["o/y", "o/r2"],
        # full diamond: e -> (f1, f2) -> s
        "o/s": [],
        "o/f1": ["o/s"],
        "o/f2": ["o/s"],
        "o/e": ["o/f1", "o/f2"],
        # parent never seen
        "u/ft": ["ghost/base"],
        # 2-cycle, a model downstream of it, and one with a cycle in one branch
        "cy/a": ["cy/b"],
        "cy/b": ["cy/a"],
        "cy/down": ["cy/a"],
        "cy/mixed": ["cy/down", "o/a"],
    }
    snaps = lineage_rows(edges, extra=["s/self"])
    snaps.loc[snaps["model_id"] == "s/self", "tags"] = pd.Series(
        [["base_model:s/self"]], index=snaps.index[snaps["model_id"] == "s/self"]
    )
    got = lineage_dict(oracle.lineage(snaps))
    expected = {
        ("o/a", "o/a"): (1.0, 0, "root"),
        ("o/b", "o/a"): (1.0, 1, "derived"),
        ("o/c", "o/a"): (1.0, 2, "derived"),
        ("o/p1", "o/p1"): (1.0, 0, "root"),
        ("o/p2", "o/p2"): (1.0, 0, "root"),
        ("o/m", "o/p1"): (0.5, 1, "derived"),
        ("o/m", "o/p2"): (0.5, 1, "derived"),
        ("o/r", "o/r"): (1.0, 0, "root"),
        ("o/b1", "o/r"): (1.0, 1, "derived"),
        ("o/d", "o/r"): (1.0, 1, "derived"),
        ("o/r2", "o/r2"): (1.0, 0, "root"),
        ("o/r3", "o/r3"): (1.0, 0, "root"),
        ("o/y", "o/r2"): (0.5, 1, "derived"),
        ("o/y", "o/r3"): (0.5, 1, "derived"),
        ("o/x", "o/r2"): (0.75, 1, "derived"),
        ("o/x", "o/r3"): (0.25, 2, "derived"),
        ("o/s", "o/s"): (1.0, 0, "root"),
        ("o/f1", "o/s"): (1.0, 1, "derived"),
        ("o/f2", "o/s"): (1.0, 1, "derived"),
        ("o/e", "o/s"): (1.0, 2, "derived"),
        ("u/ft", "ghost/base"): (1.0, 1, "derived"),
        ("cy/a", "cy/a"): (1.0, 0, "cycle"),
        ("cy/b", "cy/b"): (1.0, 0, "cycle"),
        ("cy/down", "cy/down"): (1.0, 0, "cycle"),
        ("cy/mixed", "cy/mixed"): (1.0, 0, "cycle"),
        ("s/self", "s/self"): (1.0, 0, "root"),
    }
    assert got == expected
    # the unseen parent is only a root_id, never a model_id
    assert "ghost/base" not in set(oracle.lineage(snaps)["model_id"])


def test_lineage_long_chain_terminates():
    n = 20_000
    ids = [f"c/m{i}" for i in range(n)]
    rows = [{"date": "2024-01-01", "id": ids[0]}] + [
        {"date": "2024-01-01", "id": ids[i], "tags": [f"base_model:{ids[i - 1]}"]}
        for i in range(1, n)
    ]
    result = oracle.lineage(snapshot_frame(rows))
    assert len(result) == n
    last = result[result["model_id"] == ids[-1]].iloc[0]
    assert (last["root_id"], last["weight"], last["depth"]) == (ids[0], 1.0, n - 1)
    assert (result["root_id"] == ids[0]).all()


# ---------------------------------------------------------------------------- families


FAMILY_RULES = [
    ("Qwen", "Qwen", "", 10),
    ("QwQ", "qwen", "qwq", 5),  # lower priority number wins over the row above
    ("Llama", "", "llama", 20),  # empty org = any org
    ("Llama-Meta", "meta-llama", "", 20),  # same priority, later row: loses to Llama
    ("GPT-2", "", "^gpt2$", 30),
    ("OrgGPT", "gpt2", "", 1),  # an id without '/' has no org, so never matches this
    ("Catch-all-meta", "meta-llama", "", 40),
]


@pytest.mark.parametrize(
    ("model_id", "family"),
    [
        ("Qwen/Qwen2.5-7B", "Qwen"),
        ("qwen/QwQ-32B", "QwQ"),
        ("QWEN/qwq-preview", "QwQ"),
        ("meta-llama/Llama-3-8B", "Llama"),
        ("meta-llama/CodeThing", "Llama-Meta"),
        ("someone/my-LLAMA-ft", "Llama"),
        ("llama-org/foo", "Other"),  # the pattern is searched in the name only
        ("gpt2", "GPT-2"),
        ("openai-community/gpt2", "GPT-2"),
        ("gpt2/other", "OrgGPT"),
        ("foo/bar", "Other"),
        ("bar", "Other"),
    ],
)
def test_family_rules(model_id, family):
    families = pd.DataFrame(FAMILY_RULES, columns=["family", "org", "name_pattern", "priority"])
    assert oracle.family_of(model_id, families) == family
    assert oracle.families_of(pd.Series([model_id, "foo/bar"]), families).tolist() == [
        family,
        "Other",
    ]


# ---------------------------------------------------------------------------- dim_models


def test_dim_models_attributes():
    seeds = make_seeds(
        families=[("Qwen", "Qwen", "", 10), ("Llama", "meta-llama", "", 10)],
    )
    snaps = snapshot_frame(
        [
            {"date": "2024-01-01", "id": "Qwen/base", "params": 7 * 10**9, "author": "Wrong"},
            {"date": "2024-02-01", "id": "Qwen/base", "params": 7 * 10**9, "author": "qwen"},
            {"date": "2024-02-01", "id": "meta-llama/L", "params": 999_999_999},
            {"date": "2024-01-01", "id": "x/one-b", "params": 10**9},
            {"date": "2024-02-01", "id": "x/five-b", "params": 5 * 10**9},
            {"date": "2024-02-01", "id": "noauthor", "params": 250 * 10**9},
            {
                "date": "2024-02-01",
                "id": "fan/tie",
                "tags": ["base_model:Qwen/base", "base_model:meta-llama/L"],
            },
            {
                "date": "2024-02-01",
                "id": "fan/heavy",
                "tags": ["base_model:Qwen/base", "base_model:fan/tie"],
            },
        ]
    )
    dim = oracle.dim_models(snaps, seeds).set_index("model_id")
    assert list(oracle.dim_models(snaps, seeds).columns) == oracle.DIM_COLUMNS
    assert dim.loc["Qwen/base", "author"] == "qwen"  # latest snapshot wins
    assert dim.loc["Qwen/base", "country"] == "CN"  # case-insensitive org match
    assert dim.loc["Qwen/base", "param_bucket"] == "5-10B"
    assert dim.loc["Qwen/base", "first_seen_date"] == D("2024-01-01")
    assert dim.loc["Qwen/base", "last_seen_date"] == D("2024-02-01")
    assert dim.loc["Qwen/base", "created_date"] == D("2020-01-01")
    assert dim.loc["meta-llama/L", "param_bucket"] == "<1B"
    assert dim.loc["meta-llama/L", "country"] == "unknown"
    assert dim.loc["x/one-b", "param_bucket"] == "1-5B"  # 1e9 is inclusive lower edge
    assert dim.loc["x/five-b", "param_bucket"] == "5-10B"  # 5e9 is exclusive upper edge
    assert dim.loc["noauthor", "param_bucket"] == "250B+"  # empty max = no limit
    assert pd.isna(dim.loc["noauthor", "author"])
    assert dim.loc["noauthor", "country"] == "unknown"
    assert dim.loc["fan/tie", "param_bucket"] == "unknown"
    assert dim.loc["fan/tie", "is_derivative"]
    assert not dim.loc["Qwen/base", "is_derivative"]
    # tie between Qwen (0.5) and Llama (0.5): alphabetically first family
    assert dim.loc["fan/tie", "family"] == "Llama"
    # fan/heavy: Qwen/base 0.5 + 0.25 = 0.75, meta-llama/L 0.25
    assert dim.loc["fan/heavy", "family"] == "Qwen"
    assert dim.loc["x/one-b", "family"] == "Other"


# ---------------------------------------------------------------------------- adoption


def adoption_case():
    rows = []

    def model(mid, params, created, points, tags=()):
        for day, dl in points:
            rows.append(
                {
                    "date": day,
                    "id": mid,
                    "params": params,
                    "created": created + "T10:00:00Z",
                    "dl": dl,
                    "tags": list(tags),
                }
            )

    # <1B: the value rules
    model("v/exact", 10**8, "2024-01-01", [("2024-01-08", 700), ("2024-01-15", 1400)])
    model("v/interp", 10**8, "2024-01-01", [("2024-01-05", 100), ("2024-01-10", 600)])
    model("v/gap", 10**8, "2024-01-01", [("2024-01-02", 10), ("2024-01-12", 110)])
    # snapshot on the created date (the warehouse's first snapshot): its value, not 0
    model(
        "v/oncreated",
        10**8,
        "2024-01-01",
        [("2024-01-01", 50), ("2024-01-05", 90), ("2024-01-09", 130)],
    )
    # created long before tracking began: no age has a value
    model("v/ancient", 10**8, "2020-01-01", [("2024-01-01", 5000), ("2024-01-05", 6000)])
    # ineligible: a derivative, and a model without parameter count
    model("v/deriv", 10**8, "2024-01-01", [("2024-01-08", 1)], tags=["base_model:v/exact"])
    model("v/noparams", None, "2024-01-01", [("2024-01-08", 1)])
    # 1-5B: two models (one exactly 1e9): no reference
    model("b2/a", 10**9, "2024-01-01", [("2024-01-08", 10)])
    model("b2/b", 2 * 10**9, "2024-01-01", [("2024-01-08", 20)])
    # 5-10B: nine models (one exactly 5e9): reference = median of all, no 10th
    for i in range(1, 10):
        model(f"b9/m{i}", 5 * 10**9 if i == 1 else 6 * 10**9, "2024-01-01", [("2024-01-08", i)])
    # 10-50B: twelve models, values 10..120
    for i in range(1, 13):
        model(f"b12/m{i:02d}", 2 * 10**10, "2024-01-01", [("2024-01-08", 10 * i)])
    return snapshot_frame(rows)


def test_adoption_rate():
    seeds = make_seeds()
    snaps = adoption_case()
    dim = oracle.dim_models(snaps, seeds)
    result = oracle.adoption_rate(snaps, dim, seeds)
    assert list(result.columns) == oracle.ADOPTION_COLUMNS
    value = as_dict(result, ["model_id", "age_days"], "cumulative_downloads")

    assert value[("v/exact", 7)] == 700
    assert value[("v/exact", 14)] == 1400
    assert ("v/exact", 30) not in value
    assert value[("v/interp", 7)] == pytest.approx(400.0)  # 100 + 500 * 3/5
    assert not any(k[0] == "v/gap" for k in value)  # Jan 2 .. Jan 12 is 10 days apart
    assert value[("v/oncreated", 7)] == pytest.approx(120.0)  # 90 + 40 * 3/4
    assert not any(k[0] in ("v/ancient", "v/deriv", "v/noparams") for k in value)

    rows = result.set_index(["model_id", "age_days"])
    # bucket edges: 1e9 -> 1-5B, 5e9 -> 5-10B
    assert rows.loc[("b2/a", 7), "param_bucket"] == "1-5B"
    assert rows.loc[("b9/m1", 7), "param_bucket"] == "5-10B"
    # two models: no reference
    assert pd.isna(rows.loc[("b2/a", 7), "reference_downloads"])
    assert pd.isna(rows.loc[("b2/a", 7), "relative_adoption"])
    # nine models: median of all nine (5); no 10th value
    assert rows.loc[("b9/m9", 7), "reference_downloads"] == 5
    assert rows.loc[("b9/m9", 7), "relative_adoption"] == pytest.approx(9 / 5)
    assert pd.isna(rows.loc[("b9/m9", 7), "relative_adoption_vs_10th"])
    # twelve models 10..120: top 10 = 30..120, median 75; 10th highest = 30
    assert rows.loc[("b12/m12", 7), "reference_downloads"] == pytest.approx(75)
    assert rows.loc[("b12/m12", 7), "relative_adoption"] == pytest.approx(120 / 75)
    assert rows.loc[("b12/m12", 7), "relative_adoption_vs_10th"] == pytest.approx(4.0)
    assert rows.loc[("b12/m01", 7), "relative_adoption_vs_10th"] == pytest.approx(1 / 3)
    # <1B at age 7: exact 700, interp 400, oncreated 120 -> median 400
    assert rows.loc[("v/exact", 7), "reference_downloads"] == pytest.approx(400)


# ---------------------------------------------------------------------------- concentration


def test_concentration_worked_example():
    jan, feb = D("2024-01-10"), D("2024-02-03")
    daily = pd.DataFrame(
        [
            ("A/x", jan, 4.0),
            ("A/x", D("2024-01-11"), 6.0),
            ("a/y", jan, 10.0),  # same participant as A/x (authors case-insensitive)
            ("B/z", jan, 30.0),
            ("gpt2", jan, 50.0),  # no author: its own participant
        ]
        + [(f"p{i}/m", feb, float(i)) for i in range(1, 13)],
        columns=["model_id", "date", "downloads"],
    )
    dim = pd.DataFrame(
        {
            "model_id": ["A/x", "a/y", "B/z", "gpt2"] + [f"p{i}/m" for i in range(1, 13)],
            "author": ["A", "a", "B", None] + [f"p{i}" for i in range(1, 13)],
        }
    )
    result = oracle.concentration(daily, dim).set_index("month")
    # January: x = 20, 30, 50 of 100
    jan_row = result.loc[D("2024-01-01")]
    assert jan_row["participants"] == 3
    assert jan_row["hhi"] == pytest.approx(0.04 + 0.09 + 0.25)
    assert jan_row["gini"] == pytest.approx(2 * (20 + 60 + 150) / 300 - 4 / 3)  # 0.2
    assert jan_row["gini"] == pytest.approx(0.2)
    assert jan_row["top10_share"] == pytest.approx(1.0)
    # February: x = 1..12 of 78
    feb_row = result.loc[D("2024-02-01")]
    assert feb_row["participants"] == 12
    assert feb_row["hhi"] == pytest.approx(650 / 78**2)
    assert feb_row["gini"] == pytest.approx(2 * 650 / (12 * 78) - 13 / 12)
    assert feb_row["top10_share"] == pytest.approx(75 / 78)


# ---------------------------------------------------------------------------- token share


def test_token_share():
    seeds = make_seeds()
    rows = [
        # file, line, date, slug, prompt, completion, total
        ("a.csv", 2, "2024-01-01", "qwen/qwen3-235b", None, None, 100),
        ("b.csv", 2, "2024-01-01", "Qwen/Qwen3-235B", None, None, 300),  # b.csv sorts last
        ("a.csv", 3, "2024-01-02", "deepseek/deepseek-r1", None, None, "50"),
        ("a.csv", 4, "2024-01-02", "deepseek/deepseek-r1:free", "20", "30", "999"),
        ("a.csv", 5, "2024-01-03", "anthropic/claude-3.5-sonnet", None, None, 1000),
        ("a.csv", 6, "2024-01-03", "openai/gpt-4o", None, None, 500),
        ("a.csv", 7, "2024-01-03", "other", None, None, 300),
        ("Z.csv", 2, "2024-01-07", "mistralai/mistral-small", None, None, "1"),
        ("a.csv", 8, "2024-01-07", "mistralai/mistral-small", None, None, "60.0"),  # a > Z
        ("é.csv", 2, "2024-01-05", "meta-llama/llama-3-8b", None, None, " 40 "),
        ("z.csv", 2, "2024-01-05", "meta-llama/llama-3-8b", None, None, 7),  # é > z in bytes
        ("b.csv", 3, "2024-01-09", "openai/gpt-4o", None, None, 10),  # only closed that week
    ]
    token_rows = pd.DataFrame(
        rows,
        columns=[
            "file",
            "line_no",
            "date",
            "slug",
            "prompt_tokens",
            "completion_tokens",
            "total_tokens",
        ],
    ).astype(object)
    result = oracle.token_share(token_rows, seeds)
    assert list(result.columns) == ["week", "dimension", "key", "tokens", "share"]
    assert set(result["week"]) == {D("2024-01-01")}
    tokens = as_dict(result, ["dimension", "key"], "tokens")
    shares = as_dict(result, ["dimension", "key"], "share")
    assert tokens == {
        ("family", "Qwen"): 300,
        ("family", "DeepSeek"): 100,
        ("family", "Mistral"): 60,
        ("family", "Llama"): 40,
        ("country", "CN"): 400,
        ("country", "FR"): 60,
        ("country", "unknown"): 40,
        ("size", "unknown"): 500,  # the catalogue names no Hub repo: size unknown
    }
    assert shares == pytest.approx(
        {
            ("family", "Qwen"): 0.6,
            ("family", "DeepSeek"): 0.2,
            ("family", "Mistral"): 0.12,
            ("family", "Llama"): 0.08,
            ("country", "CN"): 0.8,
            ("country", "FR"): 0.12,
            ("country", "unknown"): 0.08,
            ("size", "unknown"): 1.0,
        }
    )


# ------------------------------------------------------------ scopes, repackagings, stock


def test_model_scopes():
    seeds = make_seeds(
        tracked=["qwen/CHAT", " x/tracked-embed "],
        llm_tags=["text-generation", " image-text-to-text ", "any-to-any"],
    )
    snaps = snapshot_frame(
        [
            {"date": "2024-01-01", "id": "Qwen/chat", "pipeline": "Text-Generation"},
            {"date": "2024-01-01", "id": "x/vlm", "pipeline": "image-text-to-text"},
            {"date": "2024-01-01", "id": "x/omni", "pipeline": "any-to-any"},
            {"date": "2024-01-01", "id": "x/embed", "pipeline": "feature-extraction"},
            {"date": "2024-01-01", "id": "x/tracked-embed", "pipeline": "sentence-similarity"},
            {"date": "2024-01-01", "id": "x/none"},
            # the latest snapshot's pipeline tag decides
            {"date": "2024-01-01", "id": "x/changed", "pipeline": "text-generation"},
            {"date": "2024-02-01", "id": "x/changed", "pipeline": "text-classification"},
            {"date": "2024-01-01", "id": "x/became", "pipeline": "fill-mask"},
            {"date": "2024-02-01", "id": "x/became", "pipeline": "text-generation"},
        ]
    )
    scopes = oracle.model_scopes(snaps, seeds)
    members = {s: set(scopes.loc[scopes["scope"] == s, "model_id"]) for s in oracle.SCOPES}
    assert members["hub"] == set(snaps["model_id"])
    assert members["llm"] == {"Qwen/chat", "x/vlm", "x/omni", "x/became"}
    assert members["tracked"] == {"Qwen/chat", "x/tracked-embed"}
    # another list of LLM pipeline tags changes the scope
    embeddings = make_seeds(llm_tags=["Feature-Extraction"])
    scopes = oracle.model_scopes(snaps, embeddings)
    assert set(scopes.loc[scopes["scope"] == "llm", "model_id"]) == {"x/embed"}
    assert not (scopes["scope"] == "tracked").any()  # no tracked_models rows


def test_dim_models_repackagings_and_latest_values():
    seeds = make_seeds()
    day = "2024-02-01"
    snaps = snapshot_frame(
        [
            {"date": day, "id": "a/quant", "tags": ["base_model:quantized:b/base"]},
            {"date": day, "id": "a/self", "tags": ["base_model:quantized:a/self"]},
            {"date": day, "id": "a/finetune", "tags": ["base_model:finetune:b/base"]},
            # one relation per parent: the alphabetically first (adapter < quantized)
            {
                "date": day,
                "id": "a/two",
                "tags": ["base_model:quantized:b/base", "base_model:adapter:b/base"],
            },
            {"date": day, "id": "a/lib-gguf", "library": "GGUF"},
            {"date": day, "id": "a/lib-mlx", "library": "mlx"},
            {"date": day, "id": "a/lib-other", "library": "transformers"},
            {"date": day, "id": "a/tag-exl2", "tags": ["EXL2"]},
            {"date": day, "id": "a/tag-gptq", "tags": ["license:mit", "gptq"]},
            {"date": day, "id": "a/tag-awq", "tags": np.array(["awq"])},
            {"date": day, "id": "a/tag-gguf", "tags": ["gguf"]},
            {"date": day, "id": "a/tag-mlx", "tags": ["mlx"]},
            {"date": day, "id": "a/substrings", "tags": ["gguf-my-repo", "mlx-lm", "awq-4bit"]},
            # the latest snapshot's tags and counts are the model's
            {"date": "2024-01-01", "id": "a/was-gguf", "tags": ["gguf"], "dl": 10},
            {
                "date": day,
                "id": "a/was-gguf",
                "tags": ["safetensors"],
                "dl": 25,
                "pipeline": "text-generation",
                "library": "transformers",
            },
            {"date": "2024-01-01", "id": "a/gone", "dl": 7},
        ]
    )
    dim = oracle.dim_models(snaps, seeds).set_index("model_id")
    flagged = set(dim.index[dim["is_repackaging"]])
    assert flagged == {
        "a/quant",
        "a/lib-gguf",
        "a/lib-mlx",
        "a/tag-exl2",
        "a/tag-gptq",
        "a/tag-awq",
        "a/tag-gguf",
        "a/tag-mlx",
    }
    assert dim["is_repackaging"].dtype == bool
    assert not dim.loc["a/self", "is_derivative"]
    assert dim.loc["a/was-gguf", "downloads_all_time"] == 25
    assert dim.loc["a/gone", "downloads_all_time"] == 7  # its latest snapshot is its last
    assert dim.loc["a/was-gguf", "pipeline_tag"] == "text-generation"
    assert dim.loc["a/was-gguf", "library_name"] == "transformers"
    assert dim.loc["a/quant", "pipeline_tag"] is None
    assert dim.loc["a/lib-gguf", "library_name"] == "GGUF"


def scope_case() -> pd.DataFrame:
    """Four models over snapshots 2024-01-01 (baseline), 01-31 and 02-29.

    Qwen/chat (llm, tracked) 10/day; st/embed (not llm) 20/day; fan/q-GGUF (llm,
    a quantization of Qwen/chat) 1/day; x/no-tag (no pipeline tag, author ghost = US,
    academic) 2/day. gone/model is only in the first snapshot.
    """
    rows = []
    for mid, pipeline, tags, counts in [
        ("Qwen/chat", "text-generation", [], (100, 400, 690)),
        ("st/embed", "sentence-similarity", [], (1000, 1600, 2180)),
        ("fan/q-GGUF", "text-generation", ["gguf", "base_model:quantized:Qwen/chat"], (0, 30, 59)),
        ("x/no-tag", None, [], (10, 70, 128)),
    ]:
        for day, dl in zip(("2024-01-01", "2024-01-31", "2024-02-29"), counts, strict=True):
            row = {"date": day, "id": mid, "dl": dl, "tags": tags, "pipeline": pipeline}
            if mid == "x/no-tag":
                row["author"] = "ghost"
            rows.append(row)
    rows.append({"date": "2024-01-01", "id": "gone/model", "dl": 500})
    return snapshot_frame(rows)


def licence_case() -> tuple[oracle.Seeds, pd.DataFrame]:
    """Models with every licence class and both openness values; January downloads
    are the second snapshot's count (the first is the baseline)."""
    families = pd.DataFrame(
        [
            ("Qwen", "Qwen", "", 10, ""),  # empty: open_weight
            ("OLMo", "allenai", "olmo", 10, "open_source"),
            ("OLMo", "", "olmo", 20, "Open_Weight"),  # later in matching order: ignored
            ("SmolLM", "HuggingFaceTB", "smol", 10, "open_weight"),
            ("SmolLM", "", "smol", 5, "open_source"),  # tried first: decides
            ("Llama", "meta-llama", "", 10, "open_weight"),
            ("Other", "weird", "", 10, "open_source"),  # family Other stays open_weight
        ],
        columns=["family", "org", "name_pattern", "priority", "openness"],
    )
    licenses = pd.DataFrame(
        [
            ("apache-2.0", "permissive", "Apache"),
            ("MIT", "permissive", "MIT"),
            ("llama3.1", "restricted", "Llama 3.1"),
            ("cc-by-nc-4.0", "non_commercial", "CC BY-NC 4.0"),
        ],
        columns=["license", "license_class", "name"],
    )
    seeds = dataclasses.replace(
        make_seeds(tracked=["Qwen/Qwen3-8B"]), model_families=families, licenses=licenses
    )
    models = [
        # id, tags, params, gguf_params, January downloads
        ("allenai/OLMo-7B", ["license:apache-2.0"], 7 * 10**9, None, 100),
        ("Qwen/Qwen3-8B", ["LICENSE: mit "], 8 * 10**9, None, 200),
        ("meta-llama/L", ["license:", "license:llama3.1", "license:apache-2.0"], 10**9, None, 300),
        ("x/nc", ["license:cc-by-nc-4.0"], None, None, 50),
        ("x/custom", ["license:other"], None, None, 50),
        ("x/none", ["license:  "], 5 * 10**9, None, 100),
        ("fan/merge", ["base_model:allenai/OLMo-7B", "base_model:Qwen/Qwen3-8B"], None, None, 100),
        ("fan/q-GGUF", ["gguf", "base_model:quantized:Qwen/Qwen3-8B"], None, 8 * 10**9, 100),
        ("y/both", [], 3 * 10**9, 9 * 10**9, 0),
        ("HuggingFaceTB/SmolLM2-135M", [], None, None, 0),
        ("weird/thing", [], None, None, 0),
    ]
    rows = [
        {"date": day, "id": mid, "dl": dl if day == "2024-01-31" else 0, "tags": tags}
        for mid, tags, _, _, dl in models
        for day in ("2024-01-01", "2024-01-31")
    ]
    snaps = snapshot_frame(rows)
    params = {mid: (p, g) for mid, _, p, g, _ in models}
    snaps["params"] = pd.array([params[m][0] for m in snaps["model_id"]], dtype="Int64")
    snaps["gguf_params"] = pd.array([params[m][1] for m in snaps["model_id"]], dtype="Int64")
    return seeds, snaps


def test_dim_models_licences_openness_and_gguf_params():
    seeds, snaps = licence_case()
    dim = oracle.dim_models(snaps, seeds).set_index("model_id")
    expected = {
        "allenai/OLMo-7B": ("apache-2.0", "permissive", "open_source"),
        "Qwen/Qwen3-8B": ("mit", "permissive", "open_weight"),  # prefix and class any case
        "meta-llama/L": ("llama3.1", "restricted", "open_weight"),  # bare tag skipped
        "x/nc": ("cc-by-nc-4.0", "non_commercial", "open_weight"),
        "x/custom": ("other", "other", "open_weight"),  # not in the seed
        "x/none": (None, "unknown", "open_weight"),  # blank value: no licence
        "fan/merge": (None, "unknown", "open_source"),  # OLMo wins the 0.5 tie
        "HuggingFaceTB/SmolLM2-135M": (None, "unknown", "open_source"),
        "weird/thing": (None, "unknown", "open_weight"),
    }
    for model_id, values in expected.items():
        got = tuple(dim.loc[model_id, ["license", "license_class", "openness"]])
        assert got == values, model_id
    assert dim.at["fan/q-GGUF", "params"] == 8 * 10**9  # gguf.total without safetensors
    assert dim.at["fan/q-GGUF", "param_bucket"] == "5-10B"
    assert dim.at["y/both", "params"] == 3 * 10**9  # safetensors.total wins
    # without the column, seed or openness, everything still works
    plain = dataclasses.replace(
        seeds,
        model_families=seeds.model_families.drop(columns="openness"),
        licenses=pd.DataFrame(columns=oracle.LICENSE_COLUMNS),
    )
    dim = oracle.dim_models(snaps.drop(columns="gguf_params"), plain).set_index("model_id")
    assert (dim["openness"] == "open_weight").all()
    assert dim.at["meta-llama/L", "license_class"] == "other"
    assert pd.isna(dim.at["fan/q-GGUF", "params"])


def test_openness_share_and_size_trend():
    seeds, snaps = licence_case()
    marts = oracle.all_marts(snaps, pd.DataFrame(columns=TOKEN_COLUMNS), seeds)
    jan = D("2024-01-01")
    share = marts["mart_openness_share"]
    assert list(share.columns) == oracle.OPENNESS_SHARE_COLUMNS
    assert as_dict(share, ["month", "scope", "dimension", "key"], "downloads") == pytest.approx(
        {
            (jan, "hub", "license_class", "permissive"): 300,
            (jan, "hub", "license_class", "restricted"): 300,
            (jan, "hub", "license_class", "non_commercial"): 50,
            (jan, "hub", "license_class", "other"): 50,
            (jan, "hub", "license_class", "unknown"): 300,
            # the merge splits 50 / 50; the GGUF counts for its root Qwen
            (jan, "hub", "openness", "open_source"): 150,
            (jan, "hub", "openness", "open_weight"): 850,
            (jan, "tracked", "license_class", "permissive"): 200,
            (jan, "tracked", "openness", "open_weight"): 200,
        }
    )
    assert_shares_sum_to_one(share, ["month", "scope", "dimension"])
    trend = marts["mart_size_trend"].set_index(["month", "scope"])
    assert list(marts["mart_size_trend"].columns) == oracle.SIZE_TREND_COLUMNS
    # known counts: 1B x 300, 5B x 100, 7B x 100, 8B x 300 (200 + the GGUF's 100)
    hub = trend.loc[(jan, "hub")]
    assert hub["mean_params"] == pytest.approx((300 * 1 + 100 * 5 + 100 * 7 + 300 * 8) * 1e9 / 800)
    assert hub["median_params"] == 5 * 10**9  # cumulative 400 of 800 reached at 5B
    assert hub["models"] == 5  # the model-months with a known count
    assert (hub["downloads"], hub["known_share"]) == pytest.approx((800, 0.8))
    tracked = trend.loc[(jan, "tracked")]
    assert tracked["median_params"] == 8 * 10**9 and tracked["known_share"] == pytest.approx(1)
    assert len(trend) == 2
    unscoped = oracle.all_marts(snaps, pd.DataFrame(columns=TOKEN_COLUMNS), seeds, scoped=False)
    for name in ("mart_openness_share", "mart_size_trend"):
        hub_rows = marts[name][marts[name]["scope"] == "hub"].drop(columns="scope")
        pd.testing.assert_frame_equal(hub_rows.reset_index(drop=True), unscoped[name])


def test_size_trend_median_is_the_smallest_count_reaching_half():
    seeds = make_seeds()
    rows = []
    for mid, params, dl in (("a/one", 10**9, 100), ("a/two", 2 * 10**9, 99), ("a/big", 10**11, 2)):
        for day, count in (("2024-01-01", 0), ("2024-01-31", dl)):
            rows.append({"date": day, "id": mid, "dl": count, "params": params})
    trend = oracle.all_marts(snapshot_frame(rows), pd.DataFrame(columns=TOKEN_COLUMNS), seeds)[
        "mart_size_trend"
    ]
    hub = trend[trend["scope"] == "hub"].iloc[0]
    assert hub["median_params"] == 2 * 10**9  # 100 < 100.5 <= 199
    assert hub["mean_params"] == pytest.approx((100e9 + 198e9 + 200e9) / 201)


def test_scoped_download_shares():
    seeds = make_seeds(tracked=["qwen/CHAT"])
    snaps = scope_case()
    marts = oracle.all_marts(snaps, pd.DataFrame(columns=TOKEN_COLUMNS), seeds)
    jan, feb = D("2024-01-01"), D("2024-02-01")
    country = as_dict(
        marts["mart_country_share"], ["month", "scope", "attribution", "country"], "downloads"
    )
    jan_country = {k[1:]: v for k, v in country.items() if k[0] == jan}
    assert jan_country == pytest.approx(
        {
            ("hub", "uploader", "CN"): 300,
            ("hub", "uploader", "unknown"): 630,
            ("hub", "uploader", "US"): 60,
            ("hub", "lineage", "CN"): 330,
            ("hub", "lineage", "unknown"): 600,
            ("hub", "lineage", "US"): 60,
            # the quantization counts in llm by its own pipeline tag, attributed as in hub
            ("llm", "uploader", "CN"): 300,
            ("llm", "uploader", "unknown"): 30,
            ("llm", "lineage", "CN"): 330,
            ("tracked", "uploader", "CN"): 300,
            ("tracked", "lineage", "CN"): 300,
        }
    )
    share = as_dict(
        marts["mart_country_share"], ["month", "scope", "attribution", "country"], "share"
    )
    assert share[(jan, "llm", "uploader", "CN")] == pytest.approx(300 / 330)
    assert share[(feb, "llm", "uploader", "CN")] == pytest.approx(290 / 319)
    family = as_dict(marts["mart_family_share"], ["month", "scope", "family"], "downloads")
    assert {k[1:]: v for k, v in family.items() if k[0] == jan} == pytest.approx(
        {
            ("hub", "Qwen"): 330,
            ("hub", "Other"): 660,
            ("llm", "Qwen"): 330,
            ("tracked", "Qwen"): 300,
        }
    )
    org_type = as_dict(marts["mart_org_type_share"], ["month", "scope", "org_type"], "downloads")
    assert {k[1:]: v for k, v in org_type.items() if k[0] == feb} == pytest.approx(
        {
            ("hub", "company"): 290,
            ("hub", "unknown"): 609,
            ("hub", "academic"): 58,
            ("llm", "company"): 290,
            ("llm", "unknown"): 29,
            ("tracked", "company"): 290,
        }
    )
    size = as_dict(marts["mart_size_share"], ["month", "scope", "param_bucket"], "share")
    assert size[(jan, "llm", "unknown")] == 1.0
    conc = marts["mart_concentration"].set_index(["month", "scope"])
    assert conc.loc[(jan, "llm"), "participants"] == 2  # qwen and fan
    assert conc.loc[(jan, "llm"), "hhi"] == pytest.approx((300 / 330) ** 2 + (30 / 330) ** 2)
    assert conc.loc[(jan, "tracked"), "participants"] == 1
    assert conc.loc[(jan, "tracked"), "hhi"] == pytest.approx(1.0)
    assert conc.loc[(jan, "hub"), "participants"] == 4
    # derivatives by their own scope: the quantization is llm, not tracked
    deriv = as_dict(marts["mart_derivative_share"], ["month", "scope", "family"], "new_derivatives")
    assert deriv == {(D("2020-01-01"), "hub", "Qwen"): 1.0, (D("2020-01-01"), "llm", "Qwen"): 1.0}
    coverage = as_dict(
        marts["mart_attribution_coverage"], ["month", "scope", "measure"], "known_share"
    )
    assert coverage[(jan, "hub", "country_uploader")] == pytest.approx(360 / 990)
    assert coverage[(jan, "llm", "country_uploader")] == pytest.approx(300 / 330)
    assert coverage[(jan, "llm", "country_lineage")] == 1.0
    assert coverage[(jan, "tracked", "family")] == 1.0
    for name, group in [
        ("mart_country_share", ["month", "scope", "attribution"]),
        ("mart_family_share", ["month", "scope"]),
        ("mart_size_share", ["month", "scope"]),
        ("mart_org_type_share", ["month", "scope"]),
        ("mart_derivative_share", ["month", "scope"]),
        ("mart_cumulative_downloads", ["month", "scope", "dimension"]),
    ]:
        assert_shares_sum_to_one(marts[name], group)


def test_hub_rows_are_the_marts_without_scopes():
    seeds = make_seeds(tracked=["Qwen/chat"])
    snaps = scope_case()
    tokens = pd.DataFrame(columns=TOKEN_COLUMNS)
    scoped = oracle.all_marts(snaps, tokens, seeds)
    unscoped = oracle.all_marts(snaps, tokens, seeds, scoped=False)
    for name in oracle.SCOPED_MARTS:
        assert "scope" in scoped[name] and "scope" not in unscoped[name], name
        assert list(scoped[name]["scope"].unique()) == [
            s for s in oracle.SCOPES if (scoped[name]["scope"] == s).any()
        ]
        hub = scoped[name][scoped[name]["scope"] == "hub"].drop(columns="scope")
        pd.testing.assert_frame_equal(
            hub.reset_index(drop=True), unscoped[name].reset_index(drop=True), obj=name
        )
    # coverage always had a scope column: without scopes it holds scope hub only
    coverage = scoped["mart_attribution_coverage"]
    assert set(coverage["scope"]) == set(oracle.SCOPES)
    assert set(unscoped["mart_attribution_coverage"]["scope"]) == {"hub"}
    pd.testing.assert_frame_equal(
        coverage[coverage["scope"] == "hub"].reset_index(drop=True),
        unscoped["mart_attribution_coverage"],
    )
    for name in set(oracle.MART_NAMES) - {*oracle.SCOPED_MARTS, "mart_attribution_coverage"}:
        pd.testing.assert_frame_equal(scoped[name], unscoped[name], obj=name)


def test_cumulative_downloads():
    seeds = make_seeds(tracked=["Qwen/chat"])
    result = oracle.cumulative_downloads(scope_case(), seeds)
    assert list(result.columns) == oracle.CUMULATIVE_COLUMNS
    jan, feb = D("2024-01-01"), D("2024-02-01")
    stock = as_dict(result, ["month", "scope", "dimension", "key"], "downloads_all_time")
    # January's stock is the 2024-01-31 snapshot: gone/model (only on 01-01) adds nothing
    assert {k[1:]: v for k, v in stock.items() if k[0] == jan} == pytest.approx(
        {
            ("hub", "country_uploader", "CN"): 400,
            ("hub", "country_uploader", "unknown"): 1630,
            ("hub", "country_uploader", "US"): 70,
            ("hub", "country_lineage", "CN"): 430,
            ("hub", "country_lineage", "unknown"): 1600,
            ("hub", "country_lineage", "US"): 70,
            ("hub", "family", "Qwen"): 430,
            ("hub", "family", "Other"): 1670,
            ("hub", "org_type", "company"): 400,
            ("hub", "org_type", "unknown"): 1630,
            ("hub", "org_type", "academic"): 70,
            ("llm", "country_uploader", "CN"): 400,
            ("llm", "country_uploader", "unknown"): 30,
            ("llm", "country_lineage", "CN"): 430,
            ("llm", "family", "Qwen"): 430,
            ("llm", "org_type", "company"): 400,
            ("llm", "org_type", "unknown"): 30,
            ("tracked", "country_uploader", "CN"): 400,
            ("tracked", "country_lineage", "CN"): 400,
            ("tracked", "family", "Qwen"): 400,
            ("tracked", "org_type", "company"): 400,
        }
    )
    assert stock[(feb, "hub", "family", "Other")] == pytest.approx(2180 + 128)
    share = as_dict(result, ["month", "scope", "dimension", "key"], "share")
    assert share[(feb, "llm", "country_uploader", "CN")] == pytest.approx(690 / 749)
    assert_shares_sum_to_one(result, ["month", "scope", "dimension"])
    # a split root weight: a merge of Qwen/chat and ghost/base (never seen)
    snaps = snapshot_frame(
        [
            {"date": "2024-03-05", "id": "Qwen/chat", "dl": 0},
            {
                "date": "2024-03-05",
                "id": "m/merge",
                "dl": 80,
                "tags": ["base_model:merge:Qwen/chat", "base_model:merge:ghost/base"],
            },
            # zero stock: the key is absent
            {"date": "2024-03-05", "id": "z/zero", "dl": 0, "author": "mistralai"},
        ]
    )
    result = oracle.cumulative_downloads(snaps, seeds, scoped=False)
    assert "scope" not in result
    stock = as_dict(result, ["dimension", "key"], "downloads_all_time")
    assert stock == pytest.approx(
        {
            ("country_uploader", "unknown"): 80,
            ("org_type", "unknown"): 80,
            ("country_lineage", "CN"): 40,
            ("country_lineage", "US"): 40,
            ("family", "Qwen"): 40,
            ("family", "Other"): 40,
        }
    )


def test_scoped_adoption_rate():
    seeds = make_seeds(tracked=["t/chat-1"])
    rows = []
    for mid, pipeline, value in [
        ("t/chat-1", "text-generation", 100),
        ("t/chat-2", "text-generation", 200),
        ("t/chat-3", "text-generation", 300),
        ("e/embed-1", "sentence-similarity", 1000),
        ("e/embed-2", "sentence-similarity", 2000),
        ("e/embed-3", "sentence-similarity", 3000),
    ]:
        for day, dl in [("2024-01-08", value), ("2024-01-15", 2 * value)]:
            rows.append(
                {
                    "date": day,
                    "id": mid,
                    "params": 10**8,
                    "created": "2024-01-01T10:00:00Z",
                    "dl": dl,
                    "pipeline": pipeline,
                }
            )
    snaps = snapshot_frame(rows)
    dim = oracle.dim_models(snaps, seeds)
    result = oracle.adoption_rate(snaps, dim, seeds, oracle.model_scopes(snaps, seeds))
    rows = result.set_index(["scope", "model_id", "age_days"])
    # hub: median of all six values at age 7 = (300 + 1000) / 2
    assert rows.loc[("hub", "t/chat-3", 7), "reference_downloads"] == pytest.approx(650)
    assert rows.loc[("hub", "t/chat-3", 7), "relative_adoption"] == pytest.approx(300 / 650)
    # llm: the three chat models only
    assert rows.loc[("llm", "t/chat-3", 7), "reference_downloads"] == pytest.approx(200)
    assert rows.loc[("llm", "t/chat-3", 14), "relative_adoption"] == pytest.approx(1.5)
    assert not result.loc[result["scope"] == "llm", "model_id"].str.startswith("e/").any()
    # tracked: one model, its own value but no reference (fewer than 3)
    assert rows.loc[("tracked", "t/chat-1", 7), "cumulative_downloads"] == 100
    assert pd.isna(rows.loc[("tracked", "t/chat-1", 7), "reference_downloads"])
    assert set(result.loc[result["scope"] == "tracked", "model_id"]) == {"t/chat-1"}
    # a model's own values are the same in every scope
    per_model = result.groupby(["model_id", "age_days"])["cumulative_downloads"].nunique()
    assert (per_model == 1).all()
    unscoped = oracle.adoption_rate(snaps, dim, seeds)
    assert "scope" not in unscoped
    pd.testing.assert_frame_equal(
        result[result["scope"] == "hub"].drop(columns="scope").reset_index(drop=True), unscoped
    )


# ---------------------------------------------------------------------------- all marts


def test_all_marts_small_ecosystem():
    seeds = make_seeds()
    snaps = snapshot_frame(
        [
            {"date": "2024-01-01", "id": "Qwen/base", "dl": 100, "params": 7 * 10**9},
            {"date": "2024-02-01", "id": "Qwen/base", "dl": 410, "params": 7 * 10**9},
            {
                "date": "2024-01-01",
                "id": "fan/ft",
                "dl": 0,
                "created": "2023-05-10T00:00:00Z",
                "tags": ["base_model:finetune:Qwen/base", "base_model:adapter:ghost/x"],
            },
            {
                "date": "2024-02-01",
                "id": "fan/ft",
                "dl": 62,
                "created": "2023-05-10T00:00:00Z",
                "tags": ["base_model:finetune:Qwen/base", "base_model:adapter:ghost/x"],
            },
        ]
    )
    token_rows = pd.DataFrame(
        [("t.csv", 2, "2024-01-03", "qwen/qwen3", None, None, 10)],
        columns=[
            "file",
            "line_no",
            "date",
            "slug",
            "prompt_tokens",
            "completion_tokens",
            "total_tokens",
        ],
    )
    marts = oracle.all_marts(snaps, token_rows, seeds)
    assert set(marts) == set(oracle.MART_NAMES)

    jan, feb = D("2024-01-01"), D("2024-02-01")
    country = as_dict(marts["mart_country_share"], ["month", "attribution", "country"], "downloads")
    # Qwen/base: 310 over Jan 2..Feb 1 (10/day); fan/ft: 62 over the same 31 days (2/day)
    assert country == pytest.approx(
        {
            (jan, "uploader", "CN"): 300,
            (jan, "uploader", "unknown"): 60,
            (jan, "lineage", "CN"): 330,
            (jan, "lineage", "US"): 30,  # ghost/x never seen: author 'ghost' -> US
            (feb, "uploader", "CN"): 10,
            (feb, "uploader", "unknown"): 2,
            (feb, "lineage", "CN"): 11,
            (feb, "lineage", "US"): 1,
        }
    )
    assert_shares_sum_to_one(marts["mart_country_share"], ["month", "attribution"])

    family = as_dict(marts["mart_family_share"], ["month", "family"], "downloads")
    assert family == pytest.approx(
        {(jan, "Qwen"): 330, (jan, "Other"): 30, (feb, "Qwen"): 11, (feb, "Other"): 1}
    )
    size = as_dict(marts["mart_size_share"], ["month", "param_bucket"], "downloads")
    assert size == pytest.approx(
        {(jan, "5-10B"): 300, (jan, "unknown"): 60, (feb, "5-10B"): 10, (feb, "unknown"): 2}
    )
    org_type = as_dict(marts["mart_org_type_share"], ["month", "org_type"], "share")
    assert org_type == pytest.approx(
        {
            (jan, "company"): 300 / 360,
            (jan, "unknown"): 60 / 360,
            (feb, "company"): 10 / 12,
            (feb, "unknown"): 2 / 12,
        }
    )
    deriv = as_dict(marts["mart_derivative_share"], ["month", "family"], "new_derivatives")
    assert deriv == pytest.approx({(D("2023-05-01"), "Qwen"): 0.5, (D("2023-05-01"), "Other"): 0.5})

    lineage_mart = marts["mart_derivative_lineage"]
    assert list(lineage_mart.columns) == [
        "model_id",
        "root_id",
        "weight",
        "depth",
        "root_family",
        "lineage_status",
    ]
    assert set(lineage_mart["model_id"]) == {"Qwen/base", "fan/ft"}
    dim_by_id = marts["dim_models"].set_index("model_id")
    assert dim_by_id.loc["fan/ft", "family"] == "Other"  # tie 0.5/0.5: 'Other' < 'Qwen'
    assert marts["mart_token_share"]["share"].tolist() == [1.0, 1.0, 1.0]  # family, country, size
    assert marts["mart_token_openness"]["openness"].tolist() == ["open_weight"]
    coverage = as_dict(marts["mart_attribution_coverage"], ["month", "measure"], "known_share")
    assert coverage[(jan, "country_uploader")] == pytest.approx(300 / 360)
    assert coverage[(jan, "family")] == pytest.approx(330 / 360)
    assert coverage[(jan, "token_openness")] == 1.0
    conc = marts["mart_concentration"].set_index("month")
    assert conc.loc[jan, "participants"] == 2
    assert conc.loc[jan, "hhi"] == pytest.approx((300 / 360) ** 2 + (60 / 360) ** 2)
    # the public, daily-based functions agree with all_marts
    daily = marts["fct_downloads_daily"]
    lineage_only = oracle.lineage(snaps)  # without root_family
    dim = marts["dim_models"]
    scopes = oracle.model_scopes(snaps, seeds)
    public = {
        "mart_country_share": oracle.country_share(daily, lineage_only, dim, seeds, scopes),
        "mart_family_share": oracle.family_share(daily, lineage_only, dim, seeds, scopes),
        "mart_size_share": oracle.size_share(daily, dim, scopes),
        "mart_org_type_share": oracle.org_type_share(daily, dim, seeds, scopes),
        "mart_concentration": oracle.concentration(daily, dim, scopes),
        "mart_derivative_share": oracle.derivative_share(lineage_only, dim, seeds, scopes),
        "mart_adoption_rate": oracle.adoption_rate(snaps, dim, seeds, scopes),
        "mart_cumulative_downloads": oracle.cumulative_downloads(snaps, seeds),
        "dim_models": oracle.dim_models(snaps, seeds),
        "fct_downloads_daily": oracle.daily_downloads(snaps)[0],
        "mart_derivative_lineage": oracle.derivative_lineage(snaps, seeds),
    }
    for name, frame in public.items():
        pd.testing.assert_frame_equal(frame, marts[name], check_dtype=False, obj=name)

    for name, group in [
        ("mart_family_share", ["month"]),
        ("mart_size_share", ["month"]),
        ("mart_org_type_share", ["month"]),
        ("mart_derivative_share", ["month"]),
        ("mart_token_share", ["week", "dimension"]),
    ]:
        assert_shares_sum_to_one(marts[name], group)


def test_empty_inputs_do_not_crash():
    seeds = make_seeds()
    snaps = snapshot_frame([{"date": "2024-01-01", "id": "a/b", "dl": 5}])
    token_rows = pd.DataFrame(
        columns=[
            "file",
            "line_no",
            "date",
            "slug",
            "prompt_tokens",
            "completion_tokens",
            "total_tokens",
        ]
    )
    marts = oracle.all_marts(snaps, token_rows, seeds)
    assert len(marts["dim_models"]) == 1
    assert marts["fct_downloads_daily"].empty
    assert marts["mart_token_share"].empty
    assert marts["mart_concentration"].empty


def test_load_seeds(tmp_path):
    (tmp_path / "orgs.csv").write_text("org,country,org_type,display_name\nQwen,CN,company,Q\n")
    (tmp_path / "model_families.csv").write_text(
        "family,org,name_pattern,priority\nQwen,Qwen,,10\nLlama,,llama,20\n"
    )
    (tmp_path / "openrouter_orgs.csv").write_text("openrouter_org,org\nqwen,Qwen\n")
    (tmp_path / "param_buckets.csv").write_text(
        "bucket,min_params,max_params\n<1B,,1000000000\n1B+,1000000000,\n"
    )
    (tmp_path / "openrouter_models.csv").write_text(
        "slug_pattern,openness,hub_model_id,priority\n^qwen/qwen-max,closed,,10\n^qwen/,open_weight,,100\n"
    )
    seeds = oracle.load_seeds(tmp_path)
    # scope seeds: llm_pipeline_tags defaults when its file is missing; no tracked models
    assert seeds.llm_pipeline_tags["pipeline_tag"].tolist() == list(
        oracle.DEFAULT_LLM_PIPELINE_TAGS
    )
    assert seeds.tracked_models.empty
    assert seeds.licenses.empty and list(seeds.licenses.columns) == oracle.LICENSE_COLUMNS
    (tmp_path / "llm_pipeline_tags.csv").write_text("pipeline_tag\n Text-Generation \n")
    (tmp_path / "tracked_models.csv").write_text("model_id,org\nQwen/Qwen3-8B,Qwen\n")
    scoped_seeds = oracle.load_seeds(tmp_path)
    assert scoped_seeds.llm_pipeline_tags["pipeline_tag"].tolist() == ["Text-Generation"]
    assert scoped_seeds.tracked_models["model_id"].tolist() == ["Qwen/Qwen3-8B"]
    (tmp_path / "licenses.csv").write_text("license,license_class,name\nMIT, permissive ,MIT\n")
    assert oracle.load_seeds(tmp_path).licenses.values.tolist() == [["MIT", "permissive", "MIT"]]
    assert seeds.openrouter_models["priority"].tolist() == [10, 100]
    assert seeds.model_families["org"].tolist() == ["Qwen", ""]
    assert seeds.model_families["priority"].tolist() == [10, 20]
    assert pd.isna(seeds.param_buckets["min_params"].iloc[0])
    assert seeds.param_buckets["min_params"].iloc[1] == 10**9
    assert oracle.family_of("x/LLaMA-2", seeds.model_families) == "Llama"
