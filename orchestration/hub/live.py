"""Live Hub snapshots and history backfill through the real ``huggingface_hub`` client.

Plain Python (no Dagster): the CLI (``omw fetch-hub``) and the Dagster schedule call
:func:`fetch_snapshot`; a user backfills history with :func:`backfill_from_dataset`.
Both write only into the landing folder, only complete files, atomically.

What ``huggingface_hub`` 2.4.0 already does (read in its installed source)
------------------------------------------------------------------------------
* HTTP goes through ``httpx2`` (Pydantic's fork of httpx, imported as ``httpx2``): one
  shared ``httpx2.Client`` from ``utils/_http.py:get_session()``, built by
  ``default_client_factory()`` with ``follow_redirects=True`` and ``timeout=None``
  (so API listings have no read timeout of their own).
* ``HfApi.list_models`` (``hf_api.py``) builds the query (``author``, ``pipeline_tag``,
  ``sort`` mapped to the Hub's names, ``limit`` also sent as the page size and applied
  with ``islice``, ``expand`` sent as repeated ``expand=`` parameters; ``expand`` with
  ``full``/``cardData``/``fetch_config`` is a ``ValueError``) and iterates
  ``utils/_pagination.py:paginate`` → ``_paginate_pages``: the first GET with the
  params, then the URL of the ``Link: <…>; rel="next"`` header (the Hub's cursor) until
  there is none. Each page is fetched with ``utils/_http.py:http_backoff``. The cursor
  URL is a local variable of that generator: a caller cannot resume a listing.
* ``http_backoff`` → ``_http_backoff_base``: ``max_retries=5`` (6 tries per request),
  retrying status 408, 429, 500, 502, 503, 504 and the exceptions
  ``httpx2.TimeoutException``, ``httpx2.NetworkError`` and ``httpx2.RemoteProtocolError``
  (a dropped connection: "Server disconnected without sending a response"). The wait
  starts at 1 s and doubles up to 8 s, without jitter; on a 429 whose ``RateLimit``
  header says ``r=0`` it waits the reset time, else it honours ``Retry-After`` (integer
  seconds only, an HTTP-date is ignored) - both **plus 1 s**. It sleeps with that
  module's ``time.sleep``. After the last try it raises ``HfHubHTTPError`` (from
  ``hf_raise_for_status``, the response attached) or the ``httpx2`` exception. A
  ``ConnectError`` also closes the shared session.
* ``list_repo_commits``/``list_repo_tree``/``list_repo_files`` paginate the same way;
  ``list_repo_refs`` is a bare ``get_session().get`` (no retry). ``hf_hub_download``
  (``file_download.py``) makes a HEAD without retries, then a second one with the
  default retries when no local copy exists, then streams the GET
  (``http_stream_backoff`` retrying only 408/429) and resumes with a ``Range`` request
  up to 5 times on connect/timeout/remote-protocol errors, into ``*.incomplete`` then
  renamed.
* Configuration: ``constants.ENDPOINT`` is read from ``HF_ENDPOINT`` **at import**
  (``constants.py``), as is ``HF_HUB_OFFLINE``; ``HfApi(endpoint=None)`` uses that
  constant. The token is resolved at request time by ``utils/_auth.py:get_token()``
  (``HF_OIDC_RESOURCE`` exchange, then ``HF_TOKEN`` / ``HUGGING_FACE_HUB_TOKEN``, then
  the token file) and sent as ``Authorization: Bearer …``. Its debug logging only says
  ``authenticated: True`` and ``_curlify`` replaces the header by ``<TOKEN>``.

* Timeouts: the shared client has ``timeout=None`` and ``_paginate_pages`` passes
  ``timeout=None`` on every page, so a listing can hang forever on a silent server;
  :func:`configure_request_timeout` fixes that process-wide (call it at start-up).

So this module reads ``HF_ENDPOINT`` itself at call time (tests and long-lived
processes may set it after the import) and passes it as ``endpoint=``.

Retry design
------------
Request-level retries are left to the client (above). When the client gives up - an
outage or rate limit longer than its ~23 s of backoff, or a connection that keeps
dropping - this module retries the *whole unit of work* again: bounded by
``max_attempts``, exponential backoff with full jitter
(``uniform(0, min(backoff_max, backoff_base * 2**(attempt-1)))``), never shorter than the
``Retry-After`` of the last response (seconds or HTTP-date; a wait over 15 minutes is
not waited for: the fetch fails). Retried: 408, 429, 5xx, timeouts, network errors,
dropped connections, a truncated/invalid JSON page. Not retried (fails at once): other
4xx (bad token, unknown repository, bad parameter), offline mode, anything else.

A listing cannot be resumed from its cursor through ``list_models`` (see above), so a
failed unit restarts from its first page **into a fresh temporary file** (the simplest
correct choice: no duplicate or missing lines from a half-written attempt; resuming
would need the client's private ``_paginate_pages``). A unit is one ``list_models``
call: the whole listing, or one author when the scope names several, so a failure in
the third author does not refetch the first two. ``_sleep`` (our waits) is a module
attribute so tests replace it; the client's own waits are ``time.sleep`` inside
``huggingface_hub.utils._http``.

Retry time bound and retry lines
--------------------------------
A live listing has a *max wait* (``max_wait``, default :data:`DEFAULT_MAX_WAIT`): the
total time it may spend retrying, summed over the whole listing. Time spent retrying
runs from a failed try until a request succeeds again, so every try and every wait of
an outage counts, whichever layer makes it. A retry whose wait would end beyond the
max wait is not made: the fetch fails at once with one line saying it gave up after
how long. The attempt counts above still apply too (whichever bound is hit first).

The default, 307 s, is the longest the retry schedule above waits through an outage
that never ends: 8 listing attempts × the client's 1+2+4+8+8 s, plus our waits
between attempts, capped at 1+2+4+8+16+32+60 s (``Retry-After`` aside). Before the
bound existed, slow tries (a silent server: 60 s per timeout) stretched that to much
longer; now the bound is wall-clock time.

The client's own retries are observed by the transport that
:func:`configure_request_timeout` installs (the client itself offers no hook): it sees
each failed try, works out the wait the client is about to make (its schedule above),
announces the retry through ``on_retry`` and, when that wait would not fit in the max
wait, raises an exception the client does not retry, so the client never sleeps past
the bound. During an outage it also caps each try's timeouts to the time left. While
a listing reports its retries, the client's own retry warnings are filtered out (the
line says the same, with more). Each retry gives one line, e.g.::

    Hub request failed: cannot connect ([Errno 111] Connection refused); retry 2 of 47
    in 2 s (45 left), giving up after at most 304 s more

``retry k of N``: k counts the retries of the current outage; N is k plus every retry
the attempt counts still allow (the client's 5 per request, 6 per restart of the
listing): 47 for an outage from the first request.

Secrets
-------
The token is never printed, logged or written: it is handed to ``HfApi`` only, every
message built here is masked (the token value becomes ``***``), exceptions are chained
only when their text does not contain it, and the sidecar records the endpoint without
credentials or query string.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import json
import logging
import os
import random
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args
from urllib.parse import urlsplit, urlunsplit

import httpx2
import huggingface_hub
from huggingface_hub import HfApi, get_hf_file_metadata, hf_hub_download, hf_hub_url
from huggingface_hub import constants as hf_constants
from huggingface_hub.errors import (
    EntryNotFoundError,
    HfHubHTTPError,
    OfflineModeIsEnabled,
)
from huggingface_hub.utils import parse_ratelimit_headers

from orchestration.hub.snapshots import CONTRACT_FIELDS

log = logging.getLogger(__name__)

T = TypeVar("T")

ProgressCallback = Callable[[int, int, float], None]
RetryReport = Callable[[str], None]  # one line per retry

# Our waits between attempts (the client's own waits are separate); tests replace these.
_sleep: Callable[[float], None] = time.sleep
_random: Callable[[], float] = random.random
_monotonic: Callable[[], float] = time.monotonic  # the clock of the max wait

# `id` is always returned by the API; it is not an `expand` value.
_FIELDS_NEEDED = [field for field in CONTRACT_FIELDS if field != "id"]
_FIELDS_OPTIONAL = ["baseModels"]  # extra column; the warehouse takes parents from the tags
try:
    from huggingface_hub.hf_api import ExpandModelProperty_T

    _CLIENT_EXPANDS = set(get_args(ExpandModelProperty_T))
except ImportError:  # pragma: no cover - older clients
    _CLIENT_EXPANDS = set()
#: The ``expand`` fields requested (``id`` is always returned and is not an expand value).
EXPAND: list[str] = _FIELDS_NEEDED + [f for f in _FIELDS_OPTIONAL if f in _CLIENT_EXPANDS]

#: Columns a Parquet dump must have to be a snapshot (contract section 2).
REQUIRED_COLUMNS = ("id", "createdAt", "downloadsAllTime")

PROGRESS_EVERY = 1000  # models between two progress reports of a listing
MAX_RETRY_AFTER = 900.0  # seconds; a longer Retry-After fails the fetch instead
RETRYABLE_STATUS = frozenset({408, 429})
# What huggingface_hub's http_backoff does per request (mirrored to announce and bound it).
CLIENT_MAX_RETRIES = 5
CLIENT_RETRY_WAITS = (1.0, 2.0, 4.0, 8.0, 8.0)  # before its retry 1 … 5, without Retry-After
CLIENT_RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_CLIENT_RETRIED_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)
#: Environment variable holding the default max wait of a live listing, in seconds.
MAX_WAIT_ENV = "OMW_HUB_MAX_WAIT_SECONDS"
_DATE_IN_PATH = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SNAPSHOT_SUFFIXES = (".jsonl", ".jsonl.gz", ".parquet")


class HubFetchError(RuntimeError):
    """A live fetch or backfill failed; the message is one line and never holds the token."""


# --------------------------------------------------------------------------- scope
@dataclass(frozen=True)
class ListingScope:
    """What a live listing asked for; ``key()`` compares snapshots "taken with the same scope".

    ``limit`` applies per author when several are given (one listing each). ``sort``
    only changes *which* models a limited listing holds, so it is part of the key only
    together with ``limit``.
    """

    authors: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    limit: int | None = None
    sort: str | None = None

    def __post_init__(self) -> None:
        authors = (self.authors,) if isinstance(self.authors, str) else tuple(self.authors or ())
        cleaned = tuple(sorted({a.strip() for a in authors if a and a.strip()}))
        object.__setattr__(self, "authors", cleaned)
        object.__setattr__(self, "pipeline_tag", (self.pipeline_tag or "").strip() or None)
        object.__setattr__(self, "sort", (self.sort or "").strip() or None)
        if self.limit is not None and (
            isinstance(self.limit, bool) or not isinstance(self.limit, int) or self.limit < 1
        ):
            raise ValueError(f"limit must be a positive integer, got {self.limit!r}")
        for value in (*self.authors, self.pipeline_tag or "", self.sort or ""):
            if any(ch in value for ch in ",;="):
                raise ValueError(f"scope values may not contain ',', ';' or '=': {value!r}")

    def key(self) -> str:
        """Canonical form, e.g. ``author=Qwen,author=deepseek-ai;pipeline_tag=text-generation;limit=1000``."""
        parts: list[str] = []
        if self.authors:
            parts.append(",".join(f"author={a}" for a in self.authors))
        if self.pipeline_tag:
            parts.append(f"pipeline_tag={self.pipeline_tag}")
        if self.limit is not None:
            if self.sort:
                parts.append(f"sort={self.sort}")
            parts.append(f"limit={self.limit}")
        return ";".join(parts) or "all"


# --------------------------------------------------------------------------- secrets
def _secrets(token: str | bool | None) -> list[str]:
    """Every token value the client may send, longest first (for masking)."""
    values = {token} if isinstance(token, str) else set()
    values |= {os.environ.get("HF_TOKEN"), os.environ.get("HUGGING_FACE_HUB_TOKEN")}
    if token is None:
        with contextlib.suppress(Exception):  # masking must never fail the fetch
            values.add(huggingface_hub.get_token())
    return sorted((v.strip() for v in values if v and v.strip()), key=len, reverse=True)


def _mask(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _resolve_endpoint(endpoint: str | None) -> str:
    chosen = endpoint or os.environ.get("HF_ENDPOINT") or hf_constants.ENDPOINT
    return chosen.rstrip("/")


def public_endpoint(endpoint: str) -> str:
    """The endpoint without user:password@, query or fragment (what may be written down)."""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if ":" in host:  # IPv6
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


# --------------------------------------------------------------------------- retries
@dataclass(frozen=True)
class _Failure:
    retryable: bool
    reason: str
    retry_after: float | None = None


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def _classify(err: BaseException) -> _Failure:
    if isinstance(err, HfHubHTTPError) and getattr(err, "response", None) is not None:
        response = err.response
        status = response.status_code
        phrase = getattr(response, "reason_phrase", "") or ""
        reason = f"HTTP {status} {phrase}".strip()
        if status in (401, 403):
            reason += " (check HF_TOKEN)"
        elif err.server_message:
            reason += f": {err.server_message}"
        retryable = status in RETRYABLE_STATUS or 500 <= status < 600
        return _Failure(retryable, reason, _retry_after(response.headers) if retryable else None)
    if isinstance(err, OfflineModeIsEnabled):
        return _Failure(False, "offline mode is enabled (HF_HUB_OFFLINE)")
    if isinstance(err, httpx2.RemoteProtocolError):
        return _Failure(True, f"connection dropped ({err})")
    if isinstance(err, httpx2.TimeoutException):
        return _Failure(True, f"timed out ({type(err).__name__})")
    if isinstance(err, httpx2.ConnectError):
        return _Failure(True, f"cannot connect ({err})")
    if isinstance(err, httpx2.NetworkError):
        return _Failure(True, f"network error ({err})")
    if isinstance(err, json.JSONDecodeError):
        return _Failure(True, "invalid JSON in a Hub response")
    return _Failure(False, f"{type(err).__name__}: {err}")


def _backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None) -> float:
    delay = _random() * min(cap, base * 2 ** (attempt - 1))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


@dataclass
class _RetryPolicy:
    max_attempts: int = 8
    backoff_base: float = 1.0
    backoff_max: float = 60.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")


def policy_bound(
    max_attempts: int = 8, backoff_base: float = 1.0, backoff_max: float = 60.0
) -> float:
    """The longest the retry schedule waits through an outage that never ends (no Retry-After).

    Each listing attempt's request is retried by the client (``CLIENT_RETRY_WAITS``),
    and our waits between attempts are at most ``min(backoff_max, backoff_base *
    2**(attempt-1))``: 8 × 23 s + 123 s = 307 s with the defaults.
    """
    ours = sum(min(backoff_max, backoff_base * 2 ** (a - 1)) for a in range(1, max_attempts))
    return max_attempts * sum(CLIENT_RETRY_WAITS) + ours


#: The default max wait of a live listing (seconds): the bound of the default schedule.
DEFAULT_MAX_WAIT = policy_bound()


def max_wait_seconds(value: str | float | None = None) -> float:
    """The max wait to use: ``value`` (a run tag, an option), else ``$OMW_HUB_MAX_WAIT_SECONDS``,
    else :data:`DEFAULT_MAX_WAIT`. A value that is not a number ≥ 0 is a :class:`HubFetchError`."""
    source, raw = "max wait", value
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        source, raw = MAX_WAIT_ENV, os.environ.get(MAX_WAIT_ENV)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return DEFAULT_MAX_WAIT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):  # also NaN
        raise HubFetchError(f"{source} must be a number of seconds >= 0, not {raw!r}")
    return seconds


def _secs(seconds: float) -> str:
    """``3`` for 3.0 s, ``0.4`` for 0.43 s: what a person reads in a retry line."""
    if abs(seconds - round(seconds)) < 0.05 or seconds >= 10:
        return f"{seconds:.0f}"
    return f"{seconds:.1f}"


class _OutOfTime(Exception):  # noqa: N818 - internal signal, never leaves this module
    """The next retry would end beyond the max wait. Raised from the transport, through the
    client (which does not retry it), to :func:`_with_retries`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _RetryBudget:
    """The time one listing may spend retrying, and the line announcing each retry.

    Shared by our attempts (:func:`_with_retries`) and, through :data:`_ACTIVE_BUDGET`,
    by the transport that watches the client's own tries. An *outage* runs from a failed
    try until a request succeeds again; ``max_wait`` bounds the outages' total.
    """

    def __init__(
        self,
        max_wait: float,
        secrets: list[str],
        report: RetryReport | None,
        policy: _RetryPolicy,
        watched: str = "",
    ) -> None:
        self.max_wait = max_wait
        # The transport watches only requests under this URL (the client makes others,
        # e.g. a best-effort fetch of its agent registry, that we neither count nor bound).
        self.watched = httpx2.URL(watched) if watched else None
        self.secrets = secrets
        self.report = report
        self.policy = policy
        self.spent = 0.0  # in outages that ended
        self.outage_start: float | None = None
        self.retries = 0  # announced in the current outage
        self.request_tries = 0  # failed tries of the client's current request
        self.restarts_left = 0  # our restarts of the running unit still allowed
        self.observed = False  # the transport sees the client's tries

    def watches(self, url: httpx2.URL) -> bool:
        w = self.watched
        return (
            w is not None
            and (url.scheme, url.host, url.port) == (w.scheme, w.host, w.port)
            and url.path.startswith(w.path)
        )

    # ---------------------------------------------------------------- clock
    def in_outage(self) -> bool:
        return self.outage_start is not None

    def elapsed(self) -> float:
        ongoing = _monotonic() - self.outage_start if self.outage_start is not None else 0.0
        return self.spent + ongoing

    def remaining(self) -> float:
        return max(0.0, self.max_wait - self.elapsed())

    def _failed(self) -> None:
        if self.outage_start is None:
            self.outage_start = _monotonic()

    def succeeded(self) -> None:
        """A request (or, unobserved, a whole attempt) succeeded: the outage is over."""
        if self.outage_start is not None:
            self.spent += _monotonic() - self.outage_start
            self.outage_start = None
        self.retries = 0
        self.request_tries = 0

    # ---------------------------------------------------------------- events
    def start_attempt(self, restarts_left: int) -> None:
        self.restarts_left = restarts_left
        self.request_tries = 0

    def request_failed(self, reason: str, client_wait: float | None) -> None:
        """A try of the client failed (seen by the transport): announce its retry, or
        raise :class:`_OutOfTime` when the client's wait would not fit."""
        self._failed()
        self.request_tries += 1
        if self.request_tries > CLIENT_MAX_RETRIES:
            self.request_tries = 0  # the client gives up on it: our attempt fails next
            return
        wait = (
            client_wait if client_wait is not None else CLIENT_RETRY_WAITS[self.request_tries - 1]
        )
        if self.elapsed() + wait > self.max_wait:
            raise _OutOfTime(reason)
        left = (
            CLIENT_MAX_RETRIES - self.request_tries + self.restarts_left * (CLIENT_MAX_RETRIES + 1)
        )
        self._announce(f"Hub request failed: {reason}", wait, left)

    def attempt_failed(
        self, what: str, attempt: int, context: str, failure: _Failure, delay: float
    ) -> float:
        """Our attempt failed and may be retried: the wait to make (never past the max wait),
        or :class:`HubFetchError` when none is left."""
        self._failed()
        self.request_tries = 0
        remaining = self.remaining()
        if failure.retry_after is not None and failure.retry_after > remaining:
            raise self.gave_up(what, context, failure.reason)
        if remaining <= 0:
            raise self.gave_up(what, context, failure.reason)
        delay = min(delay, remaining)
        left = (self.restarts_left - 1) * (CLIENT_MAX_RETRIES + 1) + CLIENT_MAX_RETRIES
        failed = f"{what}: attempt {attempt}/{self.policy.max_attempts} failed{context}"
        self._announce(f"{failed}: {failure.reason}; restarting the listing:", delay, left)
        return delay

    def gave_up(self, what: str, context: str, reason: str) -> HubFetchError:
        message = (
            f"{what} failed{context}: {reason}; gave up after {_secs(self.elapsed())} s of "
            f"retries (max wait {_secs(self.max_wait)} s)"
        )
        return HubFetchError(_mask(_one_line(message), self.secrets))

    def _announce(self, failed: str, wait: float, left: int) -> None:
        self.retries += 1
        total = self.retries + left
        separator = " " if failed.endswith(":") else "; "
        line = (
            f"{failed}{separator}retry {self.retries} of {total} in {_secs(wait)} s "
            f"({left} left), giving up after at most {_secs(self.remaining())} s more"
        )
        line = _mask(_one_line(line), self.secrets)
        if self.report is not None:
            self.report(line)
            log.info("%s", line)
        else:
            log.warning("%s", line)


