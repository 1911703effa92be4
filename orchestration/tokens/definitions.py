"""The token source: raw token usage, its gate, the ingest job and the inbox sensor."""

import dagster as dg

from orchestration.sources import Gate, RawSource
from orchestration.tokens.assets import (
    RAW_TOKEN_USAGE,
    TOKEN_INGEST_JOB,
    raw_token_usage,
    token_inbox_sensor,
    token_usage_suite,
)
from orchestration.tokens.ingest import ensure_token_schema

token_ingest = dg.define_asset_job(
    TOKEN_INGEST_JOB,
    selection=dg.AssetSelection.assets(raw_token_usage),
    description="Load token-usage exports waiting in the inbox, with their gate.",
)

source = RawSource(
    defs=dg.Definitions(
        assets=[raw_token_usage],
        asset_checks=[token_usage_suite],
        jobs=[token_ingest],
        sensors=[token_inbox_sensor],
    ),
    create_raw_tables=ensure_token_schema,
    gates={
        dg.AssetCheckKey(RAW_TOKEN_USAGE, "token_usage_suite"): Gate(
            "the last token ingest failed its gate",
            "Deliver corrected token files with `omw import-tokens`",
        ),
    },
)
