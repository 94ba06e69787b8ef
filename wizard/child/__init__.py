"""Code that runs inside the target project's own interpreter.

Only the standard library and Django may be imported here (any Django from 4.2 on, any Python from
3.8 on): this package is put on the target's ``sys.path`` alone, under the name
``_migration_wizard_child``. Each command is a module ``cmd_<name>`` with ``run(payload) -> dict``.
"""
