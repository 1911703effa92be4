{{ config(
    materialized='incremental',
    incremental_strategy='replace_changed',
    unique_key=['model_id', 'age_days'],
    incremental_predicates=["target_date >= {{ changed_from() }} - 7"],
    post_hook="{{ record_watermark() }}",
) }}
-- Relative adoption (docs/metrics.md#relative-adoption-rate): cumulative
-- downloads of each non-derivative model with a parameter count at ages
-- 7 … 365 days: the all-time count on created_date + k, else linear
-- interpolation between the nearest known points before and after when those
-- are at most 7 days apart. (created_date, 0) is a known point unless a
-- snapshot falls on that date.
--
-- Incremental (docs/incremental.md): a run recomputes the targets within 7
-- days of the earliest snapshot loaded or re-judged since the previous run, or
-- later (the only values such a snapshot can change). Targets without a value
-- are kept as null rows; the mart keeps only non-null values. A row whose
-- model's creation date or eligibility changed since stays until its target
-- is recomputed; the mart ignores it (it checks both against dim_models).
with eligible as (
    select model_id, created_date
    from {{ ref('int_hub__model_attributes') }} as a
    where a.params is not null
        and a.model_id not in (select model_id from {{ ref('int_hub__model_parents') }})
),

{% if is_incremental() %}
changed_since as (
    select {{ changed_from() }} - 7 as first_target_date
),
{% endif %}

targets as (
    select e.model_id, e.created_date, ages.age_days, e.created_date + ages.age_days as target_date
    from eligible as e
    cross join (select unnest([7, 14, 30, 60, 90, 180, 365]) as age_days) as ages
    where e.created_date + ages.age_days <= (select max(snapshot_date) from {{ ref('int_hub__snapshots_counted') }})
    {% if is_incremental() %}
        and e.created_date + ages.age_days >= (select first_target_date from changed_since)
    {% endif %}
),

{% if is_incremental() %}
targeted_models as (
    select distinct model_id from targets
),
{% endif %}

-- Only points within 7 days of a target can decide its value (an exact hit,
-- or the two ends of an interpolation at most 7 days apart), so an
-- incremental run reads the sightings of the targeted models from 7 days
-- before the first target on: a day's cost does not grow with history.
sightings as (
    select o.model_id, o.snapshot_date as point_date, cast(o.downloads_all_time as double) as point_value
    from {{ ref('int_hub__model_observations') }} as o
    {% if is_incremental() %}
        inner join targeted_models using (model_id)
        where o.snapshot_date >= (select first_target_date from changed_since) - 7
    {% else %}
        inner join eligible using (model_id)
    {% endif %}
),

known_points as (
    select * from sightings
    union all
    select e.model_id, e.created_date, 0.0
    from eligible as e
    {% if is_incremental() %}
        inner join targeted_models using (model_id)
    {% endif %}
    where not exists (
        select 1 from sightings as s
        where s.model_id = e.model_id and s.point_date = e.created_date
    )
),

bracketed as (
    select
        t.*,
        before.point_date as before_date,
        before.point_value as before_value,
        after.point_date as after_date,
        after.point_value as after_value
    from targets as t
    asof left join known_points as before
        on t.model_id = before.model_id and t.target_date >= before.point_date
    asof left join known_points as after
        on t.model_id = after.model_id and t.target_date <= after.point_date
)

select
    model_id,
    age_days,
    created_date,
    target_date,
    case
        when before_date = target_date then before_value
        when after_date - before_date <= 7
            then before_value
                + (after_value - before_value)
                * (target_date - before_date) / (after_date - before_date)
    end as cumulative_downloads
from bracketed
