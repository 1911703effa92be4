"""Checks of the dbt reference seeds (docs/metrics.md#seeds) without running dbt.

The seeds are hand-edited CSV files; these tests keep them loadable, consistent
with each other and faithful to the family rules (docs/metrics.md#family-rules):
rules sorted by ascending priority (stable on file order), first match wins,
`org` compared case-insensitively (empty = any organisation), `name_pattern` a
case-insensitive regex searched in the part after `/` (empty = any name).
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

ORG_TYPES = {
    "company",
    "academic",
    "nonprofit",
    "government",
    "community",
    "individual",
    "intermediary",
    "unknown",
}

# The 249 officially assigned ISO 3166-1 alpha-2 codes (no user-assigned or
# reserved codes such as XK or EU); a country is one of these, `INTL` or `unknown`.
_ISO_3166_ALPHA2_TABLE = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW
"""
ISO_3166_ALPHA2 = frozenset(_ISO_3166_ALPHA2_TABLE.split())
COUNTRIES = ISO_3166_ALPHA2 | {"INTL", "unknown"}

# Spellings a data simulator relies on.
# fmt: off
REQUIRED_ORGS = [
    "Qwen", "deepseek-ai", "zai-org", "THUDM", "moonshotai", "MiniMaxAI", "01-ai", "internlm",
    "baichuan-inc", "tencent", "baidu", "BAAI", "openbmb", "stepfun-ai", "XiaomiMiMo",
    "ByteDance-Seed", "meta-llama", "google", "microsoft", "openai", "openai-community",
    "nvidia", "allenai", "ibm-granite", "HuggingFaceTB", "bigcode", "tiiuae", "CohereLabs",
    "CohereForAI", "ai21labs", "mistralai", "stabilityai", "apple", "Salesforce", "databricks",
    "Snowflake", "xai-org", "NousResearch", "unsloth", "bartowski", "TheBloke", "mradermacher",
    "lmstudio-community", "MaziyarPanahi", "sentence-transformers", "intfloat", "jinaai",
    "LiquidAI", "google-bert", "FacebookAI", "distilbert", "cognitivecomputations", "upstage",
    "LGAI-EXAONE", "sarvamai", "swiss-ai", "EleutherAI", "bigscience", "rinna",
    "ServiceNow-AI", "inclusionAI", "ibm-research", "amd", "Intel", "lmsys", "teknium",
    "huihui-ai",
]
# fmt: on

