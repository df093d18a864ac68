from rest_framework import serializers

from belangenbehartiger.serializers import ModelSerializer

from .models import AccessRecord, StatusCode

STATUS_NAMES = {
    StatusCode.UNKNOWN: "STATUS_CODE_UNKNOWN",
    StatusCode.OK: "STATUS_CODE_OK",
    StatusCode.ERROR: "STATUS_CODE_ERROR",
}


class AccessRecordSerializer(ModelSerializer):
    """One record in the shape of Logboek Dataverwerkingen (times in milliseconds)."""

    status_code = serializers.SerializerMethodField()
    start_time = serializers.SerializerMethodField()
    end_time = serializers.SerializerMethodField()
    parent_operation_id = serializers.CharField(allow_blank=True)
    attributes = serializers.DictField(
        child=serializers.JSONField(),
        help_text="dpl.core.processing_activity_id, bb.processing_activity, bb.user.*, "
        "bb.case.* and bb.channel.",
    )

    class Meta:
        model = AccessRecord
        fields = [
            "trace_id",
            "operation_id",
            "parent_operation_id",
            "name",
            "start_time",
            "end_time",
            "status_code",
            "attributes",
        ]

    def get_status_code(self, record: AccessRecord) -> str:
        return STATUS_NAMES[record.status_code]

    def get_start_time(self, record: AccessRecord) -> str:
        return record.start_time.isoformat(timespec="milliseconds")

    def get_end_time(self, record: AccessRecord) -> str:
        return record.end_time.isoformat(timespec="milliseconds")
