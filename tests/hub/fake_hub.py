"""A fake Hugging Face Hub on 127.0.0.1 for driving the REAL ``huggingface_hub`` client offline.

Point the client at it with ``HfApi(endpoint=hub.endpoint)`` (or ``HF_ENDPOINT``
set *before* ``huggingface_hub`` is imported: its constants are read at import).

Served, shaped like the real Hub as ``huggingface_hub`` 2.x reads it:

* ``GET /api/models``: cursor pagination through ``Link: <…>; rel="next"`` (the next
  URL repeats every query parameter plus an opaque ``cursor``); honours ``search``,
  ``author``, ``pipeline_tag``, ``filter``, ``sort``/``direction``, ``limit`` (the page
  size, as on the Hub) and ``expand``/``expand[]`` (only ``id``, ``_id`` and the
  expanded fields are returned; an unknown expand field is a 400 like the Hub).
* Dataset repositories (``add_dataset_commit``): ``/api/datasets/{repo}/refs``,
  ``/commits/{rev}`` (newest first, paginated), ``/tree/{rev}[/{path}]`` (paginated,
  ``recursive``), ``/revision/{rev}``, and ``HEAD``/``GET
  /datasets/{repo}/resolve/{rev}/{path}`` with ``ETag`` (the git blob id),
  ``X-Repo-Commit``, ``Content-Length`` and byte ranges, so ``hf_hub_download`` works.
  Errors carry ``X-Error-Code`` (``RepoNotFound``, ``RevisionNotFound``,
  ``EntryNotFound``) like the Hub.

Fault injection (on requests whose path starts with one of ``fault_paths``):

* ``fault_rate``: that fraction of requests is answered 429 (with ``Retry-After``)
  or 503, chosen by a ``random.Random(seed)``; deterministic for a sequential client.
* ``schedule_outage(start, count, …)``: matching requests number ``start`` …
  ``start + count - 1`` (1-based) fail, e.g. longer than the client's own retries.
* ``schedule_stall(start, count, seconds)``: those requests hang, then get no answer.
* ``drop_after_page=N``: every request for a listing page after page N (1-based)
  gets its connection closed without any response, forever.

Every request is recorded (method, path, query, lower-cased headers, status).
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

# The values of huggingface_hub's ExpandModelProperty_T (what the real Hub accepts).
EXPANDABLE_MODEL_FIELDS = frozenset(
    {
        "author", "baseModels", "cardData", "childrenModelCount", "config", "createdAt",
        "disabled", "downloads", "downloadsAllTime", "evalResults", "gated", "gguf",
        "inference", "inferenceProviderMapping", "lastModified", "library_name", "likes",
        "mask_token", "model-index", "pipeline_tag", "private", "resourceGroup",
        "safetensors", "sha", "siblings", "spaces", "tags", "transformersInfo",
        "trendingScore", "usedStorage", "widgetData",
    }
)  # fmt: skip
# What /api/models returns without expand (a compact subset, as on the Hub).
DEFAULT_MODEL_FIELDS = (
    "_id", "id", "likes", "trendingScore", "private", "downloads", "tags",
    "pipeline_tag", "library_name", "createdAt",
)  # fmt: skip
SORT_FIELDS = {
    "downloads", "likes", "createdAt", "lastModified", "trendingScore", "downloadsAllTime", "id",
}  # fmt: skip


def git_blob_id(content: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def hub_time(moment: datetime) -> str:
    """The Hub's timestamp format: milliseconds and a Z."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def make_models(count: int, seed: int = 0) -> list[dict]:
    """``count`` models shaped like expanded /api/models entries (deterministic)."""
    rng = random.Random(seed)
    authors = ["Qwen", "deepseek-ai", "meta-llama", "mistralai", "google", "someone", "TheBloke"]
    pipelines = ["text-generation", "image-text-to-text", "feature-extraction", None]
    start = datetime(2023, 1, 1, tzinfo=UTC)
    models: list[dict] = []
    for i in range(count):
        author = authors[i % len(authors)]
        model_id = f"{author}/model-{i:05d}"
        created = start + timedelta(
            seconds=rng.randrange(0, 3 * 365 * 86400), milliseconds=rng.randrange(1000)
        )
        all_time = rng.randrange(0, 10_000_000)
        tags = ["transformers", "safetensors", f"license:{rng.choice(['mit', 'apache-2.0'])}"]
        entry: dict = {
            "_id": hashlib.md5(model_id.encode()).hexdigest()[:24],
            "id": model_id,
            "author": author,
            "createdAt": hub_time(created),
            "lastModified": hub_time(created + timedelta(days=rng.randrange(0, 30))),
            "downloads": rng.randrange(0, all_time + 1),
            "downloadsAllTime": all_time,
            "likes": rng.randrange(0, 5000),
            "trendingScore": rng.randrange(0, 100),
            "private": False,
            "library_name": rng.choice(["transformers", "gguf", "diffusers"]),
            "sha": hashlib.sha1(model_id.encode()).hexdigest(),
        }
        pipeline = pipelines[i % len(pipelines)]
        if pipeline is not None:
            entry["pipeline_tag"] = pipeline
        if i > 10 and rng.random() < 0.3:
            parent = models[rng.randrange(0, len(models))]["id"]
            relation = rng.choice(["finetune", "quantized", "adapter", "merge"])
            tags += [f"base_model:{parent}", f"base_model:{relation}:{parent}"]
            entry["baseModels"] = {"relation": relation, "models": [{"id": parent}]}
        if entry["library_name"] == "gguf" and rng.random() < 0.7:
            # GGUF repositories list no safetensors, only the GGUF header summary.
            params = rng.randrange(100_000_000, 100_000_000_000)
            entry["gguf"] = {"total": params, "architecture": "llama", "context_length": 32768}
        elif rng.random() < 0.8:
            params = rng.randrange(10_000_000, 100_000_000_000)
            entry["safetensors"] = {"parameters": {"BF16": params}, "total": params}
        entry["tags"] = tags
        models.append(entry)
    return models


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    status: int | str = 0  # an HTTP status, or "dropped"


