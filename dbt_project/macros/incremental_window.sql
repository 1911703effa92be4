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
    {#- The first snapshot date the model's last run recomputed (0001-01-01 after a
        full build): the rows its data tests need to look at. -#}
    alter table intermediate.incremental_watermarks add column if not exists window_start date;
{% endmacro %}

{#- The earliest snapshot loaded or re-judged since `model_name` last ran.
    Data tests pass `snapshots='raw.hub_snapshots'`: a ref() inside a test's
    arguments is not seen when dbt parses the project. -#}
{% macro pending_window_start(model_name, snapshots=none) -%}
    (
        select coalesce(min(s.snapshot_date), date '9999-12-31')
        from {{ snapshots or ref('stg_hub__snapshots') }} as s
        where s.loaded_at > coalesce(
            (select w.loaded_through from intermediate.incremental_watermarks as w
             where w.model_name = '{{ model_name }}'),
            timestamp '0001-01-01'
        )
    )
{%- endmacro %}

{#- The first snapshot date `model_name`'s last run recomputed. -#}
{% macro last_window_start(model_name) -%}
    (
        select coalesce(max(w.window_start), date '0001-01-01')
        from intermediate.incremental_watermarks as w
        where w.model_name = '{{ model_name }}'
    )
{%- endmacro %}

{% macro changed_from() -%}
    {{ pending_window_start(this.identifier) }}
{%- endmacro %}

{% macro delete_changed_window(date_column) -%}
    {% if is_incremental() %}
        delete from {{ this }} where {{ date_column }} >= {{ changed_from() }}
    {% endif %}
{%- endmacro %}

{% macro record_watermark() -%}
    insert or replace into intermediate.incremental_watermarks (model_name, loaded_through, window_start)
    select
        '{{ this.identifier }}',
        max(loaded_at),
        {% if is_incremental() %}{{ changed_from() }}{% else %}date '0001-01-01'{% endif %}
    from {{ ref('stg_hub__snapshots') }}
{%- endmacro %}

{#- Condition on `alias` (a row of this model's attributes): its latest sighting
    lies in the changed window, but no counted snapshot of that window holds the
    model any more (the snapshot was refused after the fact). -#}
{% macro no_longer_seen_in_window(alias) -%}
    {{ alias }}.last_seen_date >= {{ changed_from() }}
    and not exists (
        select 1
        from {{ ref('stg_hub__model_snapshots') }} as m
        inner join {{ ref('int_hub__snapshots_counted') }} as s using (snapshot_date)
        where m.snapshot_date >= {{ changed_from() }} and m.model_id = {{ alias }}.model_id
    )
{%- endmacro %}

{#- Models left with no counted sighting at all after the model recomputed the
    others from history. Run as a post-hook, before record_watermark(). -#}
{% macro drop_models_no_longer_seen() -%}
    {% if is_incremental() %}
        delete from {{ this }} as a where {{ no_longer_seen_in_window('a') }}
    {% endif %}
{%- endmacro %}

{#- Ids matched earlier that are no longer anyone's root. -#}
{% macro drop_ids_no_longer_roots() -%}
    {% if is_incremental() %}
        delete from {{ this }}
        where id not in (select root_id from {{ ref('int_lineage__roots') }})
    {% endif %}
{%- endmacro %}

{#- int_downloads__model_months: delete the months whose daily facts changed
    since it last ran (see the model). A table without max_interval_end_date
    predates the incremental model: emptied, so it is rebuilt whole. -#}
{% macro delete_months_to_recompute() -%}
    {% if is_incremental() %}
        {% set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | list %}
        {% if 'max_interval_end_date' in columns %}
            delete from {{ this }} where month in (
                select month from {{ this }}
                where max_interval_end_date >= {{ changed_from() }}
                union
                select distinct cast(date_trunc('month', date) as date)
                from {{ ref('fct_downloads_daily') }}
                where interval_end_date >= {{ changed_from() }}
            )
        {% else %}
            delete from {{ this }}
        {% endif %}
    {% endif %}
{%- endmacro %}

{#- An incremental table built before `columns` existed: emptied, and its
    watermark forgotten, so this run recomputes every row from all history
    (`on_schema_change='append_new_columns'` then adds the columns). Without it
    the old rows would keep a null in each new column. Run as a pre-hook. -#}
{% macro recompute_when_columns_missing(columns) -%}
    {% if is_incremental() %}
        {% set present = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list %}
        {% set missing = columns | reject('in', present) | list %}
        {% if missing %}
            delete from {{ this }};
            delete from intermediate.incremental_watermarks where model_name = '{{ this.identifier }}'
        {% endif %}
    {% endif %}
{%- endmacro %}
