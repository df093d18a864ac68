from rest_framework import serializers

from belangenbehartiger.serializers import ModelSerializer

from .models import Deadline, Notification


class DeadlineSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    paused = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = ["id", "kind", "kind_display", "status", "due_at", "paused"]
        # Output only: read-only fields are required in the schema, as they are always there.
        read_only_fields = fields

    def get_paused(self, deadline) -> bool:
        return deadline.paused_at is not None


class NotificationSerializer(ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "stage", "title", "url", "created_at", "read_at"]
        read_only_fields = fields
