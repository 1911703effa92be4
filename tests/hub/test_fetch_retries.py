"""`omw fetch-hub` during an outage: one line per retry, and a max wait (issue 18).

The CLI tests really wait (the max wait is a few seconds): they check wall-clock
behaviour end to end, against a refused port or the local fake Hub. The
``fake_clock`` tests run the same retry schedule instantly: every wait, the client's
and ours, advances a fake clock that the max wait is measured on.
"""

from __future__ import annotations

import re
import socket
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import huggingface_hub
import pytest
from huggingface_hub import constants as hf_constants
from huggingface_hub.utils import _http as hf_http
from typer.testing import CliRunner

from orchestration import runs
from orchestration.cli import app
from orchestration.hub import client, retry
from orchestration.hub.live import ListingScope, fetch_snapshot
from orchestration.hub.retry import HubFetchError
from tests.hub.fake_hub import FakeHub, make_models

DAY = "2026-03-04"
SECRET = "hf_retrySECRETtoken555"
RETRY_LINE = re.compile(
    r"retry (\d+) of (\d+) in [\d.]+ s \((\d+) left\), giving up after at most [\d.]+ s more"
)


@pytest.fixture(autouse=True)
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No real token, cache or proxy; the client never phones huggingface.co."""
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_ENDPOINT", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv(retry.MAX_WAIT_ENV, raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    monkeypatch.setattr(hf_constants, "HF_TOKEN_PATH", str(tmp_path / "hf_home" / "token"))
    # The user agent would otherwise fetch the client's agent registry from huggingface.co.
    monkeypatch.setattr(hf_constants, "HF_HUB_DISABLE_TELEMETRY", True)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def refused_endpoint() -> str:
    """An address where nothing listens: every connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def stderr_lines(result) -> tuple[list[str], list[str]]:
    lines = result.stderr.splitlines()
    return [line for line in lines if line.startswith("omw:")], [
        line for line in lines if RETRY_LINE.search(line)
    ]


def assert_no_partition(paths, instance) -> None:
    landing = paths.hub_landing
    assert not landing.exists() or list(landing.iterdir()) == []  # no file, no partial
    assert not instance.has_dynamic_partition("hub_snapshot_date", DAY)


# --------------------------------------------------------------------------- the CLI
def test_refused_connection_gives_up_at_max_wait_with_one_line(data_dir, monkeypatch):
    endpoint = refused_endpoint()
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    monkeypatch.setenv("HF_TOKEN", SECRET)
    started = time.monotonic()
    result = CliRunner().invoke(app, ["fetch-hub", "--date", DAY, "--max-wait", "3.5"])
    elapsed = time.monotonic() - started

    assert result.exit_code == 1, result.output
    errors, retries = stderr_lines(result)
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"omw: Hub listing at {endpoint} failed")
    assert "Connection refused" in errors[0]
    assert re.search(r"gave up after [\d.]+ s of retries \(max wait 3.5 s\)$", errors[0])
    # the client's waits are 1 s then 2 s; the next (4 s) would end past 3.5 s: not made
    assert [RETRY_LINE.search(line).groups() for line in retries] == [
        ("1", "47", "46"),
        ("2", "47", "45"),
    ]
    assert all("Hub request failed: cannot connect" in line for line in retries)
    assert "Traceback" not in result.output
    assert SECRET not in result.output
    assert elapsed < 10
    instance = runs.get_instance(data_dir)
    assert_no_partition(data_dir, instance)
    [run] = instance.get_runs()
    assert run.tags["omw/max_wait_seconds"] == "3.5"  # the bound travels with the run


def test_hub_answering_503_forever_honours_the_environment_max_wait(data_dir, monkeypatch, capfd):
    monkeypatch.setenv(retry.MAX_WAIT_ENV, "3.5")  # the default of --max-wait (and of the daemon)
    with FakeHub(make_models(50), fault_rate=1.0, fault_statuses=(503,)) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        result = CliRunner().invoke(app, ["fetch-hub", "--date", DAY])
        listing = hub.listing_requests()

    assert result.exit_code == 1, result.output
    errors, retries = stderr_lines(result)
    assert len(errors) == 1, result.stderr
    assert f"Hub listing at {hub.endpoint} failed" in errors[0]
    assert "HTTP 503 Service Unavailable" in errors[0] and "(max wait 3.5 s)" in errors[0]
    assert len(retries) == 2 and all("HTTP 503" in line for line in retries)
    assert "(46 left)" in retries[0] and "(45 left)" in retries[1]
    assert [r.status for r in listing] == [503, 503, 503]  # no try after giving up
    # the client's own retry warnings (its logging handler writes to the real stderr) are
    # replaced by our lines
    assert "Retrying in" not in result.output + capfd.readouterr().err
    assert_no_partition(data_dir, runs.get_instance(data_dir))


