"""`make bench`: the warehouse at Hub scale against two baselines, measured in one run.

    python -m benchmarks.run [--models 1000000] [--days 30] [--skip-pandas]
        [--long-days 180] [--long-models 100000] [--repeats 3] [--daemon-interval 5]
        [--out docs/benchmarks.md]

1. Generates N models x D daily snapshots shaped like the Hub (heavy-tailed
   downloads, ~28% derivatives, parameter counts, new models appearing) as
   `hub_models_YYYY-MM-DD.jsonl.gz`, plus one more day kept aside. DuckDB
   writes them, so generation is not the bottleneck. A folder's files are
   reused by the next run only if they were generated for the same models
   and days (`generated.json` records which).
2. Runs the real pipeline as a user would, each stage a separate process:
   `omw import-hub` (all D days), `omw build`, then `omw import-hub` of the
   extra day and `omw build` again. Wall time and peak resident memory per stage.
   The extra day runs `--repeats` times, each from a copy of the same 30-day
   state, and its median counts: on a shared machine one run can be 30% off.
3. Times two baselines on the same files: a DuckDB SQL script written for speed
   that computes the warehouse's core (daily facts, lineage roots and weights,
   family and country shares by uploader and lineage) without gates, incremental
   state or publishing: the practical lower bound (`benchmarks/duckdb_baseline.sql`);
   and, as context only, the pandas code an analyst would write
   (`benchmarks/pandas_baseline.py`). Then a build with nothing new, and the
   sizes on disk of the input, the warehouse and the published files.
4. Lands one day more with `omw import-hub` while `dagster-daemon run` is
   running (sensor every `--daemon-interval` s) and times it until the
   published marts hold that day: the daily path as production runs it.
5. Times one more day again after a long history (default 180 days, on its own
   smaller catalogue so the run fits in an hour): first after `--days` days,
   then after `--long-days`. The ratio shows whether a day's cost grows with
   history.
6. Writes the results, as ratios against the baselines of the same run, to
   `docs/benchmarks.md`, with the machine they ran on and how its speed drifted
   during the run (a fixed DuckDB query timed before every stage). A run that
   stops part-way writes the stages it measured and why it stopped.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from orchestration.resources import DBT_PROJECT_DIR, REPO_ROOT

START = date(2025, 1, 1)


@dataclass
class Stage:
    name: str
    seconds: float
    peak_mb: float
    failure: str | None = None


def generate(out_dir: Path, models: int, days: int) -> list[Path]:
    """D+1 daily snapshot files of `models` Hub-shaped models (deterministic).

    Sparse like the real Hub: a model's all-time count moves only on a share of
    days that grows with its popularity (the long tail moves on one day in
    two hundred, the head every day), at the same long-run rate; 3% of the models are
    deleted at some day of the window and missing from every later snapshot.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    # Files already there are reused only if they were generated for the same
    # catalogue: the model count and the window (deletion dates depend on it).
    marker = out_dir / "generated.json"
    wanted = {"models": models, "days": days}
    if not marker.exists() or json.loads(marker.read_text()) != wanted:
        for stale in out_dir.glob("hub_models_*.jsonl.gz"):
            stale.unlink()
        marker.write_text(json.dumps(wanted) + "\n")
    conn = duckdb.connect()
    conn.execute("set preserve_insertion_order = false")
    conn.execute(
        f"""
        create table catalogue as
        with base as (
            select
                i,
                hash(i) as h,
                ['Qwen', 'meta-llama', 'deepseek-ai', 'mistralai', 'google', 'microsoft', 'bartowski',
                 'unsloth', 'TheBloke', 'mradermacher'][1 + (hash(i) % 10)::int] as big_org
            from range({models}) as r(i)
        )
        select
            i,
            case when h % 10 < 3 then big_org else 'user' || (h % 50000)::varchar end as author,
            case when h % 10 < 3 then big_org else 'user' || (h % 50000)::varchar end
                || '/model-' || i::varchar as model_id,
            -- 85% existed before tracking; the rest appear during the window
            case when (h >> 8) % 100 < 85
                then date '{START}' - cast(1 + (h >> 16) % 900 as integer)
                else date '{START}' + cast((h >> 16) % {days + 1} as integer) end as created_date,
            -- heavy tail: a few models get most downloads
            cast(pow(10, ((h >> 24) % 1000) / 1000.0 * 5) as bigint) as daily_rate,
            cast(pow(10, ((h >> 34) % 1000) / 1000.0 * 7) as bigint) as base_downloads,
            case when (h >> 44) % 100 < 28 and i > 10 then (i - 1 - (h >> 50) % least(i - 1, 5000)) end as parent_i,
            case when (h >> 44) % 100 >= 40 then cast(pow(10, 8 + ((h >> 52) % 300) / 100.0) as bigint) end as params,
            -- the share of days its count moves, and where in its cycle it starts
            greatest(0.005, least(1.0, pow(10, ((h >> 24) % 1000) / 1000.0 * 5) / 10000.0)) as activity,
            ((h >> 12) % 1000) / 1000.0 as phase,
            case when (h >> 40) % 100 < 3
                then date '{START}' + cast(1 + (h >> 56) % {max(days, 1)} as integer) end as deleted_date
        from base
        """
    )
    files = []
    for day in range(days + 1):
        snapshot_date = START + timedelta(days=day)
        path = out_dir / f"hub_models_{snapshot_date}.jsonl.gz"
        files.append(path)
        if path.exists():
            continue
        conn.execute(
            f"""
            copy (
                select
                    c.model_id as id,
                    c.author,
                    strftime(c.created_date, '%Y-%m-%dT%H:%M:%S.000Z') as createdAt,
                    c.daily_rate * 30 as downloads,
                    case when c.created_date < date '{START}' then c.base_downloads else 0 end
                        + cast(c.daily_rate * floor(
                            (date '{snapshot_date}' - greatest(c.created_date, date '{START}')) * c.activity
                            + c.phase) / c.activity as bigint) as downloadsAllTime,
                    (c.daily_rate / 100) as likes,
                    'text-generation' as pipeline_tag,
                    'transformers' as library_name,
                    case when c.parent_i is not null
                        then ['transformers', 'base_model:' || p.model_id, 'base_model:finetune:' || p.model_id]
                        else ['transformers'] end as tags,
                    case when c.params is not null
                        then {{'parameters': {{'BF16': c.params}}, 'total': c.params}} end as safetensors
                from catalogue c
                left join catalogue p on p.i = c.parent_i
                where c.created_date <= date '{snapshot_date}'
                    and (c.deleted_date is null or c.deleted_date > date '{snapshot_date}')
            ) to '{path}' (format json, compression gzip)
            """
        )
    conn.close()
    return files


