{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    pre_hook="{{ delete_months_to_recompute() }}",
    post_hook="{{ record_watermark() }}",
) }}
-- Each model's downloads per month: the grain every monthly share starts from.
--
-- Incremental: daily facts change only in rows whose interval closed on or
-- after the earliest snapshot loaded or re-judged since this model last ran
-- (`fct_downloads_daily` deletes and re-inserts exactly those), and such an
-- interval can reach back into earlier months. The pre-hook deletes every
-- month holding such a row, before (`max_interval_end_date` here) or now (in
-- the daily facts); this query then sums the daily facts of the months that
-- are missing here. A daily build so re-sums a month or two, not all history.
-- A table built before max_interval_end_date existed is rebuilt once (the pre-hook empties it).
select
    model_id,
    cast(date_trunc('month', date) as date) as month,
    sum(downloads) as downloads,
    -- the latest interval end among the month's facts: which months a change touches
    max(interval_end_date) as max_interval_end_date
from {{ ref('fct_downloads_daily') }}
{% if is_incremental() %}
    where cast(date_trunc('month', date) as date) not in (select distinct month from {{ this }})
{% endif %}
group by all
