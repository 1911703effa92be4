"""The benchmark harness's own bookkeeping (docs/benchmarks.md): reused input, partial reports."""

import gzip
import json

import pytest

from benchmarks import run


def _rows(path) -> list[dict]:
    with gzip.open(path, "rt") as lines:
        return [json.loads(line) for line in lines]


def test_generated_files_are_reused_only_for_the_same_catalogue(tmp_path):
    files = run.generate(tmp_path, 40, 2)
    assert [p.name for p in files] == [
        "hub_models_2025-01-01.jsonl.gz",
        "hub_models_2025-01-02.jsonl.gz",
        "hub_models_2025-01-03.jsonl.gz",
    ]
    written = {p: p.stat().st_mtime_ns for p in files}

    # Same models and window: nothing is rewritten.
    assert run.generate(tmp_path, 40, 2) == files
    assert {p: p.stat().st_mtime_ns for p in files} == written

    # Another model count under the same names: every file is generated anew.
    before = len(_rows(files[-1]))
    run.generate(tmp_path, 400, 2)
    after = len(_rows(files[-1]))
    assert after > before
    assert json.loads((tmp_path / "generated.json").read_text()) == {"models": 400, "days": 2}


def test_unmarked_files_are_not_trusted(tmp_path):
    stale = tmp_path / "hub_models_2025-01-01.jsonl.gz"
    with gzip.open(stale, "wt") as out:
        out.write('{"id": "left/over"}\n')
    run.generate(tmp_path, 40, 0)
    assert all(row["id"] != "left/over" for row in _rows(stale))


def test_a_failed_stage_is_recorded_then_raised(tmp_path):
    run.MEASURED.clear()
    env = {"PATH": "/usr/bin:/bin"}
    run._measure("ok", ["true"], env)
    with pytest.raises(RuntimeError, match="boom failed"):
        run._measure("boom", ["sh", "-c", "echo out of memory >&2; exit 3"], env)
    assert [(s.name, s.failure) for s in run.MEASURED] == [("ok", None), ("boom", "out of memory")]

    section = run.partial_report(run.MEASURED, RuntimeError("boom failed:\nout of memory"), "cmd")
    assert section.startswith("## Run of ") and "(stopped: boom failed)" in section
    assert "| ok |" in section and "| boom |" in section and "failed: out of memory" in section
    assert "```text\nout of memory\n```" in section

    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\nIntro.\n\n## Run of earlier\n\nold\n")
    run._write_section(out, section)
    text = out.read_text()
    assert (
        text.index("Intro.")
        < text.index("(stopped: boom failed)")
        < text.index("## Run of earlier")
    )