def _measure(
    name: str,
    command: list[str],
    env: dict[str, str],
    memory_limit_mb: int | None = None,
    may_fail: bool = False,
) -> Stage:
    """Run one stage in its own process (`benchmarks/stage.py`); peak RSS of that
    process tree's largest member.

    `memory_limit_mb` caps the stage's address space (a baseline that would
    exhaust the machine fails with MemoryError instead); with `may_fail` a
    failure is recorded in the stage rather than raised.
    """
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.stage", str(memory_limit_mb or 0), *command],
        env=env,
        capture_output=True,
        text=True,
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    failure = None
    if result["code"] != 0:
        last = (completed.stderr.strip().splitlines() or ["exit " + str(result["code"])])[-1]
        failure = last[:200]
    stage = Stage(name, result["seconds"], result["peak_kb"] / 1024, failure)
    MEASURED.append(stage)
    print(
        f"{name:<32} {stage.seconds:8.1f} s  peak {stage.peak_mb:8.0f} MB"
        + (f"  FAILED: {failure}" if failure else ""),
        flush=True,
    )
    if failure and not may_fail:
        raise RuntimeError(f"{name} failed:\n{completed.stderr[-3000:]}")
    return stage


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu or platform.machine()}), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}, DuckDB {duckdb.__version__}"


