-- One row per model seen in at least one counted snapshot, with the
-- attributes of the latest snapshot it appears in.
with attributes as (
    select * from {{ ref('int_hub__model_attributes') }}
),

-- int_hub__model_parents holds no self-reference: a model listed as its own
-- parent has no such parent (not a derivative, not a repackaging from it).
parent_counts as (
    select
        model_id,
        count(*) as parent_count,
        bool_or(relation = 'quantized') as has_quantized_parent,
        -- docs/metrics.md#derivative-kinds: two or more parents make a merge; one
        -- parent gives its edge's relation (`unspecified` from a bare tag).
        case when count(*) >= 2 then 'merge' else any_value(relation) end as derivative_kind
    from {{ ref('int_hub__model_parents') }}
    group by model_id
),

-- The family of the heaviest root; equal weights (to 12 decimals, so 1/3 + 1/6
-- ties 1/2) go to the alphabetically first family. One hash aggregate: the
-- smallest (-weight, family) pair wins.
heaviest_root as (
    select
        model_id,
        arg_min_null(root_family, {'weight': -round(weight, 12), 'family': root_family}) as family
    from {{ ref('mart_derivative_lineage') }}
    group by model_id
),

-- The licence: the value of the first `license:` tag in tag order that has one
-- (docs/metrics.md#licences-and-openness); `license:` alone counts as none.
licenses as (
    select
        model_id,
        nullif(trim(substr(
            list_filter(tags, lambda tag: starts_with(lower(tag), 'license:')
                and trim(substr(tag, 9)) <> '')[1],
            9
        )), '') as license
    from attributes
),

-- The size class of each distinct parameter count (the lowest bucket that
-- holds it), computed once per count rather than once per model.
size_classes as (
    select c.params, arg_min(b.bucket, b.min_params) as bucket
    from (select distinct params from attributes where params is not null) as c
    inner join {{ ref('stg_reference__param_buckets') }} as b
        on c.params >= b.min_params
        and (b.max_params is null or c.params < b.max_params)
    group by c.params
)

select
    a.model_id,
    a.author,
    a.created_date,
    a.params,
    coalesce(b.bucket, 'unknown') as param_bucket,
    coalesce(o.country, 'unknown') as country,
    coalesce(o.org_type, 'unknown') as org_type,
    coalesce(p.parent_count, 0) > 0 as is_derivative,
    h.family,
    a.first_seen_date,
    a.last_seen_date,
    coalesce(p.parent_count, 0) as parent_count,
    a.pipeline_tag,
    a.library_name,
    a.downloads_all_time,
    -- A repackaging (docs/metrics.md#models): a quantized parent, a GGUF or MLX
    -- library, or a tag naming a quantized or converted format; case-insensitive.
    coalesce(p.has_quantized_parent, false)
        or coalesce(lower(a.library_name) in ('gguf', 'mlx'), false)
        or coalesce(list_has_any(list_transform(a.tags, lambda tag: lower(tag)), ['gguf', 'mlx', 'gptq', 'awq', 'exl2']), false)
        as is_repackaging,
    -- Scope membership (docs/metrics.md#scopes), so a query on this table can
    -- restrict itself to the language models or to the tracked list.
    coalesce(s.in_llm, false) as in_llm,
    coalesce(s.in_tracked, false) as in_tracked,
    p.derivative_kind,
    l.license,
    case
        when l.license is null then 'unknown'
        else coalesce(c.license_class, 'other')
    end as license_class,
    -- the openness of the family above: that of the heaviest root
    coalesce(f.openness, 'open_weight') as openness
from attributes as a
left join (
    select
        model_id,
        bool_or(scope = 'llm') as in_llm,
        bool_or(scope = 'tracked') as in_tracked
    from {{ ref('int_hub__model_scopes') }}
    group by model_id
) as s using (model_id)
left join parent_counts as p using (model_id)
left join heaviest_root as h using (model_id)
left join {{ ref('stg_reference__orgs') }} as o on lower(a.author) = o.org_key
left join size_classes as b using (params)
left join licenses as l using (model_id)
left join {{ ref('stg_reference__licenses') }} as c on lower(l.license) = c.license_key
left join {{ ref('stg_reference__family_openness') }} as f on f.family = h.family
