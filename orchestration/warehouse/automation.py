"""When the warehouse rebuilds: the one definition of "stale", as Dagster automation conditions.

Every dbt model, the publish step and the report carry `rebuild_condition()`.
Dagster's automation sensor (`warehouse_automation`, running by default under
`dagster dev` or `dagster-daemon run`) evaluates it on every tick and launches
a run for what it selects; `omw build` evaluates the very same conditions in
process (`evaluate_stale`) and materializes what they select. Nothing else in
the code base decides what is stale.

An asset is rebuilt when, since it was last requested or materialized:

* it is missing (never materialized), or
* a parent was materialized (a raw partition landed by the schedule, the token
  inbox sensor, the UI or any `omw` command; a dbt model upstream), or
* its code version changed (the dbt project's fingerprint, see
  `orchestration.warehouse.dbt.project_fingerprint`),

and it is not held back: no parent is being materialized right now, no parent's
blocking check failed (a refused snapshot, a failed token gate, a failed dbt
test), and — for the publish step and the report — no parent's latest
materialization failed, so readers never get marts from a failed build.
"""

from dataclasses import dataclass

import dagster as dg

from orchestration.resources import sensor_interval

AC = dg.AutomationCondition

AUTOMATION_SENSOR = "warehouse_automation"

BUILD_JOB = "warehouse_build"
"""The job over everything downstream of the raw loads, which `omw build` runs."""


def stale_condition() -> dg.AutomationCondition:
    """The one definition of stale: a parent, or the code, is newer than the asset.

    Timestamps decide, not ticks: when a parent and the asset were both materialized
    since the last tick, the asset is stale only if the parent came later.
    (`since_last_handled` would drop such an update: its reset carries no timestamps.)

    A code change has no timestamp. When the code changed and the asset was
    materialized since the last tick, that materialization is taken as the old
    code's: typically the run the last evaluation launched (`omw build` keeps the
    cursor from before its run), then the code was edited. At worst an asset that
    someone materialized with the new code between two ticks is rebuilt once more.
    """
    parent_newer = (
        AC.any_deps_match(AC.newly_updated()).since(AC.newly_updated())
        | AC.any_deps_match(AC.will_be_requested())
    ).with_label("a parent is newer, or will be this tick")
    code_newer = (
        AC.code_version_changed()
        .since(AC.newly_updated() & ~AC.code_version_changed())
        .with_label("code changed since materialized")
    )
    return (parent_newer | code_newer).with_label("stale")


WORTH_TRYING = "not failed, or changed since it failed"


def _worth_trying() -> dg.AutomationCondition:
    # After a failed attempt, the sensor tries again only once something changed: a
    # run that keeps failing is not relaunched every tick. (`omw build` drops this
    # part: a person asking for a build wants what failed tried again.)
    failed = AC.execution_failed()
    changed_since = (AC.any_deps_updated() | AC.code_version_changed()).since(failed.newly_true())
    return (~failed | changed_since).with_label(WORTH_TRYING)


MISSING = "missing"


def _triggered() -> dg.AutomationCondition:
    # Missing counts at once, on a first evaluation too (unlike `newly_missing`).
    return (stale_condition() | AC.missing().with_label(MISSING)) & _worth_trying()


def for_manual_builds(condition: dg.AutomationCondition) -> dg.AutomationCondition:
    """The same condition for `omw build`: without the failed-attempt guard, and what
    failed last time (a failed dbt model, or everything a killed run had planned) is
    tried again, so a build after a failure or a crash ends with published marts."""
    return condition.replace(WORTH_TRYING, ~AC.in_progress()).replace(
        MISSING, (AC.missing() | AC.execution_failed()).with_label("missing, or failed last time")
    )


def _not_held_back() -> dg.AutomationCondition:
    # A check that never ran holds nothing back (a warehouse of token files alone
    # still builds); one that failed does, until its asset is materialized again. A
    # parent rebuilt in the same run holds nothing back either: its blocking checks run
    # again first (this is how the checks of a killed run, which count as failed, clear).
    gate_failed = AC.any_deps_match(
        AC.any_checks_match(AC.check_failed(), blocking_only=True) & ~AC.will_be_requested()
    ).with_label("a parent's blocking check failed")
    return ~AC.any_deps_in_progress() & ~AC.in_progress() & ~gate_failed


def rebuild_condition() -> dg.AutomationCondition:
    """Staging, intermediate and mart models: rebuild what new inputs or new code reach."""
    return (_triggered() & _not_held_back()).with_label("rebuild when inputs or code change")


def publish_condition() -> dg.AutomationCondition:
    """Publish and report: as `rebuild_condition`, and never after a parent failed."""
    parent_failed = AC.any_deps_match(AC.execution_failed() & ~AC.will_be_requested()).with_label(
        "a parent's last materialization failed"
    )
    return (_triggered() & _not_held_back() & ~parent_failed).with_label(
        "publish when every checked parent succeeded"
    )


def automation_sensor(target: dg.AssetSelection) -> dg.AutomationConditionSensorDefinition:
    """The sensor that evaluates the conditions and launches the runs they ask for."""
    return dg.AutomationConditionSensorDefinition(
        AUTOMATION_SENSOR,
        target=target,
        default_status=dg.DefaultSensorStatus.RUNNING,
        minimum_interval_seconds=sensor_interval(),
        # Unpartitioned targets: plain runs, which the UI links to the evaluation that asked.
        emit_backfills=False,
        description=(
            "Rebuilds, checks and publishes the marts whenever a raw partition lands or the dbt "
            "project changes (see orchestration/warehouse/automation.py)."
        ),
    )


CURSOR_KEY = "omw/build_automation_cursor"
"""Where `omw build` keeps its own evaluation cursor in the instance's key-value store."""


@dataclass
class StaleAssets:
    """What one evaluation selected (in dependency order), and the cursor after it."""

    keys: list[dg.AssetKey]
    cursor: str


def evaluate_stale(
    defs: dg.Definitions, instance: dg.DagsterInstance, target: dg.AssetSelection
) -> StaleAssets:
    """Evaluate the automation conditions of `target` from `omw build`'s last cursor.

    The cursor is returned, not stored: the caller stores it (`store_cursor`) only
    once the run it launched succeeded, so a build that failed or was killed is
    asked again by the next `omw build`.
    """
    stored = instance.run_storage.get_cursor_values({CURSOR_KEY}).get(CURSOR_KEY)
    cursor = dg.deserialize_value(stored) if stored else None
    result = dg.evaluate_automation_conditions(
        defs=defs, instance=instance, asset_selection=target, cursor=cursor
    )
    graph = defs.resolve_asset_graph()
    keys = [
        key
        for key in graph.toposorted_asset_keys
        if key in target.resolve(graph) and result.get_num_requested(key)
    ]
    return StaleAssets(keys=keys, cursor=dg.serialize_value(result.cursor))


def store_cursor(instance: dg.DagsterInstance, cursor: str) -> None:
    instance.run_storage.set_cursor_values({CURSOR_KEY: cursor})
