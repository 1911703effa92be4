"""The Hub source: raw snapshot partitions, their gate, the import job and the daily schedule."""

import dagster as dg

from orchestration.hub.assets import RAW_HUB_SNAPSHOTS, raw_hub_snapshots
from orchestration.hub.checks import hub_snapshot_suite
from orchestration.hub.schedules import HUB_IMPORT_JOB, daily_hub_snapshot
from orchestration.hub.snapshots import ensure_raw_schema
from orchestration.sources import Gate, RawSource

hub_snapshot_import = dg.define_asset_job(
    HUB_IMPORT_JOB,
    selection=dg.AssetSelection.assets(raw_hub_snapshots),
    description="Load recorded or fetched Hub snapshot partitions with their gate.",
)

source = RawSource(
    defs=dg.Definitions(
        assets=[raw_hub_snapshots],
        asset_checks=[hub_snapshot_suite],
        jobs=[hub_snapshot_import],
        schedules=[daily_hub_snapshot],
    ),
    create_raw_tables=ensure_raw_schema,
    gates={
        dg.AssetCheckKey(RAW_HUB_SNAPSHOTS, "hub_snapshot_suite"): Gate(
            "the last Hub snapshot load failed its gate",
            "Import a good snapshot for that date, or accept it with `omw accept-snapshot DATE`",
        ),
    },
)
