"""The Dagster code location (`dagster dev`, `workspace.yaml`): the whole graph."""

from orchestration.assembly import BUILD_JOB, build_definitions
from orchestration.hub.schedules import HUB_IMPORT_JOB

__all__ = ["BUILD_JOB", "HUB_IMPORT_JOB", "build_definitions", "defs"]

defs = build_definitions()