@dataclass
class _Commit:
    sha: str
    date: datetime
    title: str
    files: dict[str, bytes]  # the whole tree after this commit


@dataclass
class _Repo:
    commits: list[_Commit] = field(default_factory=list)  # oldest first


@dataclass
class _Outage:
    start: int
    count: int
    status: int  # 0: stall for `seconds`, then close the connection without a response
    retry_after: str | None
    seconds: float = 0.0


class FakeHub:
    def __init__(
        self,
        models: list[dict] | None = None,
        *,
        page_size: int = 100,
        fault_rate: float = 0.0,
        fault_statuses: tuple[int, ...] = (429, 503),
        retry_after: str | None = "0",
        seed: int = 0,
        drop_after_page: int | None = None,
        fault_paths: tuple[str, ...] = ("/api/models",),
        tree_page_size: int = 1000,
        commits_page_size: int = 50,
    ) -> None:
        self.models = list(models or [])
        self.page_size = page_size
        self.fault_rate = fault_rate
        self.fault_statuses = fault_statuses
        self.retry_after = retry_after
        self.drop_after_page = drop_after_page
        self.fault_paths = fault_paths
        self.tree_page_size = tree_page_size
        self.commits_page_size = commits_page_size
        self.requests: list[RecordedRequest] = []
        self.datasets: dict[str, _Repo] = {}
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._outages: list[_Outage] = []
        self._fault_candidates = 0
        self._server: ThreadingHTTPServer | None = None
        self._endpoint: str | None = None
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> FakeHub:
        hub = self

        class Handler(_Handler):
            fake = hub

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        assert self._endpoint is not None, "start() the fake hub first"
        return self._endpoint  # still known after stop(), for assertions

    # ---------------------------------------------------------------- set-up
    def schedule_outage(
        self, start: int, count: int, status: int = 503, retry_after: str | None = None
    ) -> None:
        """Fail fault-path requests number start … start+count-1 (1-based)."""
        self._outages.append(_Outage(start, count, status, retry_after))

    def schedule_stall(self, start: int, count: int, seconds: float) -> None:
        """Fault-path requests number start … start+count-1 hang ``seconds``, then get no answer."""
        self._outages.append(_Outage(start, count, 0, None, seconds))

    def add_dataset_commit(
        self, repo_id: str, changes: dict[str, bytes | None], date: datetime, title: str = "update"
    ) -> str:
        """Commit to ``main`` of a dataset repo: path → new content (None deletes). Returns the sha."""
        repo = self.datasets.setdefault(repo_id, _Repo())
        files = dict(repo.commits[-1].files) if repo.commits else {}
        for path, content in changes.items():
            if content is None:
                files.pop(path, None)
            else:
                files[path] = content
        sha = hashlib.sha1(
            f"{repo_id}:{len(repo.commits)}:{date.isoformat()}:{title}".encode()
        ).hexdigest()
        repo.commits.append(_Commit(sha, date.astimezone(UTC), title, files))
        return sha

    # ---------------------------------------------------------------- queries
    def requests_to(self, prefix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def listing_requests(self) -> list[RecordedRequest]:
        return self.requests_to("/api/models")

    # ---------------------------------------------------------------- faults
    def _injected_fault(
        self, path: str, page_index: int | None
    ) -> tuple[str, int, str | None] | None:
        """('drop', 0, None) | ('status', code, retry_after) | None; decided under the lock."""
        if not path.startswith(self.fault_paths):
            return None
        if (
            self.drop_after_page is not None
            and page_index is not None
            and page_index >= self.drop_after_page
        ):
            return ("drop", 0, None)
        self._fault_candidates += 1
        number = self._fault_candidates
        for outage in self._outages:
            if outage.start <= number < outage.start + outage.count:
                if outage.status == 0:
                    return ("stall", 0, str(outage.seconds))
                return ("status", outage.status, outage.retry_after)
        if self.fault_rate and self._rng.random() < self.fault_rate:
            status = self._rng.choice(self.fault_statuses)
            return ("status", status, self.retry_after if status == 429 else None)
        return None


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode().rstrip("=")


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    padded = cursor + "=" * (-len(cursor) % 4)
    return int(json.loads(base64.urlsafe_b64decode(padded))["offset"])


class _Handler(BaseHTTPRequestHandler):
    fake: FakeHub
    protocol_version = "HTTP/1.1"
    timeout = 10  # idle keep-alive connections end by themselves
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls

    def log_message(self, format, *args) -> None:  # noqa: A002 - silence the default stderr log
        pass

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("HEAD")

    # ------------------------------------------------------------ plumbing
    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        query = parse_qs(url.query, keep_blank_values=True)
        record = RecordedRequest(
            method, path, query, {k.lower(): v for k, v in self.headers.items()}
        )
        self._record = record
        fake = self.fake
        page_index = None
        if path == "/api/models":
            offset = _offset(query.get("cursor", [None])[0])
            page_index = offset // max(1, self._models_page_size(query))
        with fake._lock:
            fake.requests.append(record)
            fault = fake._injected_fault(path, page_index)
        if fault is not None:
            kind, status, retry_after = fault
            if kind == "stall":
                record.status = "stalled"
                time.sleep(float(retry_after or 0))
                self.close_connection = True
                return
            if kind == "drop":
                record.status = "dropped"
                self.close_connection = True
                return  # the socket closes without a byte of response
            record.status = status
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            self._json(status, {"error": "injected fault"}, headers, method=method)
            return
        try:
            if path == "/api/models" and method == "GET":
                status = self._models(query)
            elif path.startswith("/api/datasets/"):
                status = self._dataset_api(method, path[len("/api/datasets/") :], query)
            elif path.startswith("/datasets/"):
                status = self._resolve(method, path[len("/datasets/") :])
            else:
                status = self._json(404, {"error": "not found"}, method=method)
        except Exception as err:  # a bug in the fake: say so loudly
            status = self._json(500, {"error": f"fake hub bug: {err!r}"}, method=method)
        record.status = status

    def _json(self, status: int, body, headers: dict | None = None, method: str = "GET") -> int:
        payload = json.dumps(body).encode()
        # Recorded before the client can read the answer, so a test reading the
        # requests right after the client returns sees every status.
        self._record.status = status
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-Request-Id", f"fake-{len(self.fake.requests)}")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(payload)
        return status

    def _next_link(self, query: dict[str, list[str]], offset: int) -> str:
        pairs = [(k, v) for k, values in query.items() if k != "cursor" for v in values]
        pairs.append(("cursor", _cursor(offset)))
        host, port = self.server.server_address[:2]
        return f'<http://{host}:{port}{urlsplit(self.path).path}?{urlencode(pairs)}>; rel="next"'

    def _page(self, items: list, query: dict[str, list[str]], page_size: int) -> int:
        offset = _offset(query.get("cursor", [None])[0])
        page = items[offset : offset + page_size]
        headers = {}
        if offset + page_size < len(items):
            headers["Link"] = self._next_link(query, offset + page_size)
        return self._json(200, page, headers)

    # ------------------------------------------------------------ /api/models
    def _models_page_size(self, query: dict[str, list[str]]) -> int:
        size = self.fake.page_size
        if query.get("limit"):
            size = min(size, max(1, int(query["limit"][0])))
        return size

    def _models(self, query: dict[str, list[str]]) -> int:
        first = {k: v[0] for k, v in query.items() if v}
        expand = query.get("expand", []) + query.get("expand[]", [])
        unknown = sorted(set(expand) - EXPANDABLE_MODEL_FIELDS)
        if unknown:
            return self._json(400, {"error": f'"expand" contains unknown fields: {unknown}'})
        models = self.fake.models
        if "author" in first:
            models = [
                m for m in models if (m.get("author") or "").lower() == first["author"].lower()
            ]
        if "pipeline_tag" in first:
            models = [m for m in models if m.get("pipeline_tag") == first["pipeline_tag"]]
        if "search" in first:
            models = [m for m in models if first["search"].lower() in m["id"].lower()]
        for tag in query.get("filter", []):
            models = [m for m in models if tag in m.get("tags", [])]
        if "sort" in first:
            key = first["sort"]
            if key not in SORT_FIELDS:
                return self._json(400, {"error": f"invalid sort {key!r}"})
            descending = first.get("direction", "-1") != "1"
            models = sorted(models, key=lambda m: m["id"])
            models = sorted(
                models, key=lambda m: (m.get(key) is not None, m.get(key) or 0), reverse=descending
            )
        if expand:
            shown = ("_id", "id", *expand)
        elif first.get("full") in ("True", "true", "1"):
            shown = tuple(self.fake.models[0]) if self.fake.models else ()
        else:
            shown = DEFAULT_MODEL_FIELDS
        items = [{k: m[k] for k in shown if k in m} for m in models]
        return self._page(items, query, self._models_page_size(query))

    # ------------------------------------------------------------ datasets
    def _repo_and_rest(self, rest: str) -> tuple[str, _Repo, str] | None:
        for repo_id, repo in self.fake.datasets.items():
            if rest == repo_id or rest.startswith(repo_id + "/"):
                return repo_id, repo, rest[len(repo_id) + 1 :]
        return None

    def _commit(self, repo: _Repo, revision: str) -> _Commit | None:
        if not repo.commits:
            return None
        if revision in ("main", "refs/heads/main"):
            return repo.commits[-1]
        for commit in repo.commits:
            if commit.sha == revision or (len(revision) >= 7 and commit.sha.startswith(revision)):
                return commit
        return None

    def _not_found(self, code: str, method: str = "GET", commit: _Commit | None = None) -> int:
        headers = {"X-Error-Code": code}
        if commit is not None:
            headers["X-Repo-Commit"] = commit.sha
        return self._json(404, {"error": code}, headers, method=method)

    def _dataset_api(self, method: str, rest: str, query: dict[str, list[str]]) -> int:
        found = self._repo_and_rest(rest)
        if found is None:
            return self._not_found("RepoNotFound", method)
        repo_id, repo, sub = found
        action, _, tail = sub.partition("/")
        if action == "refs":
            head = repo.commits[-1].sha if repo.commits else None
            branches = (
                [{"name": "main", "ref": "refs/heads/main", "targetCommit": head}] if head else []
            )
            return self._json(200, {"branches": branches, "converts": [], "tags": []})
        if action in ("revision", ""):
            commit = self._commit(repo, tail or "main")
            if commit is None:
                return self._not_found("RevisionNotFound", method)
            return self._json(200, self._info(repo_id, commit))
        if action == "commits":
            commit = self._commit(repo, tail or "main")
            if commit is None:
                return self._not_found("RevisionNotFound", method)
            history = repo.commits[: repo.commits.index(commit) + 1]
            items = [
                {
                    "id": c.sha,
                    "title": c.title,
                    "message": "",
                    "authors": [{"user": "dumper", "avatar": ""}],
                    "date": hub_time(c.date),
                }
                for c in reversed(history)
            ]
            return self._page(items, query, self.fake.commits_page_size)
        if action == "tree":
            revision, _, folder = tail.partition("/")
            commit = self._commit(repo, revision)
            if commit is None:
                return self._not_found("RevisionNotFound", method)
            recursive = query.get("recursive", ["false"])[0].lower() in ("true", "1")
            return self._page(
                self._tree(commit, folder.strip("/"), recursive), query, self.fake.tree_page_size
            )
        return self._json(404, {"error": f"unsupported dataset endpoint {action!r}"}, method=method)

    def _info(self, repo_id: str, commit: _Commit) -> dict:
        return {
            "_id": hashlib.md5(repo_id.encode()).hexdigest()[:24],
            "id": repo_id,
            "author": repo_id.split("/")[0],
            "sha": commit.sha,
            "lastModified": hub_time(commit.date),
            "private": False,
            "siblings": [{"rfilename": p} for p in sorted(commit.files)],
            "tags": [],
            "downloads": 0,
            "likes": 0,
        }

    def _tree(self, commit: _Commit, folder: str, recursive: bool) -> list[dict]:
        prefix = folder + "/" if folder else ""
        entries: dict[str, dict] = {}
        for path in sorted(commit.files):
            if not path.startswith(prefix):
                continue
            parts = path[len(prefix) :].split("/")
            for depth in range(1, len(parts)):  # the folders on the way
                if depth > 1 and not recursive:
                    break
                sub = prefix + "/".join(parts[:depth])
                entries.setdefault(
                    sub,
                    {
                        "type": "directory",
                        "oid": hashlib.sha1(sub.encode()).hexdigest(),
                        "size": 0,
                        "path": sub,
                    },
                )
            if len(parts) == 1 or recursive:
                content = commit.files[path]
                entries[path] = {
                    "type": "file",
                    "oid": git_blob_id(content),
                    "size": len(content),
                    "path": path,
                }
        return list(entries.values())

    def _resolve(self, method: str, rest: str) -> int:
        found = self._repo_and_rest(rest)
        if found is None:
            return self._not_found("RepoNotFound", method)
        _, repo, sub = found
        action, _, tail = sub.partition("/")
        if action != "resolve":
            return self._json(404, {"error": "not found"}, method=method)
        revision, _, path = tail.partition("/")
        commit = self._commit(repo, unquote(revision))
        if commit is None:
            return self._not_found("RevisionNotFound", method)
        content = commit.files.get(path)
        if content is None:
            return self._not_found("EntryNotFound", method, commit)
        start, end, status = 0, len(content) - 1, 200
        ranged = self.headers.get("Range", "")
        if ranged.startswith("bytes="):
            first, _, last = ranged[len("bytes=") :].partition("-")
            start = int(first or 0)
            end = int(last) if last else end
            status = 206
        body = content[start : end + 1]
        self._record.status = status
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", f'"{git_blob_id(content)}"')
        self.send_header("X-Repo-Commit", commit.sha)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header(
            "Content-Disposition", f'attachment; filename="{quote(path.split("/")[-1])}"'
        )
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(content)}")
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(body)
        return status
