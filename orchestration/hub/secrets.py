"""Keeping the Hub token out of every message, log line and file.

The token is handed to ``HfApi`` only. Every message built by a live fetch or a
backfill goes through :func:`masked_line` (one line, each token value
``***``); an exception is chained only when its text does not hold a
token; a sidecar records the endpoint through :func:`public_endpoint`, without
credentials or query string.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

import huggingface_hub


def secrets_of(token: str | bool | None) -> list[str]:
    """Every token value the client may send, longest first (for masking)."""
    values = {token} if isinstance(token, str) else set()
    values |= {os.environ.get("HF_TOKEN"), os.environ.get("HUGGING_FACE_HUB_TOKEN")}
    if token is None:
        with contextlib.suppress(Exception):  # masking must never fail the fetch
            values.add(huggingface_hub.get_token())
    return sorted((v.strip() for v in values if v and v.strip()), key=len, reverse=True)


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def masked_line(text: str, secrets: Iterable[str]) -> str:
    """``text`` on one line with every token value replaced by ``***``: what a message may say."""
    text = one_line(text)
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def holds_secret(err: BaseException, secrets: Iterable[str]) -> bool:
    """Whether an exception's text holds a token (then it is not chained)."""
    return any(s in repr(err) or s in str(err) for s in secrets)


def public_endpoint(endpoint: str) -> str:
    """The endpoint without user:password@, query or fragment (what may be written down)."""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if ":" in host:  # IPv6
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
