"""The solution library's read-only API for helpers and the team."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import BasePermission

from . import selectors
from .filters import SolutionFilter
from .models import Solution
from .serializers import SolutionSerializer


class HelperOrTeam(BasePermission):
    """The library is for helpers and the team; any other role never uses it (a 403)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_helper or user.is_team))


@extend_schema(tags=["solutions"])
class SolutionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published solutions. ``q`` searches the words (Dutch full-text search on PostgreSQL,
    best match first; a literal match on SQLite), ``theme`` and ``dienst`` narrow it down."""

    permission_classes = [HelperOrTeam]
    serializer_class = SolutionSerializer
    filterset_class = SolutionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Solution.objects.none()
        filters = selectors.SolutionFilters()
        if self.action == "list":
            filterset = SolutionFilter(self.request.query_params, queryset=Solution.objects)
            # Invalid values are the filter backend's 400; here only valid ones are read.
            data = filterset.form.cleaned_data if filterset.is_valid() else {}
            filters = selectors.SolutionFilters(
                q=data.get("q") or "",
                themes=(data["theme"].code,) if data.get("theme") else (),
                dienst=data["dienst"].code if data.get("dienst") else "",
            )
        return selectors.solution_search(user=self.request.user, filters=filters).results