#: The budget of the listing running in this context (read by the transport and log filter).
_ACTIVE_BUDGET: ContextVar[_RetryBudget | None] = ContextVar("omw_hub_retry_budget", default=None)


def _with_retries(
    action: Callable[[], T],
    what: str,
    policy: _RetryPolicy,
    secrets: list[str],
    where: Callable[[], str] = lambda: "",
    budget: _RetryBudget | None = None,
) -> T:
    """Run ``action`` (which must start its work from scratch) until it succeeds or may not retry.

    With a ``budget`` the retries are announced through it and bounded by its max wait.
    """
    attempt = 0
    while True:
        attempt += 1
        if budget is not None:
            budget.start_attempt(policy.max_attempts - attempt)
        try:
            result = action()
            if budget is not None and not budget.observed:
                budget.succeeded()  # no transport watching: an attempt is the finest grain
            return result
        except HubFetchError:
            raise  # already a final, masked verdict
        except _OutOfTime as out:
            assert budget is not None  # only raised while a budget is active
            raise budget.gave_up(what, where(), out.reason) from None
        except Exception as err:  # noqa: BLE001 - classified below, never swallowed
            failure = _classify(err)
            give_up = not failure.retryable or attempt >= policy.max_attempts
            if failure.retry_after is not None and failure.retry_after > MAX_RETRY_AFTER:
                give_up = True
            context = where()
            if give_up:
                attempts = f"after {attempt} attempt{'s' if attempt > 1 else ''}"
                message = f"{what} failed {attempts}{context}: {failure.reason}"
                message = _mask(_one_line(message), secrets)
                cause = err if not any(s in repr(err) or s in str(err) for s in secrets) else None
                raise HubFetchError(message) from cause
            delay = _backoff_delay(
                attempt, policy.backoff_base, policy.backoff_max, failure.retry_after
            )
            if budget is not None:
                delay = budget.attempt_failed(what, attempt, context, failure, delay)
            else:
                log.warning(
                    "%s",
                    _mask(
                        _one_line(
                            f"{what}: attempt {attempt}/{policy.max_attempts} failed{context}: "
                            f"{failure.reason}; retrying in {delay:.1f}s"
                        ),
                        secrets,
                    ),
                )
            _sleep(delay)


