from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services
from .models import DienstRequest, Notification
from .serializers import (
    DienstRequestSerializer,
    NotificationSerializer,
    RefuseSerializer,
    RespondSerializer,
)


class DienstRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests to the Diensten. A liaison sees only its own Dienst's; anything else is a 404."""

    serializer_class = DienstRequestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DienstRequest.objects.none()
        return (
            selectors.dienst_requests_visible_to(self.request.user)
            .select_related("case", "dienst", "rung")
            .prefetch_related("deadlines")
            .order_by("-created_at", "-pk")
        )

    def get_object(self):
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (DienstRequest.DoesNotExist, ValueError):
            raise Http404 from None

    def _reply(self, obj):
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(DienstRequestSerializer(obj).data)

    @extend_schema(request=RespondSerializer, responses={200: DienstRequestSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """The Dienst's answer: accepted, partly_accepted, rejected, counter_proposal or question."""
        obj = self.get_object()
        serializer = RespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.request_respond(request=obj, actor=request.user, **serializer.validated_data)
        return self._reply(obj)

    @extend_schema(request=None, responses={200: DienstRequestSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        obj = self.get_object()
        services.request_acknowledge(request=obj, actor=request.user)
        return self._reply(obj)

    @extend_schema(request=None, responses={200: DienstRequestSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """A lead who is not the author approves a request that needs a second pair of eyes."""
        obj = self.get_object()
        services.request_approve(request=obj, actor=request.user)
        return self._reply(obj)

    @extend_schema(request=RefuseSerializer, responses={200: DienstRequestSerializer})
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        obj = self.get_object()
        serializer = RefuseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.request_refuse(
            request=obj, actor=request.user, note=serializer.validated_data["note"]
        )
        return self._reply(obj)


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications, newest first."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notifications_for(user=self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        try:
            notification = self.get_queryset().get(pk=pk)
        except (Notification.DoesNotExist, ValueError):
            raise Http404 from None
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(NotificationSerializer(notification).data)
