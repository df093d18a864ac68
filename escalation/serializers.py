from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Dienst
from belangenbehartiger.serializers import ModelSerializer, StrictSerializer
from deadlines.models import Deadline

from .models import DienstRequest, InformalContact
from .selectors import request_thread
from .status import REQUEST_STATUSES


class RequestCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=DienstRequest.Kind.choices)
    dienst = serializers.SlugRelatedField(
        slug_field="code", queryset=Dienst.objects.filter(active=True)
    )
    text = serializers.CharField()
    until = serializers.DateField(required=False, allow_null=True)
    scope = serializers.ChoiceField(
        choices=DienstRequest.FreezeScope.choices, required=False, allow_blank=True
    )


class ThreadEntrySerializer(serializers.Serializer):
    """One step of the conversation about a request, as the Dienst saw it."""

    at = serializers.DateTimeField(read_only=True)
    status = serializers.ChoiceField(choices=DienstRequest.Status.choices, read_only=True)
    by = serializers.ChoiceField(choices=["dienst", "team"], read_only=True)
    text = serializers.CharField(read_only=True)


class DienstRequestSerializer(ModelSerializer):
    reference = serializers.CharField(source="case.reference")
    dienst = serializers.CharField(source="dienst.code")
    rung = serializers.CharField(source="rung.code")
    response_due = serializers.SerializerMethodField()
    acknowledge_due = serializers.SerializerMethodField()
    awaits = serializers.SerializerMethodField()
    thread = serializers.SerializerMethodField()
    # Empty until the request is a freeze / until the Dienst answered: the schema says so.
    freeze_scope = serializers.ChoiceField(
        choices=DienstRequest.FreezeScope.choices, allow_blank=True, read_only=True
    )
    outcome = serializers.ChoiceField(
        choices=DienstRequest.Outcome.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = DienstRequest
        fields = [
            "id",
            "reference",
            "dienst",
            "rung",
            "kind",
            "status",
            "urgent",
            "text",
            "freeze_scope",
            "freeze_until",
            "created_at",
            "sent_at",
            "acknowledged_at",
            "outcome",
            "motivation",
            "granted_until",
            "responded_at",
            "acknowledge_due",
            "response_due",
            "awaits",
            "thread",
        ]
        # Output only: read-only fields are required in the schema, as they are always there.
        read_only_fields = fields

    def _due(self, request, kind):
        for deadline in request.deadlines.all():
            if deadline.kind == kind and deadline.status == Deadline.Status.OPEN:
                return deadline.due_at
        return None

    def get_response_due(self, request) -> str | None:
        due = self._due(request, Deadline.Kind.DIENST_ANSWER)
        return due.isoformat() if due else None

    def get_acknowledge_due(self, request) -> str | None:
        due = self._due(request, Deadline.Kind.DIENST_ACKNOWLEDGE)
        return due.isoformat() if due else None

    @extend_schema_field(
        serializers.ChoiceField(choices=["lead", "dienst", "team", ""], allow_blank=True)
    )
    def get_awaits(self, request) -> str:
        """Who acts next: a lead's approval, the Dienst's answer, the team's reaction to a
        question or counter-proposal; empty once nothing is owed."""
        return REQUEST_STATUSES[request.status].awaits

    @extend_schema_field(ThreadEntrySerializer(many=True))
    def get_thread(self, request) -> list[dict]:
        """The request's text, the Dienst's questions, counter-proposals and answers, and the
        team's replies, oldest first."""
        return [
            {
                "at": row["at"],
                "status": row["status"],
                "by": "dienst" if row["by_dienst"] else "team",
                "text": row["text"],
            }
            for row in request_thread(request)
        ]


class RespondSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(choices=DienstRequest.Outcome.choices)
    motivation = serializers.CharField(required=False, allow_blank=True, default="")
    granted_until = serializers.DateField(required=False, allow_null=True)


class RefuseSerializer(StrictSerializer):
    note = serializers.CharField()


class ReplySerializer(StrictSerializer):
    text = serializers.CharField()


class CounterProposalSerializer(StrictSerializer):
    accept = serializers.BooleanField(
        help_text="true: accept the Dienst's counter-proposal (the request ends in agreement); "
        "false: reject it (reason required), the Dienst answers again."
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class InformalContactSerializer(StrictSerializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=InformalContact.Kind.choices)
    at = serializers.DateTimeField()
    dienst = serializers.SlugRelatedField(slug_field="code", queryset=Dienst.objects.all())
    contact_name = serializers.CharField(max_length=200)
    agreed = serializers.CharField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    author = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)

    def get_author(self, contact) -> str:
        return contact.author.get_full_name() or contact.author.username
