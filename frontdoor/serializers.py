from rest_framework import serializers

from belangenbehartiger.serializers import ModelSerializer

from .models import Solution


class SolutionSerializer(ModelSerializer):
    """A published, anonymised solution: what was stuck, what was tried and what the Dienst
    accepted. No case reference: the library is for learning, not for finding the case."""

    theme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    theme_name = serializers.CharField(source="theme.name", read_only=True)
    dienst = serializers.SlugRelatedField(slug_field="code", read_only=True)
    dienst_name = serializers.CharField(source="dienst.name", read_only=True)

    class Meta:
        model = Solution
        fields = [
            "id",
            "title",
            "problem",
            "tried",
            "accepted_solution",
            "theme",
            "theme_name",
            "dienst",
            "dienst_name",
            "published_at",
        ]
        read_only_fields = fields
