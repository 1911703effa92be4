-- One row per imported snapshot with its gate verdict. `is_counted` is false
-- for a refused snapshot: it counts nowhere, as if it had never been taken.
select
    snapshot_date,
    scope,
    source_file,
    lines,
    rejected_lines,
    models,
    status,
    status_reason,
    status in ('accepted', 'overridden') as is_counted,
    loaded_at
from {{ source('hub', 'hub_snapshots') }}
