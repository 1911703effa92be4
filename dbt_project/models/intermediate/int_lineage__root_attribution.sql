-- Each model's roots with what the lineage views attribute to them: the
-- root's family, and the country of the root's author (the model's own author
-- when the root was seen, else the part of its id before '/').
select
    r.model_id,
    r.root_id,
    r.weight,
    r.depth,
    r.lineage_status,
    f.family as root_family,
    coalesce(
        seen.author,
        case when contains(r.root_id, '/') then split_part(r.root_id, '/', 1) end
    ) as root_author,
    coalesce(o.country, 'unknown') as root_country
from {{ ref('int_lineage__roots') }} as r
inner join {{ ref('int_lineage__root_families') }} as f on f.id = r.root_id
left join {{ ref('int_hub__model_attributes') }} as seen on seen.model_id = r.root_id
left join {{ ref('stg_reference__orgs') }} as o
    on o.org_key = lower(coalesce(
        seen.author,
        case when contains(r.root_id, '/') then split_part(r.root_id, '/', 1) end
    ))
