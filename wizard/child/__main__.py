"""Entry point: ``python -m _migration_wizard_child COMMAND RESULT_FILE``, JSON payload on stdin."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
import traceback


def main(argv):
    command, result_file = argv[1], argv[2]
    payload = json.load(sys.stdin)
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # the target's prints must not mix with anything we say
    try:
        from . import progress

        progress.start(payload.get("progress_file"))
        module_name = __package__ + ".commands." + command
        if importlib.util.find_spec(module_name) is None:
            from .bootstrap import ChildError

            raise ChildError(
                "The wizard's helper has no command %r; this is a bug in the wizard, please "
                "report it." % command
            )
        module = importlib.import_module(module_name)
        document = {"ok": True, "result": module.run(payload)}
    except Exception as exc:  # every failure is reported as data, never as a crash
        from .bootstrap import describe_failure

        document = {"ok": False, "error": describe_failure(exc, traceback.format_exc())}
    except SystemExit as exc:  # the target's own code called sys.exit() while loading
        from .bootstrap import ChildError, describe_failure

        error = ChildError(
            "The target's code called sys.exit(%r) while loading; run 'python manage.py check' "
            "in the target to see why." % (exc.code,)
        )
        document = {"ok": False, "error": describe_failure(error, traceback.format_exc())}
    finally:
        sys.stdout = real_stdout
    # json.dumps, not json.dump: only the one-shot encoder is the fast C one.
    text = json.dumps(document, sort_keys=True)
    with open(result_file, "w", encoding="utf-8") as handle:
        handle.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
