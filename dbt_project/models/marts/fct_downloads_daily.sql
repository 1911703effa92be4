-- Downloads per model per UTC day: each interval's downloads spread evenly
-- (and possibly fractionally) over its days. Zero days are omitted.
with intervals as (
    select
        model_id,
        first_day,
        interval_downloads,
        last_day - first_day + 1 as interval_days
    from {{ ref('int_hub__download_intervals') }}
    where interval_downloads > 0
)

select
    model_id,
    cast(first_day + cast(day_offset as integer) as date) as date,
    cast(interval_downloads as double) / interval_days as downloads
from intervals,
    unnest(range(interval_days)) as days(day_offset)
