"""Small filters of the respondent's page and the result screens."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def has_choice(value, name):
    return name in value if isinstance(value, list) else value == name


@register.filter
def rank_of(value, name):
    return value.index(name) + 1 if isinstance(value, list) and name in value else ""


@register.filter
def scale_range(scale):
    start, end, step = scale
    return range(start, end + 1, step)


@register.filter
def percent(value, digits=1):
    """A share as a Vietnamese percentage: 0.4567 → "45,7%"."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "—"
    if value != value:
        return "—"
    return f"{100 * value:.{int(digits)}f}%".replace(".", ",")


@register.filter
def number(value, digits=2):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return "—" if value is None else str(value)
    if value != value:  # NaN
        return "—"
    return f"{value:,.{int(digits)}f}".replace(",", " ").replace(".", ",")


@register.simple_tag
def bar_chart(rows, title=""):
    """A horizontal bar chart of shares as inline SVG, drawn on the server (no script)."""
    height = 26 * len(rows) + 8
    parts = [
        f'<svg class="survey-bars" role="img" aria-label="{escape(title)}" viewBox="0 0 600 {height}" '
        f'width="100%" height="{height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, row in enumerate(rows):
        share = max(0.0, min(1.0, row.get("estimate") or 0.0))
        y = 4 + 26 * i
        label = escape(str(row["label"])[:38])
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{label}</text>')
        parts.append(f'<rect x="250" y="{y + 2}" width="{300 * share:.1f}" height="18" fill="#a31d24"/>')
        parts.append(f'<text x="{255 + 300 * share:.1f}" y="{y + 15}" font-size="12">{percent(share)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