# (org, expected country, expected org_type) spot checks of public facts.
ORG_FACTS = [
    ("sentence-transformers", "DE", "academic"),
    ("cross-encoder", "DE", "academic"),
    ("google-bert", "US", "company"),
    ("FacebookAI", "US", "company"),
    ("openai-community", "US", "company"),
    ("BAAI", "CN", "nonprofit"),
    ("Alibaba-NLP", "CN", "company"),
    ("nvidia", "US", "company"),
    ("EleutherAI", "US", "nonprofit"),
    ("NousResearch", "US", "company"),
    ("bigscience", "INTL", "community"),
    ("bigcode", "INTL", "community"),
    ("OpenAssistant", "INTL", "community"),
    ("laion", "DE", "nonprofit"),
    ("black-forest-labs", "DE", "company"),
    ("jinaai", "DE", "company"),
    ("deepset", "DE", "company"),
    ("Helsinki-NLP", "FI", "academic"),
    ("kyutai", "FR", "nonprofit"),
    ("deepmind", "GB", "company"),
    ("ProsusAI", "NL", "company"),
    ("nlptown", "BE", "company"),
    ("KBLab", "SE", "government"),
    ("ai-forever", "RU", "company"),
    ("Lightricks", "IL", "company"),
    ("naver", "KR", "company"),
    ("ai4bharat", "IN", "academic"),
    ("Rakuten", "JP", "company"),
    ("ckiplab", "TW", "academic"),
    ("aisingapore", "SG", "government"),
    ("ALLaM-AI", "SA", "government"),
    ("neuralmind", "BR", "company"),
    ("mlx-community", "INTL", "intermediary"),
    ("onnx-community", "INTL", "intermediary"),
    ("RedHatAI", "US", "intermediary"),
    ("ISTA-DASLab", "AT", "intermediary"),
    ("QuantFactory", "unknown", "intermediary"),
    ("Qwen", "CN", "company"),
    ("deepseek-ai", "CN", "company"),
    ("meta-llama", "US", "company"),
    ("HuggingFaceTB", "US", "company"),
    ("allenai", "US", "nonprofit"),
    ("mistralai", "FR", "company"),
    ("CohereLabs", "CA", None),
    ("ai21labs", "IL", "company"),
    ("tiiuae", "AE", "government"),
    ("stabilityai", "GB", "company"),
    ("upstage", "KR", "company"),
    ("LGAI-EXAONE", "KR", "company"),
    ("sarvamai", "IN", "company"),
    ("swiss-ai", "CH", "academic"),
    ("rinna", "JP", "company"),
    # Quantizers and re-uploaders are `intermediary` (they used to be listed as
    # individuals, a company and a community). bartowski's and mradermacher's
    # countries (formerly CA and DE) are not established by public sources, so
    # they are `unknown` rather than guessed.
    ("bartowski", "unknown", "intermediary"),
    ("TheBloke", "GB", "intermediary"),
    ("mradermacher", "unknown", "intermediary"),
    ("MaziyarPanahi", "FR", "intermediary"),
    ("unsloth", "US", "intermediary"),
    ("lmstudio-community", "US", "intermediary"),
]

# fmt: off
# The families of the studies the warehouse reproduces (docs/metrics.md#seeds).
REQUIRED_FAMILIES = [
    "Qwen", "DeepSeek", "Llama", "Mistral", "Gemma", "Phi", "GPT-OSS", "Nemotron", "OLMo",
    "Granite", "MiniMax", "Kimi", "GLM", "Yi",
]
# fmt: on

# OpenRouter slugs -> expected family (None = must match no rule, i.e. not open-weight).
TOKEN_SLUGS = {
    "qwen/qwen3-235b-a22b": "Qwen",
    "qwen/qwen3-235b-a22b:free": "Qwen",
    "deepseek/deepseek-r1": "DeepSeek",
    "deepseek/deepseek-r1:free": "DeepSeek",
    "deepseek/deepseek-r1-distill-llama-70b": "DeepSeek",
    "meta-llama/llama-3.3-70b-instruct": "Llama",
    "mistralai/mistral-small-3.1-24b-instruct": "Mistral",
    "openai/gpt-oss-120b": "GPT-OSS",
    "openai/gpt-oss-20b:free": "GPT-OSS",
    "z-ai/glm-4.5": "GLM",
    "thudm/glm-z1-32b": "GLM",
    "moonshotai/kimi-k2": "Kimi",
    "minimax/minimax-m1": "MiniMax",
    "google/gemma-3-27b-it": "Gemma",
    "microsoft/phi-4": "Phi",
    "microsoft/phi-3.5-mini-128k-instruct": "Phi",
    "nvidia/llama-3.1-nemotron-70b-instruct": "Nemotron",
    "01-ai/yi-34b-chat": "Yi",
    "allenai/olmo-2-0325-32b-instruct": "OLMo",
    "ibm-granite/granite-3.3-8b-instruct": "Granite",
    "tngtech/deepseek-r1t2-chimera": "DeepSeek",
    "openai/gpt-4o": None,
    "openai/gpt-4o-mini": None,
    "openai/o3": None,
    "google/gemini-2.5-pro": None,
    "google/gemini-2.0-flash-001": None,
    "anthropic/claude-3.5-sonnet": None,
    "anthropic/claude-sonnet-4": None,
    "x-ai/grok-3": None,
    "x-ai/grok-2-1212": None,
    "01-ai/yi-large": None,
    "other": None,
}

