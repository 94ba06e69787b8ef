"""The project page's apps and their models, written in Python: a 40-app project lists about a
thousand fields, and Django's template loops took most of the page's 200 ms doing it."""

from __future__ import annotations

from html import escape as html_escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from wizard.overview import AppView, ModelView
from wizard.snapshot import FieldInfo, IncomingRelation, M2MInfo, OtherM2MInfo

register = template.Library()


def escape(value: object) -> str:
    return html_escape(str(value))


@register.filter
def app_details(view: AppView, opened: bool) -> SafeString:
    """Return an app as a ``<details>`` (open when ``opened``): its summary, then its models."""
    app = view.app
    facts = f"{view.model_count} model{'' if view.model_count == 1 else 's'}"
    if view.m2m_count:
        facts += f" · {view.m2m_count} M2M"
    facts += f" · {_code(app.path if app.own else app.name)}"
    facts += f" · latest migration {_code(', '.join(app.leaves) or 'none')}"
    models = "".join(_model(item) for item in view.models) or (
        '<p class="mb-0 text-body-secondary">No models.</p>'
    )
    return mark_safe(  # every value is escaped
        f'<details class="card mb-1 project-app"{" open" if opened else ""}>'
        '<summary class="card-header bg-white">'
        f'<h4 class="h6 d-inline mb-0">App {_code(app.label)}</h4> '
        f'<span class="small text-body-secondary ms-2">{facts}</span></summary>'
        f'<div class="card-body">{models}</div></details>\n'
    )


def _model(item: ModelView) -> str:
    model = item.model
    about = f"table {escape(model.table)}"
    if model.parents:
        about += f" · inherits {escape(', '.join(model.parents))}"
    if not item.whole:
        about += " · only the fields that match"
    return (
        f'<h5 class="h6 mt-2">{_code(model.name)} '
        f'<span class="small text-body-secondary fw-normal">{about}</span></h5>'
        + model_listing(item)
    )


@register.filter
def model_listing(item: ModelView) -> SafeString:
    """Return a model's fields (those the filter left) and what points at it, as HTML."""
    lines = [_field(f) for f in item.fields]
    lines += [_m2m(m) for m in item.m2m]
    lines += [_other(r) for r in item.other_m2m]
    html = '<ul class="small mb-2">' + "".join(lines) + "</ul>"
    incoming = item.model.incoming
    if item.whole and incoming:
        html += (
            '<p class="small text-body-secondary mb-3">Pointed at by: '
            + ", ".join(_incoming(rel) for rel in incoming)
            + "</p>"
        )
    return mark_safe(html)  # every value is escaped above


def _code(text: object) -> str:
    return f'<span class="font-monospace">{escape(text)}</span>'


def _field(field: FieldInfo) -> str:
    text = f"{_code(field.name)} {escape(field.class_name)}"
    if field.related_model:
        text += f" → {escape(field.related_model)}"
    if field.primary_key:
        text += " (primary key)"
    if field.null:
        text += " (null)"
    if field.unique and not field.primary_key:
        text += " (unique)"
    return f"<li>{text}</li>"


def _m2m(m2m: M2MInfo) -> str:
    if m2m.auto_created:
        badge = f'<span class="badge text-bg-info">auto-created table {escape(m2m.table)}</span>'
    else:
        badge = f'<span class="badge text-bg-light border">through {escape(m2m.through)}</span>'
    return f"<li>{_code(m2m.name)} ManyToManyField → {escape(m2m.target)} {badge}</li>"


def _other(rel: OtherM2MInfo) -> str:
    return (
        f"<li>{_code(rel.name)} {escape(rel.class_name)} → {escape(rel.target or '?')} "
        '<span class="badge text-bg-light border">many-to-many, not a ManyToManyField: '
        "not converted</span></li>"
    )


def _incoming(rel: IncomingRelation) -> str:
    if rel.m2m_table:
        text = f"the many-to-many table {_code(rel.table)}"
        return text + (f" of {_code(rel.m2m_field)}" if rel.m2m_field else "")
    return f"{_code(f'{rel.model}.{rel.field}')} ({escape(rel.kind)})"
