"""dbt models as Dagster assets, joined to the raw assets through the translator."""

import fcntl
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from orchestration.resources import DBT_PROJECT_DIR, WRITER_POOL, WarehouseResource
from orchestration.sources import create_raw_tables
from orchestration.warehouse.automation import rebuild_condition

DBT_EXECUTABLE = Path(sys.executable).parent / "dbt"
"""`.venv/bin/omw` runs without an activated venv, so dbt is found beside the interpreter."""

BUILD_EXECUTABLE = Path(sys.executable).parent / "omw-dbt"
"""dbt's command line with a local `--version` (orchestration/warehouse/dbt_cli.py)."""

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR)

# A run tagged so rebuilds incremental models from all history (`omw build --full-refresh`).
FULL_REFRESH_TAG = "omw/full_refresh"

UNIT_TESTS_ENV = "OMW_DBT_UNIT_TESTS"
"""Set to 1 to run dbt unit tests in a build; the test suite's ground-truth build sets it."""


def dbt_build_args(full_refresh: bool = False) -> list[str]:
    """`dbt build` with data tests; unit tests only when `OMW_DBT_UNIT_TESTS=1`.

    Unit tests check the SQL against fixed inputs, so they belong where the SQL
    changes: the test suite runs them in its ground-truth build (dbt advises not
    spending production compute on them). Data tests always run: they gate the data.
    """
    args = ["build"]
    if full_refresh:
        args.append("--full-refresh")
    if os.environ.get(UNIT_TESTS_ENV, "0").strip().lower() not in ("1", "true", "yes"):
        args += ["--exclude-resource-type", "unit_test"]
    return args


def _project_files(project_dir: Path) -> list[Path]:
    """The files that decide what the dbt project computes."""
    files = [project_dir / "dbt_project.yml", project_dir / "profiles.yml"]
    for folder in ("models", "seeds", "macros", "tests"):
        files += sorted(path for path in (project_dir / folder).rglob("*") if path.is_file())
    return [path for path in files if path.exists()]


def _newest_source_mtime(project_dir: Path) -> float:
    return max(path.stat().st_mtime for path in _project_files(project_dir))