# --------------------------------------------------------------------------- the schedule
class _ClockedTime:
    """Stands in for ``time`` inside huggingface_hub.utils._http: a sleep advances the clock."""

    def __init__(self, clock: SimpleNamespace) -> None:
        self._clock = clock

    def sleep(self, seconds: float) -> None:
        self._clock.client.append(seconds)
        self._clock.now += seconds

    def __getattr__(self, name: str):
        return getattr(time, name)


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch):
    clock = SimpleNamespace(now=1000.0, client=[], ours=[], lines=[])

    def our_sleep(seconds: float) -> None:
        clock.ours.append(seconds)
        clock.now += seconds

    monkeypatch.setattr(hf_http, "time", _ClockedTime(clock))
    monkeypatch.setattr(retry, "_sleep", our_sleep)
    monkeypatch.setattr(retry, "_monotonic", lambda: clock.now)
    monkeypatch.setattr(retry, "_random", lambda: 1.0)  # the longest jittered wait
    client.configure_request_timeout()  # the transport that watches the client's tries
    yield clock
    huggingface_hub.set_client_factory(hf_http.default_client_factory)


def test_every_retry_of_both_layers_is_announced_until_the_max_wait(tmp_path, fake_clock):
    landing = tmp_path / "landing"
    with (
        FakeHub(make_models(50), fault_rate=1.0, fault_statuses=(503,)) as hub,
        pytest.raises(HubFetchError) as caught,
    ):
        fetch_snapshot(landing, date(2026, 3, 4), ListingScope(), endpoint=hub.endpoint,
                       max_wait=60, on_retry=fake_clock.lines.append)  # fmt: skip

    # attempt 1: the client waits 1+2+4+8+8 s, then we wait 1 s and restart the listing;
    # attempt 2: the same, then 2 s; attempt 3: 1+2+4 s, and 8 more would pass 60 s.
    assert fake_clock.client == [1, 2, 4, 8, 8, 1, 2, 4, 8, 8, 1, 2, 4]
    assert fake_clock.ours == [1, 2]
    counted = [RETRY_LINE.search(line).groups() for line in fake_clock.lines]
    assert counted == [(str(k), "47", str(47 - k)) for k in range(1, 16)]
    restarts = [line for line in fake_clock.lines if "restarting the listing" in line]
    assert [re.search(r": (attempt .*?): HTTP", line).group(1) for line in restarts] == [
        "attempt 1/8 failed (stopped after 0 models)",
        "attempt 2/8 failed (stopped after 0 models)",
    ]
    assert "giving up after at most 60 s more" in fake_clock.lines[0]
    assert "giving up after at most 11 s more" in fake_clock.lines[12]  # 49 s used
    message = str(caught.value)
    assert message.startswith(f"Hub listing at {hub.endpoint} failed (stopped after 0 models)")
    assert message.endswith(
        "HTTP 503 Service Unavailable; gave up after 56 s of retries (max wait 60 s)"
    )
    assert not landing.exists() or list(landing.iterdir()) == []


def test_the_max_wait_is_shared_by_every_outage_of_a_listing(tmp_path, fake_clock):
    landing = tmp_path / "landing"
    with FakeHub(make_models(1000), page_size=100) as hub:
        hub.schedule_outage(start=3, count=3, status=503)  # page 3: waits 1+2+4 s
        hub.schedule_outage(start=9, count=3, status=503)  # later: 1+2 s fit, 4 more do not
        with pytest.raises(HubFetchError) as caught:
            fetch_snapshot(landing, date(2026, 3, 4), ListingScope(), endpoint=hub.endpoint,
                           max_wait=10, on_retry=fake_clock.lines.append)  # fmt: skip

    assert fake_clock.client == [1, 2, 4, 1, 2]
    counted = [RETRY_LINE.search(line).groups()[0] for line in fake_clock.lines]
    assert counted == ["1", "2", "3", "1", "2"]  # each outage counts its own retries
    assert "gave up after 10 s of retries (max wait 10 s)" in str(caught.value)
    assert "stopped after 500 models" in str(caught.value)
    assert not landing.exists() or list(landing.iterdir()) == []


def test_a_retry_after_longer_than_the_max_wait_fails_at_once(tmp_path, fake_clock):
    with FakeHub(make_models(10), fault_rate=1.0, fault_statuses=(429,), retry_after="120") as hub:
        with pytest.raises(HubFetchError, match=r"HTTP 429 .*gave up after 0 s"):
            fetch_snapshot(tmp_path / "landing", date(2026, 3, 4), ListingScope(),
                           endpoint=hub.endpoint, max_wait=60, on_retry=fake_clock.lines.append)  # fmt: skip
        assert len(hub.listing_requests()) == 1
    assert fake_clock.lines == [] and fake_clock.client == []


def test_max_wait_comes_from_the_tag_then_the_environment_then_the_policy(monkeypatch):
    assert retry.DEFAULT_MAX_WAIT == retry.policy_bound() == 8 * 23 + 123 == 307
    assert retry.max_wait_seconds(None) == 307
    monkeypatch.setenv(retry.MAX_WAIT_ENV, "90")
    assert retry.max_wait_seconds(None) == 90
    assert retry.max_wait_seconds("12.5") == 12.5
    monkeypatch.setenv(retry.MAX_WAIT_ENV, "soon")
    with pytest.raises(HubFetchError, match="OMW_HUB_MAX_WAIT_SECONDS must be a number"):
        retry.max_wait_seconds(None)
