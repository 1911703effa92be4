{#- int_downloads__model_months: the first month holding a day of an interval
    closed on or after the earliest snapshot loaded or re-judged since the model
    last ran, among its own rows (such a day before) or the daily facts (such a
    day now); null when there is none. Every later month is summed again. -#}
{% macro first_changed_month() -%}
    (
        select least(
            (select min(month) from {{ this }} where max_interval_end_date >= {{ changed_from() }}),
            (select cast(date_trunc('month', min(date)) as date) from {{ ref('fct_downloads_daily') }}
             where interval_end_date >= {{ changed_from() }})
        )
    )
{%- endmacro %}
