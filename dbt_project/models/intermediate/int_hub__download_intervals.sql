{{ config(
    materialized='incremental',
    incremental_strategy='replace_changed',
    incremental_predicates=["snapshot_date >= {{ changed_from() }}"],
    post_hook="{{ record_watermark() }}",
) }}
-- Daily downloads (docs/metrics.md#daily-downloads): each sighting closes an
-- interval whose downloads are spread evenly over its days (first_day .. last_day).
--   interval : seen before; downloadsAllTime difference over (previous, this],
--              a negative difference counts 0 (recorded as an anomaly)
--   new_model: first sighting, created after the warehouse's previous snapshot;
--              all its downloads over days created+1 .. this (all on this day
--              when created on it)
--   baseline : first sighting in the very first snapshot, or of a model that
--              existed before tracking began; gives no downloads
-- Only intervals whose count moved are kept: a sighting with the same count
-- as the previous one, a baseline, or a new model with no downloads adds
-- nothing to any day and no anomaly, and on the real Hub most sightings are
-- such (most models' counts do not move on most days).
-- Incremental (docs/incremental.md): the intervals closed on or after the
-- earliest changed snapshot are replaced.
with classified as (
    select
        *,
        case
            when previous_seen_date is not null then 'interval'
            when previous_warehouse_snapshot_date is not null
                and created_date > previous_warehouse_snapshot_date then 'new_model'
            else 'baseline'
        end as interval_kind
    from {{ ref('int_hub__model_observations') }}
    {% if is_incremental() %}
        where snapshot_date >= {{ changed_from() }}
    {% endif %}
)

select
    model_id,
    snapshot_date,
    interval_kind,
    case interval_kind
        when 'interval' then previous_seen_date + 1
        when 'new_model' then least(created_date + 1, snapshot_date)
        else snapshot_date
    end as first_day,
    snapshot_date as last_day,
    downloads_all_time,
    previous_downloads_all_time,
    case interval_kind
        when 'interval' then downloads_all_time - previous_downloads_all_time
        when 'new_model' then downloads_all_time
        else 0
    end as downloads_delta,
    greatest(downloads_delta, 0) as interval_downloads,
    previous_seen_date
from classified
where downloads_delta <> 0