# Hub model ids (root models) -> expected family (None = `Other`).
HUB_IDS = {
    "Qwen/Qwen2.5-7B-Instruct": "Qwen",
    "qwen/QwQ-32B": "Qwen",
    "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B": "DeepSeek",
    "meta-llama/Llama-3.1-8B-Instruct": "Llama",
    "mistralai/Mixtral-8x7B-Instruct-v0.1": "Mistral",
    "google/gemma-2-9b-it": "Gemma",
    "google/flan-t5-base": "T5",
    "google-bert/bert-base-uncased": "BERT",
    "microsoft/Phi-3-mini-4k-instruct": "Phi",
    "microsoft/phi-2": "Phi",
    "microsoft/deberta-v3-base": None,
    "openai/gpt-oss-20b": "GPT-OSS",
    "openai/whisper-large-v3": "Whisper",
    "openai-community/gpt2": "GPT-2",
    "nvidia/Llama-3.1-Nemotron-Nano-8B-v1": "Nemotron",
    "allenai/OLMo-2-1124-7B": "OLMo",
    "allenai/Molmo-7B-D-0924": "Molmo",
    "ibm-granite/granite-3.3-2b-instruct": "Granite",
    "MiniMaxAI/MiniMax-M1-80k": "MiniMax",
    "moonshotai/Kimi-K2-Instruct": "Kimi",
    "zai-org/GLM-4.5-Air": "GLM",
    "THUDM/chatglm3-6b": "GLM",
    "01-ai/Yi-1.5-34B-Chat": "Yi",
    "tiiuae/Falcon3-7B-Instruct": "Falcon",
    "bigcode/starcoder2-15b": "StarCoder",
    "HuggingFaceTB/SmolLM3-3B": "SmolLM",
    "swiss-ai/Apertus-8B-Instruct-2509": "Apertus",
    "xai-org/grok-1": "Grok",
    # Name-only fallbacks for unlisted uploaders.
    "some-user/Qwen2.5-7B-reupload": "Qwen",
    "some-user/my-llama-3-8b": "Llama",
    "some-user/Mistral-7B-v0.1-copy": "Mistral",
    "some-user/gemma-7b": "Gemma",
    "some-user/DeepSeek-V3-copy": "DeepSeek",
    "some-user/phi-2": "Phi",
    "some-user/Phi-3-mini": "Phi",
    "some-user/phi-4": "Phi",
    "some-user/tiny_phi3": "Phi",
    "some-user/delphi-7b": None,
    "some-user/sophia-base": None,
    "some-user/dolphin-7b": None,
    "TheBloke/dolphin-2.6-mistral-7B-GGUF": "Mistral",
    "some-user/bert-finetuned-ner": None,
    "gpt2": None,
}

# More model names on which Python `re` and DuckDB (RE2) must agree.
# fmt: off
EXTRA_NAMES = [
    "Phi-3.5-MoE-instruct", "PHI-2", "phi", "graphite-7b", "Yi-6B", "yi-lightning",
    "Ling-lite-1.5", "Ring-1T", "sibling-7b", "LFM2-1.2B", "lfm-40b", "grok-2", "grok-2-1212",
    "command-r-plus", "command-light", "Molmo-72B", "t5gemma-2b-2b", "dinov2-base",
]
# fmt: on


def read_seed(name: str) -> pd.DataFrame:
    """Read a seed as strings; empty fields stay empty strings."""
    return pd.read_csv(SEEDS / f"{name}.csv", dtype=str, keep_default_na=False)


@cache
def orgs() -> pd.DataFrame:
    return read_seed("orgs")


@cache
def families() -> pd.DataFrame:
    return read_seed("model_families")


@cache
def openrouter_orgs() -> pd.DataFrame:
    return read_seed("openrouter_orgs")


