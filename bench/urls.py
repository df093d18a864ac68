"""The product's URLs plus the framework floors under /_bench/ (bench/views.py)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("_bench/floor/<slug:name>/", views.floor_page, name="bench_floor_page"),
    path("_bench/floor-insert/", views.floor_insert, name="bench_floor_insert"),
    path("", include("belangenbehartiger.urls")),
]
