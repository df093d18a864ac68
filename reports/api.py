"""``GET /api/v1/monitor/?from=YYYY-MM-DD&to=YYYY-MM-DD`` (analyst, casemanager, lead):
the monitor's figures for the period and the previous one (DESIGN.md §6 "Monitor"), exact
for the team and suppressed for analysts; ``&format=csv`` gives every table as CSV."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors
from .exports import csv_response
from .forms import MonitorForm


class CSVRenderer(BaseRenderer):
    """Lets ``format=csv`` through content negotiation; the view writes the CSV itself."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only errors reach here (the figures go out as an HttpResponse): write them plainly.
        if isinstance(data, dict):
            return "\n".join(f"{key}: {value}" for key, value in data.items()).encode()
        return str(data).encode()


PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="Eerste dag"),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Laatste dag"),
    OpenApiParameter("dienst", str, description="Code van een Dienst"),
    OpenApiParameter("theme", str, description="Code van een thema"),
    OpenApiParameter("region", str, description="Provinciecode (UT) of postcodegebied (3511)"),
    OpenApiParameter("source", str, description="Soort organisatie die indiende"),
]


ALLOWED_PARAMETERS = {"from", "to", "format", "dienst", "theme", "region", "source"}


class MonitorView(APIView):
    renderer_classes = [JSONRenderer, CSVRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.user.role not in selectors.MONITOR_ROLES:
            raise PermissionDenied("De monitor is er voor analisten en het team.")

    @extend_schema(
        parameters=PARAMETERS,
        responses={200: OpenApiTypes.OBJECT},
        description=__doc__,
    )
    def get(self, request):
        params = request.query_params
        unknown = set(params) - ALLOWED_PARAMETERS
        if unknown:
            raise ValidationError({name: ["Onbekende parameter."] for name in sorted(unknown)})
        form = MonitorForm(params)
        if not form.is_valid():
            raise ValidationError(
                {MonitorForm.FIELD_NAMES.get(k, k): v for k, v in form.errors.items()}
            )
        data = form.cleaned_data
        result = selectors.monitor_for_user(
            user=request.user, start=data["start"], end=data["end"], filters=form.filters()
        )
        if request.accepted_renderer.format == "csv":
            return csv_response(result)
        return Response({**result["now"], "exact": result["exact"], "previous": result["before"]})
