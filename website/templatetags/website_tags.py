from django import template

from website.navigation import navigation_for

register = template.Library()


@register.simple_tag
def page_navigation(page):
    return navigation_for(page)
