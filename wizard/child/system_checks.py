"""Django's system checks as the wizard reports them: the serious messages, each in one line."""

from __future__ import annotations


def serious_messages(app_labels=None):
    """Return Django's serious system-check messages, sorted: what ``migrate`` refuses to run on.

    With ``app_labels``, only those about models of these apps: a message whose object is such a
    model, one of its fields, or an admin class (ModelAdmin or inline) for one. A message about
    an admin class names it (``admin.E013 on core.admin.PostAdmin: …``); any other whose object
    is not a model or a field names its object the same way.
    """
    from django.core import checks

    admins = admin_models()
    messages = []
    for message in checks.run_checks():
        if not message.is_serious():
            continue
        model, admin = checked_model(message.obj, admins)
        label = getattr(getattr(model, "_meta", None), "app_label", None)
        if app_labels is not None and label not in app_labels:
            continue
        named = admin if admin is not None else (None if model is not None else message.obj)
        where = " on %s" % object_name(named) if named is not None else ""
        messages.append("%s%s: %s" % (message.id, where, message.msg))
    return sorted(messages)


def checked_model(obj, admins):
    """Return ``(model, admin class or None)`` of a check message's object."""
    if hasattr(obj, "_meta"):
        return obj, None
    if isinstance(obj, type) and obj in admins:
        return admins[obj], obj  # a ModelAdmin class: only its registration knows the model
    model = getattr(obj, "model", None)  # a field, or an inline admin class
    if isinstance(obj, type) and model is not None:
        return model, obj
    return model, None


def admin_models():
    """Return ``{ModelAdmin class: model}`` of every admin site's registrations."""
    from django.apps import apps

    if not apps.is_installed("django.contrib.admin"):
        return {}
    from django.contrib.admin.sites import all_sites

    return {
        type(model_admin): model
        for site in all_sites
        for model, model_admin in site._registry.items()
    }


def object_name(obj):
    """Return how a message's object is named: a class by its dotted path, else as text."""
    if isinstance(obj, type):
        return "%s.%s" % (obj.__module__, obj.__qualname__)
    return str(obj)
