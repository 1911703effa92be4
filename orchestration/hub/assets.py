"""Raw Hub snapshots: one partition per snapshot date, loaded from the landing folder."""

import json
import os
from datetime import date
from pathlib import Path

import dagster as dg

from orchestration.hub.landing import quarantine_line, quarantine_snapshot, read_failure
from orchestration.hub.snapshots import (
    DEFAULT_SCOPE,
    assess_snapshots,
    find_snapshot_files,
    load_snapshot,
)
from orchestration.resources import WRITER_POOL, WarehouseResource

hub_snapshot_partitions = dg.DynamicPartitionsDefinition(name="hub_snapshot_date")

# Run tags that ask the raw asset to take a live snapshot for dates with no file.
LIVE_FETCH_TAG = "omw/live_fetch"
SCOPE_TAG = "omw/scope"
# Run tag bounding the time a live fetch spends retrying (seconds); else $OMW_HUB_MAX_WAIT_SECONDS.
MAX_WAIT_TAG = "omw/max_wait_seconds"

OWNERS = ["team:data-engineering"]

RAW_HUB_MODELS = dg.AssetKey(["raw", "hub_models"])
RAW_HUB_REJECTS = dg.AssetKey(["raw", "hub_rejects"])
RAW_HUB_SNAPSHOTS = dg.AssetKey(["raw", "hub_snapshots"])


def scope_tag(scope) -> str:
    """A ListingScope as a run tag (JSON), so the run itself says what it lists."""
    return json.dumps(
        {
            "authors": list(scope.authors),
            "pipeline_tag": scope.pipeline_tag,
            "limit": scope.limit,
            "sort": scope.sort,
        },
        sort_keys=True,
    )


def fetch_live(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, keys: list[str]
) -> None:
    """Take a live Hub listing for each date of the run through `huggingface_hub`.

    HF_TOKEN and HF_ENDPOINT come from the environment (the client reads them); the
    token is never logged. A listing lands only when it completed. The time spent
    retrying is bounded by the run tag `omw/max_wait_seconds`, else
    `$OMW_HUB_MAX_WAIT_SECONDS` (read in the run's process, so the daemon's scheduled
    runs honour it), else the retry policy's own bound; each retry is logged as a warning.
    """
    from orchestration.hub.client import configure_request_timeout
    from orchestration.hub.live import ListingScope, fetch_snapshot
    from orchestration.hub.retry import max_wait_seconds

    configure_request_timeout()
    max_wait = max_wait_seconds(context.run.tags.get(MAX_WAIT_TAG))
    raw_scope = json.loads(context.run.tags.get(SCOPE_TAG) or "{}")
    scope = ListingScope(
        authors=tuple(raw_scope.get("authors") or ()),
        pipeline_tag=raw_scope.get("pipeline_tag"),
        limit=raw_scope.get("limit"),
        sort=raw_scope.get("sort"),
    )

    def progress(reports: int, models: int, rate: float) -> None:
        context.log.info(f"listing {scope.key()}: {models:,} models ({rate:,.0f}/s)")

    for key in keys:
        path = fetch_snapshot(
            warehouse.paths.hub_landing,
            date.fromisoformat(key),
            scope,
            # Read now, not at client import, so a changed HF_ENDPOINT is honoured.
            endpoint=os.environ.get("HF_ENDPOINT") or None,
            progress=progress,
            max_wait=max_wait,
            on_retry=context.log.warning,
        )
        context.log.info(f"fetched {path.name} ({scope.key()})")


def snapshot_scope(path: Path) -> str:
    """The listing scope recorded beside a snapshot (by `omw fetch-hub`), else the whole Hub."""
    sidecar = path.with_name(path.name.split(".")[0] + ".meta.json")
    if sidecar.exists():
        return json.loads(sidecar.read_text()).get("scope", DEFAULT_SCOPE)
    return DEFAULT_SCOPE


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            RAW_HUB_MODELS,
            description=(
                "Accepted lines of every Hub snapshot, typed: one row per (snapshot_date, model_id). "
                "Parsed from the recorded files in `$OMW_DATA_DIR/raw/hub/` (JSON Lines, gzip or "
                "Parquet); a re-materialized date replaces its partition."
            ),
            kinds={"duckdb", "huggingface"},
            owners=OWNERS,
        ),
        dg.AssetSpec(
            RAW_HUB_REJECTS,
            description="Lines that were not loaded (bad JSON, missing or mistyped fields, "
            "negative counts, duplicate ids), with file, line number and reason.",
            kinds={"duckdb", "huggingface"},
            owners=OWNERS,
        ),
        dg.AssetSpec(
            RAW_HUB_SNAPSHOTS,
            description="One row per snapshot: scope, line counts and the gate verdict "
            "(`accepted`, `refused`, `overridden`).",
            kinds={"duckdb", "huggingface"},
            owners=OWNERS,
        ),
    ],
    partitions_def=hub_snapshot_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=WRITER_POOL,
    group_name="raw",
    can_subset=False,
)
def raw_hub_snapshots(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Load every snapshot date of the run from the landing folder, then re-judge all snapshots.

    Many dates load in one run (single-run backfill policy), oldest first.
    """
    keys = sorted(context.partition_keys)
    if context.run.tags.get(LIVE_FETCH_TAG) == "true":
        fetch_live(context, warehouse, keys)
    landing = warehouse.paths.hub_landing
    landed = find_snapshot_files(landing) if landing.exists() else {}
    missing = [key for key in keys if date.fromisoformat(key) not in landed]
    if missing:
        raise dg.Failure(
            f"no snapshot file landed for {', '.join(missing)} in {warehouse.paths.hub_landing}"
        )
    loads = []
    with warehouse.connect() as conn:
        for position, key in enumerate(keys, start=1):
            path = landed[date.fromisoformat(key)]
            try:
                load = load_snapshot(
                    conn, path, date.fromisoformat(key), snapshot_scope(path), context.run.run_id
                )
            except Exception as error:
                reason = read_failure(error, path)
                if reason is None:
                    raise
                # Never leave a file in raw/hub that every later build would trip over.
                quarantine_snapshot(path, warehouse.paths.hub_quarantine, reason)
                raise dg.Failure(quarantine_line(path.name, reason)) from None
            loads.append(load)
            context.log.info(
                f"[{position}/{len(keys)}] {path.name}: {load.models} models, "
                f"{load.rejected_lines} rejected of {load.lines} lines"
            )
        verdicts = {v.snapshot_date.isoformat(): v for v in assess_snapshots(conn)}
    refused = [key for key in keys if verdicts[key].status == "refused"]
    yield dg.MaterializeResult(
        asset_key=RAW_HUB_MODELS,
        metadata={
            "snapshots_loaded": len(loads),
            "models_loaded": sum(load.models for load in loads),
            "latest_partition": keys[-1] if keys else "",
        },
    )
    yield dg.MaterializeResult(
        asset_key=RAW_HUB_REJECTS,
        metadata={"lines_rejected": sum(load.rejected_lines for load in loads)},
    )
    yield dg.MaterializeResult(
        asset_key=RAW_HUB_SNAPSHOTS,
        metadata={"refused_snapshots": ", ".join(refused) or "none"},
    )
