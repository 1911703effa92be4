-- While the latest snapshot is refused (and not accepted through
-- `omw accept-snapshot`), nothing downstream is rebuilt or published.
select snapshot_date, status_reason
from {{ ref('stg_hub__snapshots') }}
where status = 'refused'
    and snapshot_date = (select max(snapshot_date) from {{ ref('stg_hub__snapshots') }})
