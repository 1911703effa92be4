"""Faults a user can cause, through the real `omw` command (docs/operations.md#faults-and-recovery).

Each case asserts the exit code, the one `omw:` line on stderr, that the
published file kept its bytes when nothing good was built, and that the next
good command succeeds.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest

from orchestration.resources import WRITER_POOL, WarehousePaths
from orchestration.writer import PID_TAG, process_alive, reap_dead_runs, wait_for_writer
from tests.conftest import hub_line, use_data_dir, write_snapshot

OMW = Path(sys.executable).parent / "omw"


def _lines(day: int) -> list[dict]:
    return [hub_line(f"org/m{i}", "2024-01-01", 100 * i + 10 * day) for i in range(200)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A warehouse built from two days, published; each test works on its own copy."""
    from orchestration import runs

    root = tmp_path_factory.mktemp("built")
    with pytest.MonkeyPatch.context() as monkeypatch:
        paths = use_data_dir(root / "data", monkeypatch)
        source = root / "in"
        for day in (1, 2):
            write_snapshot(source, f"2025-01-0{day}", _lines(day), gz=True)
        instance = runs.get_instance(paths)
        assert runs.import_hub(source, paths, instance).success
        assert runs.build(paths, instance).success
        instance.dispose()
    return paths


@pytest.fixture
def paths(built, tmp_path, monkeypatch) -> WarehousePaths:
    shutil.copytree(built.data_dir, tmp_path / "data")
    return use_data_dir(tmp_path / "data", monkeypatch)


def _env(paths: WarehousePaths, **extra: str) -> dict:
    return {
        **os.environ,
        "OMW_DATA_DIR": str(paths.data_dir),
        "DAGSTER_HOME": str(paths.dagster_home),
        **extra,
    }


@pytest.fixture
def omw(capsys, monkeypatch):
    """Run `omw ARGS` in this process, exactly as the console script does (`cli.main`),
    and return its exit code and output; the environment comes from `paths`."""
    from orchestration import cli

    def run(paths: WarehousePaths, *args: str, **env: str) -> subprocess.CompletedProcess:
        capsys.readouterr()
        with monkeypatch.context() as patch:
            for name, value in env.items():
                patch.setenv(name, value)
            patch.setattr(sys, "argv", ["omw", *args])
            try:
                cli.main()
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, captured.out, captured.err)

    return run


def one_error(completed: subprocess.CompletedProcess) -> str:
    """The command failed with exit code 1 and exactly one `omw:` line, no traceback."""
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr
    errors = [line for line in completed.stderr.splitlines() if line.startswith("omw: ")]
    assert len(errors) == 1, completed.stderr
    return errors[0]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _instance(paths: WarehousePaths) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_config(str(paths.dagster_home))


def _wait_for_run_in_progress(paths: WarehousePaths, process: subprocess.Popen) -> str:
    """The id of the run `process` is executing, once Dagster has it STARTED."""
    instance = _instance(paths)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        for record in instance.get_run_records(
            dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTED])
        ):
            if record.dagster_run.tags.get(PID_TAG) == str(process.pid):
                return record.dagster_run.run_id
        time.sleep(0.2)
    pytest.fail("the build never started a run")


