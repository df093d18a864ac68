from rest_framework import mixins, viewsets
from rest_framework.permissions import BasePermission

from . import selectors
from .filters import AccessRecordFilter
from .models import AccessRecord
from .serializers import AccessRecordSerializer


class AccessLogReader(BasePermission):
    """Leads and admins; everyone else a 403 (the log says nothing about a case's existence
    that the caller could not already know)."""

    message = "Alleen leidinggevenden en beheerders lezen het logboek."

    def has_permission(self, request, view) -> bool:
        return selectors.may_read_access_log(request.user)


class AccessLogViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Who looked at or downloaded personal data of which case, when (Logboek
    Dataverwerkingen). ``?case=`` narrows to one case; newest first."""

    serializer_class = AccessRecordSerializer
    filterset_class = AccessRecordFilter
    permission_classes = [AccessLogReader]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AccessRecord.objects.none()
        return selectors.access_records()

    def list_total(self, queryset) -> tuple[int, bool]:
        return selectors.access_records_total(queryset)
