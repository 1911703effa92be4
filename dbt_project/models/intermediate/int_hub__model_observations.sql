-- Every sighting of a model in a counted snapshot, with its previous sighting
-- and the warehouse's previous snapshot date (to tell new models from baselines).
-- The creation date is the model's latest one, like all its attributes.
select
    m.model_id,
    m.snapshot_date,
    a.created_date,
    m.downloads_all_time,
    s.previous_snapshot_date as previous_warehouse_snapshot_date,
    lag(m.snapshot_date) over by_model as previous_seen_date,
    lag(m.downloads_all_time) over by_model as previous_downloads_all_time
from {{ ref('stg_hub__model_snapshots') }} as m
inner join {{ ref('int_hub__snapshots_counted') }} as s using (snapshot_date)
inner join {{ ref('int_hub__model_attributes') }} as a using (model_id)
window by_model as (partition by m.model_id order by m.snapshot_date)
