"""The licence tags of simulated repositories (docs/metrics.md#licences-and-openness):
the labs' own licences as they tag them, and what derivatives and individual uploads
carry (inherited, none, non-commercial, a blank one first, two of them)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from orchestration.demo.draws import stable_unit

if TYPE_CHECKING:
    from orchestration.demo.repositories import Repository


#: Licences of the curated labs as they tag them on the Hub: (org or None for an id
#: without one, case-insensitive regex on the name, licence; "" for a repository with
#: no licence tag). First match wins; a curated repository no rule matches inherits
#: its first parent's licence (quantizers and fine-tuners copy it), else apache-2.0.
LICENSE_RULES: list[tuple[str | None, str, str]] = [
    ("meta-llama", r"llama-4|guard-4|prompt-guard-2", "llama4"),
    ("meta-llama", r"llama-3\.3", "llama3.3"),
    ("meta-llama", r"llama-3\.2", "llama3.2"),
    ("meta-llama", r"llama-3\.1|guard-3", "llama3.1"),
    ("meta-llama", r"llama-2", "llama2"),
    ("meta-llama", "", "llama3"),
    ("google", "gemma", "gemma"),
    ("google", "", "apache-2.0"),
    ("Qwen", r"-(3|72)b", "other"),  # Qwen's research / custom licences of 3B and 72B
    ("Qwen", "", "apache-2.0"),
    ("deepseek-ai", r"coder-6\.7b|-v2|vl2|v3(-base)?$", "deepseek"),
    ("deepseek-ai", "", "mit"),
    ("microsoft", "", "mit"),
    ("openai", "clip", ""),  # the CLIP repositories carry no licence
    ("openai", "", "apache-2.0"),
    ("openai-community", "", "mit"),
    (None, r"^(gpt2|roberta-base|xlm-roberta-base)$", "mit"),
    (None, "", "apache-2.0"),
    ("THUDM", r"chatglm|glm-4-9b|glm-4v|cogvideo", "other"),
    ("THUDM", "", "mit"),
    ("zai-org", r"glm-4-9b", "other"),
    ("zai-org", "", "mit"),
    ("moonshotai", "kimi-k2", "other"),  # a modified MIT licence
    ("moonshotai", "", "mit"),
    ("MiniMaxAI", "text-01", "other"),
    ("MiniMaxAI", "-m2", "mit"),
    ("MiniMaxAI", "", "apache-2.0"),
    ("internlm", "internlm2", "other"),
    ("baichuan-inc", "baichuan2", "other"),
    ("tencent", "", "other"),
    ("BAAI", "bge", "mit"),
    ("XiaomiMiMo", "", "mit"),
    ("nvidia", r"parakeet|canary|openreasoning", "cc-by-4.0"),
    ("nvidia", r"llama-3\.1-nemotron-70b", "llama3.1"),
    ("nvidia", "", "other"),
    ("CohereLabs", "", "cc-by-nc-4.0"),
    ("upstage", "solar-10", "cc-by-nc-4.0"),
    ("upstage", "", "mit"),
    ("LGAI-EXAONE", "", "other"),
    ("ai21labs", "reasoning", "apache-2.0"),
    ("ai21labs", "", "other"),
    ("stabilityai", r"stable-diffusion-(2|xl)", "openrail++"),
    ("stabilityai", "vae", "mit"),
    ("stabilityai", "", "other"),
    ("tiiuae", r"falcon3|falcon-h1|falcon-e", "other"),
    ("tiiuae", "", "apache-2.0"),
    ("bigcode", "", "bigcode-openrail-m"),
    ("mistralai", r"large-instruct-24|pixtral-large|devstral-2-123b", "other"),
    ("mistralai", "", "apache-2.0"),
    ("allenai", "llama", "llama3.1"),
    ("allenai", "", "apache-2.0"),
    ("NousResearch", r"llama|hermes-4-(70|405)b", "llama3"),
    ("NousResearch", "", "apache-2.0"),
    ("EleutherAI", "", "apache-2.0"),
    ("nomic-ai", "", "apache-2.0"),
    ("swiss-ai", "", "apache-2.0"),
    ("HuggingFaceTB", "", "apache-2.0"),
    ("ibm-granite", "", "apache-2.0"),
    ("pyannote", "", "mit"),
    ("dslim", "", "mit"),
]


def license_for(model_id: str) -> tuple[str, ...] | None:
    """The licence tags of a curated repository by :data:`LICENSE_RULES`; None: no rule."""
    org, _, name = model_id.rpartition("/")
    for rule_org, pattern, license_ in LICENSE_RULES:
        if (rule_org or "") != org or (pattern and not re.search(pattern, name, re.IGNORECASE)):
            continue
        return (license_,) if license_ else ()
    return None


def derived_licenses(model_id: str, relation: str, parents: list[Repository]) -> tuple[str, ...]:
    """The licence tags of a generated derivative, mostly its first parent's.

    A merge lists every parent's licence, in parent order; a quantization copies its
    parent's. Some fine-tunes and adapters carry none, a non-commercial one (trained
    on such data), a blank ``license:`` left by a card template before the base's, or
    their own licence before the base's.
    """
    inherited = parents[0].license
    own = (inherited,) if inherited else ()
    if relation == "merge":
        return tuple(dict.fromkeys(p.license for p in parents if p.license))
    if relation == "quantized":
        return own
    u = stable_unit("license", model_id)
    if u < 0.08:
        return ()
    if u < 0.11:
        return ("cc-by-nc-4.0",)
    if u < 0.14:
        return ("", *own)
    if u < 0.17 and inherited not in (None, "apache-2.0"):
        return ("apache-2.0", inherited)
    return own


def upload_licenses(model_id: str, drawn: str) -> tuple[str, ...]:
    """The licence tags of an individual upload: about a fifth carry none, a few a
    non-commercial or a use-restricted (RAIL) licence, the others the drawn one."""
    u = stable_unit("license", model_id)
    if u < 0.2:
        return ()
    if u < 0.25:
        return ("cc-by-nc-4.0",)
    if u < 0.28:
        return ("openrail",)
    return (drawn,)
