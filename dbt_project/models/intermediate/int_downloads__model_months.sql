{{ config(
    materialized='incremental',
    incremental_strategy='replace_changed',
    incremental_predicates=["month >= {{ first_changed_month() }}"],
    post_hook="{{ record_watermark() }}",
) }}
-- Each model's downloads per month: the grain every monthly share starts from.
--
-- Incremental (docs/incremental.md): fct_downloads_daily replaces the days of
-- every interval closed on or after the earliest changed snapshot, and such an
-- interval can reach back into earlier months. The months from the first one
-- holding such a day, before (`max_interval_end_date` here) or now (in the
-- daily facts), are summed again (macros/first_changed_month.sql): a month or
-- two on a daily build, not all history.
select
    model_id,
    cast(date_trunc('month', date) as date) as month,
    sum(downloads) as downloads,
    -- the latest interval end among the month's facts: which months a change touches
    max(interval_end_date) as max_interval_end_date
from {{ ref('fct_downloads_daily') }}
{% if is_incremental() %}
    where date >= {{ first_changed_month() }}
{% endif %}
group by all
