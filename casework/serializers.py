from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import STAFF_ROLES, User
from belangenbehartiger.serializers import ModelSerializer, StrictSerializer
from cases import selectors, validation
from cases.models import Attachment, Case, ConsentMethod, Feedback, Outcome, SubjectType
from deadlines.serializers import DeadlineSerializer
from escalation.selectors import case_open_deadlines, current_rung
from triage.models import Assessment
from triage.selectors import latest_assessment


def _django_to_drf(check):
    def run(value):
        try:
            return check(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    return run


class CaseCreateSerializer(StrictSerializer):
    """Input of POST /api/v1/cases/ (DESIGN.md §6). Field rules are shared with the web form."""

    subject_type = serializers.ChoiceField(choices=SubjectType.choices)
    subject_name = serializers.CharField(max_length=200)
    bsn = serializers.CharField(required=False, allow_blank=True, max_length=20)
    kvk_number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    rsin = serializers.CharField(required=False, allow_blank=True, max_length=20)
    postcode_area = serializers.CharField(max_length=4)
    contact_details = serializers.CharField(required=False, allow_blank=True)
    consent = serializers.BooleanField()
    consent_method = serializers.ChoiceField(
        choices=ConsentMethod.choices, default=ConsentMethod.DIGITAL
    )
    consent_date = serializers.DateField(required=False)
    diensten = serializers.ListField(child=serializers.CharField(), allow_empty=False)
    themes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    summary = serializers.CharField(max_length=200)
    description = serializers.CharField()
    tried_before = serializers.CharField(required=False, allow_blank=True)
    desired_outcome = serializers.CharField(required=False, allow_blank=True)
    enforcement_date = serializers.DateField(required=False, allow_null=True)
    amount_involved = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    urgency_notes = serializers.CharField(required=False, allow_blank=True)
    # Keys are checked against the active criteria set by the service (unknown key: 400).
    triage_answers = serializers.DictField(
        child=serializers.BooleanField(), required=False, default=dict
    )

    def validate_bsn(self, value):
        return _django_to_drf(validation.clean_bsn)(value) if value else ""

    def validate_kvk_number(self, value):
        return _django_to_drf(validation.clean_kvk)(value) if value else ""

    def validate_rsin(self, value):
        return _django_to_drf(validation.clean_rsin)(value) if value else ""

    def validate_postcode_area(self, value):
        return _django_to_drf(validation.clean_postcode_area)(value)

    def validate_consent(self, value):
        if value is not True:
            raise serializers.ValidationError(
                _(
                    "Zonder toestemming van de betrokkene kunnen wij de casus niet in behandeling nemen."
                )
            )
        return value

    @cached_property
    def _catalogue(self) -> selectors.ActiveCatalogue:
        """The active Diensten and themes the body names, in one query for both fields."""

        def codes(name: str) -> list[str]:
            # As the fields' CharField children read them: numbers as text, trimmed.
            value = self.initial_data.get(name)
            if not isinstance(value, list):
                return []
            return [
                str(code).strip()
                for code in value
                if isinstance(code, str | int | float) and not isinstance(code, bool)
            ]

        return selectors.active_catalogue(
            dienst_codes=codes("diensten"), theme_codes=codes("themes")
        )

    def validate_diensten(self, codes):
        found = self._catalogue.diensten
        unknown = sorted(set(codes) - set(found))
        if unknown:
            raise serializers.ValidationError(
                _("Onbekende Dienst: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in dict.fromkeys(codes)]

    def validate_themes(self, codes):
        found = self._catalogue.themes
        unknown = sorted(set(codes) - set(found))
        if unknown:
            raise serializers.ValidationError(
                _("Onbekend thema: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [found[c] for c in dict.fromkeys(codes)]

    def validate(self, attrs):
        if attrs["subject_type"] == SubjectType.BURGER and not attrs.get("bsn"):
            raise serializers.ValidationError({"bsn": [_("Vul het BSN van de burger in.")]})
        if attrs["subject_type"] == SubjectType.ONDERNEMER and not attrs.get("kvk_number"):
            raise serializers.ValidationError(
                {"kvk_number": [_("Vul het KvK-nummer van de onderneming in.")]}
            )
        return attrs


class ContributionSerializer(serializers.Serializer):
    key = serializers.CharField()
    answer = serializers.BooleanField(allow_null=True)
    weight = serializers.IntegerField()
    points = serializers.IntegerField()


class TriageSerializer(ModelSerializer):
    criteria_set_version = serializers.IntegerField(source="criteria_set.version")
    contributions = ContributionSerializer(many=True)

    class Meta:
        model = Assessment
        fields = [
            "score",
            "band",
            "suggestion",
            "criteria_set_version",
            "contributions",
            "flags",
            "created_at",
        ]
        read_only_fields = fields


class CaseListSerializer(ModelSerializer):
    status_display = serializers.CharField(source="get_status_display")
    organisation = serializers.CharField(source="organisation.name")
    diensten = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "reference",
            "status",
            "status_display",
            "summary",
            "organisation",
            "diensten",
            "themes",
            "submitted_at",
            "updated_at",
        ]
        # Output only: read-only fields are required in the schema, as they are always there.
        read_only_fields = fields


class CaseDetailSerializer(CaseListSerializer):
    """The case as its caller may see it; staff-only blocks are dropped for others."""

    rung = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    # Staff only (STAFF_ONLY): not required, for other callers never get them.
    triage = serializers.SerializerMethodField(required=False)
    possible_duplicate = serializers.SerializerMethodField(required=False)
    bsn_masked = serializers.CharField(source="masked_bsn")
    kvk_masked = serializers.CharField(source="masked_kvk")
    # Empty until the case is closed: the schema says so.
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)

    STAFF_ONLY = ("triage", "possible_duplicate")

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "subject_type",
            "subject_name",
            "bsn_masked",
            "kvk_masked",
            "postcode_area",
            "consent",
            "description",
            "tried_before",
            "desired_outcome",
            "enforcement_date",
            "amount_involved",
            "urgency_notes",
            "triage_answers",
            "rung",
            "deadlines",
            "outcome",
            "outcome_notes",
            "amount_relieved",
            "triage",
            "possible_duplicate",
        ]
        read_only_fields = fields

    def get_rung(self, case) -> str | None:
        rung = current_rung(case)
        return rung.code if rung else None

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, case) -> list:
        # The intake passes the clocks of the case it just stored (all it has): no read.
        known = self.context.get("open_deadlines")
        deadlines = case_open_deadlines(case) if known is None else known
        return DeadlineSerializer(deadlines, many=True).data

    @extend_schema_field(TriageSerializer(allow_null=True))
    def get_triage(self, case) -> dict | None:
        assessment = latest_assessment(case)
        if assessment is None:
            return None
        return TriageSerializer(assessment).data

    def get_possible_duplicate(self, case) -> bool:
        return selectors.case_possible_duplicates(case=case).exists()

    def get_fields(self):
        # Left out, not computed and dropped: each costs a query.
        fields = super().get_fields()
        user = getattr(self.context.get("request"), "user", None)
        # The schema is generated without a signed-in user: it lists the staff-only fields.
        if user is not None and user.is_authenticated and not user.is_team:
            for name in self.STAFF_ONLY:
                fields.pop(name, None)
        return fields


class ResolveSerializer(StrictSerializer):
    reason = serializers.CharField()


class CloseSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    amount_relieved = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0
    )


