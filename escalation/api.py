from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.selectors import Total, bounded_count

from . import selectors, services
from .filters import DienstRequestFilter
from .models import DienstRequest
from .serializers import (
    CounterProposalSerializer,
    DienstRequestSerializer,
    RefuseSerializer,
    ReplySerializer,
    RespondSerializer,
)


class DienstRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests to the Diensten. A liaison sees only its own Dienst's; anything else is a 404."""

    serializer_class = DienstRequestSerializer
    filterset_class = DienstRequestFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DienstRequest.objects.none()
        return (
            selectors.dienst_requests_visible_to(self.request.user)
            .select_related("case", "dienst", "rung")
            .prefetch_related("deadlines", selectors.request_events_prefetch())
            .order_by("-created_at", "-pk")
        )

    def list_total(self, queryset) -> tuple[int, bool] | None:
        """Counted up to COUNT_BOUND: a Dienst may have many requests over the years."""
        if self.action != "list":
            return None
        total = Total.bounded(bounded_count(queryset))
        return total.n, total.more

    def get_object(self):
        return selectors.dienst_request_for_user_or_404(self.request.user, self.kwargs["pk"])

    def _reply(self, obj):
        return Response(DienstRequestSerializer(self.get_object()).data)

    @extend_schema(request=RespondSerializer, responses={200: DienstRequestSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """The Dienst's answer: accepted, partly_accepted, rejected, counter_proposal or question."""
        obj = self.get_object()
        serializer = RespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.request_respond(request=obj, actor=request.user, **serializer.validated_data)
        return self._reply(obj)

    @extend_schema(request=ReplySerializer, responses={200: DienstRequestSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """The team answers the Dienst's question (status dienst_question); the Dienst gets a
        new answer deadline."""
        obj = self.get_object()
        serializer = ReplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.request_reply(request=obj, actor=request.user, **serializer.validated_data)
        return self._reply(obj)

    @extend_schema(request=CounterProposalSerializer, responses={200: DienstRequestSerializer})
    @action(detail=True, methods=["post"], url_path="counter-proposal")
    def counter_proposal(self, request, pk=None):
        """The team accepts the Dienst's counter-proposal (status counter_proposed), or
        rejects it with a reason."""
        obj = self.get_object()
        serializer = CounterProposalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.request_counter_proposal_decide(
            request=obj, actor=request.user, **serializer.validated_data
        )
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
