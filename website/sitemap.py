"""The human sitemap: every published page, as a nested tree."""

from dataclasses import dataclass, field

from wagtail.models import Page


@dataclass
class SitemapNode:
    page: Page
    children: list["SitemapNode"] = field(default_factory=list)


def sitemap_tree(root: Page) -> SitemapNode:
    """`root` and its published, public descendants, in one query."""
    top = SitemapNode(root)
    stack = [top]
    for page in root.get_descendants().live().public().order_by("path"):
        while stack and not page.path.startswith(stack[-1].page.path):
            stack.pop()
        if not stack:
            break
        node = SitemapNode(page)
        stack[-1].children.append(node)
        stack.append(node)
    return top