def project_fingerprint(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """A hash of the project's files and the dbt versions: equal means the same SQL.

    A model's own checksum misses the macros, seeds and tests it depends on, so
    a build only keeps an asset from an earlier run when the whole project is
    unchanged since that run.
    """
    digest = hashlib.sha256()
    for name in ("dbt-core", "dbt-duckdb"):
        digest.update(f"{name}=={importlib.metadata.version(name)}\n".encode())
    for path in _project_files(project_dir):
        digest.update(str(path.relative_to(project_dir)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def ensure_manifest(project: DbtProject = dbt_project) -> Path:
    """Parse the dbt project when its manifest is missing or older than its files.

    Used instead of `DbtProject.prepare_if_dev()`, which only runs under `dagster dev`
    (the CLI and the tests need a current manifest too) and looks for `dbt` on PATH,
    where it is not when `.venv/bin/omw` runs without an activated venv.
    """
    manifest = project.manifest_path
    if _manifest_is_current(project):
        return manifest
    # Processes that start together (the webserver and the daemon, `omw` beside
    # `dagster dev`) parse one at a time; the later ones find the manifest current.
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with open(manifest.parent / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _manifest_is_current(project):
            return manifest
        with dbt_environment(Path(os.environ.get("OMW_DATA_DIR", "data")).resolve()):
            completed = subprocess.run(
                [str(DBT_EXECUTABLE), "parse", "--quiet"],
                cwd=project.project_dir,
                capture_output=True,
                text=True,
                check=False,
            )
    if completed.returncode != 0 or not manifest.exists():
        raise RuntimeError(f"dbt parse failed:\n{completed.stdout}\n{completed.stderr}")
    return manifest


def _manifest_is_current(project: DbtProject) -> bool:
    manifest = project.manifest_path
    return manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime(
        project.project_dir
    )


@contextmanager
def dbt_environment(data_dir: Path) -> Iterator[None]:
    """Point the dbt profile at this data directory's warehouse for one invocation."""
    previous = os.environ.get("OMW_WAREHOUSE_PATH")
    os.environ["OMW_WAREHOUSE_PATH"] = str(data_dir / "warehouse.duckdb")
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("OMW_WAREHOUSE_PATH", None)
        else:
            os.environ["OMW_WAREHOUSE_PATH"] = previous


class WarehouseTranslator(DagsterDbtTranslator):
    """Keys by schema (`staging/stg_…`, `marts/…`), groups by layer, sources onto raw assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            # Sources are the tables the raw Python assets write: one graph, no gaps.
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        return dbt_resource_props["schema"]

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        return ["team:data-engineering"]

    def get_code_version(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        # A model's own checksum misses the macros, seeds and tests it depends on:
        # any change to the project is a new code version of every node.
        return PROJECT_CODE_VERSION

    def get_automation_condition(
        self, dbt_resource_props: Mapping[str, Any]
    ) -> dg.AutomationCondition | None:
        return rebuild_condition()


PROJECT_CODE_VERSION = project_fingerprint()

translator = WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def make_dbt_assets(dagster_dbt_translator: DagsterDbtTranslator) -> dg.AssetsDefinition:
    """The dbt project as one subsettable multi-asset (tests can pass another translator)."""

    @dbt_assets(
        manifest=ensure_manifest(),
        project=dbt_project,
        dagster_dbt_translator=dagster_dbt_translator,
        pool=WRITER_POOL,
        name="warehouse_dbt_models",
    )
    def warehouse_dbt_models(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ):
        """Seeds, staging, intermediate and mart models, built with their data tests (`dbt build`).

        A failing test at error severity skips everything downstream of it inside dbt,
        and fails this step, so the publish asset never runs on unchecked marts.
        """
        yield from build_dbt_models(context, dbt, warehouse)

    return warehouse_dbt_models


def build_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """`dbt build` of the run's selection, streamed as Dagster events."""
    # Every source's raw tables exist even before its first load, so a build over
    # one source alone (or nothing) runs the models on empty inputs instead of failing.
    with warehouse.connect() as conn:
        create_raw_tables(conn)
    with dbt_environment(warehouse.paths.data_dir):
        args = dbt_build_args(full_refresh=context.run.tags.get(FULL_REFRESH_TAG) == "true")
        invocation = dbt.cli(args, context=context, raise_on_error=False)
        yield from invocation.stream()
    keep_partial_parse(invocation.target_path)
    pruned = prune_run_targets(Path(invocation.target_path).parent)
    if pruned:
        context.log.info(f"deleted {len(pruned)} old dbt target folder(s) of earlier runs")
    if not invocation.is_successful():
        raise dg.Failure(
            description="dbt build failed: " + "; ".join(failed_dbt_nodes(invocation)),
        )


warehouse_dbt_models = make_dbt_assets(translator)


def keep_partial_parse(run_target: Path, project: DbtProject = dbt_project) -> None:
    """Make this run's parse state the one the next run starts from.

    dagster-dbt gives every run its own target folder seeded with the project's
    `partial_parse.msgpack`, but never writes the state back. dbt's parse state
    records the rendered profile, which names this data directory's warehouse;
    when the seeded state came from another directory (the last `dbt parse`),
    every run re-parsed the whole project (7 s). Replaced atomically, so a
    concurrent run reads either the old state or the new one.
    """
    state = Path(run_target) / "partial_parse.msgpack"
    if not state.exists():
        return
    shared = Path(project.project_dir) / "target" / "partial_parse.msgpack"
    staged = shared.with_name(f".partial_parse.{os.getpid()}.tmp")
    shutil.copyfile(state, staged)
    os.replace(staged, shared)


RUN_TARGETS_KEPT = 10
"""How many runs' dbt target folders (compiled SQL, logs, run_results.json) are kept."""


def prune_run_targets(
    target_dir: Path, keep: int = RUN_TARGETS_KEPT, min_age_seconds: float = 3600
) -> list[Path]:
    """Delete all but the newest `keep` per-run dbt target folders; return those deleted.

    dagster-dbt gives every run a folder of its own (about 5 MB here) and never
    removes it, so a daily schedule would grow `dbt_project/target` without
    bound. A folder younger than `min_age_seconds` is never deleted, whatever
    its rank: it may belong to a build still running from another data
    directory.
    """
    stamped = []
    for path in Path(target_dir).glob("warehouse_dbt_models-*"):
        try:  # another build's pruning may delete a folder under our feet
            if path.is_dir():
                stamped.append((path.stat().st_mtime, path))
        except OSError:
            continue
    stamped.sort(reverse=True)
    cutoff = time.time() - min_age_seconds
    deleted = []
    for mtime, folder in stamped[keep:]:
        if mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            deleted.append(folder)
    return deleted


def failed_dbt_nodes(invocation) -> list[str]:
    """One short line per dbt node that errored or failed, from run_results.json."""
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except Exception:  # the artifact is missing when dbt could not start at all
        return ["see the dbt log"]
    lines = []
    for result in results:
        if result.get("status") in ("error", "fail", "runtime error"):
            name = result["unique_id"].split(".", 2)[-1]
            message = " ".join((result.get("message") or result["status"]).split())
            lines.append(f"{name}: {message[:300]}")
    return lines or ["see the dbt log"]


def dbt_resource() -> DbtCliResource:
    """dagster-dbt's resource on this environment's own dbt (docs/operations.md#dbt-start-up).

    Each `dbt build` pays two start-up costs inside dagster-dbt: `<executable>
    --version` and an in-process dbt adapter (about 1.4 s of CPU), which only
    serves opt-in row-count and column metadata this project does not fetch.
    The executable is `omw-dbt`, dbt's own command line answering `--version`
    from package metadata (real dbt spends about 2 s of CPU and a PyPI request
    on it); the adapter has no public switch and is paid.
    """
    return DbtCliResource(project_dir=dbt_project, dbt_executable=str(BUILD_EXECUTABLE))


MART_KEYS = [key for key in warehouse_dbt_models.keys if key.path[0] == "marts"]
