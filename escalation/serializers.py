from rest_framework import serializers

from accounts.models import Dienst
from belangenbehartiger.serializers import StrictSerializer
from deadlines.models import Deadline

from .models import DienstRequest


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


class DienstRequestSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="case.reference")
    dienst = serializers.CharField(source="dienst.code")
    rung = serializers.CharField(source="rung.code")
    response_due = serializers.SerializerMethodField()
    acknowledge_due = serializers.SerializerMethodField()

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


class RespondSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(choices=DienstRequest.Outcome.choices)
    motivation = serializers.CharField(required=False, allow_blank=True, default="")
    granted_until = serializers.DateField(required=False, allow_null=True)


class RefuseSerializer(StrictSerializer):
    note = serializers.CharField()
