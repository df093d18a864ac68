"""The Kamer report API (DESIGN.md §6), for the team and analysts (a report holds no
personal data); starting, regenerating and finalising are for leads:

- ``GET``/``POST /api/v1/kamer-reports/``: the reports; a lead starts one (202 with its id;
  a task builds it, ``progress`` 0 to 100 shows how far);
- ``GET /api/v1/kamer-reports/{id}/``: status, progress and the frozen content;
- ``GET .../{id}/pdf/`` (application/pdf), ``GET .../{id}/csv/`` (text/csv);
- ``POST .../{id}/finalise/`` (a lead other than the one who generated it);
- ``POST .../{id}/regenerate/`` (a lead; a draft or a failed report).
"""

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Role

from . import kamer_pdf, services
from . import kamer_selectors as selectors
from .models import KamerReport
from .serializers import (
    KamerReportCreateSerializer,
    KamerReportListSerializer,
    KamerReportSerializer,
)
from .status import STATUSES


class KamerReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reports to the Tweede Kamer: a frozen snapshot per period, draft → final."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not selectors.reads_reports(request.user):
            raise PermissionDenied("Kamerrapportages zijn er niet voor uw rol.")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KamerReport.objects.none()
        return selectors.kamer_report_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return KamerReportListSerializer
        if self.action == "create":
            return KamerReportCreateSerializer
        return KamerReportSerializer

    def get_object(self):
        return selectors.kamer_report_for_user_or_404(self.request.user, self.kwargs["pk"])

    def _lead_only(self, message: str) -> None:
        if self.request.user.role != Role.LEAD:
            raise PermissionDenied(message)

    def _detail(self, report, code=status.HTTP_200_OK):
        report = selectors.kamer_report_for_user_or_404(self.request.user, report.pk)
        return Response(KamerReportSerializer(report).data, status=code)

    @extend_schema(request=KamerReportCreateSerializer, responses={202: KamerReportSerializer})
    def create(self, request, *args, **kwargs):
        """Start a report (a lead): 202, the task builds it; poll the report for progress."""
        self._lead_only("Alleen een leidinggevende start een Kamerrapportage.")
        serializer = KamerReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.kamer_report_start(actor=request.user, **serializer.validated_data)
        return self._detail(report, status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: KamerReportSerializer})
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        """Make a draft final (a lead other than the one who generated it); it never changes
        again."""
        self._lead_only("Alleen een leidinggevende maakt een Kamerrapportage definitief.")
        report = services.kamer_report_finalise(report=self.get_object(), actor=request.user)
        return self._detail(report)

    @extend_schema(request=None, responses={202: KamerReportSerializer})
    @action(detail=True, methods=["post"])
    def regenerate(self, request, pk=None):
        """Build a draft or a failed report again from today's data (a lead)."""
        self._lead_only("Alleen een leidinggevende maakt een Kamerrapportage opnieuw.")
        report = services.kamer_report_regenerate(report=self.get_object(), actor=request.user)
        return self._detail(report, status.HTTP_202_ACCEPTED)

    def _readable(self, **kwargs) -> KamerReport:
        report = selectors.kamer_report_for_user_or_404(
            self.request.user, self.kwargs["pk"], **kwargs
        )
        if not STATUSES[report.status].readable:
            raise Http404
        return report

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The report as PDF (404 while it is being made, or where WeasyPrint is missing)."""
        report = self._readable(with_pdf=True)
        if not report.pdf:
            raise Http404
        response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="kamerrapportage-{report.pk}.pdf"'
        return response

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)})
    @action(detail=True, methods=["get"])
    def csv(self, request, pk=None):
        """Every table of the report as CSV."""
        report = self._readable()
        response = HttpResponse(
            kamer_pdf.csv_text(report.snapshot), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="kamerrapportage-{report.pk}.csv"'
        return response
