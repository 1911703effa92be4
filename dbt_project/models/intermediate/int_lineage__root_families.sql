-- The family of every root (contract section 4 rules on the root's id).
{{ family_of(ref('int_lineage__roots'), 'root_id') }}