@cache
def param_buckets() -> pd.DataFrame:
    return read_seed("param_buckets")


@cache
def tracked_models() -> pd.DataFrame:
    return read_seed("tracked_models")


def family_of(org: str, name: str) -> str | None:
    """First matching rule's family, or None when no rule matches (`Other`): the test
    oracle's family matching (tests/support/oracle.py), applied to `org/name`."""
    model_id = f"{org}/{name}" if org else name
    [family] = oracle.match_families(pd.Series([model_id]), families())
    return None if pd.isna(family) else family


def split_model_id(model_id: str) -> tuple[str, str]:
    if "/" in model_id:
        org, name = model_id.split("/", 1)
        return org, name
    return "", model_id


def slug_to_hub(slug: str) -> tuple[str, str]:
    """OpenRouter slug -> (Hub org, model name) (docs/metrics.md#slug-normalisation)."""
    slug = slug.lower().split(":", 1)[0]
    or_org, name = split_model_id(slug)
    mapping = dict(zip(openrouter_orgs().openrouter_org, openrouter_orgs().org, strict=True))
    return mapping.get(or_org, or_org), name


# --------------------------------------------------------------------------- files


SEED_NAMES = [
    "orgs",
    "model_families",
    "openrouter_orgs",
    "param_buckets",
    "tracked_models",
    "licenses",
]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_files_are_clean_csv(name: str) -> None:
    raw = (SEEDS / f"{name}.csv").read_bytes()
    text = raw.decode("utf-8")  # must be UTF-8
    assert not text.startswith("\ufeff"), "no byte-order mark"
    assert "\r" not in text, "LF line endings only"
    assert text.endswith("\n")
    rows = list(csv.reader(text.splitlines()))
    width = len(rows[0])
    for lineno, row in enumerate(rows, start=1):
        assert len(row) == width, f"{name}.csv line {lineno}: {len(row)} fields, expected {width}"
        for field in row:
            assert field == field.strip(), f"{name}.csv line {lineno}: stray whitespace {field!r}"
    for lineno, line in enumerate(text.splitlines(), start=1):
        assert line.strip(), f"{name}.csv line {lineno} is blank"


def test_seed_headers() -> None:
    assert list(orgs().columns) == ["org", "country", "org_type", "display_name"]
    assert list(families().columns) == ["family", "org", "name_pattern", "priority", "openness"]
    assert list(read_seed("licenses").columns) == ["license", "license_class", "name"]
    assert list(openrouter_orgs().columns) == ["openrouter_org", "org"]
    assert list(param_buckets().columns) == ["bucket", "min_params", "max_params"]
    assert list(tracked_models().columns) == ["model_id", "org"]


def test_seeds_documented_in_properties_file() -> None:
    text = (SEEDS / "_seeds.yml").read_text(encoding="utf-8")
    for seed in SEED_NAMES:
        assert f"- name: {seed}\n" in text
        for column in read_seed(seed).columns:
            assert f"- name: {column}\n" in text, f"{seed}.{column} undocumented"


# --------------------------------------------------------------------------- orgs


def test_orgs_count() -> None:
    assert len(orgs()) >= 1000


def test_seeds_load_in_duckdb() -> None:
    duckdb = pytest.importorskip("duckdb")
    for name, columns in [("orgs", 4), ("tracked_models", 2)]:
        relation = duckdb.read_csv(str(SEEDS / f"{name}.csv"), header=True, all_varchar=True)
        assert len(relation.columns) == columns
        assert relation.shape[0] == len(read_seed(name))


def test_orgs_unique_case_insensitively() -> None:
    lowered = orgs().org.str.lower()
    dupes = sorted(lowered[lowered.duplicated()])
    assert not dupes, f"duplicate orgs (ignoring case): {dupes}"


