"""Breadcrumb and section navigation, in two queries per page."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page


@dataclass(frozen=True)
class Navigation:
    breadcrumb: list[Page]
    section: Page | None
    items: list[Page]


def navigation_for(page: Page) -> Navigation:
    """The trail from the start page to `page`, and the pages of its section."""
    from website.models import SectionPage

    trail = list(page.get_ancestors(inclusive=True).filter(depth__gt=1))
    section_type = ContentType.objects.get_for_model(SectionPage)
    section = next((p for p in trail if p.content_type_id == section_type.id), None)
    items = list(section.get_children().live().public().in_menu()) if section else []
    return Navigation(breadcrumb=trail[1:], section=section, items=items)