class AttachmentSerializer(ModelSerializer):
    """A document of the case; ``download_url`` is the web download, behind the case's door."""

    name = serializers.CharField(source="original_name")
    uploaded_by = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "name",
            "description",
            "content_type",
            "size",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_uploaded_by(self, attachment) -> str:
        user = attachment.uploaded_by
        return user.get_full_name() or user.username

    def get_download_url(self, attachment) -> str:
        return reverse(
            "cases:attachment_download",
            kwargs={"reference": attachment.case.reference, "attachment_id": attachment.pk},
        )


class AttachmentCreateSerializer(StrictSerializer):
    """Input of POST /api/v1/cases/{reference}/attachments/ (multipart): the same type and
    size checks as the intake form, in the service."""

    file = serializers.FileField()
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )


class AssignSerializer(StrictSerializer):
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(role__in=STAFF_ROLES, is_active=True),
        help_text=_("Gebruikersnaam van de nieuwe casemanager."),
    )
    reason = serializers.CharField()


class FeedbackCreateSerializer(StrictSerializer):
    outcome_rating = serializers.IntegerField(min_value=1, max_value=5)
    process_rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class FeedbackSerializer(ModelSerializer):
    class Meta:
        model = Feedback
        fields = ["respondent", "outcome_rating", "process_rating", "comment", "created_at"]
        read_only_fields = fields