def test_orgs_values() -> None:
    df = orgs()
    assert (df.org != "").all()
    assert not df.org.str.contains("/").any()
    bad_country = df[~df.country.isin(COUNTRIES)]
    assert bad_country.empty, bad_country.to_string()
    bad_type = df[~df.org_type.isin(ORG_TYPES)]
    assert bad_type.empty, bad_type.to_string()
    assert (df.display_name != "").all()


def test_required_org_spellings_present() -> None:
    present = set(orgs().org)
    missing = [o for o in REQUIRED_ORGS if o not in present]
    assert not missing, f"missing (exact spelling): {missing}"


def test_iso_code_list_is_complete() -> None:
    assert len(ISO_3166_ALPHA2) == 249
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in ISO_3166_ALPHA2)
    assert not {"EU", "UK", "XK", "ZZ"} & ISO_3166_ALPHA2  # reserved / user-assigned


def test_orgs_countries_are_iso_codes_intl_or_unknown() -> None:
    df = orgs()
    bad = df[~df.country.isin(COUNTRIES)]
    assert bad.empty, bad.to_string()
    # An ATOM-style region is not a country.
    assert not df.country.isin(["eu", "us", "china", "other", "EU", "CHINA", "OTHER"]).any()


def test_orgs_types_are_allowed() -> None:
    bad = orgs()[~orgs().org_type.isin(ORG_TYPES)]
    assert bad.empty, bad.to_string()


@pytest.mark.parametrize(("org", "country", "org_type"), ORG_FACTS)
def test_org_facts(org: str, country: str, org_type: str | None) -> None:
    row = orgs().set_index("org").loc[org]
    assert row.country == country
    if org_type is not None:
        assert row.org_type == org_type


# --------------------------------------------------------------------------- tracked_models


def test_tracked_models_wellformed() -> None:
    df = tracked_models()
    assert len(df) > 0
    assert (df.model_id != "").all()
    assert df.model_id.str.fullmatch(r"[^/\s]+/[^/\s]+").all(), "model_id must be org/name"
    assert (df.org == df.model_id.str.split("/", n=1).str[0]).all(), "org is the part before /"


def test_tracked_models_unique_case_insensitively() -> None:
    lowered = tracked_models().model_id.str.lower()
    dupes = sorted(lowered[lowered.duplicated()])
    assert not dupes, f"duplicate model ids (ignoring case): {dupes}"


def test_tracked_model_orgs_exist_in_orgs() -> None:
    known = set(orgs().org.str.lower())
    missing = sorted({o for o in tracked_models().org if o.lower() not in known})
    assert not missing, f"tracked_models orgs missing from orgs: {missing}"


def test_tracked_models_carry_the_atom_notice() -> None:
    notice = (SEEDS / "NOTICE-atom.md").read_text(encoding="utf-8")
    assert "Apache License" in notice
    assert "Interconnects-AI/tracked-models" in notice
    assert "tracked_models.csv" in notice and "orgs.csv" in notice
    yml = (SEEDS / "_seeds.yml").read_text(encoding="utf-8")
    block = yml[yml.index("- name: tracked_models\n") :]
    assert "ATOM Project" in block and "Apache-2.0" in block and "NOTICE-atom.md" in block


# --------------------------------------------------------------------------- model_families


def test_family_rules_wellformed() -> None:
    df = families()
    assert (df.family != "").all()
    priorities = df.priority.astype(int).tolist()
    assert priorities == sorted(priorities), "rules must be listed by ascending priority"
    catch_all = df[(df.org == "") & (df.name_pattern == "")]
    assert catch_all.empty, "a catch-all rule would make every token slug open-weight"
    rules = list(zip(df.org.str.lower(), df.name_pattern.str.lower(), strict=True))
    assert len(rules) == len(set(rules)), "duplicate (org, pattern) rule"


