-- Data-quality anomalies: a model whose all-time downloads fell between two
-- sightings. The interval counts 0 downloads in fct_downloads_daily.
select
    model_id,
    snapshot_date,
    previous_seen_date as previous_snapshot_date,
    downloads_all_time,
    previous_downloads_all_time,
    downloads_delta
from {{ ref('int_hub__download_intervals') }}
where downloads_delta < 0
