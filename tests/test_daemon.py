"""Landed data reaches the published marts by itself, through the real Dagster daemon.

`dagster-daemon run` on a temporary instance and data directory, as production
runs it; the test only lands data (`omw import-hub`, a file in the token inbox)
and watches `serving/marts.duckdb`. No `omw build` anywhere
(docs/operations.md#automation).
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration.resources import REPO_ROOT, WarehousePaths, connect
from tests.conftest import hub_line, write_snapshot

BIN = Path(sys.executable).parent
PUBLISHED_WITHIN = 300  # seconds from landing to published
MODELS = [("Qwen/Qwen2.5-7B", 7 * 10**9), ("meta-llama/Llama-3.1-8B", 8 * 10**9)] + [
    (f"user{i}/tune-{i}", None) for i in range(10)
]


def _snapshot(day: int) -> list[dict]:
    lines = []
    for i, (model_id, params) in enumerate(MODELS):
        tags = [] if params else [f"base_model:finetune:{MODELS[i % 2][0]}"]
        lines.append(hub_line(model_id, "2024-12-01", 1000 * (i + 1) * day, tags, params))
    return lines


def _published(paths: WarehousePaths, sql: str):
    """The published answer, or None while nothing (or not that table) is published."""
    if not paths.published_marts.exists():
        return None
    try:
        with connect(paths.published_marts, read_only=True) as conn:
            return conn.execute(sql).fetchone()[0]
    except Exception:  # the table is not published yet
        return None


def _wait_for(paths: WarehousePaths, sql: str, expected, daemon, log: Path) -> float:
    started = time.monotonic()
    while time.monotonic() - started < PUBLISHED_WITHIN:
        if _published(paths, sql) == expected:
            return time.monotonic() - started
        assert daemon.poll() is None, f"the daemon exited:\n{log.read_text()[-3000:]}"
        time.sleep(2)
    pytest.fail(
        f"not published within {PUBLISHED_WITHIN} s: {sql} -> {_published(paths, sql)!r}, "
        f"wanted {expected!r}\n{log.read_text()[-3000:]}"
    )


def _wait_until_idle(paths: WarehousePaths, daemon, log: Path, limit: float = 120) -> None:
    instance = dg.DagsterInstance.from_config(str(paths.dagster_home))
    busy = [
        dg.DagsterRunStatus.QUEUED,
        dg.DagsterRunStatus.NOT_STARTED,
        dg.DagsterRunStatus.STARTING,
        dg.DagsterRunStatus.STARTED,
    ]
    started = time.monotonic()
    while instance.get_run_records(dg.RunsFilter(statuses=busy)):
        assert daemon.poll() is None, f"the daemon exited:\n{log.read_text()[-3000:]}"
        assert time.monotonic() - started < limit, "runs still in progress after publishing"
        time.sleep(1)


def _omw(env: dict, *args: str) -> None:
    completed = subprocess.run(
        [str(BIN / "omw"), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr


def test_the_daemon_publishes_what_lands(tmp_path):
    paths = WarehousePaths(tmp_path / "data")
    env = {
        **os.environ,
        "OMW_DATA_DIR": str(paths.data_dir),
        "DAGSTER_HOME": str(paths.dagster_home),
        "OMW_SENSOR_INTERVAL_SECONDS": "5",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    paths.dagster_home.mkdir(parents=True)
    shutil.copyfile(
        REPO_ROOT / "orchestration" / "dagster.yaml", paths.dagster_home / "dagster.yaml"
    )
    # Create the instance's storage before two processes (daemon, omw) race to.
    dg.DagsterInstance.from_config(str(paths.dagster_home)).dispose()
    log = tmp_path / "daemon.log"
    with open(log, "w") as out:
        daemon = subprocess.Popen(
            [str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        history = tmp_path / "history"
        for day in (1, 2, 3):
            write_snapshot(history, f"2025-01-0{day}", _snapshot(day))
        _omw(env, "import-hub", str(history))
        latest = "select max(date)::varchar from fct_downloads_daily"
        first = _wait_for(paths, latest, "2025-01-03", daemon, log)

        paths.token_inbox.mkdir(parents=True, exist_ok=True)
        (paths.token_inbox / "usage_2025-01.csv").write_text(
            "date,model,total_tokens\n2025-01-02,qwen/qwen2.5-7b-instruct,5000\n"
        )
        tokens = "select sum(tokens)::bigint from mart_token_share where dimension = 'family'"
        second = _wait_for(paths, tokens, 5000, daemon, log)

        day4 = tmp_path / "day4"
        write_snapshot(day4, "2025-01-04", _snapshot(4))
        _omw(env, "import-hub", str(day4))
        third = _wait_for(paths, latest, "2025-01-04", daemon, log)
        print(f"published after {first:.0f} s, {second:.0f} s, {third:.0f} s")
        # The run that published goes on to write the report: let it finish before
        # the daemon stops (stopping it would cancel that run).
        _wait_until_idle(paths, daemon, log)
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)

    instance = dg.DagsterInstance.from_config(str(paths.dagster_home))
    automated = [
        run
        for run in instance.get_runs()
        if run.tags.get("dagster/sensor_name") == "warehouse_automation"
    ]
    # One automated build per landing (the inbox sensor's ingest is a raw load); a
    # tick on the empty warehouse before the first import may add one more.
    assert 3 <= len(automated) <= 4, [run.tags for run in instance.get_runs()]
    assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in automated), [
        (run.run_id[:8], run.status.value) for run in automated
    ]
