{{ config(
    materialized='incremental',
    incremental_strategy='replace_changed',
    incremental_predicates=["snapshot_date >= {{ changed_from() }}"],
    post_hook="{{ record_watermark() }}",
) }}
-- Data-quality anomalies, one row per model sighting in a counted snapshot:
--   downloads_fell         : the all-time count fell since the previous
--                            sighting; the interval counts 0 in fct_downloads_daily.
--   created_after_snapshot : createdAt is after the snapshot date; the sighting
--                            counts nowhere (staging leaves it out, as if the
--                            model were not listed that day).
-- Incremental (docs/incremental.md): the anomalies of snapshots on or after
-- the earliest changed one are replaced; both sources are read from that date
-- on, so a day's build no longer scans the whole history.
select
    model_id,
    snapshot_date,
    'downloads_fell' as anomaly,
    previous_seen_date as previous_snapshot_date,
    downloads_all_time,
    previous_downloads_all_time,
    downloads_delta
from {{ ref('int_hub__download_intervals') }}
where downloads_delta < 0
{% if is_incremental() %}
    and snapshot_date >= {{ changed_from() }}
{% endif %}

union all

select
    c.model_id,
    c.snapshot_date,
    'created_after_snapshot' as anomaly,
    null::date as previous_snapshot_date,
    c.downloads_all_time,
    null::bigint as previous_downloads_all_time,
    null::bigint as downloads_delta
from {{ ref('stg_hub__created_after_snapshot') }} as c
inner join {{ ref('int_hub__snapshots_counted') }} as s using (snapshot_date)
{% if is_incremental() %}
    where c.snapshot_date >= {{ changed_from() }}
{% endif %}
