select
    snapshot_date,
    source_file,
    line_no,
    model_id,
    reason
from {{ source('hub', 'hub_rejects') }}
