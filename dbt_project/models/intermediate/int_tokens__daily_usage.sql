-- One row per (date, slug as delivered, lower-cased): when several files carry
-- it, the file whose name sorts last in byte order wins (DuckDB compares
-- VARCHAR by bytes); within that file, its last line. Then the slug is
-- normalised (docs/metrics.md#token-share): lower-case, drop any ':variant',
-- drop one trailing release date (-YYYYMMDD, else -YYYY-MM-DD, else -MM-DD);
-- the part before '/' is the OpenRouter org, mapped to a Hub org through the
-- seed (unmapped: used as is), the rest is the model name.
with deduplicated as (
    select *
    from {{ ref('stg_tokens__usage') }}
    qualify row_number() over (
        partition by date, slug_key order by source_file desc, line_no desc
    ) = 1
),

split as (
    select
        d.*,
        split_part(d.slug_key, ':', 1) as model_key,
        case when contains(split_part(d.slug_key, ':', 1), '/')
            then split_part(split_part(d.slug_key, ':', 1), '/', 1) end as openrouter_org,
        case when contains(split_part(d.slug_key, ':', 1), '/')
            then substr(split_part(d.slug_key, ':', 1), strpos(split_part(d.slug_key, ':', 1), '/') + 1)
            else split_part(d.slug_key, ':', 1) end as dated_name
    from deduplicated as d
),

normalised as (
    select
        s.*,
        case
            when regexp_matches(s.dated_name, '-[0-9]{8}$') then regexp_replace(s.dated_name, '-[0-9]{8}$', '')
            when regexp_matches(s.dated_name, '-[0-9]{4}-[0-9]{2}-[0-9]{2}$')
                then regexp_replace(s.dated_name, '-[0-9]{4}-[0-9]{2}-[0-9]{2}$', '')
            when regexp_matches(s.dated_name, '-[0-9]{2}-[0-9]{2}$') then regexp_replace(s.dated_name, '-[0-9]{2}-[0-9]{2}$', '')
            else s.dated_name
        end as model_name
    from split as s
)

select
    n.date,
    n.slug,
    case when n.openrouter_org is not null then n.openrouter_org || '/' || n.model_name
        else n.model_name end as normalised_slug,
    n.openrouter_org,
    coalesce(m.org, n.openrouter_org) as hub_org,
    n.model_name,
    case when coalesce(m.org, n.openrouter_org) is not null
        then coalesce(m.org, n.openrouter_org) || '/' || n.model_name
        else n.model_name end as hub_model_id,
    n.tokens,
    n.source_file,
    n.line_no
from normalised as n
left join {{ ref('stg_reference__openrouter_orgs') }} as m on m.openrouter_org = n.openrouter_org