# --------------------------------------------------------------------------- files
def _iso_z(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def model_line(info: Any) -> dict:
    """A ``ModelInfo`` back into the Hub ``/api/models`` shape (contract section 2)."""
    line: dict[str, Any] = {
        "id": info.id,
        "author": info.author,
        "createdAt": _iso_z(info.created_at),
        "downloads": info.downloads,
        "downloadsAllTime": info.downloads_all_time,
        "likes": info.likes,
        "pipeline_tag": info.pipeline_tag,
        "library_name": info.library_name,
        "tags": info.tags,
    }
    safetensors = info.safetensors
    if safetensors is not None:
        line["safetensors"] = {
            "parameters": dict(safetensors.parameters or {}),
            "total": safetensors.total,
        }
    # The GGUF header summary (docs/metrics.md#models): its `total` is the parameter
    # count of repositories that ship only GGUF files. The client keeps it as a dict.
    gguf = getattr(info, "gguf", None)
    if isinstance(gguf, dict) and gguf.get("total") is not None:
        line["gguf"] = {
            k: gguf[k] for k in ("total", "architecture", "context_length") if k in gguf
        }
    base_models = getattr(info, "base_models", None)
    if base_models is not None:
        line["baseModels"] = base_models
    # Absent optional fields are left out, as the Hub does; required ones stay (null is a reject).
    optional = ("author", "pipeline_tag", "library_name")
    return {k: v for k, v in line.items() if v is not None or k not in optional}


def _write_json_atomic(path: Path, payload: dict) -> Path:
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    temp.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return temp


def _publish(data_temp: Path, data_final: Path, meta_temp: Path, meta_final: Path) -> None:
    """Rename the finished data file, then its sidecar, then drop the date's other formats."""
    os.replace(data_temp, data_final)
    os.replace(meta_temp, meta_final)
    stem = data_final.name.split(".")[0]
    for suffix in _SNAPSHOT_SUFFIXES:
        other = data_final.with_name(stem + suffix)
        if other != data_final and other.exists():
            other.unlink()  # one file per date: the new one replaces the partition


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class _Progress:
    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.reports = 0
        self.done = 0  # models of finished units
        self.current = 0  # models of the running attempt
        self.started = time.monotonic()

    def restart_unit(self) -> None:
        self.current = 0

    def model(self) -> None:
        self.current += 1
        if self.callback is not None and self.current % PROGRESS_EVERY == 0:
            self.report()

    def finish_unit(self) -> None:
        self.done += self.current
        self.current = 0

    def report(self) -> None:
        if self.callback is None:
            return
        self.reports += 1
        models = self.done + self.current
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self.callback(self.reports, models, models / elapsed)


# --------------------------------------------------------------------------- client set-up
def configure_request_timeout(seconds: float = 60.0) -> None:
    """Give the client's HTTP requests a default timeout (process-wide; call once at start-up).

    ``huggingface_hub`` builds its shared ``httpx2.Client`` with ``timeout=None`` and its
    pagination passes ``timeout=None`` explicitly on every page request
    (``_paginate_pages``), so neither a client default nor ``HF_HUB_*_TIMEOUT`` applies to
    ``list_models``: a Hub that stops answering mid-listing would hang a scheduled run
    forever. This installs (through the public ``set_client_factory``) the client's own
    factory with a transport that fills every *unset* timeout with ``seconds``; a stall
    then becomes a ``ReadTimeout``, retried by the client and then by this module.
    Requests that carry their own timeouts (downloads) keep them.

    The same transport watches the client's tries during a live listing, to announce
    its retries and hold them to the listing's max wait (see the module docstring).
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
        budget = _ACTIVE_BUDGET.get()
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
        except _CLIENT_RETRIED_ERRORS as err:
            budget.request_failed(_classify(err).reason, None)
            raise
        if response.status_code in CLIENT_RETRY_STATUS:
            reason = f"HTTP {response.status_code} {response.reason_phrase}".strip()
            try:
                budget.request_failed(reason, _client_wait(response))
            except _OutOfTime:
                response.close()
                raise
            return response
        response.stream = _WatchedStream(response.stream, budget)
        return response


class _WatchedStream(httpx2.SyncByteStream):
    """A response body that tells the budget whether it arrived whole (the outage ends)."""

    def __init__(self, inner: Any, budget: _RetryBudget) -> None:
        self._inner = inner
        self._budget = budget

    def __iter__(self):
        try:
            yield from self._inner
        except _CLIENT_RETRIED_ERRORS as err:
            self._budget.request_failed(_classify(err).reason, None)
            raise
        self._budget.succeeded()

    def close(self) -> None:
        self._inner.close()


class _ClientRetryNoise(logging.Filter):
    """Drops huggingface_hub's own retry warnings while a listing announces its retries."""

    _MARKS = ("thrown while requesting", "Retrying in", "Rate limited.")

    def filter(self, record: logging.LogRecord) -> bool:
        budget = _ACTIVE_BUDGET.get()
        if budget is None or not budget.observed or budget.report is None:
            return True
        message = record.getMessage()
        return not any(mark in message for mark in self._MARKS)


_CLIENT_RETRY_NOISE = _ClientRetryNoise()


# --------------------------------------------------------------------------- live snapshot
def fetch_snapshot(
    landing_dir: Path,
    snapshot_date: date,
    scope: ListingScope,
    *,
    token: str | None = None,
    endpoint: str | None = None,
    progress: ProgressCallback | None = None,
    max_attempts: int = 8,
    backoff_base: float = 1.0,
    backoff_max: float = 60.0,
    max_wait: float | None = None,
    on_retry: RetryReport | None = None,
) -> Path:
    """List the Hub models of ``scope`` into ``landing_dir/hub_models_<date>.jsonl.gz``.

    The file (and its sidecar ``hub_models_<date>.meta.json``) appears only when the
    whole listing succeeded, replacing any earlier file of that date; on failure
    nothing under ``landing_dir`` changes and :class:`HubFetchError` is raised.
    ``token=None`` lets the client find one (``HF_TOKEN``, the token file);
    ``endpoint=None`` reads ``HF_ENDPOINT`` now. ``progress(reports, models,
    models_per_second)`` is called every ``PROGRESS_EVERY`` models and at the end (page
    boundaries are invisible through ``list_models``).

    ``max_wait`` bounds the total time spent retrying (seconds, across the whole
    listing; ``None``: :func:`policy_bound` of the attempt settings, 307 s by default);
    when it is hit the fetch fails with one line naming the endpoint, the failure and
    how long it retried. ``on_retry(line)`` is called once per retry, before its wait
    (what failed, which retry of how many, the longest it may still take); without it
    those lines are logged as warnings. The client's own retries are seen only when
    :func:`configure_request_timeout` installed its transport (else only ours are).
    """
    policy = _RetryPolicy(max_attempts, backoff_base, backoff_max)
    if max_wait is None:
        max_wait = policy_bound(max_attempts, backoff_base, backoff_max)
    if not max_wait >= 0:
        raise ValueError(f"max_wait must be >= 0 seconds, got {max_wait!r}")
    landing_dir = Path(landing_dir)
    landing_dir.mkdir(parents=True, exist_ok=True)
    endpoint = _resolve_endpoint(endpoint)
    secrets = _secrets(token)
    api = HfApi(endpoint=endpoint, token=token, library_name="open-model-warehouse")
    budget = _RetryBudget(max_wait, secrets, on_retry, policy, watched=f"{endpoint}/api/models")

    stem = f"hub_models_{snapshot_date.isoformat()}"
    final = landing_dir / f"{stem}.jsonl.gz"
    sidecar = landing_dir / f"{stem}.meta.json"
    partial = landing_dir / f".{stem}.jsonl.gz.partial"
    units: list[str | None] = list(scope.authors) or [None]
    unit_files = (
        [partial]
        if len(units) == 1
        else [landing_dir / f".{stem}.jsonl.gz.partial-{i}" for i in range(len(units))]
    )
    tracker = _Progress(progress)
    seen: set[str] = set()  # ids of finished units (dedupe across authors)
    temps: list[Path] = [partial, *unit_files]
    _remove_stale_partials(landing_dir, stem)

    def list_unit(author: str | None, path: Path) -> set[str]:
        tracker.restart_unit()
        ids: set[str] = set()
        with _gzip_writer(path, f"{stem}.jsonl") as out:  # truncates a failed attempt
            for info in api.list_models(
                author=author,
                pipeline_tag=scope.pipeline_tag,
                sort=scope.sort,
                limit=scope.limit,
                expand=EXPAND,
            ):
                if info.id in seen or info.id in ids:
                    continue
                if len(units) > 1:
                    ids.add(info.id)
                out.write(json.dumps(model_line(info), ensure_ascii=False).encode("utf-8") + b"\n")
                tracker.model()
        return ids

    active = _ACTIVE_BUDGET.set(budget)
    try:
        for author, path in zip(units, unit_files, strict=True):
            what = "Hub listing" + (f" author={author}" if author else "")
            what += f" at {public_endpoint(endpoint)}"
            seen |= _with_retries(
                lambda author=author, path=path: list_unit(author, path),
                what,
                policy,
                secrets,
                where=lambda: f" (stopped after {tracker.current} models)",
                budget=budget,
            )
            tracker.finish_unit()
        if tracker.done == 0:
            # A successful but empty listing is almost surely a wrong author or tag; as a
            # partition it would only become a misleading baseline.
            raise HubFetchError(
                f"listing for scope {scope.key()} returned no models; nothing written"
            )
        if len(units) > 1:
            with _gzip_writer(partial, f"{stem}.jsonl") as out:
                for path in unit_files:
                    with gzip.open(path, "rb") as part:
                        shutil.copyfileobj(part, out, 1 << 20)
        meta = {
            "scope": scope.key(),
            "models": tracker.done,
            "fetched_at": _now_iso(),
            "endpoint": public_endpoint(endpoint),
            "snapshot_date": snapshot_date.isoformat(),
            "source": "live",
            "client": f"huggingface_hub {huggingface_hub.__version__}",
            "expand": EXPAND,
        }
        meta_temp = _write_json_atomic(sidecar, meta)
        temps.append(meta_temp)
        _publish(partial, final, meta_temp, sidecar)
        tracker.report()
        log.info("Hub snapshot %s: %d models (scope %s)", final.name, tracker.done, scope.key())
        return final
    except HubFetchError:
        raise
    except Exception as err:  # noqa: BLE001 - e.g. the disk is full: still one clean line
        message = _mask(
            _one_line(f"snapshot {snapshot_date} failed: {type(err).__name__}: {err}"), secrets
        )
        raise HubFetchError(message) from None
    finally:
        _ACTIVE_BUDGET.reset(active)
        for temp in temps:
            temp.unlink(missing_ok=True)


@contextlib.contextmanager
def _gzip_writer(path: Path, inner_name: str):
    """A gzip stream into ``path`` whose header names the final file, not the temporary one."""
    with open(path, "wb") as raw, gzip.GzipFile(inner_name, "wb", 6, raw) as out:
        yield out


def _remove_stale_partials(landing_dir: Path, stem: str) -> None:
    for stale in landing_dir.glob(f".{stem}.*partial*"):
        if stale.is_file():
            stale.unlink()


# --------------------------------------------------------------------------- backfill
@dataclass(frozen=True)
class _Planned:
    snapshot_date: date
    path: str  # in the repository
    revision: str  # a commit sha


def dated_files(paths: Iterable[str]) -> dict[date, str]:
    """Parquet files whose path holds a YYYY-MM-DD date, one per date.

    When some of them mention ``model`` (``models/2025-01-02.parquet`` beside
    ``datasets/2025-01-02.parquet``) only those count; two candidates left for one date
    is an error.
    """
    candidates: list[tuple[date, str]] = []
    for path in paths:
        if not path.lower().endswith(".parquet"):
            continue
        matches = list(_DATE_IN_PATH.finditer(path))
        if not matches:
            continue
        year, month, day = (int(g) for g in matches[-1].groups())
        try:
            candidates.append((date(year, month, day), path))
        except ValueError:
            continue
    if any("model" in p.lower() for _, p in candidates):
        candidates = [(d, p) for d, p in candidates if "model" in p.lower()]
    found: dict[date, str] = {}
    for day, path in sorted(candidates):
        if day in found:
            raise HubFetchError(f"two dated files for {day}: {found[day]} and {path}")
        found[day] = path
    return found


def _models_file(paths: list[str]) -> str:
    matches = sorted(
        (p for p in paths if p.split("/")[-1].lower() == "models.parquet"),
        key=lambda p: (p.count("/"), p),
    )
    if not matches:
        raise HubFetchError("no models.parquet in the repository (and no dated Parquet files used)")
    return matches[0]


def backfill_from_dataset(
    repo_id: str,
    landing_dir: Path,
    *,
    token: str | None = None,
    endpoint: str | None = None,
    revision_mode: Literal["auto", "commits", "files"] = "auto",
    since: date | None = None,
    until: date | None = None,
    progress: ProgressCallback | None = None,
    max_attempts: int = 8,
    backoff_base: float = 1.0,
    backoff_max: float = 60.0,
) -> list[Path]:
    """Backfill snapshots from a Hub dataset of daily Parquet dumps of model metadata.

    Two layouts (``revision_mode="auto"`` picks the first that exists):

    * ``files``: one Parquet per date, the date in its path (``models/2025-01-02.parquet``,
      ``hub_models_2025-01-02.parquet``), read at the head of ``main``;
    * ``commits``: one ``models.parquet`` rewritten by a commit each day. Each UTC day's
      latest commit gives that day's snapshot; a day whose file is byte-identical (same
      ETag) to the previous snapshot's is skipped (the dump was not refreshed: counting it
      as a new observation would put zero downloads on one day and double on the next).

    Each date becomes ``landing_dir/hub_models_<date>.parquet`` (renamed into place
    complete, replacing that date's other files) with a sidecar of scope ``all``.
    ``since``/``until`` bound the dates, inclusive. Returns the written paths, sorted.
    ``progress(done, total, bytes_per_second)`` is called after each file.
    """
    policy = _RetryPolicy(max_attempts, backoff_base, backoff_max)
    landing_dir = Path(landing_dir)
    landing_dir.mkdir(parents=True, exist_ok=True)
    endpoint = _resolve_endpoint(endpoint)
    secrets = _secrets(token)
    api = HfApi(endpoint=endpoint, token=token, library_name="open-model-warehouse")
    if revision_mode not in ("auto", "commits", "files"):
        raise ValueError(f"revision_mode must be auto, commits or files, not {revision_mode!r}")

    def retry(action: Callable[[], T], what: str) -> T:
        return _with_retries(action, what, policy, secrets)

    work = landing_dir / ".cache" / f"backfill-{uuid.uuid4().hex}"
    written: list[Path] = []
    try:
        refs = retry(lambda: api.list_repo_refs(repo_id, repo_type="dataset"), f"refs of {repo_id}")
        head = next((b.target_commit for b in refs.branches if b.name == "main"), None) or "main"
        files = retry(
            lambda: api.list_repo_files(repo_id, repo_type="dataset", revision=head),
            f"files of {repo_id}",
        )
        dated = dated_files(files)
        mode = revision_mode if revision_mode != "auto" else ("files" if dated else "commits")
        if mode == "files":
            if not dated:
                raise HubFetchError(
                    f"{repo_id} has no Parquet file with a YYYY-MM-DD date in its path"
                )
            plan = [
                _Planned(d, p, head)
                for d, p in dated.items()
                if (since is None or d >= since) and (until is None or d <= until)
            ]
        else:
            plan = _plan_commits(
                api, repo_id, _models_file(files), head, since, until, retry, endpoint, token
            )

        started = time.monotonic()
        total_bytes = 0
        for number, item in enumerate(plan, start=1):
            target = _download_one(api, repo_id, item, work, endpoint, token, retry)
            rows = _check_parquet(target, f"{item.path}@{item.revision[:12]}")
            total_bytes += target.stat().st_size
            stem = f"hub_models_{item.snapshot_date.isoformat()}"
            final = landing_dir / f"{stem}.parquet"
            meta = {
                "scope": "all",
                "models": rows,
                "fetched_at": _now_iso(),
                "endpoint": public_endpoint(endpoint),
                "snapshot_date": item.snapshot_date.isoformat(),
                "source": "backfill",
                "repo_id": repo_id,
                "revision": item.revision,
                "path_in_repo": item.path,
                "client": f"huggingface_hub {huggingface_hub.__version__}",
            }
            meta_temp = _write_json_atomic(landing_dir / f"{stem}.meta.json", meta)
            try:
                _publish(target, final, meta_temp, landing_dir / f"{stem}.meta.json")
            finally:
                meta_temp.unlink(missing_ok=True)
            written.append(final)
            if progress is not None:
                rate = total_bytes / max(time.monotonic() - started, 1e-9)
                progress(number, len(plan), rate)
        return sorted(written)
    except HubFetchError:
        raise
    except Exception as err:  # noqa: BLE001
        message = _mask(
            _one_line(f"backfill from {repo_id} failed: {type(err).__name__}: {err}"), secrets
        )
        raise HubFetchError(message) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(OSError):
            work.parent.rmdir()  # .cache, when nothing else uses it


def _plan_commits(api, repo_id, path, head, since, until, retry, endpoint, token) -> list[_Planned]:
    commits = retry(
        lambda: api.list_repo_commits(repo_id, repo_type="dataset", revision=head),
        f"commits of {repo_id}",
    )
    latest_per_day: dict[date, Any] = {}
    for commit in commits:
        day = commit.created_at.astimezone(UTC).date()
        if day not in latest_per_day or commit.created_at > latest_per_day[day].created_at:
            latest_per_day[day] = commit
    days = sorted(d for d in latest_per_day if until is None or d <= until)
    if since is not None:  # keep the last day before `since` only to compare contents with
        before = [d for d in days if d < since]
        days = before[-1:] + [d for d in days if d >= since]

    def etag_at(revision: str) -> str | None:
        url = hf_hub_url(repo_id, path, repo_type="dataset", revision=revision, endpoint=endpoint)
        try:
            return get_hf_file_metadata(
                url, token=token, endpoint=endpoint, retry_on_errors=True
            ).etag
        except EntryNotFoundError:
            return None  # the file did not exist yet at that commit

    plan: list[_Planned] = []
    previous: str | None = None
    for day in days:
        sha = latest_per_day[day].commit_id
        etag = retry(lambda sha=sha: etag_at(sha), f"{path}@{sha[:12]}")
        if etag is None or etag == previous:
            continue
        previous = etag
        if since is None or day >= since:
            plan.append(_Planned(day, path, sha))
    return plan


def _download_one(
    api, repo_id: str, item: _Planned, work: Path, endpoint: str, token, retry
) -> Path:
    folder = work / item.revision / item.snapshot_date.isoformat()

    def download() -> Path:
        local = hf_hub_download(
            repo_id,
            item.path,
            repo_type="dataset",
            revision=item.revision,
            local_dir=folder,
            cache_dir=work / "hub-cache",
            token=token,
            endpoint=endpoint,
        )
        return Path(local)

    return retry(download, f"download of {item.path}@{item.revision[:12]}")


def _check_parquet(path: Path, label: str) -> int:
    """Row count of a downloaded dump; fails when it is not a usable snapshot."""
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_metadata(path)
    except Exception as err:  # noqa: BLE001
        raise HubFetchError(f"{label} is not a Parquet file: {_one_line(str(err))}") from None
    names = set(metadata.schema.to_arrow_schema().names)
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise HubFetchError(f"{label} lacks the required column(s) {', '.join(missing)}")
    return metadata.num_rows
