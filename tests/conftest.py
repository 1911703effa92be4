"""Shared fixtures: every test gets its own data directory and Dagster instance."""

import gzip
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest

from orchestration.resources import WarehousePaths

# The inner loop, `pytest -m "not slow"`, leaves out what builds a warehouse or
# waits on real processes; `make test` runs everything. A test is slow when it
# runs the real definitions in a data directory (it asks for `data_dir` or
# `module_data_dir`) or generates the full default sample (`eco`); or
# when its whole module is an
# end-to-end drill (the daemon, the fault drills, automation over a built
# warehouse). Modules are named without their folder, so a test file that moves
# keeps its mark.
SLOW_FIXTURES = frozenset({"data_dir", "module_data_dir", "eco"})
SLOW_MODULES = frozenset({"test_daemon", "test_faults", "test_automation"})
# `make test` runs the suite on two pytest-xdist workers (a module's tests on
# one worker, so a module's shared warehouse is built once), then these modules
# alone: the daemon's runs are queued and launched on its own clock, which a
# busy second core stretches past the test's bounds.
SERIAL_MODULES = frozenset({"test_daemon"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SLOW_FIXTURES or item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if item.path.stem in SERIAL_MODULES:
            item.add_marker(pytest.mark.serial)


@pytest.fixture(autouse=True, scope="session")
def offline_hub_client():
    """huggingface_hub's telemetry stays off: the suite never reaches the internet.

    dbt's unit tests run once, in the ground-truth build of the bundled sample
    (tests/warehouse/test_sample_ground_truth.py): their inputs are fixed, so
    running them in every build of the suite (6 s each) would test nothing more."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
        monkeypatch.delenv("OMW_DBT_UNIT_TESTS", raising=False)
        yield


def use_data_dir(root: Path, monkeypatch: pytest.MonkeyPatch) -> WarehousePaths:
    root.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("OMW_DATA_DIR", str(root))
    monkeypatch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    return WarehousePaths(root)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WarehousePaths:
    """A fresh OMW_DATA_DIR (and DAGSTER_HOME inside it) for one test."""
    return use_data_dir(tmp_path / "data", monkeypatch)


@pytest.fixture(scope="module")
def module_data_dir(tmp_path_factory: pytest.TempPathFactory):
    """A data directory shared by the tests of one module (a build costs ~10 s of dbt)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield use_data_dir(tmp_path_factory.mktemp("data"), monkeypatch)


def hub_line(
    model_id: str,
    created: str,
    downloads_all_time: int,
    tags: Iterable[str] = (),
    params: int | None = None,
    **extra,
) -> dict:
    """One Hub /api/models entry (docs/metrics.md#fields-of-a-line)."""
    line = {
        "id": model_id,
        "createdAt": f"{created}T12:00:00.000Z",
        "downloadsAllTime": downloads_all_time,
        "downloads": 0,
        "likes": 1,
        "pipeline_tag": "text-generation",
        "tags": list(tags),
    }
    if params is not None:
        line["safetensors"] = {"parameters": {"BF16": params}, "total": params}
    line.update(extra)
    return line


def write_snapshot(
    directory: Path, snapshot_date: date | str, lines: Iterable[dict | str], gz: bool = False
) -> Path:
    """Write a recorded snapshot file; str lines are written verbatim (for bad lines)."""
    directory.mkdir(parents=True, exist_ok=True)
    name = f"hub_models_{snapshot_date}.jsonl" + (".gz" if gz else "")
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    path = directory / name
    if gz:
        with gzip.GzipFile(path, "wb", mtime=0) as handle:
            handle.write(text.encode())
    else:
        path.write_text(text)
    return path
