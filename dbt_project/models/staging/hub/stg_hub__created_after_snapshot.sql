-- The lines stg_hub__model_snapshots leaves out: a model listed in a snapshot
-- with a createdAt date after the snapshot's date. fct_download_anomalies
-- records them; they count nowhere else.
select
    snapshot_date,
    model_id,
    created_at,
    cast(created_at as date) as created_date,
    downloads_all_time,
    source_file,
    line_no
from {{ source('hub', 'hub_models') }}
where cast(created_at as date) > snapshot_date
