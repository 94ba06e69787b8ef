"""The project page's model listings, written in Python: a 40-app project lists about a thousand
fields, and Django's template loops took most of the page's 200 ms doing it."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wizard.overview import ModelView
from wizard.snapshot import FieldInfo, IncomingRelation, M2MInfo, OtherM2MInfo

register = template.Library()


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
