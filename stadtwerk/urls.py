from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from website.views import robots_txt

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("kundencenter/", include("portal.urls")),
    path("nutzungsanalyse/", include("traffic.urls")),
    path("betroffenenrechte/", include("privacy.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Privacy-policy versions are numbered like 1.3 (versionen/1.3/), but Wagtail's own page
# pattern allows no dots; these addresses go to the page tree all the same.
urlpatterns += [re_path(r"^((?:[\w\-]+/)*versionen/[0-9]+(?:\.[0-9]+)*/)$", wagtail_views.serve)]

# Wagtail's page tree answers every remaining URL, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
