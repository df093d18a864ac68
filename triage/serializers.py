from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import STAFF_ROLES, User
from belangenbehartiger.serializers import ModelSerializer, StrictModelSerializer, StrictSerializer
from cases.models import Message

from .decisions import DECISIONS
from .models import CriteriaSet, Criterion, ReferralTarget


class DecisionSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=DECISIONS)
    assignee = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(role__in=STAFF_ROLES, is_active=True),
        required=False,
        allow_null=True,
        help_text=_("Gebruikersnaam van de casemanager; standaard de aanroeper."),
    )
    referral_target = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ReferralTarget.objects.filter(active=True),
        required=False,
        allow_null=True,
    )
    motivation = serializers.CharField(required=False, allow_blank=True, default="")
    question = serializers.CharField(required=False, allow_blank=True, default="")


class MessageSerializer(StrictModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "kind", "body", "internal", "author", "created_at"]
        read_only_fields = ["id", "kind", "author", "created_at"]

    def get_author(self, message) -> str:
        return message.author.get_full_name() or message.author.username


class CriterionSerializer(ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["key", "question", "question_en", "help_text", "weight", "role", "answered_by"]
        # Output only: read-only fields are required in the schema, as they are always there.
        read_only_fields = fields


class CriteriaSetSerializer(ModelSerializer):
    criteria = CriterionSerializer(many=True)

    class Meta:
        model = CriteriaSet
        fields = ["version", "status", "published_at", "criteria"]
        read_only_fields = fields
