{#-
  The one incremental pattern of this project; docs/incremental.md explains it
  and how to add a model.

  An incremental model sets incremental_strategy='replace_changed'. Its
  is_incremental() branch selects the new version of every row that may have
  changed, and may read the model's own table ({{ this }}) as it was. Then,
  in the model's transaction, the rows that may have changed are deleted and
  the new ones inserted. The model's config says which old rows those are:
    incremental_predicates  SQL conditions on the old rows (a row matching any
                            of them is replaced), rendered when the model runs,
                            so they may call changed_from() or ref() a parent
    unique_key              and every old row whose key a new row has
  Unlike dbt's delete+insert, where predicates narrow the delete, here they
  widen it: a row matching a predicate goes even when no new row replaces it
  (a refused snapshot's sightings, a model no longer seen).

  What changed comes from the Hub snapshots: raw.hub_snapshots.loaded_at is
  set whenever a date is loaded, re-imported or re-judged (refused or
  accepted after the fact). Each incremental model records, after it ran, the
  newest loaded_at it has processed: its watermark, in
  intermediate.incremental_watermarks (post_hook record_watermark()).
-#}
{% macro get_incremental_replace_changed_sql(arg_dict) %}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set new_rows = arg_dict['temp_relation'] -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    {%- set replaced = [] -%}
    {%- if unique_key -%}
        {%- set keys = [unique_key] if unique_key is string else unique_key -%}
        {%- set same_key = [] -%}
        {%- for key in keys -%}
            {%- do same_key.append('n.' ~ key ~ ' = old.' ~ key) -%}
        {%- endfor -%}
        {%- do replaced.append('exists (select 1 from ' ~ new_rows ~ ' as n where ' ~ same_key | join(' and ') ~ ')') -%}
    {%- endif -%}
    {%- for predicate in arg_dict['incremental_predicates'] or [] -%}
        {%- do replaced.append('(' ~ render(predicate) ~ ')') -%}
    {%- endfor -%}
    {%- if not replaced -%}
        {{ exceptions.raise_compiler_error(
            this ~ ": replace_changed needs incremental_predicates or a unique_key (docs/incremental.md)"
        ) }}
    {%- endif %}
    delete from {{ target }} as old where {{ replaced | join('\n        or ') }};
    insert into {{ target }} ({{ columns }}) select {{ columns }} from {{ new_rows }}
{% endmacro %}

{#- The watermark table. A full refresh starts it afresh: every model it
    rebuilds records its watermark again. -#}
{% macro ensure_incremental_watermarks() %}
    create schema if not exists intermediate;
    {% if flags.FULL_REFRESH %}create or replace table{% else %}create table if not exists{% endif %} intermediate.incremental_watermarks (
        model_name varchar primary key,
        -- the newest raw.hub_snapshots.loaded_at the model has processed
        loaded_through timestamp,
        -- the first snapshot date its last run recomputed (0001-01-01 after a
        -- full build): the rows its data tests need to look at
        window_start date
    );
{% endmacro %}

{#- The earliest snapshot date loaded or re-judged since `model_name` last ran
    (9999-12-31 when none). A row for snapshot date d depends only on
    snapshots up to d, so rows of earlier dates are unchanged. Data tests pass
    `snapshots='raw.hub_snapshots'`: a ref() inside a test's arguments is not
    seen when dbt parses the project. -#}
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

{#- The same, for the model being built. -#}
{% macro changed_from() -%}
    {{ pending_window_start(this.identifier) }}
{%- endmacro %}

{#- The first snapshot date `model_name`'s last run recomputed. -#}
{% macro last_window_start(model_name) -%}
    (
        select coalesce(max(w.window_start), date '0001-01-01')
        from intermediate.incremental_watermarks as w
        where w.model_name = '{{ model_name }}'
    )
{%- endmacro %}

{#- Post-hook of every model whose changes follow the Hub snapshots: it has
    processed every snapshot loaded so far. -#}
{% macro record_watermark() -%}
    insert or replace into intermediate.incremental_watermarks (model_name, loaded_through, window_start)
    select
        '{{ this.identifier }}',
        max(loaded_at),
        {% if is_incremental() %}{{ changed_from() }}{% else %}date '0001-01-01'{% endif %}
    from {{ ref('stg_hub__snapshots') }}
{%- endmacro %}