def test_kill_9_mid_build_then_the_next_build_recovers(paths, tmp_path, omw):
    published = sha(paths.published_marts)
    write_snapshot(tmp_path / "day3", "2025-01-03", _lines(3), gz=True)
    assert omw(paths, "import-hub", str(tmp_path / "day3")).returncode == 0
    killed = subprocess.Popen(
        [str(OMW), "build", "--full-refresh"],
        env=_env(paths),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    run_id = _wait_for_run_in_progress(paths, killed)
    time.sleep(3)  # inside dbt
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert sha(paths.published_marts) == published

    recovered = omw(paths, "build", OMW_WRITER_WAIT_SECONDS="60")
    assert recovered.returncode == 0, recovered.stderr
    assert (
        f"run {run_id[:8]} (warehouse_build) was left STARTED by process {killed.pid}, "
        "which is gone: marked it failed" in recovered.stderr
    )
    assert sha(paths.published_marts) != published, recovered.stderr
    instance = _instance(paths)
    assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
    assert not instance.event_log_storage.get_concurrency_info(WRITER_POOL).claimed_slots


def test_corrupt_and_truncated_gz_are_quarantined_and_the_others_load(paths, tmp_path, omw):
    source = tmp_path / "in"
    good = write_snapshot(source, "2025-01-03", _lines(3), gz=True)
    (source / "hub_models_2025-01-04.jsonl.gz").write_bytes(b"not gzip at all\n")
    truncated = good.read_bytes()
    (source / "hub_models_2025-01-05.jsonl.gz").write_bytes(truncated[: len(truncated) // 2])
    completed = omw(paths, "import-hub", str(source))
    assert completed.returncode == 1
    errors = [line for line in completed.stderr.splitlines() if line.startswith("omw: ")]
    assert errors == [
        "omw: snapshot file quarantined: hub_models_2025-01-04.jsonl.gz: not a gzip file "
        "(Not a gzipped file (b'no')) (see quarantine/hub/hub_models_2025-01-04.jsonl.gz.error.txt)",
        "omw: snapshot file quarantined: hub_models_2025-01-05.jsonl.gz: truncated gzip file "
        "(it ends before its end-of-stream marker) "
        "(see quarantine/hub/hub_models_2025-01-05.jsonl.gz.error.txt)",
    ]
    assert sorted(p.name for p in paths.hub_landing.iterdir()) == [
        f"hub_models_2025-01-0{day}.jsonl.gz" for day in (1, 2, 3)
    ]
    for day in (4, 5):
        note = paths.hub_quarantine / f"hub_models_2025-01-0{day}.jsonl.gz.error.txt"
        assert f"file: hub_models_2025-01-0{day}.jsonl.gz" in note.read_text()
    status = omw(paths, "status")
    assert "hub_models_2025-01-04" in status.stdout and "truncated gzip" in status.stdout
    assert omw(paths, "build").returncode == 0


def test_a_corrupt_file_in_raw_fails_the_build_which_publishes_nothing(paths, tmp_path, omw):
    published = sha(paths.published_marts)
    write_snapshot(paths.hub_landing, "2025-01-03", _lines(3), gz=True)
    (paths.hub_landing / "hub_models_2025-01-04.jsonl.gz").write_bytes(b"\x1f\x8bgarbage")
    failed = omw(paths, "build")
    line = one_error(failed)
    assert "hub_models_2025-01-04.jsonl.gz" in line and "quarantine/hub/" in line
    assert "nothing was rebuilt or published" in failed.stderr
    assert sha(paths.published_marts) == published
    assert not (paths.hub_landing / "hub_models_2025-01-04.jsonl.gz").exists()

    rebuilt = omw(paths, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert sha(paths.published_marts) != published
    instance = _instance(paths)
    assert "2025-01-04" not in instance.get_dynamic_partitions("hub_snapshot_date")


def test_a_snapshot_dated_after_today_is_refused_unless_allowed(paths, tmp_path, omw):
    future = (datetime.now(UTC) + timedelta(days=200)).date()
    write_snapshot(tmp_path / "in", future, _lines(9))
    line = one_error(omw(paths, "import-hub", str(tmp_path / "in")))
    assert line == (
        f"omw: hub_models_{future}.jsonl is dated {future}, after today "
        f"({datetime.now(UTC).date()} UTC): not imported. Fix the file name, or pass "
        "--allow-future-dates if the date is right"
    )
    assert not (paths.hub_landing / f"hub_models_{future}.jsonl").exists()
    # Dropped into raw/ by hand, it is refused by the build and moved out of the way.
    shutil.copy(tmp_path / "in" / f"hub_models_{future}.jsonl", paths.hub_landing)
    published = sha(paths.published_marts)
    assert "after today" in one_error(omw(paths, "build"))
    assert sha(paths.published_marts) == published
    assert (paths.hub_quarantine / f"hub_models_{future}.jsonl").exists()

    allowed = omw(paths, "import-hub", "--allow-future-dates", str(tmp_path / "in"))
    assert allowed.returncode == 0, allowed.stderr
    assert omw(paths, "build").returncode == 0
    assert (paths.hub_landing / f"hub_models_{future}.jsonl").exists()


def test_a_folder_without_snapshot_files_is_one_line(paths, tmp_path, omw):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert one_error(omw(paths, "import-hub", str(empty))) == (
        f"omw: no snapshot files in {empty} (the folder is empty); snapshot files are named "
        "hub_models_YYYY-MM-DD.jsonl, .jsonl.gz or .parquet"
    )
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "readme.txt").write_text("hi")
    (junk / "hub_models_2025-02-30.jsonl").write_text("{}\n")
    line = one_error(omw(paths, "import-hub", str(junk)))
    assert "hub_models_2025-02-30.jsonl (2025-02-30 is not a calendar date)" in line
    assert "readme.txt (not named hub_models_YYYY-MM-DD.jsonl" in line


def test_a_corrupt_warehouse_is_one_line_and_rebuild_recovers(paths, omw):
    published = sha(paths.published_marts)
    size = paths.warehouse.stat().st_size
    paths.warehouse.write_bytes(os.urandom(size))  # a disk error, a bad copy
    line = one_error(omw(paths, "build"))
    assert line.startswith(f"omw: {paths.warehouse} cannot be read (")
    assert "`omw rebuild`" in line
    assert sha(paths.published_marts) == published
    status = omw(paths, "status")
    assert status.returncode == 0 and "omw rebuild" in status.stdout

    rebuilt = omw(paths, "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert list(paths.data_dir.glob("warehouse.duckdb.broken-*"))
    assert "nothing is stale" in omw(paths, "build").stderr


def test_two_builds_at_once_the_second_names_the_first_and_gives_up(paths, omw):
    first = subprocess.Popen(
        [str(OMW), "build", "--full-refresh"],
        env=_env(paths),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    run_id = _wait_for_run_in_progress(paths, first)
    line = one_error(omw(paths, "build", OMW_WRITER_WAIT_SECONDS="2"))
    assert line.startswith(
        f"omw: another command holds the warehouse: run {run_id[:8]} "
        "(warehouse_build, from omw build) since "
    )
    assert line.endswith(
        "gave up after 2 s. Let it finish (see `omw status` or the Dagster UI) "
        "or raise OMW_WRITER_WAIT_SECONDS"
    )
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert omw(paths, "build").returncode == 0


def test_a_dead_process_is_noticed_and_its_slot_freed(tmp_path):
    from orchestration.runs import get_instance

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert not process_alive(gone.pid)
    assert process_alive(os.getpid())
    zombie = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while process_alive(zombie.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not process_alive(zombie.pid)  # exited, not yet waited for: a zombie
    zombie.wait()

    instance = get_instance(WarehousePaths(tmp_path))
    run = dg.DagsterRun(
        job_name="hub_snapshot_import",
        run_id="0123456789abcdef",
        status=dg.DagsterRunStatus.STARTED,
        tags={PID_TAG: str(gone.pid)},
    )
    instance.add_run(run)
    instance.event_log_storage.initialize_concurrency_limit_to_default(WRITER_POOL)
    assert instance.event_log_storage.claim_concurrency_slot(
        WRITER_POOL, run.run_id, "raw_hub_snapshots"
    ).is_claimed
    lines = []
    wait_for_writer(instance, lines.append, timeout=5)
    assert lines == [
        f"run 01234567 (hub_snapshot_import) was left STARTED by process {gone.pid}, "
        "which is gone: marked it failed and freed its writer slot"
    ]
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE
    assert not instance.event_log_storage.get_concurrency_info(WRITER_POOL).claimed_slots
    assert reap_dead_runs(instance) == []
