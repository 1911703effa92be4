{#- Shares within each group sum to 1 (within 1e-9) and each lies in [0, 1].
    Returns the offending groups. -#}
{% test shares_sum_to_one(model, column_name, group_by) %}
select {{ group_by | join(', ') }}, sum({{ column_name }}) as total_share,
       min({{ column_name }}) as lowest_share, max({{ column_name }}) as highest_share
from {{ model }}
group by {{ group_by | join(', ') }}
having abs(sum({{ column_name }}) - 1) > 1e-9
    or min({{ column_name }}) < 0
    or max({{ column_name }}) > 1
{% endtest %}
