"""Great Expectations 1.x suites run on pandas batches read from DuckDB.

GX takes seconds to import, so it is imported inside :func:`validate` only,
never at module load: `dagster dev` and the CLI start fast, and only a run that
ends in a suite (a raw load's blocking check) pays for the import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Expectation:
    """One GX expectation by class name, e.g. ``Expectation("ExpectColumnValuesToNotBeNull", column="id")``."""

    name: str
    kwargs: dict[str, Any]

    def __init__(self, name: str, **kwargs: Any) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "kwargs", kwargs)


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    success: bool
    detail: str


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    rows: int
    outcomes: list[ExpectationOutcome]

    @property
    def success(self) -> bool:
        return all(outcome.success for outcome in self.outcomes)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]

    def as_markdown(self) -> str:
        lines = ["| expectation | column | result | detail |", "|---|---|---|---|"]
        for o in self.outcomes:
            mark = "pass" if o.success else "**FAIL**"
            lines.append(f"| {o.expectation} | {o.column or ''} | {mark} | {o.detail} |")
        return "\n".join(lines)


def _detail(result: dict[str, Any]) -> str:
    keys = ("unexpected_count", "unexpected_percent", "observed_value", "partial_unexpected_list")
    parts = []
    for key in keys:
        if key in result and result[key] not in (None, [], 0, 0.0):
            value = result[key]
            if isinstance(value, list):
                value = value[:5]
            if isinstance(value, float):
                value = round(value, 4)
            parts.append(f"{key}={value}")
    return ", ".join(parts)


def validate(suite_name: str, frame: pd.DataFrame, expectations: list[Expectation]) -> SuiteOutcome:
    """Validate ``frame`` against ``expectations`` with an ephemeral GX context.

    An expectation name GX does not know raises `AttributeError` naming it.
    """
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = gx.data_context.types.base.ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas(name=f"{suite_name}_source")
    asset = source.add_dataframe_asset(name=f"{suite_name}_frame")
    batch_definition = asset.add_batch_definition_whole_dataframe(f"{suite_name}_batch")
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name=suite_name)
    for expectation in expectations:
        suite.add_expectation(getattr(gx.expectations, expectation.name)(**expectation.kwargs))
    result = batch.validate(suite)
    outcomes = [
        ExpectationOutcome(
            expectation=r.expectation_config.type,
            column=r.expectation_config.kwargs.get("column"),
            success=bool(r.success),
            detail=_detail(r.result or {}),
        )
        for r in result.results
    ]
    return SuiteOutcome(suite=suite_name, rows=len(frame), outcomes=outcomes)
