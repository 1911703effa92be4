{{ config(
    materialized='incremental',
    incremental_strategy='replace_changed',
    incremental_predicates=["interval_end_date >= {{ changed_from() }}"],
    post_hook="{{ record_watermark() }}",
) }}
-- Downloads per model per UTC day (docs/metrics.md#daily-downloads): each
-- interval's downloads spread evenly (and possibly fractionally) over its
-- days. Zero days are omitted.
-- Incremental (docs/incremental.md): the days of the intervals closed on or
-- after the earliest changed snapshot are replaced.
with intervals as (
    select
        model_id,
        first_day,
        last_day,
        interval_downloads,
        last_day - first_day + 1 as interval_days
    from {{ ref('int_hub__download_intervals') }}
    where interval_downloads > 0
    {% if is_incremental() %}
        and snapshot_date >= {{ changed_from() }}
    {% endif %}
)

select
    model_id,
    cast(first_day + cast(day_offset as integer) as date) as date,
    cast(interval_downloads as double) / interval_days as downloads,
    -- the sighting that closed the interval: what an incremental run replaces
    last_day as interval_end_date
from intervals,
    unnest(range(interval_days)) as days(day_offset)
