from django import template
from django.utils.html import format_html_join
from django.utils.module_loading import import_string

from privacy.registry import get_activities

register = template.Library()


@register.simple_tag(takes_context=True)
def objection_boxes(context) -> str:
    """The boxes with which a visitor objects to an activity, for every activity of
    the policy that offers one, in the order they are declared."""
    request = context.get("request")
    boxes = [
        (import_string(activity.objection)(request),)
        for activity in get_activities()
        if activity.objection and activity.in_policy
    ]
    return format_html_join("\n", "{}", boxes)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)
