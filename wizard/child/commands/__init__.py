"""The child's commands: ``python -m _migration_wizard_child NAME RESULT_FILE`` runs
``commands.NAME.run(payload)``."""
