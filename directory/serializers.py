from rest_framework import serializers

from belangenbehartiger.serializers import ModelSerializer

from .models import HelpOrganisation, ServiceArea


class ServiceAreaSerializer(ModelSerializer):
    class Meta:
        model = ServiceArea
        fields = ["postcode_from", "postcode_to"]
        read_only_fields = fields


class HelpOrganisationSerializer(ModelSerializer):
    """One organisation of the directory and how to reach it (public information)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    audiences = serializers.ListField(child=serializers.CharField(), read_only=True)
    languages = serializers.ListField(
        child=serializers.CharField(), source="language_codes", read_only=True
    )
    service_areas = ServiceAreaSerializer(many=True, read_only=True)

    class Meta:
        model = HelpOrganisation
        fields = [
            "code",
            "name",
            "kind",
            "kind_label",
            "description",
            "audiences",
            "nationwide",
            "service_areas",
            "income_limit",
            "income_limit_note",
            "languages",
            "phone",
            "email",
            "website",
            "address",
            "postcode",
            "city",
            "opening_hours",
        ]
        read_only_fields = fields