def test_family_patterns_compile_and_are_portable() -> None:
    for pattern in families().name_pattern:
        if not pattern:
            continue
        re.compile(pattern, re.IGNORECASE)
        # DuckDB evaluates regexp_matches(lower(name), lower(pattern)): a pattern
        # with upper case (e.g. `\D`, `\S`) would change meaning when lower-cased.
        assert pattern == pattern.lower(), f"pattern must be lower case: {pattern!r}"
        # Constructs that RE2 lacks or treats differently from Python.
        for construct in ["(?=", "(?!", "(?<=", "(?<!", "(?P=", "\\1", "\\2", "(?i"]:
            assert construct not in pattern, f"non-portable {construct!r} in {pattern!r}"


def test_family_orgs_exist_in_orgs() -> None:
    known = set(orgs().org.str.lower())
    rule_orgs = {o for o in families().org if o}
    missing = sorted(o for o in rule_orgs if o.lower() not in known)
    assert not missing, f"model_families orgs missing from orgs: {missing}"


def test_required_families_present() -> None:
    present = set(families().family)
    missing = [f for f in REQUIRED_FAMILIES if f not in present]
    assert not missing, missing


@pytest.mark.parametrize(("slug", "expected"), sorted(TOKEN_SLUGS.items()))
def test_token_slug_families(slug: str, expected: str | None) -> None:
    assert family_of(*slug_to_hub(slug)) == expected


def test_other_row_is_not_open_weight_either_way() -> None:
    # Whether a slug without `/` is read as (org, "") or ("", name), it matches nothing.
    assert family_of("other", "") is None
    assert family_of("", "other") is None


@pytest.mark.parametrize(("model_id", "expected"), sorted(HUB_IDS.items()))
def test_hub_id_families(model_id: str, expected: str | None) -> None:
    assert family_of(*split_model_id(model_id)) == expected


def test_dolphin_is_not_phi() -> None:
    assert family_of("TheBloke", "dolphin-2.6-mistral-7B-GGUF") != "Phi"


def test_patterns_agree_between_python_and_duckdb() -> None:
    duckdb = pytest.importorskip("duckdb")
    names = sorted(
        {split_model_id(m)[1] for m in HUB_IDS}
        | {slug_to_hub(s)[1] for s in TOKEN_SLUGS}
        | set(EXTRA_NAMES)
    )
    patterns = sorted({p for p in families().name_pattern if p})
    con = duckdb.connect()
    con.execute("create table n(name varchar)")
    con.executemany("insert into n values (?)", [[x] for x in names])
    con.execute("create table p(pattern varchar)")
    con.executemany("insert into p values (?)", [[x] for x in patterns])
    got = {
        (name, pattern)
        for name, pattern in con.execute(
            "select name, pattern from n, p where regexp_matches(lower(name), lower(pattern))"
        ).fetchall()
    }
    expected = {(n, p) for n in names for p in patterns if re.search(p, n, re.IGNORECASE)}
    assert got == expected


# --------------------------------------------------------------------------- openrouter_orgs


def test_openrouter_orgs() -> None:
    df = openrouter_orgs()
    keys = df.openrouter_org
    assert (keys == keys.str.lower()).all(), "keys must be lower case"
    assert keys.is_unique
    assert not keys.str.contains("[/:]").any()
    assert (df.org != "").all()
    known = set(orgs().org.str.lower())
    missing = sorted(o for o in df.org if o.lower() not in known)
    assert not missing, f"openrouter_orgs targets missing from orgs: {missing}"


