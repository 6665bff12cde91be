"""{{ case.summary|public_text:case }}: free text of a case as the public may read it (contacts hidden)."""

from django import template

from opinions import redaction

register = template.Library()


@register.filter(name="public_text")
def public_text(text, record=None):
    return redaction.public_text(text, record)
