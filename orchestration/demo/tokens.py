"""Simulated OpenRouter token usage and the export files that carry it
(docs/metrics.md#token-export-rules)."""

from __future__ import annotations

import calendar
import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from orchestration.demo import roster
from orchestration.demo.timeline import date_of, day_number, iso_day_number

if TYPE_CHECKING:
    from orchestration.demo.simulator import Ecosystem, SampleConfig


@dataclass(frozen=True)
class TokenFileLayout:
    """One token export: its rows are ``token_rows.iloc[rows[0]:rows[1]]`` in order."""

    file: str
    fmt: str  # "csv", "jsonl" or "rankings"
    rows: tuple[int, int]


def _month_starts(first: date, last: date) -> list[date]:
    months = []
    m = date(first.year, first.month, 1)
    while m <= last:
        months.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return months


def simulate_tokens(cfg: SampleConfig) -> tuple[pd.DataFrame, list[TokenFileLayout]]:
    """OpenRouter-style daily token usage per slug, and the export files carrying it.

    Open-weight volume grows ~30x over the period; the Chinese share of it follows
    :data:`roster.CN_TOKEN_SHARE_ANCHORS` (logit interpolation); within a group,
    slugs split the volume by release ramp, decay and noise.
    """
    rng = np.random.default_rng([cfg.seed, 9])
    days = np.arange(day_number(cfg.token_start), day_number(cfg.token_end) + 1)
    slugs = roster.TOKEN_SLUGS
    n_days = len(days)
    released = np.array([iso_day_number(r) for _, r, _, _ in slugs])
    volume = np.array([v for _, _, _, v in slugs])
    groups = np.array([g for _, _, g, _ in slugs])
    age = days[None, :] - released[:, None]
    weight = (
        volume[:, None]
        * np.minimum(1.0, (age + 1) / 10.0)
        * (1 + np.maximum(age, 0) / 150.0) ** -0.6
    )
    weight *= np.exp(rng.normal(0, 0.12, weight.shape))
    weight[age < 0] = 0.0
    weekday = np.where(np.array([date_of(d).weekday() for d in days]) >= 5, 0.88, 1.0)
    t = (days - days[0]) / max(n_days - 1, 1)
    open_total = 1.6e9 * np.exp(np.log(28.0) * t) * weekday
    closed_total = 5.0e9 * np.exp(np.log(9.0) * t) * weekday
    xs = np.array([iso_day_number(a) for a, _ in roster.CN_TOKEN_SHARE_ANCHORS], dtype=float)
    ys = np.array([v for _, v in roster.CN_TOKEN_SHARE_ANCHORS])
    cn_share = 1 / (1 + np.exp(-np.interp(days, xs, np.log(ys / (1 - ys)))))

    tokens = np.zeros_like(weight)
    for group, total in (
        ("cn", open_total * cn_share),
        ("open", open_total * (1 - cn_share)),
        ("closed", closed_total),
    ):
        sel = groups == group
        denom = weight[sel].sum(axis=0)
        share = np.divide(weight[sel], denom, out=np.zeros_like(weight[sel]), where=denom > 0)
        tokens[sel] = share * total
    tokens = np.round(tokens).astype(np.int64)
    per_request = np.exp(rng.normal(np.log(2500), 0.4, len(slugs)))
    prompt_frac = rng.uniform(0.68, 0.86, len(slugs))

    # daily rows (date, slug, total, requests), then assign them to files
    day_rows: list[tuple[int, int]] = [
        (int(d), j) for di, d in enumerate(days) for j in range(len(slugs)) if tokens[j, di] > 0
    ]
    months = _month_starts(cfg.token_start, cfg.token_end)
    rankings_days = min(3, n_days - 1) if n_days > 3 else 0
    rankings_from = int(days[-1]) - rankings_days + 1 if rankings_days else 10**9
    jsonl_months = {k for k in (3, 10) if k < len(months) - 1}
    fix_month = 6 if len(months) > 7 else (1 if len(months) > 2 else None)
    jsonl_months.discard(fix_month)

    records: list[dict] = []
    layouts: list[TokenFileLayout] = []

    def emit(file: str, fmt: str, rows: list[tuple[int, int, int]]) -> None:
        start = len(records)
        for line_no, (d, j, total) in enumerate(rows, start=1):
            requests = max(1, int(round(total / per_request[j])))
            rec = {
                "file": file,
                "line_no": line_no,
                "date": date_of(d),
                "slug": slugs[j][0],
                "prompt_tokens": None,
                "completion_tokens": None,
                "total_tokens": None,
                "requests": requests,
            }
            if fmt == "jsonl":
                prompt = int(round(total * prompt_frac[j]))
                rec["prompt_tokens"], rec["completion_tokens"] = prompt, total - prompt
                rec["requests"] = None
            else:
                rec["total_tokens"] = total
            records.append(rec)
        if rows:
            layouts.append(TokenFileLayout(file, fmt, (start, len(records))))

    day_index = {int(d): i for i, d in enumerate(days)}
    for k, month in enumerate(months):
        m_first = day_number(month)
        m_last = day_number(
            date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
        )
        rows = [
            (d, j, int(tokens[j, day_index[d]]))
            for d, j in day_rows
            if m_first <= d <= m_last and d < rankings_from
        ]
        stem = f"openrouter_usage_{month:%Y-%m}"
        if k in jsonl_months:
            emit(f"{stem}.jsonl", "jsonl", rows)
        else:
            emit(f"{stem}.csv", "csv", rows)
        if k == fix_month and rows:
            fix_rng = np.random.default_rng([cfg.seed, 10])
            month_days = sorted({d for d, _, _ in rows})
            fix_days = [
                month_days[i]
                for i in sorted(
                    fix_rng.choice(len(month_days), size=min(6, len(month_days)), replace=False)
                )
            ]
            fixed = []
            for d, j, total in rows:
                if d in fix_days and fix_rng.random() < 0.3:
                    fixed.append((d, j, int(total * fix_rng.uniform(1.05, 1.4))))
            emit(f"{stem}_fix.csv", "csv", fixed)
    if rankings_days:
        rows = [(d, j, int(tokens[j, day_index[d]])) for d, j in day_rows if d >= rankings_from]
        emit(f"openrouter_rankings_{date_of(int(days[-1])).isoformat()}.json", "rankings", rows)

    frame = pd.DataFrame(
        {
            "file": pd.Series([r["file"] for r in records], dtype=object),
            "line_no": pd.Series([r["line_no"] for r in records], dtype="int64"),
            "date": pd.Series([r["date"] for r in records], dtype=object),
            "slug": pd.Series([r["slug"] for r in records], dtype=object),
        }
    )
    for col in ("prompt_tokens", "completion_tokens", "total_tokens", "requests"):
        frame[col] = pd.array([r[col] for r in records], dtype="Int64")
    return frame, layouts


