from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from belangenbehartiger.serializers import ModelSerializer, StrictSerializer

from .models import KamerReport
from .status import STATUSES


class KamerReportCreateSerializer(StrictSerializer):
    """Input of POST /api/v1/kamer-reports/ (a lead)."""

    title = serializers.CharField(max_length=200)
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class KamerReportListSerializer(ModelSerializer):
    """A report's state; its content is on the report itself."""

    class Meta:
        model = KamerReport
        fields = [
            "id",
            "title",
            "period_start",
            "period_end",
            "status",
            "progress",
            "step",
            "error",
            "generated_by",
            "generated_at",
            "finalised_at",
        ]
        read_only_fields = fields


_SECTION = {"type": "array", "items": {"type": "object"}}


class KamerReportSerializer(KamerReportListSerializer):
    """A report with its frozen content (empty until the first generation finished): the
    figures as tables of ``[label, this period, previous period]`` (a suppressed count is
    the string ``"<5"``), the most serious problems, the escalations and the report card."""

    figures = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()
    vignettes = serializers.SerializerMethodField()
    escalations = serializers.SerializerMethodField()
    report_card = serializers.SerializerMethodField()
    has_pdf = serializers.BooleanField(read_only=True)

    class Meta(KamerReportListSerializer.Meta):
        fields = [
            *KamerReportListSerializer.Meta.fields,
            "has_pdf",
            "figures",
            "problems",
            "vignettes",
            "escalations",
            "report_card",
        ]
        read_only_fields = fields

    def _section(self, report, name):
        if not STATUSES[report.status].readable:
            return None
        return report.snapshot.get(name)

    @extend_schema_field(_SECTION)
    def get_figures(self, report):
        return self._section(report, "figures")

    @extend_schema_field(_SECTION)
    def get_problems(self, report):
        return self._section(report, "problems")

    @extend_schema_field(_SECTION)
    def get_vignettes(self, report):
        return self._section(report, "vignettes")

    @extend_schema_field({"type": "object"})
    def get_escalations(self, report):
        return self._section(report, "escalations")

    @extend_schema_field({"type": "object"})
    def get_report_card(self, report):
        return self._section(report, "report_card")
