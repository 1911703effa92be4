-- Each normalised slug's entry in the token model catalogue: the first
-- openrouter_models row (priority, then file order) whose pattern is found in
-- the slug gives its openness and, optionally, the Hub repo of its weights.
-- No matching row: openness `unknown`. `hub_model_id` is the catalogue's repo
-- when it gives one, else the id derived from the slug (Hub org / name).
with slugs as (
    select distinct normalised_slug, hub_org, hub_model_id as derived_hub_model_id
    from {{ ref('int_tokens__daily_usage') }}
),

matched as (
    select s.normalised_slug, r.openness, r.hub_model_id
    from slugs as s
    inner join {{ ref('stg_reference__openrouter_models') }} as r
        on regexp_matches(s.normalised_slug, r.slug_pattern_lower)
    qualify row_number() over (partition by s.normalised_slug order by r.priority, r.rule_order) = 1
)

select
    s.normalised_slug,
    s.hub_org,
    coalesce(m.openness, 'unknown') as openness,
    m.hub_model_id as catalogue_hub_model_id,
    coalesce(m.hub_model_id, s.derived_hub_model_id) as hub_model_id
from slugs as s
left join matched as m using (normalised_slug)
