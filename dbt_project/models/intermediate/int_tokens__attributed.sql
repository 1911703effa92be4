-- Daily token rows with everything the token marts group by
-- (docs/metrics.md#token-share): openness from the catalogue; for open-weight
-- slugs, family, country and size. With a catalogue repo, they follow that
-- model: its family, its author's country and its size class when the Hub
-- listed it; for a repo never seen in a snapshot the family comes from the
-- rules on its id, the country from its org, and the size is `unknown`.
-- Without one, the rules on the slug's (Hub org, name) give the family and the
-- Hub org gives the country; the size is `unknown`.
with usage as (
    select
        u.date,
        u.normalised_slug,
        u.hub_org,
        u.tokens,
        c.openness,
        c.catalogue_hub_model_id,
        c.hub_model_id
    from {{ ref('int_tokens__daily_usage') }} as u
    inner join {{ ref('int_tokens__slug_catalogue') }} as c using (normalised_slug)
),

models as (
    select lower(model_id) as model_key, family, country, param_bucket
    from {{ ref('dim_models') }}
    where lower(model_id) in (
        select lower(catalogue_hub_model_id) from {{ ref('int_tokens__slug_catalogue') }}
        where catalogue_hub_model_id is not null
    )
    qualify row_number() over (partition by lower(model_id) order by model_id) = 1
)

select
    u.date,
    u.normalised_slug,
    u.openness,
    u.hub_model_id,
    case when u.openness = 'open_weight' then
        case when u.catalogue_hub_model_id is not null then coalesce(m.family, f.family) else f.family end
    end as family,
    case when u.openness = 'open_weight' then
        case when u.catalogue_hub_model_id is not null
            then coalesce(m.country, id_org.country, 'unknown')
            else coalesce(slug_org.country, 'unknown') end
    end as country,
    case when u.openness = 'open_weight' then coalesce(m.param_bucket, 'unknown') end as size,
    u.tokens
from usage as u
left join {{ ref('int_tokens__model_families') }} as f on f.id = u.hub_model_id
left join models as m on m.model_key = lower(u.catalogue_hub_model_id)
left join {{ ref('stg_reference__orgs') }} as id_org
    on id_org.org_key = lower(split_part(u.catalogue_hub_model_id, '/', 1))
left join {{ ref('stg_reference__orgs') }} as slug_org on slug_org.org_key = lower(u.hub_org)
