"""The product's URLs with the two baselines in front; mounted by bench.settings only."""

from django.urls import path

from bench.baseline import bare_page, cache_page_page
from stadtwerk.urls import urlpatterns as product_urlpatterns

urlpatterns = [
    path("bench/bare/<int:size>/", bare_page),
    path("bench/cache-page/<int:size>/", cache_page_page),
    *product_urlpatterns,
]
