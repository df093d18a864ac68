from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors
from .serializers import CriteriaSetSerializer


class CriteriaSetViewSet(viewsets.ViewSet):
    """Triage criteria: the active set answers which keys ``triage_answers`` may use."""

    @extend_schema(responses={200: CriteriaSetSerializer})
    @action(detail=False, methods=["get"])
    def active(self, request):
        return Response(CriteriaSetSerializer(selectors.active_criteria_set()).data)
