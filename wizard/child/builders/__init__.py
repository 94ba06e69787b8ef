"""Per kind, ``build(plan_json) -> [MigrationSpec]``: the migrations of a plan, each operation
with its sentence."""
