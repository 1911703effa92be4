"""Per-run dbt target folders are pruned, so a daily schedule does not fill the disk."""

import os
import time

from orchestration.warehouse.dbt import prune_run_targets, warehouse_dbt_models


def _folder(target, name, age_seconds):
    folder = target / name
    (folder / "compiled").mkdir(parents=True)
    (folder / "run_results.json").write_text("{}")
    stamp = time.time() - age_seconds
    os.utime(folder, (stamp, stamp))
    return folder


def test_keeps_the_newest_folders_and_young_ones(tmp_path):
    prefix = warehouse_dbt_models.op.name
    old = [_folder(tmp_path, f"{prefix}-old{i}", age_seconds=7200 + i) for i in range(5)]
    young = [_folder(tmp_path, f"{prefix}-young{i}", age_seconds=60 + i) for i in range(3)]
    other = _folder(tmp_path, "compiled-by-hand", age_seconds=10_000)
    (tmp_path / "partial_parse.msgpack").write_bytes(b"state")

    deleted = prune_run_targets(tmp_path, keep=2, min_age_seconds=3600)

    # Newest first: young0..2 (the two newest kept; young2 spared by age), then old0..4.
    assert sorted(path.name for path in deleted) == sorted(path.name for path in old)
    assert all(path.exists() for path in young)
    assert other.exists() and (tmp_path / "partial_parse.msgpack").exists()
    assert all(not path.exists() for path in old)


def test_nothing_to_prune(tmp_path):
    assert prune_run_targets(tmp_path) == []
