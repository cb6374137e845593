"""Breadcrumb and section navigation.

Built from plain values (title and address), not page objects, and kept in the cache
until published content changes, so a page that is rendered afresh does not ask the
database for its menus.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail.models import Page

from website.page_cache import current_generation

CACHE_SECONDS = 60 * 60
FIELDS = ("pk", "title", "url_path", "search_description", "content_type_id")


@dataclass(frozen=True)
class NavLink:
    pk: int
    title: str
    url: str
    description: str


@dataclass(frozen=True)
class Navigation:
    breadcrumb: list[NavLink]
    section: NavLink | None
    items: list[NavLink]


def navigation_for(page: Page, request=None) -> Navigation | None:
    """The trail from the start page to `page`, and the pages of its section."""
    url_parts = page.get_url_parts(request)
    if url_parts is None:
        return None
    root_path = page.url_path[: len(page.url_path) - len(url_parts[2])]
    key = f"website:navigation:{page.pk}:{root_path}:{current_generation()}"
    navigation = cache.get(key)
    if navigation is None:
        navigation = _navigation_build(page, root_path)
        cache.set(key, navigation, CACHE_SECONDS)
    return navigation


def _link(values: dict, root_path: str) -> NavLink:
    return NavLink(
        pk=values["pk"],
        title=values["title"],
        url=values["url_path"][len(root_path) :],
        description=values["search_description"],
    )


def _navigation_build(page: Page, root_path: str) -> Navigation:
    from website.models import SectionPage

    trail = list(
        page.get_ancestors(inclusive=True).filter(url_path__startswith=root_path).values(*FIELDS)
    )
    section_type = ContentType.objects.get_for_model(SectionPage).pk
    section = next((p for p in trail if p["content_type_id"] == section_type), None)
    items = []
    if section:
        children = Page.objects.get(pk=section["pk"]).get_children().live().public().in_menu()
        items = [_link(child, root_path) for child in children.values(*FIELDS)]
    return Navigation(
        breadcrumb=[_link(p, root_path) for p in trail[1:]],
        section=_link(section, root_path) if section else None,
        items=items,
    )
