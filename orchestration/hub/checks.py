"""The blocking Great Expectations gate on raw Hub snapshots."""

import dagster as dg
import pandas as pd  # already loaded by Dagster

from orchestration.hub.assets import RAW_HUB_MODELS, RAW_HUB_REJECTS, RAW_HUB_SNAPSHOTS
from orchestration.hub.snapshots import (
    MAX_CREATED_AFTER_SHARE,
    MAX_FALLING_SHARE,
    MAX_REJECTED_SHARE,
)
from orchestration.quality import Expectation, validate
from orchestration.resources import WRITER_POOL, WarehouseResource

# One row per snapshot loaded by the run: computed in DuckDB so the suite costs
# the same for a hundred models or two million. One snapshot per query: the
# distinct count cannot spill, and a backfill's run loads hundreds of snapshots
# (334 of 1M models ran out of DuckDB's 3 GB in one query; one took 0.33 s).
SNAPSHOT_PROFILE_SQL = """
select
    s.snapshot_date,
    s.status,
    s.status_reason,
    s.lines,
    s.rejected_lines,
    s.models,
    case when s.lines > 0 then s.rejected_lines / s.lines else 0 end as rejected_share,
    -- An accepted override waives the quality rules (nulls are not judged).
    case when s.status <> 'overridden' and s.models > 0
        then s.created_after_snapshot / s.models end as created_after_share,
    case when s.status <> 'overridden' and s.models_compared > 0
        then s.models_falling / s.models_compared end as falling_share,
    count(m.model_id) filter (where m.model_id is null or trim(m.model_id) = '') as blank_ids,
    count(m.model_id) - count(distinct m.model_id) as duplicate_ids,
    count(m.model_id) filter (where m.created_at is null) as missing_created_at,
    count(m.model_id) filter (
        where m.downloads_all_time < 0 or m.downloads < 0 or m.likes < 0
    ) as negative_counts
from raw.hub_snapshots s
left join raw.hub_models m using (snapshot_date)
where s.run_id = $run_id and s.snapshot_date = $snapshot_date
group by all
"""

SNAPSHOT_SUITE = [
    Expectation(
        "ExpectColumnValuesToBeInSet", column="status", value_set=["accepted", "overridden"]
    ),
    Expectation("ExpectColumnValuesToBeBetween", column="blank_ids", min_value=0, max_value=0),
    Expectation("ExpectColumnValuesToBeBetween", column="duplicate_ids", min_value=0, max_value=0),
    Expectation(
        "ExpectColumnValuesToBeBetween", column="missing_created_at", min_value=0, max_value=0
    ),
    Expectation(
        "ExpectColumnValuesToBeBetween", column="negative_counts", min_value=0, max_value=0
    ),
    Expectation("ExpectColumnValuesToBeBetween", column="models", min_value=1),
    Expectation(
        "ExpectColumnValuesToBeBetween",
        column="created_after_share",
        max_value=MAX_CREATED_AFTER_SHARE,
    ),
    Expectation(
        "ExpectColumnValuesToBeBetween", column="falling_share", max_value=MAX_FALLING_SHARE
    ),
]


GATED_ASSETS = (RAW_HUB_MODELS, RAW_HUB_SNAPSHOTS, RAW_HUB_REJECTS)
"""The suite gates every table of a snapshot load: dbt reads each of them."""

SUITE_DESCRIPTION = (
    "Great Expectations suite on every snapshot loaded by the run: ids present and unique, "
    "createdAt present and (for 99% of models) not after the snapshot date, counts "
    "non-negative, all-time downloads not falling for most models, and the refusal rules "
    f"(more than {MAX_REJECTED_SHARE:.0%} of lines rejected, or fewer than 80% of the previous "
    "snapshot's models; docs/metrics.md) not triggered. A failure blocks everything downstream."
)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            "hub_snapshot_suite", asset=key, blocking=True, description=SUITE_DESCRIPTION
        )
        for key in GATED_ASSETS
    ],
    name="hub_snapshot_suite",
    # It reads the warehouse file, which a writer in another process holds locked.
    pool=WRITER_POOL,
)
def hub_snapshot_suite(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    """One suite run, one verdict on each raw table the load wrote."""
    run_id = context.run.run_id
    with warehouse.connect() as conn:
        dates = conn.execute(
            "select snapshot_date from raw.hub_snapshots where run_id = ? order by snapshot_date",
            [run_id],
        ).fetchall()
        profiles = [
            conn.execute(
                SNAPSHOT_PROFILE_SQL, {"run_id": run_id, "snapshot_date": snapshot_date}
            ).df()
            for (snapshot_date,) in dates
        ]
    if not profiles:
        for key in GATED_ASSETS:
            yield dg.AssetCheckResult(asset_key=key, passed=True, metadata={"snapshots_checked": 0})
        return
    profile = pd.concat(profiles, ignore_index=True)
    overridden = profile["status"] == "overridden"
    outcome = validate("hub_snapshot_suite", profile, SNAPSHOT_SUITE)
    refused = profile[profile["status"] == "refused"]
    description = "; ".join(
        f"snapshot {row.snapshot_date:%Y-%m-%d} refused: {row.status_reason}"
        for row in refused.itertuples()
    )
    failed_rules = [f.expectation + (f"({f.column})" if f.column else "") for f in outcome.failures]
    for key in GATED_ASSETS:
        yield dg.AssetCheckResult(
            asset_key=key,
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            description=description or (", ".join(failed_rules) if failed_rules else None),
            metadata={
                "snapshots_checked": len(profile),
                "overridden_snapshots": int(overridden.sum()),
                "refused_snapshots": ", ".join(f"{d:%Y-%m-%d}" for d in refused["snapshot_date"])
                or "none",
                "max_rejected_share": float(profile["rejected_share"].max()),
                "results": dg.MetadataValue.md(outcome.as_markdown()),
            },
        )
