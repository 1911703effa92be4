-- Model × root: every model seen in a snapshot with each of its roots, and
-- what the lineage views attribute to the root: its family, and the country of
-- its author (the root's own author when it was seen, else the part of its id
-- before '/'). The lineage shares read this table, so a day's build writes the
-- million-row attribution once.
with attributed as (
    select
        r.*,
        f.family as root_family,
        coalesce(
            seen.author,
            case when contains(r.root_id, '/') then split_part(r.root_id, '/', 1) end
        ) as root_author
    from {{ ref('int_lineage__roots') }} as r
    inner join {{ ref('int_lineage__root_families') }} as f on f.id = r.root_id
    left join {{ ref('int_hub__model_attributes') }} as seen on seen.model_id = r.root_id
)

select
    a.model_id,
    a.root_id,
    a.weight,
    a.depth,
    a.root_family,
    a.lineage_status,
    a.root_author,
    coalesce(o.country, 'unknown') as root_country
from attributed as a
left join {{ ref('stg_reference__orgs') }} as o on o.org_key = lower(a.root_author)
