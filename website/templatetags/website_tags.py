from django import template

from website.navigation import navigation_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_navigation(context, page):
    return navigation_for(page, context.get("request"))
