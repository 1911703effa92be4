-- Monthly download share by licence class and by openness, per scope
-- (docs/metrics.md#licences-and-openness):
-- - `license_class`: by the model's own licence (the uploader's choice);
-- - `openness`: by lineage, a model's downloads split across its roots'
--   families by root weight, each family `open_source` or `open_weight`.
-- A model's downloads count in every scope the model itself is in.
with model_months as (
    select d.month, s.scope, d.model_id, d.downloads
    from {{ ref('int_downloads__model_months') }} as d
    inner join {{ ref('int_hub__model_scopes') }} as s using (model_id)
),

by_license_class as (
    select
        mm.month,
        mm.scope,
        'license_class' as dimension,
        m.license_class as key,
        sum(mm.downloads) as downloads
    from model_months as mm
    inner join {{ ref('dim_models') }} as m using (model_id)
    group by all
),

by_openness as (
    select
        mm.month,
        mm.scope,
        'openness' as dimension,
        coalesce(f.openness, 'open_weight') as key,
        sum(mm.downloads * r.weight) as downloads
    from model_months as mm
    inner join {{ ref('mart_derivative_lineage') }} as r using (model_id)
    left join {{ ref('stg_reference__family_openness') }} as f on f.family = r.root_family
    group by all
),

combined as (
    select * from by_license_class
    union all
    select * from by_openness
)

select
    month,
    scope,
    dimension,
    key,
    downloads,
    downloads / sum(downloads) over (partition by month, scope, dimension) as share
from combined
where downloads > 0
