"""The public, read-only API of the first-line help directory: who helps here."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny

from . import selectors
from .filters import DirectoryFilter
from .models import HelpOrganisation
from .serializers import HelpOrganisationSerializer


@extend_schema(tags=["directory"])
class DirectoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """First-line help organisations. Public: no login needed. With ``postcode_area``, the
    organisations that help in that area, local ones first, then those that help everyone
    in the country (``nationwide``)."""

    permission_classes = [AllowAny]
    serializer_class = HelpOrganisationSerializer
    filterset_class = DirectoryFilter
    lookup_field = "code"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return HelpOrganisation.objects.none()
        if self.action != "list":
            return selectors.directory_list()
        filterset = DirectoryFilter(self.request.query_params, queryset=HelpOrganisation.objects)
        # Invalid values are the filter backend's 400; here only valid ones are read.
        data = filterset.form.cleaned_data if filterset.is_valid() else {}
        return selectors.directory_list(
            postcode_area=data.get("postcode_area") or "", audience=data.get("audience") or ""
        )
