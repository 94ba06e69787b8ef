"""Keep the target's own model signal receivers quiet while the rehearsal writes its rows.

Seeding and the insert check write synthetic rows; a target's receivers would act on them as on
real ones (unpublish a page, index it, create an owner for a new member) and either crash on
values that mean nothing or add rows the check then collides with. The rows are the rehearsal's,
so the target's side effects are not run for them. Factory Boy's ``mute_signals`` does the same.
Runs inside the target's interpreter: standard library + Django only, Python 3.8+.
"""

from __future__ import annotations

import contextlib


def model_signals():
    from django.db.models import signals

    return [
        signals.pre_init,
        signals.post_init,
        signals.pre_save,
        signals.post_save,
        signals.pre_delete,
        signals.post_delete,
        signals.m2m_changed,
    ]


@contextlib.contextmanager
def muted_model_signals():
    """Disconnect every receiver of Django's model signals inside the block; reconnect after."""
    paused = []
    try:
        for signal in model_signals():
            with signal.lock:
                paused.append((signal, signal.receivers))
                signal.receivers = []
                signal.sender_receivers_cache.clear()  # model signals cache receivers per sender
        yield
    finally:
        for signal, receivers in paused:
            with signal.lock:
                signal.receivers = receivers
                signal.sender_receivers_cache.clear()
