from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Dienst
from belangenbehartiger.serializers import ModelSerializer, StrictSerializer
from cases.models import Theme

from . import selectors
from .models import Commitment, CommitmentUpdate, Signal
from .status import STATUSES

# A count that analysts see: an integer, or "<5" for a small cell (DESIGN.md §5).
COUNT_OR_SUPPRESSED = {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["<5"]}]}


def _codes(model, codes: list[str], message) -> list:
    found = {row.code: row for row in model.objects.filter(code__in=codes, active=True)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise serializers.ValidationError(message % {"codes": ", ".join(unknown)})
    return [found[code] for code in dict.fromkeys(codes)]


class SignalCreateSerializer(StrictSerializer):
    """Input of POST /api/v1/signals/ (DESIGN.md §6). A helper's ``source`` is ``helper``, or
    ``dienst_staff`` for a medewerker of a Dienst."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    diensten = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    source = serializers.ChoiceField(choices=Signal.Source.choices)
    themes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    people_affected_estimate = serializers.IntegerField(
        required=False, allow_null=True, min_value=0
    )
    regulation = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)

    def validate_diensten(self, codes):
        return _codes(Dienst, codes, _("Onbekende Dienst: %(codes)s."))

    def validate_themes(self, codes):
        return _codes(Theme, codes, _("Onbekend thema: %(codes)s."))


class TransitionSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=Signal.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class LinkSerializer(StrictSerializer):
    reference = serializers.CharField(max_length=20)
    reason = serializers.CharField()


class CommitmentUpdateSerializer(ModelSerializer):
    author = serializers.CharField(source="author.get_full_name")

    class Meta:
        model = CommitmentUpdate
        fields = ["text", "author", "created_at"]
        read_only_fields = fields


class CommitmentSerializer(ModelSerializer):
    dienst = serializers.CharField(source="dienst.code")
    updates = CommitmentUpdateSerializer(many=True)

    class Meta:
        model = Commitment
        fields = ["id", "dienst", "description", "due_date", "status", "note", "updates"]
        read_only_fields = fields


class SignalListSerializer(ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    diensten = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    # What the submitter reads about the signal's status.
    status_text = serializers.SerializerMethodField()
    # The team and analysts (suppressed for analysts); not for helpers and liaisons.
    linked_case_count = serializers.SerializerMethodField(required=False)

    class Meta:
        model = Signal
        fields = [
            "id",
            "title",
            "status",
            "status_display",
            "status_text",
            "source",
            "diensten",
            "themes",
            "regulation",
            "people_affected_estimate",
            "created_at",
            "status_changed_at",
            "linked_case_count",
        ]
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

    def get_status_text(self, signal) -> str:
        return str(STATUSES[signal.status].submitter_text)

    @extend_schema_field(COUNT_OR_SUPPRESSED)
    def get_linked_case_count(self, signal):
        count = getattr(signal, "linked_cases", None)
        if count is None:
            count = signal.case_links.count()
        return selectors.suppress_one(count, exact=self._user().is_team)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self._user()
        if not (user.is_team or user.role == "analyst"):
            data.pop("linked_case_count", None)
        return data


class LinkedCaseSerializer(serializers.Serializer):
    reference = serializers.CharField(source="case.reference")
    reason = serializers.CharField()
    linked_by = serializers.CharField(source="linked_by.get_full_name")
    linked_at = serializers.DateTimeField(source="created_at")


class MonthCountSerializer(serializers.Serializer):
    month = serializers.CharField()
    count = serializers.JSONField()


class SignalDetailSerializer(SignalListSerializer):
    """The signal as its caller may see it: linked cases (references) for the team, counts
    for analysts, the Dienst's own commitments for a liaison; what the submitter reads for a
    helper."""

    owner = serializers.SerializerMethodField()
    closed_reason = serializers.CharField()
    resolution = serializers.CharField()
    cases = serializers.SerializerMethodField(required=False)
    linked_cases_per_month = serializers.SerializerMethodField(required=False)
    commitments = serializers.SerializerMethodField(required=False)

    class Meta(SignalListSerializer.Meta):
        fields = [
            *SignalListSerializer.Meta.fields,
            "description",
            "owner",
            "closed_reason",
            "resolution",
            "cases",
            "linked_cases_per_month",
            "commitments",
        ]
        read_only_fields = fields

    def get_owner(self, signal) -> str | None:
        return signal.owner.get_full_name() if signal.owner else None

    @extend_schema_field(LinkedCaseSerializer(many=True))
    def get_cases(self, signal):
        return LinkedCaseSerializer(selectors.signal_links(signal), many=True).data

    @extend_schema_field(MonthCountSerializer(many=True))
    def get_linked_cases_per_month(self, signal):
        rows = selectors.linked_cases_per_month(signal)
        cells = selectors.suppress(
            {month.strftime("%Y-%m"): n for month, n in rows}, exact=self._user().is_team
        )
        return [{"month": month, "count": count} for month, count in cells.items()]

    @extend_schema_field(CommitmentSerializer(many=True))
    def get_commitments(self, signal):
        return CommitmentSerializer(
            selectors.commitments_for(user=self._user(), signal=signal), many=True
        ).data

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self._user()
        if not selectors.sees_linked_cases(user):
            data.pop("cases", None)
        if not (user.is_team or user.role == "analyst"):
            data.pop("linked_cases_per_month", None)
        if user.is_helper:
            data.pop("commitments", None)
        return data


class SuggestedSignalSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="obj.pk")
    title = serializers.CharField(source="obj.title")
    score = serializers.FloatField()


class SuggestedCaseSerializer(serializers.Serializer):
    reference = serializers.CharField(source="obj.reference")
    summary = serializers.CharField(source="obj.summary")
    score = serializers.FloatField()


class CaseRelatedSerializer(serializers.Serializer):
    """``GET /api/v1/cases/{reference}/related/``: best first, open ones only."""

    method = serializers.ChoiceField(
        choices=["fulltext", "words"],
        help_text="fulltext: PostgreSQL Dutch full-text search with pg_trgm; words: the "
        "simpler word match of the SQLite demo database.",
    )
    signals = SuggestedSignalSerializer(many=True)
    cases = SuggestedCaseSerializer(many=True)


class SignalRelatedCasesSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=["fulltext", "words"])
    cases = SuggestedCaseSerializer(many=True)
