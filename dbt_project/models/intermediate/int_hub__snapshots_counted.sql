-- The snapshots that count, each with the warehouse's previous counted snapshot.
select
    snapshot_date,
    scope,
    models,
    lag(snapshot_date) over (order by snapshot_date) as previous_snapshot_date
from {{ ref('stg_hub__snapshots') }}
where is_counted
