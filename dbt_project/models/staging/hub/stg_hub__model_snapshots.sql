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
        {{ base_model_refs('tags') }} as base_model_refs,
        source_file,
        line_no
    from source
)

select * from renamed
