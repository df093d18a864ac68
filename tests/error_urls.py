"""The project's URLs plus one view that fails, to see the 500 page (tests only)."""

from django.urls import path

from belangenbehartiger.urls import (  # noqa: F401 - the handlers are read from this module
    handler400,
    handler403,
    handler404,
    handler500,
)
from belangenbehartiger.urls import (
    urlpatterns as project_urlpatterns,
)


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("kapot/", boom), *project_urlpatterns]