def test_required_openrouter_mappings() -> None:
    mapping = dict(zip(openrouter_orgs().openrouter_org, openrouter_orgs().org, strict=True))
    expected = {
        "qwen": "Qwen",
        "deepseek": "deepseek-ai",
        "meta-llama": "meta-llama",
        "mistralai": "mistralai",
        "google": "google",
        "microsoft": "microsoft",
        "openai": "openai",
        "nvidia": "nvidia",
        "z-ai": "zai-org",
        "thudm": "THUDM",
        "moonshotai": "moonshotai",
        "minimax": "MiniMaxAI",
        "01-ai": "01-ai",
        "cohere": "CohereLabs",
        "ai21": "ai21labs",
        "allenai": "allenai",
        "ibm-granite": "ibm-granite",
        "tencent": "tencent",
        "baidu": "baidu",
        "stepfun-ai": "stepfun-ai",
        "nousresearch": "NousResearch",
        "inclusionai": "inclusionAI",
        "arcee-ai": "arcee-ai",
        "liquid": "LiquidAI",
        "bytedance": "ByteDance-Seed",
        "xiaomi": "XiaomiMiMo",
    }
    for key, value in expected.items():
        assert mapping.get(key) == value, key
    # x-ai stays unmapped so that closed Grok slugs never meet xai-org's open-weight rule.
    assert "x-ai" not in mapping


# --------------------------------------------------------------------------- param_buckets


def test_param_buckets_are_the_documented_defaults() -> None:
    """The ATOM Project's size classes (docs/metrics.md#seeds)."""
    df = param_buckets()
    assert df.bucket.tolist() == ["<1B", "1-5B", "5-10B", "10-50B", "50-100B", "100-250B", "250B+"]
    for column in ["min_params", "max_params"]:
        written = [v for v in df[column] if v != ""]
        assert all(re.fullmatch(r"[0-9]+", v) for v in written), "integers written in full"
    edges = [0, 1, 5, 10, 50, 100, 250]
    assert df.min_params.astype(int).tolist() == [e * 10**9 for e in edges]
    assert df.max_params.tolist()[-1] == ""
    assert df.max_params.tolist()[:-1] == df.min_params.tolist()[1:], "buckets are contiguous"


# --------------------------------------------------------------------------- licences, openness


def test_licence_classes_of_the_common_hub_licences() -> None:
    """docs/seeds.md#licensescsv-licence-classes: the classes of the ids that hold most models."""
    licences = read_seed("licenses")
    classes = dict(zip(licences["license"], licences["license_class"], strict=True))
    assert licences["license"].str.lower().is_unique
    assert (licences["license"] == licences["license"].str.lower()).all()
    assert set(classes.values()) == {"permissive", "restricted", "non_commercial"}
    expected = {
        "apache-2.0": "permissive",
        "mit": "permissive",
        "cc-by-4.0": "permissive",
        "bsd-3-clause": "permissive",
        "llama2": "restricted",
        "llama3": "restricted",
        "llama3.1": "restricted",
        "llama3.2": "restricted",
        "llama3.3": "restricted",
        "llama4": "restricted",
        "gemma": "restricted",
        "openrail": "restricted",
        "creativeml-openrail-m": "restricted",
        "bigscience-bloom-rail-1.0": "restricted",
        "qwen": "restricted",
        "deepseek": "restricted",
        "cc-by-nc-4.0": "non_commercial",
        "cc-by-nc-sa-4.0": "non_commercial",
        "cc-by-nc-nd-4.0": "non_commercial",
        "fair-noncommercial-research-license": "non_commercial",
    }
    assert {lic: classes.get(lic) for lic in expected} == expected
    # ids that say nothing about the terms stay unlisted, so they come out `other`
    assert not {"other", "unknown", "cc"} & set(classes)


def test_family_openness() -> None:
    """docs/seeds.md#openness-of-families: the fully open families are `open_source`."""
    rules = families()
    assert set(rules["openness"]) <= {"open_source", "open_weight"}
    # every rule of a family carries the same value (a family takes its first rule's)
    per_family = rules.groupby("family")["openness"].nunique()
    assert (per_family == 1).all(), per_family[per_family > 1]
    openness = dict(zip(rules["family"], rules["openness"], strict=False))
    for family in ("OLMo", "Pythia", "SmolLM", "K2", "Apertus"):
        assert openness[family] == "open_source", family
    for family in ("Qwen", "Llama", "DeepSeek", "Mistral", "Gemma", "GPT-OSS", "BLOOM", "Falcon"):
        assert openness[family] == "open_weight", family
