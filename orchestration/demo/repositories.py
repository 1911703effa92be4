"""One simulated Hub repository, and the curated ones read from the roster."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from orchestration.demo import roster
from orchestration.demo.draws import stable_unit
from orchestration.demo.licences import license_for
from orchestration.demo.seeds import read_seeds
from orchestration.demo.timeline import day_number

if TYPE_CHECKING:
    from orchestration.demo.simulator import SampleConfig


OTHER = "Other"  # the family of a repository outside every named family


@dataclass(eq=False)
class Repository:
    """One Hub repository as the simulator knows it (mutable while being built)."""

    model_id: str
    created: datetime  # naive, UTC
    params: int | None
    param_dtypes: dict[str, int] | None
    pipeline: str | None
    library: str | None
    parents: list[tuple[str, str]]
    bare_parent_tags: bool  # write only "base_model:<id>" (relation unspecified)
    kind: str
    popularity: float
    hype: float
    nominal_params: int | None
    quant_format: str | None = None
    curated: bool = False
    protected: bool = False
    family: str = OTHER  # its family in the story (the roster's ``family:`` flag)
    depth: int = 0
    # the values of its ``license:`` tags in tag order ("" = a bare ``license:``);
    # None while a curated repository still inherits its first parent's
    license_tags: tuple[str, ...] | None = ("apache-2.0",)
    gguf: dict | None = None  # the ``gguf`` object of a GGUF repository
    deleted_on: date | None = None
    early_switch: date | None = None  # before this date the listing shows early_* values
    early_without_parents: bool = False
    early_without_params: bool = False
    extra_tags: tuple[str, ...] = ()  # written as given (any case), after the others

    @property
    def author(self) -> str | None:
        return self.model_id.split("/", 1)[0] if "/" in self.model_id else None

    @property
    def name(self) -> str:
        return self.model_id.split("/", 1)[-1]

    @property
    def created_day(self) -> int:
        return day_number(self.created.date())

    @property
    def country(self) -> str:
        return read_seeds().country(self.author)

    @property
    def license(self) -> str | None:
        """The licence that counts: the first ``license:`` tag with a value."""
        return next((v.strip(" ") for v in self.license_tags or () if v.strip(" ")), None)


def _parse_params(text: str, model_id: str) -> int | None:
    """Catalogue parameter counts: exact ints, or nominal "7.62B" with a stable jitter."""
    text = text.strip()
    if text in ("", "-"):
        return None
    if text[-1] in "BM":
        nominal = float(text[:-1]) * (1e9 if text[-1] == "B" else 1e6)
        jittered = int(round(nominal * (1 + 0.004 * stable_unit("params", model_id))))
        crosses = any(nominal < e <= jittered for e in read_seeds().bucket_edges)
        return int(round(nominal)) if crosses else jittered
    return int(text)


def quantized_dtypes(nominal: int, fmt: str) -> dict[str, int]:
    """Safetensors dtype breakdown of a packed (AWQ/GPTQ/bnb/FP8/MLX) checkpoint.

    Packed integer tensors hold several weights per element, so the Hub's
    ``safetensors.total`` of such repositories is smaller than the model's real size -
    a genuine quirk of the source the size mart has to live with.
    """
    if fmt == "fp8":
        return {"F8_E4M3": int(nominal * 0.97), "BF16": int(nominal * 0.03)}
    if fmt == "bnb":
        return {"U8": int(nominal * 0.45), "F16": int(nominal * 0.06), "F32": 26_214_400}
    if fmt in ("mlx", "exl2"):
        return {"U32": int(nominal * 0.125), "BF16": int(nominal * 0.03)}
    return {"I32": int(nominal * 0.115), "F16": int(nominal * 0.14)}  # awq / gptq


def read_curated(cfg: SampleConfig) -> list[Repository]:
    """Parse :data:`roster.CURATED_MODELS`, keeping repositories created by ``end``."""
    models = []
    for raw in roster.CURATED_MODELS.strip().splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("|")]
        cells += [""] * (8 - len(cells))
        model_id, created, params, pipeline, library, pop, parents, flags = cells[:8]
        created_at = datetime.fromisoformat(created if "T" in created else created + "T12:00:00")
        if created_at.date() > cfg.end:
            continue
        flag_set = flags.split()
        quant = next(
            (f for f in ("gguf", "awq", "fp8", "bnb", "mlx", "exl2") if f in flag_set), None
        )
        nominal = _parse_params(params, model_id)
        parent_list: list[tuple[str, str]] = []
        bare = False
        for spec in filter(None, (p.strip() for p in parents.split(","))):
            if ":" in spec.split("/", 1)[0]:
                rel, pid = spec.split(":", 1)
            else:
                rel, pid, bare = "unspecified", spec, True
            parent_list.append((rel, pid))
        dtypes = None
        total = nominal
        if quant == "gguf":
            total = None
        elif quant and nominal:
            dtypes = quantized_dtypes(nominal, quant)
            total = sum(dtypes.values())
        elif nominal:
            dtypes = {"F32" if nominal < 400e6 else "BF16": nominal}
        if parent_list and parent_list[0][1] == model_id:
            kind = "self_reference"
        elif parent_list:
            kind = parent_list[0][0]
        else:
            kind = "base"
        models.append(
            Repository(
                model_id=model_id,
                created=created_at,
                params=total,
                param_dtypes=dtypes if total else None,
                pipeline=pipeline or None,
                library=library or None,
                parents=parent_list,
                bare_parent_tags=bare,
                kind=kind,
                popularity=float(pop),
                hype=2.0,
                nominal_params=nominal,
                quant_format=quant,
                curated=True,
                protected="protect" in flag_set or "breakout" in flag_set,
                license_tags=next(
                    (tuple(f[4:].split(",")) for f in flag_set if f.startswith("lic:")),
                    license_for(model_id),
                ),
                extra_tags=tuple(f[4:] for f in flag_set if f.startswith("tag:")),
                family=next((f[7:] for f in flag_set if f.startswith("family:")), OTHER),
            )
        )
    unknown = {m.family for m in models} - read_seeds().families - {OTHER}
    if unknown:
        raise ValueError(f"roster families missing from the model_families seed: {sorted(unknown)}")
    return models
