"""Moving a refused token file aside, with a note saying why; nothing is ever deleted."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from orchestration.tokens.exports import TokenFileError, file_fingerprint


def quarantine(path: Path, quarantine_dir: Path, error: TokenFileError) -> Path:
    """Move a refused file into ``quarantine_dir`` and write ``<file>.error.txt`` beside it.

    Never deletes or overwrites: when the name is taken, ``name.1``, ``name.2``,
    ... is used. The error file's first line is ``str(error)``, then a blank line
    and details. Returns the quarantined file's new path.
    """
    path = Path(path)
    quarantine_dir = Path(quarantine_dir)
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = file_fingerprint(path)
    size = path.stat().st_size
    target = quarantine_dir / path.name
    suffix = 0
    while target.exists() or _error_file(target).exists():
        suffix += 1
        target = quarantine_dir / f"{path.name}.{suffix}"
    shutil.move(str(path), str(target))
    now = datetime.now(UTC).replace(microsecond=0)
    details = [
        str(error),
        "",
        f"quarantined_at: {now.isoformat().replace('+00:00', 'Z')}",
        f"original_path: {path.resolve() if path.is_absolute() else path.absolute()}",
        f"quarantined_as: {target.name}",
        f"file: {error.file}",
        f"{error.location}: {error.line if error.line is not None else '-'}",
        f"reason: {error.reason}",
        f"size_bytes: {size}",
        f"sha256: {fingerprint}",
        "",
        "The file was refused whole: none of its rows were loaded. Fix it and deliver it",
        "again (a corrected file may keep its name), or leave it here.",
    ]
    _error_file(target).write_text("\n".join(details) + "\n", encoding="utf-8")
    return target


def _error_file(target: Path) -> Path:
    return target.with_name(target.name + ".error.txt")
