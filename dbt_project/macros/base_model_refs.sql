{#- `base_model:` tags as (relation, parent_id) structs. Hub ids never contain
    ':', so the parent is what follows the last ':' and the relation what
    stands between the prefix and it (null for a bare `base_model:<parent>`). -#}
{% macro base_model_refs(tags) %}
    list_transform(
        list_filter({{ tags }}, lambda tag: starts_with(tag, 'base_model:')),
        lambda tag: {
            'relation': nullif(regexp_extract(substr(tag, 12), '^(.*):[^:]*$', 1), ''),
            'parent_id': regexp_extract(substr(tag, 12), '[^:]*$')
        }
    )
{% endmacro %}
