-- One row per model per imported snapshot, typed; base_model tags parsed into
-- (relation, parent_id) references. Relation is null for a bare
-- `base_model:<parent>` tag; int_hub__model_parents decides `unspecified`.
-- A line whose createdAt date is after its snapshot's date is an anomaly (a
-- listing cannot hold a model created later): it is left out here, so nothing
-- downstream sees it, as if the model were not listed that day.
-- stg_hub__created_after_snapshot holds exactly those lines.
with source as (
    select * from {{ source('hub', 'hub_models') }}
    where cast(created_at as date) <= snapshot_date
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
        -- docs/metrics.md#models: the safetensors count, else the GGUF count.
        coalesce(params, gguf_params) as params,
        params as safetensors_params,
        gguf_params,
        {{ base_model_refs('tags') }} as base_model_refs,
        source_file,
        line_no
    from source
)

select * from renamed
