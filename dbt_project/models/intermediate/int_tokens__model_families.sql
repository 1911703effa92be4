-- The family of each slug's Hub model; `has_rule` marks open-weight slugs.
{{ family_of(ref('int_tokens__daily_usage'), 'hub_model_id') }}