def _definitions_load_seconds() -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "import orchestration.definitions"], check=True, capture_output=True
    )
    return time.perf_counter() - start


def _pipeline_env(data_dir: Path) -> dict[str, str]:
    shutil.rmtree(data_dir, ignore_errors=True)
    return {
        **os.environ,
        "OMW_DATA_DIR": str(data_dir),
        "DAGSTER_HOME": str(data_dir / "dagster_home"),
    }


def _link_files(files: list[Path], folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in files:
        os.link(path, folder / path.name)
    return folder


OMW = str(Path(sys.executable).parent / "omw")


MEASURED: list[Stage] = []
"""Every stage measured so far in this run, failed ones included (for a partial report)."""

PROBES: list[float] = []
"""Seconds of a fixed DuckDB query, timed before every measured stage of a run."""


def _probe() -> None:
    """Time a fixed workload, so a report shows how much the machine's speed drifted."""
    conn = duckdb.connect()
    start = time.perf_counter()
    conn.execute("select sum(hash(i)) from range(100000000) as t(i)").fetchall()
    PROBES.append(time.perf_counter() - start)
    conn.close()


def _day(label: str, folder: Path, env: dict[str, str]) -> list[Stage]:
    """`omw import-hub` of the folder, then `omw build`: what a daily run does."""
    _probe()
    stages = [_measure(f"import-hub ({label})", [OMW, "import-hub", str(folder)], env)]
    _probe()
    stages.append(_measure(f"build ({label})", [OMW, "build"], env))
    return stages


def _repeated_day(label: str, folder: Path, env: dict[str, str], repeats: int) -> list[list[Stage]]:
    """The same day `repeats` times, each from a copy of the state before the first.

    The data directory (warehouse, raw layer, published files and Dagster
    instance) is copied aside once and restored before every further run; every
    copy is flushed to disk before a run, so its writes do not slow the run measured.
    """
    data_dir = Path(env["OMW_DATA_DIR"])
    before = data_dir.with_name(data_dir.name + ".before")
    if repeats > 1:
        shutil.rmtree(before, ignore_errors=True)
        shutil.copytree(data_dir, before)
    runs = []
    for attempt in range(repeats):
        if attempt:
            shutil.rmtree(data_dir)
            shutil.copytree(before, data_dir)
        if repeats > 1:
            os.sync()
        name = label if repeats == 1 else f"{label}, run {attempt + 1}"
        runs.append(_day(name, folder, env))
    shutil.rmtree(before, ignore_errors=True)
    return runs


def _run_seconds(run: list[Stage]) -> float:
    """A day's wall time: its import-hub and build stages together."""
    return sum(stage.seconds for stage in run)


def _median_seconds(runs: list[list[Stage]]) -> float:
    return statistics.median(_run_seconds(run) for run in runs)


def _size_mb(paths) -> float:
    return sum(p.stat().st_size for p in paths if Path(p).is_file()) / 2**20


def _sizes_mb(input_files: list[Path], data_dir: Path) -> dict[str, float]:
    return {
        "input files (compressed)": _size_mb(input_files),
        "warehouse.duckdb": _size_mb([data_dir / "warehouse.duckdb"]),
        "raw landing (raw/hub)": _size_mb((data_dir / "raw").rglob("*")),
        "serving (marts.duckdb + Parquet)": _size_mb((data_dir / "serving").rglob("*")),
    }


def run(
    models: int,
    days: int,
    work: Path,
    skip_pandas: bool,
    long_days: int,
    long_models: int,
    pandas_memory_mb: int,
    repeats: int = 3,
    daemon_interval: int = 5,
) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    # Days 1..D are the history, D+1 the day timed by `omw`, D+2 the day landed for the daemon.
    last_day = days + (1 if daemon_interval else 0)
    print(f"generating {models:,} models x {last_day + 1} days in {work / 'input'} …", flush=True)
    start = time.perf_counter()
    files = generate(work / "input", models, last_day)
    generate_seconds = time.perf_counter() - start
    history = _link_files(files[:days], work / "history")
    extra = _link_files(files[days : days + 1], work / "extra")

    env = _pipeline_env(work / "data")
    PROBES.clear()
    stages = _day("history", history, env)
    stages[1].name = "build (full)"
    day_runs = _repeated_day("one more day", extra, env, repeats)
    _probe()
    idle = _measure("build with nothing new", [OMW, "build"], env)
    sizes_mb = _sizes_mb(files[: days + 1], Path(env["OMW_DATA_DIR"]))
    daemon = None
    if daemon_interval:
        landed = _link_files(files[days + 1 :], work / "daemon_day")
        daemon = _daemon_day(landed, env, daemon_interval)
    pattern = str(history / "hub_models_*.jsonl.gz")  # the first D days
    seeds = str(DBT_PROJECT_DIR / "seeds")
    _probe()
    baselines = [
        _measure(
            "baseline: DuckDB SQL",
            [sys.executable, "-m", "benchmarks.duckdb_baseline", pattern, seeds],
            env,
        )
    ]
    if not skip_pandas:
        _probe()
        baselines.append(
            _measure(
                "baseline: pandas",
                [sys.executable, "-m", "benchmarks.pandas_baseline", pattern, seeds],
                env,
                memory_limit_mb=pandas_memory_mb,
                may_fail=True,
            )
        )
    long_history = None
    if long_days > days:
        long_history = _long_history(work / "long", long_models, days, long_days, repeats)
    return {
        "models": models,
        "days": days,
        "idle": idle,
        "daemon": daemon,
        "sizes_mb": sizes_mb,
        "generate_seconds": generate_seconds,
        "stages": stages,
        "day_runs": day_runs,
        "probes": list(PROBES),
        "baselines": baselines,
        "long_history": long_history,
        "pandas_memory_mb": pandas_memory_mb,
        "definitions_load_seconds": _definitions_load_seconds(),
        "machine": _machine(),
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


BIN = Path(sys.executable).parent


def _published_date(marts: Path) -> str | None:
    """The latest date in the published daily facts, or None while none are readable."""
    if not marts.exists():
        return None
    try:
        with duckdb.connect(str(marts), read_only=True) as conn:
            return conn.execute("select max(date)::varchar from fct_downloads_daily").fetchone()[0]
    except duckdb.Error:  # being replaced, or not published yet
        return None


def _skipped_tick_seconds(instance, sensor: str, after: float) -> list[float]:
    """Durations of the sensor's ticks after `after` that requested nothing."""
    seconds = []
    for state in instance.all_instigator_state():
        if state.instigator_name != sensor:
            continue
        for tick in instance.get_ticks(state.instigator_origin_id, state.selector_id, after=after):
            if tick.status.value == "SKIPPED" and tick.end_timestamp:
                seconds.append(tick.end_timestamp - tick.timestamp)
    return sorted(seconds)


def _daemon_day(folder: Path, env: dict[str, str], interval: int, limit: float = 3600) -> dict:
    """Landed -> published through `dagster-daemon run`, as production runs it.

    The daemon starts on the data directory and is given time to load the code
    location; then `omw import-hub` lands the day (its raw partition) and the
    automation sensor's runs rebuild and publish. Timed from the end of the import
    until the published daily facts hold the new date, then the daemon is left to
    finish its runs (the report) and stopped.
    """
    import dagster as dg

    home = Path(env["DAGSTER_HOME"])
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(REPO_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    daemon_env = {
        **env,
        "OMW_SENSOR_INTERVAL_SECONDS": str(interval),
        "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    }
    new_date = next(folder.glob("hub_models_*")).name[len("hub_models_") :][:10]
    marts = Path(env["OMW_DATA_DIR"]) / "serving" / "marts.duckdb"
    log = folder.with_name("daemon.log")
    with open(log, "w") as out:
        daemon = subprocess.Popen(
            [str(BIN / "dagster-daemon"), "run", "-w", "workspace.yaml"],
            cwd=REPO_ROOT,
            env=daemon_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        time.sleep(30 + 2 * interval)  # the daemon loads the code location and ticks once
        _probe()
        landing = _measure(
            "import-hub (landed, daemon running)", [OMW, "import-hub", str(folder)], env
        )
        started = time.perf_counter()
        while _published_date(marts) != new_date:
            if daemon.poll() is not None:
                raise RuntimeError(f"the daemon exited:\n{log.read_text()[-3000:]}")
            if time.perf_counter() - started > limit:
                raise RuntimeError(f"not published within {limit:.0f} s; see {log}")
            time.sleep(0.5)
        published = time.perf_counter() - started
        print(f"{'landed -> published (daemon)':<32} {published:8.1f} s", flush=True)
        instance = dg.DagsterInstance.from_config(str(home))
        busy = [
            dg.DagsterRunStatus.QUEUED,
            dg.DagsterRunStatus.NOT_STARTED,
            dg.DagsterRunStatus.STARTING,
            dg.DagsterRunStatus.STARTED,
        ]
        while instance.get_run_records(dg.RunsFilter(statuses=busy)):
            time.sleep(1)
        # Nothing new from here on: the sensor's next ticks evaluate every automation
        # condition in the resident daemon and request nothing.
        idle_since = time.time()
        time.sleep(4 * interval + 5)
        idle_ticks = _skipped_tick_seconds(instance, "warehouse_automation", idle_since)
        automated = [
            run
            for run in instance.get_runs(limit=20)
            if run.tags.get("dagster/sensor_name") == "warehouse_automation"
        ]
        instance.dispose()
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
    return {
        "interval": interval,
        "landing": landing,
        "published_seconds": published,
        "automated_runs": [run.status.value for run in automated],
        "idle_ticks": idle_ticks,
    }


def _long_history(work: Path, models: int, days: int, long_days: int, repeats: int = 3) -> dict:
    """One more day after `days` of history, then again after `long_days` (each `repeats` times)."""
    print(f"generating {models:,} models x {long_days + 1} days in {work / 'input'} …", flush=True)
    files = generate(work / "input", models, long_days)
    env = _pipeline_env(work / "data")
    first = _day("long: first history", _link_files(files[:days], work / "h1"), env)
    short = _repeated_day(
        f"long: day {days + 1}", _link_files(files[days : days + 1], work / "d1"), env, repeats
    )
    more = _day("long: more history", _link_files(files[days + 1 : long_days], work / "h2"), env)
    long = _repeated_day(
        f"long: day {long_days + 1}", _link_files(files[long_days:], work / "d2"), env, repeats
    )
    return {
        "models": models,
        "days": days,
        "long_days": long_days,
        "short": short,
        "long": long,
        "history": first + more,
        "sizes_mb": _sizes_mb(files, Path(env["OMW_DATA_DIR"])),
    }


def _runs_text(runs: list[list[Stage]]) -> str:
    return ", ".join(
        f"{_run_seconds(run):.1f} s ({' + '.join(f'{stage.seconds:.1f}' for stage in run)})"
        for run in runs
    )


def report(result: dict) -> str:
    stages = {s.name: s for s in result["stages"]}
    baselines = {s.name: s for s in result["baselines"]}
    full = stages["import-hub (history)"].seconds + stages["build (full)"].seconds
    day_runs = result["day_runs"]
    more = _median_seconds(day_runs)
    duck = baselines["baseline: DuckDB SQL"].seconds
    measured = result["stages"] + [stage for run in day_runs for stage in run]
    rows = [
        f"| {s.name} | {s.seconds:.1f} | {s.peak_mb:,.0f} |"
        + (f" did not finish: {s.failure} |" if s.failure else " |")
        for s in measured + result["baselines"]
    ]
    probes = result.get("probes") or []
    lines = [
        f"## Run of {result['when']}: {result['models']:,} models × {result['days']} daily snapshots",
        "",
        f"Machine: {result['machine']}. Input generated in {result['generate_seconds']:.0f} s.",
    ]
    if probes:
        lines.append(
            f"Machine speed during the run: a fixed DuckDB query, timed before each stage, took "
            f"{min(probes):.2f}–{max(probes):.2f} s ({max(probes) / min(probes):.2f}× spread)."
        )
    lines += [
        "",
        "| stage | wall time (s) | peak memory (MB) | note |",
        "|---|---:|---:|---|",
        *rows,
        "",
        "| measure | ratio | goal |",
        "|---|---:|---|",
        f"| full load + build / DuckDB SQL baseline | {full / duck:.2f}× | ≤ 1.5× |",
    ]
    pandas = baselines.get("baseline: pandas")
    if pandas and not pandas.failure:
        lines.append(
            f"| pandas baseline / full load + build | {pandas.seconds / full:.2f}× | context only |"
        )
    elif pandas:
        lines.append(
            f"| pandas baseline / full load + build | did not finish within "
            f"{result['pandas_memory_mb']:,} MB (stopped after {pandas.seconds:.0f} s = "
            f"{pandas.seconds / full:.2f}× ours) | context only |"
        )
    lines.append(
        f"| one more day / full load + build (median of {len(day_runs)}: {more:.1f} s) | "
        f"{more / full:.2f}× | ≤ 0.2× |"
    )
    long = result.get("long_history")
    if long:
        short_s, long_s = _median_seconds(long["short"]), _median_seconds(long["long"])
        lines.append(
            f"| one more day after {long['long_days']} days / after {long['days']} days "
            f"({long['models']:,} models; medians {short_s:.1f} s → {long_s:.1f} s) | "
            f"{long_s / short_s:.2f}× | ≤ 1.1× |"
        )
    lines += [
        f"| peak memory | {max(s.peak_mb for s in measured):,.0f} MB | ≤ 8,192 MB at 2.5M models |",
        f"| build with nothing new (`omw build`) | {result['idle'].seconds:.1f} s | ≤ 2 s |",
        *(
            [
                f"| build with nothing new (an automation sensor tick in the running daemon, "
                f"median of {len(result['daemon']['idle_ticks'])}) | "
                f"{statistics.median(result['daemon']['idle_ticks']):.1f} s | ≤ 2 s |"
            ]
            if result.get("daemon") and result["daemon"]["idle_ticks"]
            else []
        ),
        *(
            [
                f"| landed → published through the daemon (sensor every "
                f"{result['daemon']['interval']} s; after an import of "
                f"{result['daemon']['landing'].seconds:.1f} s) | "
                f"{result['daemon']['published_seconds']:.1f} s | ≤ 30 s at 2.5M models |"
            ]
            if result.get("daemon")
            else []
        ),
        f"| warehouse on disk / compressed input | "
        f"{result['sizes_mb']['warehouse.duckdb'] / result['sizes_mb']['input files (compressed)']:.2f}× | ≤ 1.5× |",
        f"| `import orchestration.definitions` (what `dagster dev` loads) | {result['definitions_load_seconds']:.1f} s | < 10 s |",
        "",
        f"One more day, each run (import-hub + build): {_runs_text(day_runs)}.",
        "",
        *(
            [
                f"Through the daemon, one day later: the automation sensor's runs after the "
                f"landing ended {', '.join(result['daemon']['automated_runs']) or 'none'} "
                f"(newest first).",
                "",
            ]
            if result.get("daemon")
            else []
        ),
        "Sizes on disk after the last day: "
        + ", ".join(f"{name} {mb:,.0f} MB" for name, mb in result["sizes_mb"].items())
        + ".",
        "",
    ]
    if long:
        sizes = long["sizes_mb"]
        lines += [
            f"Long history ({long['models']:,} models), one more day after {long['days']} days: "
            f"{_runs_text(long['short'])}; after {long['long_days']} days: "
            f"{_runs_text(long['long'])}. Loading the history: "
            + ", ".join(
                f"{s.name} {s.seconds:.1f} s ({s.peak_mb:,.0f} MB)" for s in long["history"]
            )
            + ". Sizes after the last day: "
            + ", ".join(f"{name} {mb:,.0f} MB" for name, mb in sizes.items())
            + f"; warehouse / compressed input "
            f"{sizes['warehouse.duckdb'] / sizes['input files (compressed)']:.2f}× (goal ≤ 1.5×).",
            "",
        ]
    return "\n".join(lines)


def partial_report(stages: list[Stage], error: BaseException, command: str) -> str:
    """What a run that stopped part-way measured: its stages so far and why it stopped.

    No ratio is given: a ratio needs both of its stages, and the run did not
    reach the end; the stage lines are the record.
    """
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = str(error).strip().splitlines() or [type(error).__name__]
    reason = lines[0].rstrip(":")
    # The end of a failed stage's stderr says what failed (omw's last lines).
    tail = [line[:300] for line in lines[1:][-8:]]
    return "\n".join(
        [
            f"## Run of {when} (stopped: {reason})",
            "",
            f"`{command}`. Machine: {_machine()}.",
            "",
            "| stage | wall time (s) | peak memory (MB) | note |",
            "|---|---:|---:|---|",
            *(
                f"| {s.name} | {s.seconds:.1f} | {s.peak_mb:,.0f} |"
                + (f" failed: {s.failure} |" if s.failure else " |")
                for s in stages
            ),
            "",
            f"The run stopped here: {type(error).__name__}: {reason}.",
            "",
            *(["```text", *tail, "```", ""] if tail else []),
        ]
    )


def _write_section(out: Path, section: str) -> None:
    """Put a run's section above the older runs in `out`, keeping the text before them."""
    header = "# Benchmarks\n\nProduced by `make bench` (`python -m benchmarks.run`); newest run first.\n\n"
    existing = out.read_text() if out.exists() else header
    first_run = existing.find("\n## Run of ")
    if first_run < 0:
        text = existing.rstrip() + "\n\n" + section
    else:
        text = existing[: first_run + 1] + section + "\n" + existing[first_run + 1 :]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--work", type=Path, default=REPO_ROOT / ".bench")
    parser.add_argument(
        "--skip-pandas", action="store_true", help="the pandas baseline is slow at 1M models"
    )
    parser.add_argument(
        "--pandas-memory-mb",
        type=int,
        default=16_384,
        help="address-space cap for the pandas baseline (it needs ~35 GB at 1M x 30)",
    )
    parser.add_argument(
        "--long-days",
        type=int,
        default=180,
        help="also time one more day after this many days of history (0: skip)",
    )
    parser.add_argument(
        "--long-models", type=int, default=100_000, help="models in the long-history run"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="runs of each one-more-day measurement, from the same state; the median counts",
    )
    parser.add_argument(
        "--daemon-interval",
        type=int,
        default=5,
        help="sensor interval (s) of the daemon that publishes one more landed day (0: skip)",
    )
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    MEASURED.clear()
    try:
        result = run(
            args.models,
            args.days,
            args.work,
            args.skip_pandas,
            args.long_days,
            args.long_models,
            args.pandas_memory_mb,
            args.repeats,
            args.daemon_interval,
        )
    except Exception as error:
        # A run of hours that stops late still leaves its measurements behind.
        command = "python -m benchmarks.run " + " ".join(sys.argv[1:])
        section = partial_report(MEASURED, error, command)
        print("\n" + section, flush=True)
        _write_section(args.out, section)
        raise
    section = report(result)
    print("\n" + section)
    _write_section(args.out, section)


if __name__ == "__main__":
    main()
