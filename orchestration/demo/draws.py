"""Draws fixed by their arguments: for choices that must not depend on the order of
the simulator's random streams (a repository's licence, its jittered size, ...)."""

from __future__ import annotations

import hashlib


def stable_unit(*parts: object) -> float:
    """A uniform number in [0, 1) fixed by its arguments (independent of PYTHONHASHSEED)."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64
