"""Code that runs inside the target project's own interpreter.

Only the standard library and Django may be imported here (any Django from 4.2 on, any Python from
3.8 on): this package is put on the target's ``sys.path`` alone, under the name
``_migration_wizard_child``. Its parts, by role:

- ``commands/``: one module per command, ``run(payload) -> dict`` (``__main__`` dispatches);
- ``builders/``: per kind, ``build(plan) -> [MigrationSpec]`` with a sentence per operation;
- ``operations/``: custom migration operations, whose source is written into the migrations;
- ``rehearsal/``: scratch databases, seeding, fingerprints and each kind's facts;
- at the top, what several of them share: ``bootstrap`` (setup, failures), ``writer``
  (MigrationWriter), ``system_checks`` (Django's checks in one line each), ``inspect_models``,
  ``schema``/``schema_shapes``/``declared_constraints`` (what a database has),
  ``through_shape``, ``paths``.
"""
