"""Raw token-usage exports: the inbox drop folder, its sensor and its gate."""

import json

import dagster as dg

from orchestration.quality import Expectation, validate
from orchestration.resources import WRITER_POOL, WarehouseResource, sensor_interval
from orchestration.tokens.exports import find_token_files
from orchestration.tokens.ingest import ingest_inbox

RAW_TOKEN_USAGE = dg.AssetKey(["raw", "token_usage"])
TOKEN_INGEST_JOB = "token_ingest"


@dg.asset(
    key=RAW_TOKEN_USAGE,
    group_name="raw",
    pool=WRITER_POOL,
    kinds={"duckdb", "openrouter"},
    owners=["team:data-engineering"],
    description=(
        "OpenRouter-style token-usage rows (CSV, JSON Lines or the rankings JSON document) "
        "loaded from `$OMW_DATA_DIR/inbox/tokens/`, one row per delivered line with its "
        "source file and line. A bad file is refused whole and moved to `quarantine/` beside "
        "`<file>.error.txt`; loaded files move to `raw/tokens/`. Re-delivering a file "
        "replaces its rows."
    ),
)
def raw_token_usage(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    paths = warehouse.paths
    with warehouse.connect() as conn:
        ingest = ingest_inbox(
            conn, paths.token_inbox, paths.token_archive, paths.quarantine, context.run.run_id
        )
        total_rows, files = conn.execute(
            "select count(*), count(distinct source_file) from raw.token_usage"
        ).fetchone()
    for name, rows in ingest.loaded.items():
        context.log.info(f"loaded {name}: {rows:,} rows")
    for reason in ingest.quarantined.values():
        context.log.warning(f"quarantined {reason}")
    return dg.MaterializeResult(
        metadata={
            "files_loaded": len(ingest.loaded),
            "files_quarantined": len(ingest.quarantined),
            "quarantined": ", ".join(ingest.quarantined) or "none",
            "rows_total": total_rows,
            "files_total": files,
        }
    )


TOKEN_SUITE = [
    Expectation("ExpectColumnValuesToNotBeNull", column="date"),
    Expectation("ExpectColumnValuesToNotBeNull", column="slug"),
    Expectation("ExpectColumnValuesToNotBeNull", column="tokens"),
    Expectation("ExpectColumnValuesToBeBetween", column="tokens", min_value=0),
    Expectation("ExpectColumnValuesToBeBetween", column="prompt_tokens", min_value=0),
    Expectation("ExpectColumnValuesToBeBetween", column="completion_tokens", min_value=0),
    Expectation("ExpectColumnValuesToBeBetween", column="total_tokens", min_value=0),
    Expectation("ExpectColumnValuesToMatchRegex", column="slug", regex=r"\S"),
]


@dg.asset_check(
    asset=RAW_TOKEN_USAGE,
    name="token_usage_suite",
    blocking=True,
    # It reads the warehouse file, which a writer in another process holds locked.
    pool=WRITER_POOL,
    description=(
        "Great Expectations suite on the token rows loaded by the run: date, slug and tokens "
        "present, every count non-negative. A failure blocks the token marts."
    ),
)
def token_usage_suite(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    with warehouse.connect() as conn:
        frame = conn.execute(
            """
            select u.date, u.slug, u.tokens, u.prompt_tokens, u.completion_tokens, u.total_tokens
            from raw.token_usage u join raw.token_files f using (source_file)
            where f.run_id = ?
            """,
            [context.run.run_id],
        ).df()
    if frame.empty:
        return dg.AssetCheckResult(passed=True, metadata={"rows_checked": 0})
    outcome = validate("token_usage_suite", frame, TOKEN_SUITE)
    return dg.AssetCheckResult(
        passed=outcome.success,
        description=", ".join(f"{f.expectation}({f.column})" for f in outcome.failures) or None,
        metadata={
            "rows_checked": len(frame),
            "results": dg.MetadataValue.md(outcome.as_markdown()),
        },
    )


def inbox_listing(inbox) -> dict[str, list[int]]:
    """What is waiting in the inbox: name -> [size, mtime_ns] (a changed file is new again)."""
    return {p.name: [p.stat().st_size, p.stat().st_mtime_ns] for p in find_token_files(inbox)}


@dg.sensor(
    job_name=TOKEN_INGEST_JOB,
    minimum_interval_seconds=sensor_interval(),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a token ingest run when new or changed files wait in the token inbox.",
)
def token_inbox_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    listing = inbox_listing(warehouse.paths.token_inbox)
    if not listing:
        return dg.SkipReason(f"no token files waiting in {warehouse.paths.token_inbox}")
    seen = json.loads(context.cursor) if context.cursor else {}
    fresh = {name: stamp for name, stamp in listing.items() if seen.get(name) != stamp}
    if not fresh:
        return dg.SkipReason("every waiting file already has a run")
    run_key = "|".join(f"{name}:{stamp[0]}:{stamp[1]}" for name, stamp in sorted(fresh.items()))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key, tags={"omw/token_files": str(len(fresh))})],
        cursor=json.dumps({**seen, **listing}, sort_keys=True),
    )
