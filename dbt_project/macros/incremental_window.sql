{#-
  Incremental models over Hub snapshots recompute every row whose snapshot
  date is on or after the earliest snapshot loaded (or re-judged) since the
  model last ran: a row for snapshot d depends only on snapshots <= d. Each
  model keeps its own watermark (the newest `loaded_at` it has processed) in
  intermediate.incremental_watermarks, written after the model ran.
-#}
{% macro ensure_incremental_watermarks() %}
    create schema if not exists intermediate;
    create table if not exists intermediate.incremental_watermarks (
        model_name varchar primary key,
        loaded_through timestamp
    );
{% endmacro %}

{% macro changed_from() -%}
    (
        select coalesce(min(s.snapshot_date), date '9999-12-31')
        from {{ ref('stg_hub__snapshots') }} as s
        where s.loaded_at > coalesce(
            (select w.loaded_through from intermediate.incremental_watermarks as w
             where w.model_name = '{{ this.identifier }}'),
            timestamp '0001-01-01'
        )
    )
{%- endmacro %}

{% macro delete_changed_window(date_column) -%}
    {% if is_incremental() %}
        delete from {{ this }} where {{ date_column }} >= {{ changed_from() }}
    {% endif %}
{%- endmacro %}

{% macro record_watermark() -%}
    insert or replace into intermediate.incremental_watermarks
    select '{{ this.identifier }}', max(loaded_at) from {{ ref('stg_hub__snapshots') }}
{%- endmacro %}

{#- Models whose latest sighting here lies in the changed window but which no
    counted snapshot of that window (or before it) holds any more: their only
    sightings were in snapshots refused after the fact. Run as a post-hook,
    before record_watermark(). -#}
{% macro drop_models_no_longer_seen() -%}
    {% if is_incremental() %}
        delete from {{ this }} as a
        where a.last_seen_date >= {{ changed_from() }}
            and not exists (
                select 1
                from {{ ref('stg_hub__model_snapshots') }} as m
                inner join {{ ref('int_hub__snapshots_counted') }} as s using (snapshot_date)
                where m.snapshot_date >= {{ changed_from() }} and m.model_id = a.model_id
            )
    {% endif %}
{%- endmacro %}
