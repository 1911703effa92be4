"""Retrying a Hub listing or download: which failures to retry, how long to wait, when to stop.

Just over 400 lines on purpose: the failure classification, the waits and the
one-line messages they print are one policy, read and changed together.

What ``huggingface_hub`` itself retries, and how, is in ``docs/hub-client.md``; the
behaviour a user sees is in ``docs/operations.md#fetch-hub-retries``.

Retry design
------------
Request-level retries are left to the client. When the client gives up - an outage or
rate limit longer than its ~23 s of backoff, or a connection that keeps dropping - the
*whole unit of work* is retried again (:func:`with_retries`): bounded by
``max_attempts``, exponential backoff with full jitter
(``uniform(0, min(backoff_max, backoff_base * 2**(attempt-1)))``), never shorter than the
``Retry-After`` of the last response (seconds or HTTP-date; a wait over 15 minutes is
not waited for: the fetch fails). Retried: 408, 429, 5xx, timeouts, network errors,
dropped connections, a truncated/invalid JSON page. Not retried (fails at once): other
4xx (bad token, unknown repository, bad parameter), offline mode, anything else.

A listing cannot be resumed from its cursor through ``list_models``, so a failed unit
restarts from its first page **into a fresh temporary file** (the simplest correct
choice: no duplicate or missing lines from a half-written attempt; resuming would need
the client's private ``_paginate_pages``). A unit is one ``list_models`` call: the
whole listing, or one author when the scope names several, so a failure in the third
author does not refetch the first two. ``_sleep`` (our waits), ``_random`` (the
jitter) and ``_monotonic`` (the clock of the max wait) are module attributes so tests
replace them; the client's own waits are ``time.sleep`` inside
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
that never ends (:func:`policy_bound`); the bound is wall-clock time, so slow tries (a
silent server: 60 s per timeout) count too.

The client's own retries are observed by the transport that
:func:`orchestration.hub.client.configure_request_timeout` installs (the client itself
offers no hook): it sees each failed try, works out the wait the client is about to
make, announces the retry through ``on_retry`` and, when that wait would not fit in
the max wait, raises :class:`OutOfTime`, which the client does not retry, so the
client never sleeps past the bound. During an outage it also caps each try's timeouts
to the time left. While a listing reports its retries, the client's own retry
warnings are filtered out (the line says the same, with more). Each retry gives one
line, ``retry k of N`` (docs/operations.md#fetch-hub-retries has examples): k counts the
retries of the current outage, N adds every retry the attempt limits still allow (the
client's 5 per request, 6 per restart of the listing).
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx2
from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

from orchestration.hub.secrets import holds_secret, masked_line

log = logging.getLogger(__name__)

T = TypeVar("T")

RetryReport = Callable[[str], None]  # one line per retry

# Our waits between attempts (the client's own waits are separate); tests replace these.
_sleep: Callable[[float], None] = time.sleep
_random: Callable[[], float] = random.random
_monotonic: Callable[[], float] = time.monotonic  # the clock of the max wait

MAX_RETRY_AFTER = 900.0  # seconds; a longer Retry-After fails the fetch instead
RETRYABLE_STATUS = frozenset({408, 429})
# What huggingface_hub's http_backoff does per request (mirrored to announce and bound it).
CLIENT_MAX_RETRIES = 5
CLIENT_RETRY_WAITS = (1.0, 2.0, 4.0, 8.0, 8.0)  # before its retry 1 … 5, without Retry-After
CLIENT_RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
CLIENT_RETRIED_ERRORS = (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError)
#: Environment variable holding the default max wait of a live listing, in seconds.
MAX_WAIT_ENV = "OMW_HUB_MAX_WAIT_SECONDS"


class HubFetchError(RuntimeError):
    """A live fetch or backfill failed; the message is one line and never holds the token."""


# --------------------------------------------------------------------------- classification
@dataclass(frozen=True)
class Failure:
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


def classify(err: BaseException) -> Failure:
    """Whether a failure may pass on a retry, and the one-line reason to show."""
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
        return Failure(retryable, reason, _retry_after(response.headers) if retryable else None)
    if isinstance(err, OfflineModeIsEnabled):
        return Failure(False, "offline mode is enabled (HF_HUB_OFFLINE)")
    if isinstance(err, httpx2.RemoteProtocolError):
        return Failure(True, f"connection dropped ({err})")
    if isinstance(err, httpx2.TimeoutException):
        return Failure(True, f"timed out ({type(err).__name__})")
    if isinstance(err, httpx2.ConnectError):
        return Failure(True, f"cannot connect ({err})")
    if isinstance(err, httpx2.NetworkError):
        return Failure(True, f"network error ({err})")
    if isinstance(err, json.JSONDecodeError):
        return Failure(True, "invalid JSON in a Hub response")
    return Failure(False, f"{type(err).__name__}: {err}")


# --------------------------------------------------------------------------- policy
def _backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None) -> float:
    delay = _random() * min(cap, base * 2 ** (attempt - 1))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


@dataclass
class RetryPolicy:
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


# --------------------------------------------------------------------------- budget
class OutOfTime(Exception):  # noqa: N818 - internal signal, never leaves the hub package
    """The next retry would end beyond the max wait. Raised from the transport, through the
    client (which does not retry it), to :func:`with_retries`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetryBudget:
    """The time one listing may spend retrying, and the line announcing each retry.

    Shared by our attempts (:func:`with_retries`) and, through :data:`ACTIVE_BUDGET`,
    by the transport that watches the client's own tries. An *outage* runs from a failed
    try until a request succeeds again; ``max_wait`` bounds the outages' total.
    """

    def __init__(
        self,
        max_wait: float,
        secrets: list[str],
        report: RetryReport | None,
        policy: RetryPolicy,
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
        raise :class:`OutOfTime` when the client's wait would not fit."""
        self._failed()
        self.request_tries += 1
        if self.request_tries > CLIENT_MAX_RETRIES:
            self.request_tries = 0  # the client gives up on it: our attempt fails next
            return
        wait = (
            client_wait if client_wait is not None else CLIENT_RETRY_WAITS[self.request_tries - 1]
        )
        if self.elapsed() + wait > self.max_wait:
            raise OutOfTime(reason)
        left = (
            CLIENT_MAX_RETRIES - self.request_tries + self.restarts_left * (CLIENT_MAX_RETRIES + 1)
        )
        self._announce(f"Hub request failed: {reason}", wait, left)

    def attempt_failed(
        self, what: str, attempt: int, context: str, failure: Failure, delay: float
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
        return HubFetchError(masked_line(message, self.secrets))

    def _announce(self, failed: str, wait: float, left: int) -> None:
        self.retries += 1
        total = self.retries + left
        separator = " " if failed.endswith(":") else "; "
        line = (
            f"{failed}{separator}retry {self.retries} of {total} in {_secs(wait)} s "
            f"({left} left), giving up after at most {_secs(self.remaining())} s more"
        )
        line = masked_line(line, self.secrets)
        if self.report is not None:
            self.report(line)
            log.info("%s", line)
        else:
            log.warning("%s", line)


#: The budget of the listing running in this context (read by the transport and log filter).
ACTIVE_BUDGET: ContextVar[RetryBudget | None] = ContextVar("omw_hub_retry_budget", default=None)


# --------------------------------------------------------------------------- the loop
def with_retries(
    action: Callable[[], T],
    what: str,
    policy: RetryPolicy,
    secrets: list[str],
    where: Callable[[], str] = lambda: "",
    budget: RetryBudget | None = None,
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
        except OutOfTime as out:
            assert budget is not None  # only raised while a budget is active
            raise budget.gave_up(what, where(), out.reason) from None
        except Exception as err:  # noqa: BLE001 - classified below, never swallowed
            failure = classify(err)
            give_up = not failure.retryable or attempt >= policy.max_attempts
            if failure.retry_after is not None and failure.retry_after > MAX_RETRY_AFTER:
                give_up = True
            context = where()
            if give_up:
                attempts = f"after {attempt} attempt{'s' if attempt > 1 else ''}"
                message = f"{what} failed {attempts}{context}: {failure.reason}"
                message = masked_line(message, secrets)
                cause = None if holds_secret(err, secrets) else err
                raise HubFetchError(message) from cause
            delay = _backoff_delay(
                attempt, policy.backoff_base, policy.backoff_max, failure.retry_after
            )
            if budget is not None:
                delay = budget.attempt_failed(what, attempt, context, failure, delay)
            else:
                log.warning(
                    "%s",
                    masked_line(
                        f"{what}: attempt {attempt}/{policy.max_attempts} failed{context}: "
                        f"{failure.reason}; retrying in {delay:.1f}s",
                        secrets,
                    ),
                )
            _sleep(delay)