def write_token_file(eco: Ecosystem, layout: TokenFileLayout, token_dir: Path) -> Path:
    path = token_dir / layout.file
    lo, hi = layout.rows
    rows = eco.token_rows.iloc[lo:hi]
    if layout.fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["date", "model", "total_tokens", "requests"])
        for d, slug, total, req in zip(
            rows["date"], rows["slug"], rows["total_tokens"], rows["requests"], strict=True
        ):
            writer.writerow([d.isoformat(), slug, int(total), int(req)])
        path.write_text(buf.getvalue(), encoding="utf-8")
    elif layout.fmt == "jsonl":
        lines = []
        for line_no, d, slug, prompt, completion in zip(
            rows["line_no"],
            rows["date"],
            rows["slug"],
            rows["prompt_tokens"],
            rows["completion_tokens"],
            strict=True,
        ):
            # some exporters write counts as decimal strings
            p: int | str = str(int(prompt)) if line_no % 5 == 0 else int(prompt)
            c: int | str = str(int(completion)) if line_no % 7 == 0 else int(completion)
            lines.append(
                json.dumps(
                    {
                        "date": d.isoformat(),
                        "model_permaslug": slug,
                        "prompt_tokens": p,
                        "completion_tokens": c,
                    }
                )
            )
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        data = [
            {
                "date": d.isoformat(),
                "model_permaslug": slug,
                "variant": "free" if slug.endswith(":free") else "standard",
                "total_tokens": int(total),
                "count": int(req),
            }
            for d, slug, total, req in zip(
                rows["date"], rows["slug"], rows["total_tokens"], rows["requests"], strict=True
            )
        ]
        first, last = rows["date"].min(), rows["date"].max()
        doc = {
            "data": data,
            "meta": {
                "source": "openrouter-rankings",
                "interval": "day",
                "start_date": first.isoformat(),
                "end_date": last.isoformat(),
                "generated_at": datetime.combine(
                    last + timedelta(days=1), datetime.min.time(), tzinfo=UTC
                ).isoformat(),
            },
        }
        path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return path
