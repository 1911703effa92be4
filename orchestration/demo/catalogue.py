"""The catalogue of simulated repositories: the curated roster plus generated uploads.

Over 400 lines on purpose: :class:`CatalogueBuilder` is one builder whose steps
(individual uploads, derivatives of the families in fashion, deletions, metadata
fixed later) share its random stream and the catalogue they grow.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np

from orchestration.demo import roster
from orchestration.demo.draws import stable_unit
from orchestration.demo.licences import derived_licenses, license_for, upload_licenses
from orchestration.demo.repositories import OTHER, Repository, quantized_dtypes, read_curated
from orchestration.demo.seeds import read_seeds
from orchestration.demo.timeline import anchored, day_number

if TYPE_CHECKING:
    from orchestration.demo.simulator import SampleConfig


HISTORY_START = date(2019, 6, 1)  # earliest createdAt of a generated pre-tracking upload


DERIVATIVE_SHARE = 0.40  # of all repositories


PRE_TRACKING_SHARE = 0.08  # of generated repositories


CREATION_GROWTH = 3.0  # upload rate at the end of tracking is (1 + this) x that at its start


DELETION_RATE = 0.20  # of generated repositories, over their life


#: Which family new derivatives build on, over time (weights, linearly interpolated; a
#: family only competes once it has a release; "*" is shared by all other families).
DERIVATIVE_FAMILY_WEIGHTS: dict[str, list[tuple[str, float]]] = {
    "Llama": [
        ("2023-03-01", 0.55),
        ("2024-12-31", 0.40),
        ("2025-06-01", 0.20),
        ("2026-03-01", 0.08),
    ],
    "Qwen": [
        ("2023-03-01", 0.0),
        ("2024-06-01", 0.14),
        ("2024-12-31", 0.22),
        ("2025-06-01", 0.36),
        ("2026-03-01", 0.52),
    ],
    "Mistral": [("2023-03-01", 0.22), ("2024-09-01", 0.11), ("2026-03-01", 0.05)],
    "Gemma": [
        ("2023-03-01", 0.02),
        ("2024-09-01", 0.07),
        ("2025-04-01", 0.09),
        ("2026-03-01", 0.07),
    ],
    "DeepSeek": [
        ("2023-03-01", 0.01),
        ("2025-01-01", 0.02),
        ("2025-02-01", 0.06),
        ("2026-03-01", 0.05),
    ],
    "Phi": [("2023-03-01", 0.02), ("2024-09-01", 0.04), ("2026-03-01", 0.025)],
    "GPT-OSS": [("2023-03-01", 0.08), ("2026-03-01", 0.06)],
    "*": [("2023-03-01", 0.10), ("2026-03-01", 0.10)],
}


#: Never-listed parents (gated or removed repositories) that pre-tracking derivatives
#: build on: id, created, nominal params, popularity as a parent.
PHANTOM_BASES: list[tuple[str, str, int, float]] = [
    ("meta-llama/Llama-2-7b-hf", "2023-07-13", 6_738_415_616, 40000),
    ("meta-llama/Llama-2-7b-chat-hf", "2023-07-13", 6_738_415_616, 60000),
    ("meta-llama/Llama-2-13b-chat-hf", "2023-07-13", 13_015_864_320, 20000),
    ("ghost-ml/removed-base-13b", "2024-02-01", 13_015_864_320, 300),
]


#: llama.cpp architecture and context length of a GGUF conversion, by the first
#: pattern found in its parent's id (lower-cased); the last row is the fallback.
GGUF_HEADERS: list[tuple[str, str, int]] = [
    (r"distill-qwen", "qwen2", 131072),
    (r"distill-llama", "llama", 131072),
    (r"qwen3-(coder-)?\d+b-a\d+b|qwen3-next", "qwen3moe", 262144),
    (r"qwen3", "qwen3", 40960),
    (r"qwen2(\.5)?-vl", "qwen2vl", 128000),
    (r"qwen|qwq", "qwen2", 32768),
    (r"deepseek-(r1|v3)", "deepseek2", 163840),
    (r"gpt-oss", "gpt-oss", 131072),
    (r"gemma-3", "gemma3", 131072),
    (r"gemma", "gemma2", 8192),
    (r"llama-3\.[123]|llama-3_", "llama", 131072),
    (r"llama-2", "llama", 4096),
    (r"mistral-nemo|ministral", "llama", 131072),
    (r"mistral|mixtral", "llama", 32768),
    (r"phi-[34]", "phi3", 131072),
    (r"olmo", "olmo2", 4096),
    (r"smol|tinyllama", "llama", 2048),
    (r"glm", "glm4", 131072),
    (r"", "llama", 8192),
]


def _make_handles(rng: np.random.Generator, count: int) -> list[str]:
    """Generated individual uploaders, e.g. ``user-a1b2``, ``neural-lab-7``."""
    handles: list[str] = []
    seen: dict[str, None] = {}
    a_words, b_words = roster.HANDLE_WORDS_A, roster.HANDLE_WORDS_B
    while len(handles) < count:
        style = rng.integers(4)
        a = a_words[rng.integers(len(a_words))]
        b = b_words[rng.integers(len(b_words))]
        if style == 0:
            handle = f"user-{rng.integers(16**4):04x}"
        elif style == 1:
            handle = f"{a}-{b}-{rng.integers(1, 100)}"
        elif style == 2:
            handle = f"{a}{b.replace('-', '')}{rng.integers(1, 1000)}"
        else:
            handle = f"{a}-{b}"
        if handle not in seen and not read_seeds().is_org(handle):
            seen[handle] = None
            handles.append(handle)
    return handles


def _creation_times(
    rng: np.random.Generator, n: int, lo: date, hi: date, growth: float
) -> list[datetime]:
    """``n`` creation instants in [lo, hi], density rising linearly by ``growth``."""
    span = (hi - lo).days + 1
    if n <= 0 or span <= 0:
        return []
    # inverse CDF of a density proportional to 1 + growth * x on [0, 1]
    u = rng.random(n)
    x = (np.sqrt(1 + growth * (2 + growth) * u) - 1) / growth if growth > 0 else u
    offsets = np.minimum((x * span).astype(int), span - 1)
    seconds = rng.integers(0, 86400, n)
    return sorted(
        datetime.combine(lo + timedelta(days=int(o)), datetime.min.time())
        + timedelta(seconds=int(s))
        for o, s in zip(offsets, seconds, strict=True)
    )


def _unique_id(author: str, name: str, taken: dict[str, None]) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:90]
    candidate = f"{author}/{name}"
    k = 2
    while candidate in taken:
        candidate = f"{author}/{name}-v{k}"
        k += 1
    taken[candidate] = None
    return candidate


class CatalogueBuilder:
    """Builds the list of repositories: curated ones plus generated uploads."""

    def __init__(self, cfg: SampleConfig):
        self.cfg = cfg
        self.rng = np.random.default_rng([cfg.seed, 1])
        self.models: list[Repository] = read_curated(cfg)
        self.taken: dict[str, None] = dict.fromkeys(m.model_id for m in self.models)
        self.by_id = {m.model_id: m for m in self.models}
        self.phantoms: dict[str, Repository] = {
            pid: Repository(
                model_id=pid,
                created=datetime.fromisoformat(created + "T00:00:00"),
                params=None,
                param_dtypes=None,
                pipeline="text-generation",
                library="transformers",
                parents=[],
                bare_parent_tags=False,
                kind="base",
                popularity=pop,
                hype=1.0,
                nominal_params=params,
                license_tags=license_for(pid),
            )
            for pid, created, params, pop in PHANTOM_BASES
        }
        for m in [*self.phantoms.values(), *self.models]:
            self._inherited_licenses(m, ())

    def _inherited_licenses(self, m: Repository, seen: tuple[str, ...]) -> tuple[str, ...]:
        """A curated repository's licence tags; without a rule, its first parent's."""
        if m.license_tags is None:
            parent = self._first_parent(m)
            if parent is None or parent.model_id in seen:
                m.license_tags = ("apache-2.0",)
            else:
                self._inherited_licenses(parent, (*seen, m.model_id))
                m.license_tags = (parent.license,) if parent.license else ()
        return m.license_tags

    def _first_parent(self, m: Repository) -> Repository | None:
        """The first listed (or phantom) parent other than the model itself."""
        for _, pid in m.parents:
            if pid != m.model_id:
                return self.by_id.get(pid) or self.phantoms.get(pid)
        return None

    def _gguf_header(self, m: Repository) -> dict | None:
        """The ``gguf`` object of a GGUF repository: its parent's real parameter count
        (the converted weights), the llama.cpp architecture and context length."""
        parent = self._first_parent(m)
        total = m.nominal_params or (parent and (parent.nominal_params or parent.params))
        if not total:
            return None
        ref = (parent or m).model_id.lower()
        arch, context = next((a, c) for pattern, a, c in GGUF_HEADERS if re.search(pattern, ref))
        return {"total": int(total), "architecture": arch, "context_length": context}

    # -- helpers ---------------------------------------------------------------------
    def _add(self, model: Repository) -> None:
        self.models.append(model)
        self.by_id[model.model_id] = model

    # -- main ------------------------------------------------------------------------
    def build(self) -> list[Repository]:
        cfg, rng = self.cfg, self.rng
        for m in self.models:
            m.depth = self._depth(m)
        n_generated = max(0, cfg.n_models - len(self.models))
        n_curated_derivatives = sum(
            1 for m in self.models if any(p != m.model_id for _, p in m.parents)
        )
        n_derivatives = int(
            np.clip(round(DERIVATIVE_SHARE * cfg.n_models) - n_curated_derivatives, 0, n_generated)
        )
        n_individual = n_generated - n_derivatives
        handles = _make_handles(rng, max(40, n_generated // 5))
        handle_weights = 1.0 / np.arange(1, len(handles) + 1) ** 1.05
        self.handles, self.handle_p = handles, handle_weights / handle_weights.sum()

        pre_end = cfg.start - timedelta(days=1)
        n_pre_ind = int(round(PRE_TRACKING_SHARE * n_individual))
        n_pre_der = int(round(PRE_TRACKING_SHARE * n_derivatives))
        for created in _creation_times(
            rng, n_pre_ind, HISTORY_START, pre_end, 3.0
        ) + _creation_times(rng, n_individual - n_pre_ind, cfg.start, cfg.end, CREATION_GROWTH):
            self._add(self._individual_upload(created))
        deriv_times = _creation_times(
            rng, n_pre_der, date(2023, 3, 1), pre_end, 2.0
        ) + _creation_times(rng, n_derivatives - n_pre_der, cfg.start, cfg.end, CREATION_GROWTH)
        for created in deriv_times:
            model = self._derivative(created)
            if model is not None:
                self._add(model)
        self._schedule_deletions()
        self._schedule_attribute_changes()
        for m in self.models:
            if m.quant_format == "gguf":
                m.gguf = self._gguf_header(m)
        return sorted(self.models, key=lambda m: m.model_id)

    def _depth(self, m: Repository) -> int:
        seen = {m.model_id}
        frontier = [p for _, p in m.parents if p != m.model_id]
        depth = 0
        while frontier:
            depth += 1
            nxt = []
            for pid in frontier:
                if pid in seen:
                    continue
                seen.add(pid)
                parent = self.by_id.get(pid)
                if parent is not None:
                    nxt += [p for _, p in parent.parents if p != pid]
            frontier = nxt
            if depth > 8:
                break
        return depth

    def _individual_upload(self, created: datetime) -> Repository:
        """A repository without a base model: classifiers, tiny LMs, RL agents..."""
        rng = self.rng
        kinds = roster.INDIVIDUAL_KINDS
        weights = np.array([k[5] for k in kinds])
        pipeline, library, template, mu, sd, _ = kinds[
            rng.choice(len(kinds), p=weights / weights.sum())
        ]
        handle = self.handles[rng.choice(len(self.handles), p=self.handle_p)]
        name = template.format(
            arch=roster.INDIVIDUAL_ARCHS[rng.integers(len(roster.INDIVIDUAL_ARCHS))],
            topic=roster.INDIVIDUAL_TOPICS[rng.integers(len(roster.INDIVIDUAL_TOPICS))],
            n=rng.integers(2, 4),
        )
        params = None
        if sd is not None and rng.random() > 0.08:
            params = int(10 ** rng.normal(mu, sd))
        model_id = _unique_id(handle, name, self.taken)
        pop = float(min(40000.0, np.exp(rng.normal(np.log(2.0), 1.9))))
        return Repository(
            model_id=model_id,
            created=created,
            params=params,
            param_dtypes={"F32": params} if params else None,
            pipeline=pipeline,
            library=library,
            parents=[],
            bare_parent_tags=False,
            kind="base",
            popularity=pop,
            hype=0.6,
            nominal_params=params,
            license_tags=upload_licenses(
                model_id, ["apache-2.0", "mit", "cc-by-4.0", "other"][rng.integers(4)]
            ),
        )

    def _family_pools(self, day: int) -> dict[str, list[Repository]]:
        pools: dict[str, list[Repository]] = {}
        candidates = list(self.phantoms.values()) + self.models
        for m in candidates:
            if m.created_day >= day or m.quant_format is not None or m.kind in ("adapter",):
                continue
            if m.deleted_on is not None and day_number(m.deleted_on) <= day:
                continue
            if m.depth >= 3 or m.kind in ("self_reference",) or m.family == OTHER and not m.curated:
                continue
            if m.model_id.startswith(
                ("loop-lab/", "self-ref-lab/", "phoenix-tuner/", "fusion-works/")
            ):
                continue
            pools.setdefault(m.family, []).append(m)
        return pools

    def _derivative(self, created: datetime) -> Repository | None:
        """A derivative of an existing model, uploaded by a quantizer or an individual."""
        rng = self.rng
        day = day_number(created.date())
        pools = self._family_pools(day)
        if not pools:
            return None
        fam_names = sorted(pools)
        weights = []
        named = set(DERIVATIVE_FAMILY_WEIGHTS) - {"*"}
        n_rest = sum(1 for f in fam_names if f not in named)
        for fam in fam_names:
            anchors = DERIVATIVE_FAMILY_WEIGHTS.get(fam)
            if anchors is None:
                w = float(anchored(DERIVATIVE_FAMILY_WEIGHTS["*"], np.array([day]), False)[0])
                w = w * (sum(m.popularity for m in pools[fam]) ** 0.5) / max(n_rest, 1) / 300
            else:
                w = float(anchored(anchors, np.array([day]), False)[0])
            weights.append(max(w, 0.0))
        w_arr = np.array(weights)
        if w_arr.sum() <= 0:
            return None
        family = fam_names[rng.choice(len(fam_names), p=w_arr / w_arr.sum())]
        pool = pools[family]

        relation = str(
            rng.choice(
                ["quantized", "finetune", "adapter", "merge", "unspecified"],
                p=[0.38, 0.34, 0.14, 0.08, 0.06],
            )
        )
        text_like = [m for m in pool if m.pipeline in ("text-generation", "image-text-to-text")]
        if relation in ("quantized", "merge") and text_like:
            pool = text_like
        # popular and recent releases attract derivatives; generated finetunes can be
        # built on too (chains), with a boost that makes up for their small audience
        age = np.array([max(day - m.created_day, 1) for m in pool], dtype=float)
        pop = np.array([m.popularity if m.curated else m.popularity * 40 for m in pool])
        attract = pop ** (0.9 if relation == "quantized" else 0.6) * (1 + 6 * np.exp(-age / 45))
        attract *= np.array([1.0 if m.depth < 2 else 0.5 for m in pool])
        probs = attract / attract.sum()

        parents = [pool[rng.choice(len(pool), p=probs)]]
        if relation == "merge":
            # mergekit needs identical architectures: merge models of the first one's size
            size = parents[0].nominal_params or 0
            mates = [
                i
                for i, m in enumerate(pool)
                if m is not parents[0]
                and size
                and m.pipeline == parents[0].pipeline
                and abs(np.log((m.nominal_params or 1) / size)) < 0.05
            ]
            if mates:
                k = min(len(mates), 1 if rng.random() < 0.8 else 2)
                mate_p = probs[mates] / probs[mates].sum()
                picked = rng.choice(len(mates), size=k, replace=False, p=mate_p)
                parents += [pool[mates[i]] for i in sorted(picked)]
            else:
                relation = "finetune"
        first = parents[0]

        uploader, reach, hype = self._uploader_for(relation, created, first)
        base_name = first.name
        nominal = first.nominal_params or first.params
        quant = None
        params: int | None = nominal
        dtypes: dict[str, int] | None = None
        library = first.library if first.library not in (None, "vllm") else "transformers"
        if relation == "quantized":
            quant, suffix = self._quant_style(uploader)
            name = f"{base_name}-{suffix}"
            if quant == "gguf":
                # The Hub names the library of about half of the GGUF repositories.
                params = None
                gguf_library = stable_unit("gguf-library", uploader, name) < 0.5
                library = "gguf" if gguf_library else None
            elif nominal:
                dtypes = quantized_dtypes(nominal, quant)
                params = sum(dtypes.values())
                library = "mlx" if quant == "mlx" else "transformers"
        elif relation == "adapter":
            topic = roster.ADAPTER_TOPICS[rng.integers(len(roster.ADAPTER_TOPICS))]
            name = f"{base_name}-{'q' if rng.random() < 0.4 else ''}lora-{topic}"
            library = "peft"
            params = (
                int(nominal * rng.uniform(0.002, 0.01)) if nominal and rng.random() < 0.3 else None
            )
            dtypes = {"F32": params} if params else None
        elif relation == "merge":
            name = "merge-of-" + "-and-".join(p.name[:32] for p in parents)
        else:
            suffix = roster.FINETUNE_SUFFIXES[rng.integers(len(roster.FINETUNE_SUFFIXES))]
            name = base_name if uploader == "unsloth" else f"{base_name}-{suffix}"
        if params and dtypes is None:
            dtypes = {"BF16": params}
        if relation in ("finetune", "unspecified", "merge") and rng.random() < 0.06:
            params, dtypes = None, None  # pytorch_model.bin only: no safetensors metadata
        model_id = _unique_id(uploader, name, self.taken)
        rel = "unspecified" if relation == "unspecified" else relation
        parent_pop = max(p.popularity for p in parents)
        # heavy-tailed, but a copy never draws more than a fraction of its parent's audience
        pop = parent_pop * min(reach * float(np.exp(rng.normal(0.0, 1.1))), 0.25)
        pop = max(0.05, pop)
        model = Repository(
            model_id=model_id,
            created=created,
            params=params,
            param_dtypes=dtypes,
            pipeline=first.pipeline,
            library=library,
            parents=[(("finetune" if rel == "unspecified" else rel), p.model_id) for p in parents],
            bare_parent_tags=rel == "unspecified",
            kind=rel,
            popularity=pop,
            hype=hype,
            nominal_params=nominal,
            quant_format=quant,
            family=family,
            depth=1 + max(p.depth for p in parents),
            license_tags=derived_licenses(model_id, rel, parents),
        )
        if rel == "unspecified":
            model.parents = [("unspecified", p.model_id) for p in parents]
        return model

    def _uploader_for(
        self, relation: str, created: datetime, parent: Repository
    ) -> tuple[str, float, float]:
        """Who uploads a derivative, its reach relative to the parent, its launch hype."""
        rng = self.rng
        if relation == "quantized" and rng.random() < 0.68:
            active = [
                (a, w)
                for a, since, until, w in roster.QUANTIZERS
                if created.date() >= date.fromisoformat(since)
                and (until is None or created.date() < date.fromisoformat(until))
            ]
            if active:
                weights = np.array([w for _, w in active])
                author = active[rng.choice(len(active), p=weights / weights.sum())][0]
                return author, roster.QUANTIZER_REACH[author], 1.5
        if relation == "finetune" and created.date() >= date(2024, 5, 1) and rng.random() < 0.06:
            return "unsloth", 0.08, 1.2
        handle = self.handles[rng.choice(len(self.handles), p=self.handle_p)]
        return handle, 0.0025, 0.8

    def _quant_style(self, uploader: str) -> tuple[str, str]:
        rng = self.rng
        if uploader == "mradermacher":
            return "gguf", "i1-GGUF" if rng.random() < 0.5 else "GGUF"
        if uploader == "unsloth":
            return ("gguf", "GGUF") if rng.random() < 0.6 else ("bnb", "bnb-4bit")
        if uploader == "TheBloke":
            r = rng.random()
            return ("gguf", "GGUF") if r < 0.6 else (("awq", "AWQ") if r < 0.8 else ("awq", "GPTQ"))
        if uploader in ("bartowski", "lmstudio-community", "MaziyarPanahi"):
            return "gguf", "GGUF"
        options = [
            ("gguf", "Q4_K_M-GGUF"),
            ("mlx", "4bit"),
            ("awq", "AWQ"),
            ("awq", "GPTQ-Int4"),
            ("fp8", "FP8"),
            ("gguf", "GGUF"),
        ]
        return options[rng.integers(len(options))]

    def _schedule_deletions(self) -> None:
        """Some generated uploads disappear from the listing for good."""
        rng = np.random.default_rng([self.cfg.seed, 2])
        for m in self.models:
            if m.curated or m.protected:
                continue
            rate = DELETION_RATE * (0.3 if read_seeds().is_org(m.author) else 1.2)
            if rng.random() < rate:
                gone = m.created.date() + timedelta(days=int(rng.integers(21, 300)))
                if gone <= self.cfg.end:
                    m.deleted_on = max(gone, self.cfg.start + timedelta(days=15))

    def _schedule_attribute_changes(self) -> None:
        """A few repositories fix their metadata later: the latest listing is the truth.

        Some derivatives gain their ``base_model`` tags only after a model-card edit;
        some individual uploads gain safetensors metadata after a re-upload.
        """
        rng = np.random.default_rng([self.cfg.seed, 3])
        start, end = self.cfg.start, self.cfg.end
        derivs = [
            m
            for m in self.models
            if not m.curated
            and m.parents
            and m.deleted_on is None
            and start + timedelta(days=20) <= m.created.date() <= end - timedelta(days=45)
        ]
        bases = [
            m
            for m in self.models
            if not m.curated
            and not m.parents
            and m.params
            and m.deleted_on is None
            and start + timedelta(days=20) <= m.created.date() <= end - timedelta(days=45)
        ]
        for group, attr, count in (
            (derivs, "early_without_parents", 12),
            (bases, "early_without_params", 4),
        ):
            if not group:
                continue
            for i in rng.choice(len(group), size=min(count, len(group)), replace=False):
                m = group[int(i)]
                setattr(m, attr, True)
                m.early_switch = m.created.date() + timedelta(days=int(rng.integers(10, 40)))
