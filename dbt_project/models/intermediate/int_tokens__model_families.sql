-- The family rules' verdict on each slug's Hub model id (the catalogue's repo,
-- else the id derived from the slug); `has_rule` marks ids some rule matches.
{{ family_of(ref('int_tokens__slug_catalogue'), 'hub_model_id') }}
