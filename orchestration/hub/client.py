"""How this project sets up the ``huggingface_hub`` client: the endpoint, a default
timeout, and a transport that watches the client's own retries.

Why each piece is needed (what the client does on its own) is in ``docs/hub-client.md``.
"""

from __future__ import annotations

import logging
import os
from typing import Any

import httpx2
import huggingface_hub
from huggingface_hub import constants as hf_constants
from huggingface_hub.utils import parse_ratelimit_headers

from orchestration.hub.retry import (
    ACTIVE_BUDGET,
    CLIENT_RETRIED_ERRORS,
    CLIENT_RETRY_STATUS,
    OutOfTime,
    RetryBudget,
    classify,
)


def resolve_endpoint(endpoint: str | None) -> str:
    """``endpoint``, else ``$HF_ENDPOINT`` read now, else the client's default.

    The client reads ``HF_ENDPOINT`` once, at import; tests and long-lived processes
    may set it later, so it is read at call time and passed as ``endpoint=``.
    """
    chosen = endpoint or os.environ.get("HF_ENDPOINT") or hf_constants.ENDPOINT
    return chosen.rstrip("/")


def configure_request_timeout(seconds: float = 60.0) -> None:
    """Give the client's HTTP requests a default timeout (process-wide; call once at start-up).

    ``huggingface_hub`` builds its shared ``httpx2.Client`` with ``timeout=None`` and its
    pagination passes ``timeout=None`` explicitly on every page request
    (``_paginate_pages``), so neither a client default nor ``HF_HUB_*_TIMEOUT`` applies to
    ``list_models``: a Hub that stops answering mid-listing would hang a scheduled run
    forever. This installs (through the public ``set_client_factory``) the client's own
    factory with a transport that fills every *unset* timeout with ``seconds``; a stall
    then becomes a ``ReadTimeout``, retried by the client and then by
    :func:`orchestration.hub.retry.with_retries`. Requests that carry their own timeouts
    (downloads) keep them.

    The same transport watches the client's tries during a live listing, to announce
    its retries and hold them to the listing's max wait (see :mod:`orchestration.hub.retry`).
    """
    from huggingface_hub.utils._http import default_client_factory

    def factory() -> httpx2.Client:
        base = default_client_factory()
        hooks = base.event_hooks
        base.close()
        return httpx2.Client(
            event_hooks=hooks,
            follow_redirects=True,
            timeout=None,
            transport=_DefaultTimeoutTransport(seconds),
        )

    huggingface_hub.set_client_factory(factory)
    client_logger = logging.getLogger("huggingface_hub.utils._http")
    if _CLIENT_RETRY_NOISE not in client_logger.filters:
        client_logger.addFilter(_CLIENT_RETRY_NOISE)


def _client_wait(response: httpx2.Response) -> float | None:
    """The wait huggingface_hub makes before retrying this response, when a header sets it."""
    if response.status_code == 429:
        ratelimit = parse_ratelimit_headers(response.headers)
        if ratelimit is not None and ratelimit.remaining == 0:
            return ratelimit.reset_in_seconds + 1.0
    value = (response.headers.get("Retry-After") or "").strip()
    return int(value) + 1.0 if value.isdigit() else None  # the client ignores an HTTP-date


class _DefaultTimeoutTransport(httpx2.HTTPTransport):
    def __init__(self, seconds: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._seconds = seconds

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        budget = ACTIVE_BUDGET.get()
        if budget is not None and not budget.watches(request.url):
            budget = None
        timeout = dict(request.extensions.get("timeout") or {})
        for key in ("connect", "read", "write", "pool"):
            if timeout.get(key) is None:
                timeout[key] = self._seconds
            if budget is not None and budget.in_outage():  # a retry: no try past the max wait
                timeout[key] = min(timeout[key], max(budget.remaining(), 0.1))
        request.extensions["timeout"] = timeout
        if budget is None:
            return super().handle_request(request)
        budget.observed = True
        try:
            response = super().handle_request(request)
        except CLIENT_RETRIED_ERRORS as err:
            budget.request_failed(classify(err).reason, None)
            raise
        if response.status_code in CLIENT_RETRY_STATUS:
            reason = f"HTTP {response.status_code} {response.reason_phrase}".strip()
            try:
                budget.request_failed(reason, _client_wait(response))
            except OutOfTime:
                response.close()
                raise
            return response
        response.stream = _WatchedStream(response.stream, budget)
        return response


class _WatchedStream(httpx2.SyncByteStream):
    """A response body that tells the budget whether it arrived whole (the outage ends)."""

    def __init__(self, inner: Any, budget: RetryBudget) -> None:
        self._inner = inner
        self._budget = budget

    def __iter__(self):
        try:
            yield from self._inner
        except CLIENT_RETRIED_ERRORS as err:
            self._budget.request_failed(classify(err).reason, None)
            raise
        self._budget.succeeded()

    def close(self) -> None:
        self._inner.close()


class _ClientRetryNoise(logging.Filter):
    """Drops huggingface_hub's own retry warnings while a listing announces its retries."""

    _MARKS = ("thrown while requesting", "Retrying in", "Rate limited.")

    def filter(self, record: logging.LogRecord) -> bool:
        budget = ACTIVE_BUDGET.get()
        if budget is None or not budget.observed or budget.report is None:
            return True
        message = record.getMessage()
        return not any(mark in message for mark in self._MARKS)


_CLIENT_RETRY_NOISE = _ClientRetryNoise()
