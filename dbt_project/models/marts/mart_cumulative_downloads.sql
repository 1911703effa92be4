-- The stock of downloads, the ATOM Project's cumulative counts
-- (docs/metrics.md#stock-of-downloads): for each month, the last counted
-- snapshot s in it, and
--   downloads_all_time = Σ over models seen in s of downloadsAllTime(s)
-- by dimension:
--   country_uploader, org_type: the model's own author
--   country_lineage, family   : its roots' authors / families, split by root weight
-- A model's stock counts in every scope the model itself is in; its attributes
-- (author, roots, scope) are its latest. A model missing from s adds nothing
-- that month. `share` is within (month, scope, dimension).

-- The month's last counted snapshot: a refused one counts nowhere, so an
-- earlier counted one of the same month stands in for it.
with month_ends as (
    select cast(date_trunc('month', snapshot_date) as date) as month, max(snapshot_date) as snapshot_date
    from {{ ref('int_hub__snapshots_counted') }}
    group by all
),

-- Only those snapshots' sightings are read (one snapshot a month, not the whole
-- history). Observations hold the sightings staging kept, in counted snapshots.
-- Not materialized: both views below stream these rows through their joins
-- rather than writing months × models rows aside first.
stock as not materialized (
    select e.month, o.model_id, cast(o.downloads_all_time as double) as downloads_all_time
    from {{ ref('int_hub__model_observations') }} as o
    inner join month_ends as e using (snapshot_date)
),

-- Aggregated per scope and attribute first: the dimensions below then read a
-- few thousand rows each instead of one per model and month.
by_author as (
    select s.month, sc.scope, m.country, m.org_type, sum(s.downloads_all_time) as downloads_all_time
    from stock as s
    inner join {{ ref('int_hub__model_scopes') }} as sc using (model_id)
    inner join {{ ref('dim_models') }} as m using (model_id)
    group by all
),

by_root as (
    select
        s.month,
        sc.scope,
        r.root_country,
        r.root_family,
        sum(s.downloads_all_time * r.weight) as downloads_all_time
    from stock as s
    inner join {{ ref('int_hub__model_scopes') }} as sc using (model_id)
    inner join {{ ref('mart_derivative_lineage') }} as r using (model_id)
    group by all
),

combined as (
    select month, scope, 'country_uploader' as dimension, country as key, sum(downloads_all_time) as downloads_all_time
    from by_author group by all
    union all
    select month, scope, 'org_type', org_type, sum(downloads_all_time) from by_author group by all
    union all
    select month, scope, 'country_lineage', root_country, sum(downloads_all_time) from by_root group by all
    union all
    select month, scope, 'family', root_family, sum(downloads_all_time) from by_root group by all
)

select
    month,
    scope,
    dimension,
    key,
    downloads_all_time,
    downloads_all_time / sum(downloads_all_time) over (partition by month, scope, dimension) as share
from combined
where downloads_all_time > 0
