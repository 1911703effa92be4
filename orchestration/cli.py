"""`omw`: the command line of the Open Model Warehouse.

A thin layer over :mod:`orchestration.runs`, which executes the real Dagster
definitions in-process. Heavy imports happen inside commands so `omw --help`
answers at once.
"""

import sys
from datetime import UTC, date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(
    name="omw",
    help=(
        "Open Model Warehouse: measure the open AI model ecosystem on the Hugging Face Hub.\n\n"
        "Data lives in $OMW_DATA_DIR (default ./data): raw/ landed inputs, warehouse.duckdb, "
        "serving/marts.duckdb and serving/parquet/ for readers."
    ),
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _paths():
    from orchestration.resources import WarehousePaths

    return WarehousePaths.from_env()


def _progress(message: str) -> None:
    console.print(f"[dim]·[/dim] {message}", soft_wrap=True)


def _finish(outcome, success_message: str) -> None:
    """Exit 0 only when everything asked for succeeded; one stderr line per failure."""
    if outcome.success:
        for note in outcome.notes:
            console.print(note, soft_wrap=True)
        console.print(f"[green]✓[/green] {success_message}")
        return
    for failure in outcome.failures:
        print(f"omw: {failure}", file=sys.stderr)
    for note in outcome.notes:
        console.print(note, soft_wrap=True)
    raise typer.Exit(code=1)


@app.command("import-hub")
def import_hub(
    directory: Annotated[
        Path | None,
        typer.Argument(
            exists=True,
            file_okay=False,
            help="Folder holding hub_models_YYYY-MM-DD.{jsonl,jsonl.gz,parquet} files.",
        ),
    ] = None,
    dataset: Annotated[
        str | None,
        typer.Option(
            help="Instead of a folder: a Hub dataset repository of daily Parquet dumps of model "
            "metadata (one models.parquet rewritten per commit, or one file per date), "
            "downloaded with huggingface_hub."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="With --dataset: first date, YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="With --dataset: last date, YYYY-MM-DD.")
    ] = None,
    allow_future_dates: Annotated[
        bool,
        typer.Option(
            help="Import snapshot files dated after today (UTC); without it they are refused."
        ),
    ] = False,
) -> None:
    """Copy recorded Hub snapshots into the raw layer and load them, one partition per date.

    All dates load in a single Dagster run and pass through the blocking snapshot
    gate; exits non-zero when a snapshot is refused (too many bad lines, or a
    truncated listing).
    """
    from orchestration import runs

    if (directory is None) == (dataset is None):
        print("omw: give either a DIRECTORY or --dataset REPO_ID", file=sys.stderr)
        raise typer.Exit(code=2)
    paths = _paths()
    instance = runs.get_instance(paths)
    with console.status("loading Hub snapshots…"):
        if dataset:
            outcome = _guard_hub_errors(
                lambda: runs.backfill_hub(
                    dataset,
                    paths,
                    instance,
                    _progress,
                    since=date.fromisoformat(since) if since else None,
                    until=date.fromisoformat(until) if until else None,
                )
            )
        else:
            outcome = runs.import_hub(
                directory, paths, instance, _progress, allow_future_dates=allow_future_dates
            )
    _finish(outcome, f"Hub snapshots loaded into {paths.warehouse}")


def _guard_hub_errors(action):
    """Turn a failed live listing into one clear line (the token is already masked)."""
    from orchestration.hub.retry import HubFetchError

    try:
        return action()
    except HubFetchError as exc:
        print(f"omw: {exc}", file=sys.stderr)
        raise typer.Exit(code=1) from None


@app.command("fetch-hub")
def fetch_hub(
    snapshot_date: Annotated[
        str | None, typer.Option("--date", help="Snapshot date YYYY-MM-DD (default: today, UTC).")
    ] = None,
    author: Annotated[
        list[str] | None, typer.Option(help="Only this author's models (repeatable).")
    ] = None,
    pipeline_tag: Annotated[
        str | None, typer.Option(help="Only models with this pipeline tag.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many models.")] = None,
    sort: Annotated[
        str | None, typer.Option(help="Sort key for a limited listing, e.g. downloads.")
    ] = None,
    max_wait: Annotated[
        float | None,
        typer.Option(
            "--max-wait",
            metavar="SECONDS",
            min=0,
            envvar="OMW_HUB_MAX_WAIT_SECONDS",
            show_envvar=True,
            help="Give up once this long was spent retrying (summed over the listing). "
            "Default: the retry policy's own bound, 307 s.",
        ),
    ] = None,
) -> None:
    """Take a live Hub snapshot through huggingface_hub and load it as that date's partition.

    Honours HF_ENDPOINT and HF_TOKEN (the token is never printed, logged or stored).
    Rate limits (429, with Retry-After), server errors and connection errors are
    retried with backoff, one progress line per retry, for at most --max-wait
    seconds in total; the partition is written only when the whole listing
    succeeded. The scope (authors, pipeline tag, limit) is recorded: the
    truncation gate compares a snapshot only with earlier snapshots of the same
    scope.
    """
    from datetime import datetime

    from orchestration import runs
    from orchestration.hub.live import ListingScope

    paths = _paths()
    day = date.fromisoformat(snapshot_date) if snapshot_date else datetime.now(UTC).date()
    try:
        scope = ListingScope(
            authors=tuple(author or ()), pipeline_tag=pipeline_tag, limit=limit, sort=sort
        )
    except ValueError as exc:
        print(f"omw: {exc}", file=sys.stderr)
        raise typer.Exit(code=2) from None
    with console.status(f"listing Hub models ({scope.key()})…"):
        outcome = runs.fetch_hub(
            day, scope, paths, runs.get_instance(paths), _progress, max_wait=max_wait
        )
    _finish(outcome, f"snapshot {day} ({scope.key()}) loaded into {paths.warehouse}")


@app.command("import-tokens")
def import_tokens(
    directory: Annotated[
        Path,
        typer.Argument(
            exists=True,
            file_okay=False,
            help="Folder holding token-usage exports (.csv, .jsonl, .json).",
        ),
    ],
) -> None:
    """Deliver token-usage exports into the inbox and ingest them.

    A bad file is refused whole and moved to $OMW_DATA_DIR/quarantine/ beside a
    <file>.error.txt naming the line and the reason; every other file still
    loads, and the command then exits non-zero.
    """
    from orchestration import runs

    paths = _paths()
    with console.status("ingesting token exports…"):
        outcome = runs.import_tokens(directory, paths, runs.get_instance(paths), _progress)
    _finish(outcome, f"token exports loaded into {paths.warehouse}")


@app.command()
def build(
    full_refresh: Annotated[
        bool,
        typer.Option(
            help="Rebuild the incremental models (daily facts, adoption) from all history."
        ),
    ] = False,
) -> None:
    """Build everything stale or missing: raw partitions, staging, intermediate, marts, publish, report.

    Fails (non-zero) naming each failed check; the published marts then keep their
    last good version.
    """
    from orchestration import runs

    paths = _paths()
    with console.status("building the warehouse…"):
        outcome = runs.build(paths, runs.get_instance(paths), _progress, full_refresh=full_refresh)
    _finish(outcome, f"marts published to {paths.published_marts}")


@app.command()
def rebuild() -> None:
    """Rebuild the warehouse from the landed files in raw/ (when warehouse.duckdb is corrupt).

    Moves warehouse.duckdb aside (never deletes it), puts the archived token files back
    in the inbox and runs a full-refresh build. The published marts stay readable
    meanwhile and are replaced only when the new build passes its checks. Snapshots
    accepted with `omw accept-snapshot` must be accepted again.
    """
    from orchestration import runs

    paths = _paths()
    with console.status("rebuilding the warehouse from raw/…"):
        outcome = runs.rebuild(paths, runs.get_instance(paths), _progress)
    _finish(outcome, f"warehouse rebuilt; marts published to {paths.published_marts}")


@app.command("accept-snapshot")
def accept_snapshot(
    snapshot_date: Annotated[str, typer.Argument(help="The refused snapshot's date, YYYY-MM-DD.")],
    note: Annotated[str, typer.Option(help="Why it is accepted (kept with the override).")] = "",
) -> None:
    """Count a refused snapshot anyway (the documented override), then run `omw build`."""
    from orchestration import runs

    paths = _paths()
    try:
        with console.status(f"accepting snapshot {snapshot_date}…"):
            outcome = runs.accept_snapshot(
                paths,
                runs.get_instance(paths),
                date.fromisoformat(snapshot_date),
                note or "accepted with omw accept-snapshot",
                _progress,
            )
    except ValueError as exc:
        print(f"omw: {exc}", file=sys.stderr)
        raise typer.Exit(code=1) from None
    _finish(
        outcome,
        f"snapshot {snapshot_date} accepted; the automation sensor (or `omw build`) publishes it",
    )


@app.command()
def status() -> None:
    """Show partitions present, the last successful build, quarantined files and failed checks."""
    from orchestration import status as status_module

    status_module.print_status(_paths(), out)


@app.command("unknown-authors")
def unknown_authors(
    limit: Annotated[int, typer.Option(help="How many authors to list.")] = 30,
) -> None:
    """List the authors with unknown country that hold the most downloads.

    Reads the published marts (the latest month of fct_downloads_daily). Add the ones
    whose country you can establish to dbt_project/seeds/orgs.csv (see docs/seeds.md).
    """
    from rich.table import Table

    from orchestration.warehouse.coverage import unknown_authors as find

    paths = _paths()
    if not paths.published_marts.exists():
        print(
            f"omw: nothing published yet at {paths.published_marts}: run `omw build`",
            file=sys.stderr,
        )
        raise typer.Exit(code=1)
    month, rows = find(paths.published_marts, limit)
    if not rows:
        out.print(
            "No downloads with an unknown uploader country." if month else "No downloads yet."
        )
        return
    table = Table(
        "author",
        "downloads",
        "share of month",
        "models",
        title=f"Authors with unknown country, by downloads in {month}",
    )
    for row in rows:
        table.add_row(row.author, f"{row.downloads:,.0f}", f"{row.share:.2%}", str(row.models))
    out.print(table)


@app.command()
def demo(
    regenerate: Annotated[
        bool, typer.Option(help="Regenerate the sample even if present.")
    ] = False,
) -> None:
    """Generate the bundled sample ecosystem (if absent), build everything, print a summary."""
    from orchestration import runs
    from orchestration.summary import print_summary

    paths = _paths()
    sample_hub = paths.sample / "hub"
    if regenerate or not sample_hub.exists():
        from orchestration.demo.simulator import SampleConfig, simulate, write_sample

        with console.status("simulating the sample ecosystem…"):
            write_sample(simulate(SampleConfig()), paths.sample)
        _progress(f"sample written to {paths.sample}")
    instance = runs.get_instance(paths)
    outcome = runs.RunOutcome()
    with console.status("loading Hub snapshots…"):
        outcome.merge(runs.import_hub(sample_hub, paths, instance, _progress))
    if outcome.success:
        with console.status("ingesting token exports…"):
            outcome.merge(runs.import_tokens(paths.sample / "tokens", paths, instance, _progress))
    if outcome.success:
        with console.status("building the warehouse…"):
            outcome.merge(runs.build(paths, instance, _progress))
    if outcome.success:
        print_summary(paths.published_marts, out)
    _finish(outcome, f"demo built; BI tools can open {paths.published_marts}")


def main() -> None:
    """Run the CLI; an error the user can fix is one line on stderr, never a traceback."""
    from orchestration.errors import OmwError
    from orchestration.resources import WarehousePaths, corrupt_file_error, is_corruption

    try:
        app()
    except OmwError as error:
        print(f"omw: {error}", file=sys.stderr)
        sys.exit(1)
    except Exception as error:
        if not is_corruption(error):
            raise
        print(
            f"omw: {corrupt_file_error(WarehousePaths.from_env().warehouse, error)}",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
