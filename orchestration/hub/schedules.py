"""The daily live snapshot: one partition per UTC day, fetched and loaded in one run."""

import os

import dagster as dg

from orchestration.hub.assets import LIVE_FETCH_TAG, SCOPE_TAG, hub_snapshot_partitions, scope_tag

HUB_IMPORT_JOB = "hub_snapshot_import"


def scope_from_env():
    """The scheduled listing's scope: OMW_FETCH_AUTHORS (comma-separated),
    OMW_FETCH_PIPELINE_TAG, OMW_FETCH_LIMIT, OMW_FETCH_SORT; unset = the whole Hub.
    Keep it fixed: the truncation gate compares snapshots of the same scope."""
    from orchestration.hub.live import ListingScope

    authors = tuple(
        a.strip() for a in os.environ.get("OMW_FETCH_AUTHORS", "").split(",") if a.strip()
    )
    limit = os.environ.get("OMW_FETCH_LIMIT")
    return ListingScope(
        authors=authors,
        pipeline_tag=os.environ.get("OMW_FETCH_PIPELINE_TAG") or None,
        limit=int(limit) if limit else None,
        sort=os.environ.get("OMW_FETCH_SORT") or None,
    )


@dg.schedule(
    cron_schedule="0 3 * * *",
    execution_timezone="UTC",
    job_name=HUB_IMPORT_JOB,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description=(
        "Every day at 03:00 UTC: take a live Hub listing for that UTC date through "
        "huggingface_hub and load it as the day's partition, gated like any snapshot."
    ),
)
def daily_hub_snapshot(context: dg.ScheduleEvaluationContext):
    partition_key = context.scheduled_execution_time.date().isoformat()
    # Schedules cannot return dynamic-partition requests, so register the day here.
    if not context.instance.has_dynamic_partition(hub_snapshot_partitions.name, partition_key):
        context.instance.add_dynamic_partitions(hub_snapshot_partitions.name, [partition_key])
    return dg.RunRequest(
        run_key=partition_key,
        partition_key=partition_key,
        tags={LIVE_FETCH_TAG: "true", SCOPE_TAG: scope_tag(scope_from_env())},
    )
