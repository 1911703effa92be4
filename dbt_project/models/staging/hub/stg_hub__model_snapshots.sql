-- One row per model per imported snapshot, typed; base_model tags parsed into
-- (relation, parent_id) references. Relation is null for a bare
-- `base_model:<parent>` tag; int_hub__model_parents decides `unspecified`.
with source as (
    select * from {{ source('hub', 'hub_models') }}
),

renamed as (
    select
        snapshot_date,
        model_id,
        author,
        created_at,
        cast(created_at as date) as created_date,
        downloads as downloads_30d,
        downloads_all_time,
        likes,
        pipeline_tag,
        library_name,
        tags,
        params,
        list_transform(
            list_filter(tags, lambda tag: starts_with(tag, 'base_model:')),
            -- Hub ids never contain ':', so the parent is what follows the last ':'
            -- and the relation is what stands between the prefix and it.
            lambda tag: {
                'relation': nullif(regexp_extract(substr(tag, 12), '^(.*):[^:]*$', 1), ''),
                'parent_id': regexp_extract(substr(tag, 12), '[^:]*$')
            }
        ) as base_model_refs,
        source_file,
        line_no
    from source
)

select * from renamed
