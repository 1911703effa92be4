"""Every pointer to a docs page and anchor in the code, the tests and the docs resolves.

Code and tests cite their definitions as `docs/metrics.md#daily-downloads`; a renamed
heading must not leave a citation pointing nowhere.
"""

import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CITATION = re.compile(r"(?:docs/)?([\w-]+\.md)#([\w-]+)")
SCANNED = ("orchestration", "tests", "dbt_project", "benchmarks", "docs")
SUFFIXES = {".py", ".sql", ".yml", ".yaml", ".md"}


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    in_code = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        slug = _slug(line.lstrip("#"))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _tracked(*folders: str) -> list[Path]:
    """The files git tracks (or would) under `folders`, so build output never counts."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *folders],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [REPO / name for name in listed if Path(name).suffix in SUFFIXES]


def _citations() -> list[tuple[str, str, str]]:
    found = []
    for path in _tracked(*SCANNED):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for page, anchor in CITATION.findall(text):
            if (DOCS / page).exists():
                found.append((str(path.relative_to(REPO)), page, anchor))
    return found


def test_citations_are_found():
    assert len(_citations()) > 30


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_every_cited_anchor_exists(page):
    anchors = _anchors(DOCS / page)
    broken = sorted(
        f"{where} -> {page}#{anchor}"
        for where, cited, anchor in _citations()
        if cited == page and anchor not in anchors
    )
    assert not broken, "\n".join(broken)


def test_no_external_contract_is_cited():
    pattern = re.compile(r"contract\s+section|CONTRACT\.md", re.IGNORECASE)
    hits = [
        str(path.relative_to(REPO))
        for path in _tracked("orchestration", "tests", "dbt_project", "benchmarks")
        if path.is_file()
        and path != Path(__file__)
        and pattern.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not hits, hits
