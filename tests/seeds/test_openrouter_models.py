"""Checks of the token model catalogue seed `openrouter_models` without running dbt.

The catalogue decides, for every OpenRouter slug in the token-usage exports, whether
the model is open-weight or closed, and optionally which Hugging Face repo holds its
weights. These tests keep the CSV loadable and portable (every pattern must behave
the same in DuckDB's RE2 and in Python `re`) and pin its verdicts on real slugs, using
the same rule as the warehouse:

* normalise the slug: lower-case, drop any `:variant`, then drop one trailing release
  date, longest form first (`-YYYYMMDD`, else `-YYYY-MM-DD`, else `-MM-DD`);
* try the rows by ascending `priority`, ties in file order; the first row whose
  `slug_pattern` is found (case-insensitively) in the normalised slug wins;
* no matching row means `unknown`.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from tests.support import oracle

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT / "dbt_project" / "seeds"
CSV_PATH = SEEDS / "openrouter_models.csv"
PROPERTIES = SEEDS / "_openrouter_models.yml"

HEADER = ["slug_pattern", "openness", "hub_model_id", "priority"]
OPENNESS = {"open_weight", "closed"}
UNKNOWN = "unknown"

# Regex constructs that RE2 lacks or treats differently from Python.
NON_PORTABLE = ["(?=", "(?!", "(?<=", "(?<!", "(?P=", "(?i", "(?P<"]
HUB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*")

# (slug as delivered, expected openness, expected hub_model_id; "" = none).
# fmt: off
CASES: list[tuple[str, str, str]] = [
    # --- Qwen: open weights beside Alibaba Cloud's API-only models
    ("qwen/qwen3.6-plus", "closed", ""),
    ("qwen/qwen3.6-plus-04-02", "closed", ""),
    ("qwen/qwen-max", "closed", ""),
    ("qwen/qwen-max-2025-01-25", "closed", ""),
    ("qwen/qwen-plus-2025-07-28:thinking", "closed", ""),
    ("qwen/qwen-turbo", "closed", ""),
    ("qwen/qwen-vl-max", "closed", ""),
    ("qwen/qwen-vl-plus", "closed", ""),
    ("qwen/qwen3-max", "closed", ""),
    ("qwen/qwen3-max-thinking", "closed", ""),
    ("qwen/qwen3-coder-plus", "closed", ""),
    ("qwen/qwen3-coder-flash", "closed", ""),
    ("qwen/qwen3.5-plus-02-15", "closed", ""),
    ("qwen/qwen3.5-flash-02-23", "closed", ""),
    ("qwen/qwen3-235b-a22b", "open_weight", "Qwen/Qwen3-235B-A22B"),
    ("Qwen/Qwen3-235B-A22B:free", "open_weight", "Qwen/Qwen3-235B-A22B"),
    ("qwen/qwen3-235b-a22b-2507", "open_weight", "Qwen/Qwen3-235B-A22B-Instruct-2507"),
    ("qwen/qwen3-235b-a22b-thinking-2507", "open_weight", "Qwen/Qwen3-235B-A22B-Thinking-2507"),
    ("qwen/qwen3-30b-a3b-04-28", "open_weight", "Qwen/Qwen3-30B-A3B"),
    ("qwen/qwen3-30b-a3b-04-28:free", "open_weight", "Qwen/Qwen3-30B-A3B"),
    ("qwen/qwen3-coder", "open_weight", "Qwen/Qwen3-Coder-480B-A35B-Instruct"),
    ("qwen/qwen3-coder-480b-a35b-07-25", "open_weight", "Qwen/Qwen3-Coder-480B-A35B-Instruct"),
    ("qwen/qwen3-coder:free", "open_weight", "Qwen/Qwen3-Coder-480B-A35B-Instruct"),
    ("qwen/qwen3-coder-30b-a3b-instruct", "open_weight", "Qwen/Qwen3-Coder-30B-A3B-Instruct"),
    ("qwen/qwen3-next-80b-a3b-instruct-2509", "open_weight", "Qwen/Qwen3-Next-80B-A3B-Instruct"),
    ("qwen/qwen3.5-397b-a17b-20260216", "open_weight", "Qwen/Qwen3.5-397B-A17B"),
    ("qwen/qwen3.6-27b", "open_weight", ""),
    ("qwen/qwq-32b", "open_weight", "Qwen/QwQ-32B"),
    ("qwen/qwen-2.5-72b-instruct", "open_weight", "Qwen/Qwen2.5-72B-Instruct"),
    ("qwen/qwen2.5-vl-72b-instruct:free", "open_weight", "Qwen/Qwen2.5-VL-72B-Instruct"),
    ("alibaba/tongyi-deepresearch-30b-a3b", "open_weight", "Alibaba-NLP/Tongyi-DeepResearch-30B-A3B"),
    # --- DeepSeek: every model is open-weight
    ("deepseek/deepseek-chat", "open_weight", "deepseek-ai/DeepSeek-V3"),
    ("deepseek/deepseek-chat-v3-0324:free", "open_weight", "deepseek-ai/DeepSeek-V3-0324"),
    ("deepseek/deepseek-chat-v3.1", "open_weight", "deepseek-ai/DeepSeek-V3.1"),
    ("deepseek/deepseek-v3.2-exp", "open_weight", "deepseek-ai/DeepSeek-V3.2-Exp"),
    ("deepseek/deepseek-v3.2-20251201", "open_weight", "deepseek-ai/DeepSeek-V3.2"),
    ("deepseek/deepseek-v4-pro-20260423", "open_weight", "deepseek-ai/DeepSeek-V4-Pro"),
    ("deepseek/deepseek-r1", "open_weight", "deepseek-ai/DeepSeek-R1"),
    ("deepseek/deepseek-r1:free", "open_weight", "deepseek-ai/DeepSeek-R1"),
    ("deepseek/deepseek-r1-0528", "open_weight", "deepseek-ai/DeepSeek-R1-0528"),
    ("deepseek/deepseek-r1-distill-llama-70b", "open_weight", "deepseek-ai/DeepSeek-R1-Distill-Llama-70B"),
    # --- Z.ai / THUDM
    ("z-ai/glm-4.6", "open_weight", "zai-org/GLM-4.6"),
    ("z-ai/glm-4.5-air:free", "open_weight", "zai-org/GLM-4.5-Air"),
    ("z-ai/glm-5-20260211", "open_weight", "zai-org/GLM-5"),
    ("z-ai/glm-5-turbo-20260315", "closed", ""),
    ("z-ai/glm-5v-turbo", "closed", ""),
    ("thudm/glm-z1-32b", "open_weight", ""),
    # --- Moonshot, MiniMax
    ("moonshotai/kimi-k2", "open_weight", "moonshotai/Kimi-K2-Instruct"),
    ("moonshotai/kimi-k2-0905", "open_weight", "moonshotai/Kimi-K2-Instruct-0905"),
    ("moonshotai/kimi-k2-thinking-20251106", "open_weight", "moonshotai/Kimi-K2-Thinking"),
    ("moonshotai/kimi-k2.5-0127", "open_weight", "moonshotai/Kimi-K2.5"),
    ("minimax/minimax-m2", "open_weight", "MiniMaxAI/MiniMax-M2"),
    ("minimax/minimax-m2.5-20260211", "open_weight", "MiniMaxAI/MiniMax-M2.5"),
    ("minimax/minimax-m1:extended", "open_weight", ""),
    ("minimax/minimax-m2-her-20260123", "closed", ""),
    # --- Meta
    ("meta-llama/llama-3.3-70b-instruct", "open_weight", "meta-llama/Llama-3.3-70B-Instruct"),
    ("meta-llama/llama-3.1-8b-instruct:free", "open_weight", "meta-llama/Llama-3.1-8B-Instruct"),
    ("meta-llama/llama-4-maverick", "open_weight", "meta-llama/Llama-4-Maverick-17B-128E-Instruct"),
    ("meta-llama/llama-4-scout-17b-16e-instruct", "open_weight", "meta-llama/Llama-4-Scout-17B-16E-Instruct"),
    ("meta-llama/llama-3.3-8b-instruct:free", "closed", ""),
    # --- Mistral: Small/Nemo/Mixtral/Devstral/Magistral Small open; Medium, Large 2 closed
    ("mistralai/mistral-large", "closed", ""),
    ("mistralai/mistral-large-2407", "closed", ""),
    ("mistralai/mistral-large-2411", "closed", ""),
    ("mistralai/mistral-large-2512", "open_weight", ""),
    ("mistralai/mistral-medium-3.1", "closed", ""),
    ("mistralai/mistral-medium-3", "closed", ""),
    ("mistralai/magistral-medium-2506:thinking", "closed", ""),
    ("mistralai/devstral-medium", "closed", ""),
    ("mistralai/codestral-2508", "closed", ""),
    ("mistralai/codestral-mamba", "open_weight", "mistralai/Mamba-Codestral-7B-v0.1"),
    ("mistralai/ministral-3b", "closed", ""),
    ("mistralai/ministral-8b", "open_weight", "mistralai/Ministral-8B-Instruct-2410"),
    ("mistralai/mistral-small-3.2-24b-instruct", "open_weight", "mistralai/Mistral-Small-3.2-24B-Instruct-2506"),
    ("mistralai/mistral-small-3.1-24b-instruct:free", "open_weight", "mistralai/Mistral-Small-3.1-24B-Instruct-2503"),
    ("mistralai/mistral-nemo", "open_weight", "mistralai/Mistral-Nemo-Instruct-2407"),
    ("mistralai/mistral-7b-instruct", "open_weight", ""),
    ("mistralai/mixtral-8x7b-instruct", "open_weight", "mistralai/Mixtral-8x7B-Instruct-v0.1"),
    ("mistralai/devstral-small-2505", "open_weight", "mistralai/Devstral-Small-2505"),
    ("mistralai/magistral-small-2506", "open_weight", "mistralai/Magistral-Small-2506"),
    # --- Google: Gemini closed, Gemma open
    ("google/gemini-2.5-pro", "closed", ""),
    ("google/gemini-2.5-flash", "closed", ""),
    ("google/gemini-2.0-flash-001", "closed", ""),
    ("google/gemini-2.5-flash-preview-05-20", "closed", ""),
    ("google/gemini-3-flash-preview-20251217", "closed", ""),
    ("~google/gemini-pro-latest", "closed", ""),
    ("google/gemma-3-27b-it", "open_weight", "google/gemma-3-27b-it"),
    ("google/gemma-2-9b-it:free", "open_weight", "google/gemma-2-9b-it"),
    ("google/gemma-3n-e4b-it:free", "open_weight", "google/gemma-3n-E4B-it"),
    ("google/gemma-4-31b-it-20260402", "open_weight", "google/gemma-4-31B-it"),
    # --- OpenAI: gpt-oss open, everything else closed
    ("openai/gpt-oss-120b", "open_weight", "openai/gpt-oss-120b"),
    ("openai/gpt-oss-20b:free", "open_weight", "openai/gpt-oss-20b"),
    ("openai/gpt-4o", "closed", ""),
    ("openai/gpt-4o-2024-08-06", "closed", ""),
    ("openai/gpt-4o-mini", "closed", ""),
    ("openai/gpt-4.1", "closed", ""),
    ("openai/gpt-5", "closed", ""),
    ("openai/gpt-5-mini", "closed", ""),
    ("openai/o3", "closed", ""),
    ("openai/o4-mini", "closed", ""),
    ("openai/gpt-3.5-turbo", "closed", ""),
    ("~openai/gpt-latest", "closed", ""),
    # --- Closed-only labs
    ("anthropic/claude-4.6-sonnet-20260217", "closed", ""),
    ("anthropic/claude-sonnet-4", "closed", ""),
    ("anthropic/claude-3.5-sonnet", "closed", ""),
    ("anthropic/claude-opus-4.5", "closed", ""),
    ("x-ai/grok-4", "closed", ""),
    ("x-ai/grok-4-07-09", "closed", ""),
    ("x-ai/grok-3", "closed", ""),
    ("x-ai/grok-code-fast-1", "closed", ""),
    ("x-ai/grok-2-1212", "closed", ""),
    ("amazon/nova-pro-v1", "closed", ""),
    ("perplexity/sonar-pro", "closed", ""),
    ("perplexity/r1-1776", "open_weight", "perplexity-ai/r1-1776"),
    ("inflection/inflection-3-pi", "closed", ""),
    ("inception/mercury-coder", "closed", ""),
    # --- Microsoft, NVIDIA, Cohere, AI21
    ("microsoft/phi-4", "open_weight", "microsoft/phi-4"),
    ("microsoft/phi-3.5-mini-128k-instruct", "open_weight", "microsoft/Phi-3.5-mini-instruct"),
    ("microsoft/mai-ds-r1:free", "open_weight", "microsoft/MAI-DS-R1"),
    ("microsoft/wizardlm-2-8x22b", "open_weight", ""),
    ("nvidia/llama-3.1-nemotron-70b-instruct", "open_weight", "nvidia/Llama-3.1-Nemotron-70B-Instruct-HF"),
    ("nvidia/nemotron-nano-9b-v2:free", "open_weight", "nvidia/NVIDIA-Nemotron-Nano-9B-v2"),
    ("cohere/command-a", "open_weight", "CohereLabs/c4ai-command-a-03-2025"),
    ("cohere/command-r-plus-08-2024", "open_weight", "CohereLabs/c4ai-command-r-plus-08-2024"),
    ("cohere/command-r7b-12-2024", "open_weight", "CohereLabs/c4ai-command-r7b-12-2024"),
    ("cohere/command", "closed", ""),
    ("ai21/jamba-large-1.7", "open_weight", "ai21labs/AI21-Jamba-Large-1.7"),
    ("ai21/jamba-instruct", "closed", ""),
    # --- Chinese labs beyond the big five
    ("baidu/ernie-4.5-300b-a47b", "open_weight", "baidu/ERNIE-4.5-300B-A47B-PT"),
    ("baidu/ernie-4.5-21b-a3b-thinking", "open_weight", "baidu/ERNIE-4.5-21B-A3B-Thinking"),
    ("baidu/cobuddy:free", "closed", ""),
    ("tencent/hunyuan-a13b-instruct", "open_weight", "tencent/Hunyuan-A13B-Instruct"),
    ("xiaomi/mimo-v2-flash-20251210", "open_weight", "XiaomiMiMo/MiMo-V2-Flash"),
    ("xiaomi/mimo-v2-pro-20260318", "closed", ""),
    ("stepfun-ai/step3", "open_weight", "stepfun-ai/step3"),
    ("stepfun/step-3.5-flash:free", "open_weight", "stepfun-ai/Step-3.5-Flash"),
    ("meituan/longcat-flash-chat", "open_weight", "meituan-longcat/LongCat-Flash-Chat"),
    ("bytedance/ui-tars-1.5-7b", "open_weight", "ByteDance-Seed/UI-TARS-1.5-7B"),
    ("bytedance-seed/seed-1.6-20250625", "closed", ""),
    ("inclusionai/ling-1t", "open_weight", "inclusionAI/Ling-1T"),
    ("01-ai/yi-large", "closed", ""),
    ("01-ai/yi-34b-chat", "open_weight", "01-ai/Yi-34B-Chat"),
    # --- Other open-weight developers
    ("arcee-ai/trinity-large-preview", "open_weight", "arcee-ai/Trinity-Large-Preview"),
    ("arcee-ai/trinity-large-preview:free", "open_weight", "arcee-ai/Trinity-Large-Preview"),
    ("arcee-ai/trinity-mini-20251201", "open_weight", "arcee-ai/Trinity-Mini"),
    ("arcee-ai/virtuoso-large", "closed", ""),
    ("allenai/olmo-3-32b-think-20251121", "open_weight", "allenai/Olmo-3-32B-Think"),
    ("ibm-granite/granite-4.0-h-micro", "open_weight", "ibm-granite/granite-4.0-h-micro"),
    ("liquid/lfm-40b", "closed", ""),
    ("liquid/lfm-2-24b-a2b-20260224", "open_weight", "LiquidAI/LFM2-24B-A2B"),
    ("nousresearch/hermes-4-70b", "open_weight", "NousResearch/Hermes-4-70B"),
    ("tngtech/deepseek-r1t2-chimera:free", "open_weight", "tngtech/DeepSeek-TNG-R1T2-Chimera"),
    ("opengvlab/internvl3-78b", "open_weight", ""),
    ("eleutherai/llemma_7b", "open_weight", ""),
    ("cognitivecomputations/dolphin3.0-mistral-24b", "open_weight", ""),
    ("agentica-org/deepcoder-14b-preview", "open_weight", "agentica-org/DeepCoder-14B-Preview"),
    ("deepcogito/cogito-v2.1-671b", "open_weight", ""),
    ("sarvamai/sarvam-m:free", "open_weight", "sarvamai/sarvam-m"),
    ("prime-intellect/intellect-3", "open_weight", "PrimeIntellect/INTELLECT-3-FP8"),
    # --- Not a model: OpenRouter's long-tail bucket and its routers stay unknown
    ("other", UNKNOWN, ""),
    ("openrouter/auto", UNKNOWN, ""),
    ("openrouter/sonoma-sky-alpha", UNKNOWN, ""),
    ("switchpoint/router", UNKNOWN, ""),
]
# fmt: on

NORMALISATION = [
    ("deepseek/deepseek-v3.2-20251201", "deepseek/deepseek-v3.2"),
    ("qwen/qwen3-30b-a3b-04-28", "qwen/qwen3-30b-a3b"),
    ("anthropic/claude-4.6-sonnet-20260217", "anthropic/claude-4.6-sonnet"),
    ("openai/gpt-4o-2024-08-06", "openai/gpt-4o"),
    ("qwen/qwen3-30b-a3b-04-28:free", "qwen/qwen3-30b-a3b"),
    ("Qwen/Qwen3-235B-A22B:FREE", "qwen/qwen3-235b-a22b"),
    ("qwen/qwen3-235b-a22b-2507", "qwen/qwen3-235b-a22b-2507"),
    ("deepseek/deepseek-chat-v3-0324", "deepseek/deepseek-chat-v3-0324"),
    ("cohere/command-r-08-2024", "cohere/command-r-08-2024"),
    ("mistralai/mistral-medium-3-5", "mistralai/mistral-medium-3-5"),
    ("other", "other"),
]


@cache
def catalogue() -> pd.DataFrame:
    """The seed as strings; empty fields stay empty strings."""
    return pd.read_csv(CSV_PATH, dtype=str, keep_default_na=False)


def ordered_rules() -> list[tuple[str, str, str]]:
    """(pattern, openness, hub_model_id) by ascending priority, ties in file order."""
    rows = oracle.ordered_catalogue(catalogue())
    return list(zip(rows.slug_pattern, rows.openness, rows.hub_model_id, strict=True))


def normalise(slug: str) -> str:
    """Lower-case, drop any ':variant', then drop one trailing release date (the oracle's)."""
    return oracle.normalised_slug(slug)


def classify(slug: str) -> tuple[str, str]:
    """(openness, hub_model_id) of a slug as the warehouse derives them: the test
    oracle's catalogue match (tests/support/oracle.py)."""
    openness, hub_model_id = oracle.catalogue_verdict(
        normalise(slug), oracle.ordered_catalogue(catalogue())
    )
    return openness, hub_model_id or ""


# --------------------------------------------------------------------------- file


def test_file_is_clean_csv() -> None:
    text = CSV_PATH.read_bytes().decode("utf-8")
    assert not text.startswith("\ufeff"), "no byte-order mark"
    assert "\r" not in text, "LF line endings only"
    assert text.endswith("\n")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == HEADER
    for lineno, row in enumerate(rows, start=1):
        assert len(row) == len(HEADER), f"line {lineno}: {len(row)} fields"
        for field in row:
            assert field == field.strip(), f"line {lineno}: stray whitespace {field!r}"
    for lineno, line in enumerate(text.splitlines(), start=1):
        assert line.strip(), f"line {lineno} is blank"
        assert not line.startswith("#"), f"line {lineno}: comments are not allowed in a seed"


def test_catalogue_size() -> None:
    assert 150 <= len(catalogue()) <= 400


def test_documented_in_properties_file() -> None:
    text = PROPERTIES.read_text(encoding="utf-8")
    assert "- name: openrouter_models\n" in text
    for column in HEADER:
        assert f"- name: {column}\n" in text, f"{column} undocumented"


# --------------------------------------------------------------------------- rows


def test_patterns_compile_and_are_portable() -> None:
    for pattern in catalogue().slug_pattern:
        assert pattern, "empty pattern"
        re.compile(pattern, re.IGNORECASE)
        # DuckDB matches lower(pattern) against the lower-cased slug: upper case
        # (e.g. `\D`, `\S`, `\W`) would change meaning when lower-cased.
        assert pattern == pattern.lower(), f"pattern must be lower case: {pattern!r}"
        for construct in NON_PORTABLE:
            assert construct not in pattern, f"non-portable {construct!r} in {pattern!r}"
        assert not re.search(r"\\[1-9]", pattern), f"back-reference in {pattern!r}"
        assert pattern.startswith("^"), f"anchor the pattern on the org: {pattern!r}"


def test_patterns_unique() -> None:
    patterns = catalogue().slug_pattern.str.lower()
    dupes = sorted(patterns[patterns.duplicated()])
    assert not dupes, f"duplicate patterns: {dupes}"


def test_openness_values() -> None:
    bad = catalogue()[~catalogue().openness.isin(OPENNESS)]
    assert bad.empty, bad.to_string()


def test_hub_model_ids() -> None:
    df = catalogue()
    with_hub = df[df.hub_model_id != ""]
    malformed = with_hub[~with_hub.hub_model_id.str.fullmatch(HUB_ID.pattern)]
    assert malformed.empty, malformed.to_string()
    closed = with_hub[with_hub.openness == "closed"]
    assert closed.empty, f"closed rows must not name a Hub repo:\n{closed.to_string()}"


def test_priorities_are_integers() -> None:
    for value in catalogue().priority:
        assert value.isdigit(), f"priority must be a non-negative integer: {value!r}"


def test_every_row_can_win() -> None:
    """A row shadowed by an identical earlier pattern is dead weight (or a mistake)."""
    seen: set[str] = set()
    for pattern, _, _ in ordered_rules():
        assert pattern not in seen
        seen.add(pattern)


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize(("slug", "expected"), NORMALISATION)
def test_normalise(slug: str, expected: str) -> None:
    assert normalise(slug) == expected


@pytest.mark.parametrize(("slug", "openness", "hub_model_id"), CASES, ids=[c[0] for c in CASES])
def test_slug_verdicts(slug: str, openness: str, hub_model_id: str) -> None:
    assert classify(slug) == (openness, hub_model_id)


def test_cases_cover_every_openrouter_org() -> None:
    """Each lab of the openrouter_orgs seed has at least one slug the catalogue classifies."""
    orgs = pd.read_csv(SEEDS / "openrouter_orgs.csv", dtype=str, keep_default_na=False)
    covered = {normalise(s).split("/", 1)[0] for s, o, _ in CASES if "/" in s and o != UNKNOWN}
    missing = sorted(set(orgs.openrouter_org) - covered)
    assert not missing, f"no classified example slug for: {missing}"


def test_sample_roster_is_classified() -> None:
    """The simulated token exports only carry slugs the catalogue classifies as intended."""
    roster = pytest.importorskip("orchestration.demo.roster")
    for slug, _released, kind, _volume in roster.TOKEN_SLUGS:
        openness, _ = classify(slug)
        if slug == "other":
            assert openness == UNKNOWN
        elif kind == "closed":
            assert openness == "closed", slug
        else:
            assert openness == "open_weight", slug


def test_patterns_agree_between_python_and_duckdb() -> None:
    duckdb = pytest.importorskip("duckdb")
    slugs = sorted({normalise(s) for s, _, _ in CASES})
    patterns = sorted(set(catalogue().slug_pattern))
    con = duckdb.connect()
    con.execute("create table s(slug varchar)")
    con.executemany("insert into s values (?)", [[x] for x in slugs])
    con.execute("create table p(pattern varchar)")
    con.executemany("insert into p values (?)", [[x] for x in patterns])
    got = set(
        con.execute(
            "select slug, pattern from s, p where regexp_matches(lower(slug), lower(pattern))"
        ).fetchall()
    )
    expected = {(s, p) for s in slugs for p in patterns if re.search(p, s, re.IGNORECASE)}
    assert got == expected
