"""The signals API (DESIGN.md §6), scoped per role through signals.selectors:

- ``GET``/``POST /api/v1/signals/``: the team and helpers submit; a helper lists its own
  organisation's submissions, a liaison the signals on the agenda with its Dienst, the team
  and analysts all of them (analysts with counts, never case references);
- ``GET /api/v1/signals/{id}/``, ``POST .../transition/`` (team), ``POST .../cases/`` and
  ``DELETE .../cases/{reference}/`` (team), ``GET .../related-cases/`` (team);
- ``GET /api/v1/cases/{reference}/related/`` (team): ``CaseRelatedViewSet``, registered on
  the case's route in belangenbehartiger/urls.py, so the case API never imports signals.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.models import Role
from cases import selectors as case_selectors
from cases.models import Case

from . import selectors, services, similarity
from .filters import SignalFilter
from .models import Signal
from .serializers import (
    CaseRelatedSerializer,
    LinkSerializer,
    SignalCreateSerializer,
    SignalDetailSerializer,
    SignalListSerializer,
    SignalRelatedCasesSerializer,
    TransitionSerializer,
)

REFERENCE = r"BB-\d{4}-\d{6}"
ROLES_THAT_SEE_SIGNALS = (Role.CASEMANAGER, Role.LEAD, Role.ANALYST, Role.HELPER, Role.LIAISON)


def _team_only(request, message: str) -> None:
    if not request.user.is_team:
        raise PermissionDenied(message)


class SignalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Signals: systemic problems bundled from cases, on the agenda of the Diensten."""

    filterset_class = SignalFilter

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.user.role not in ROLES_THAT_SEE_SIGNALS:
            raise PermissionDenied("Signalen zijn er niet voor uw rol.")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Signal.objects.none()
        return selectors.signal_list(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return SignalCreateSerializer
        if self.action == "list":
            return SignalListSerializer
        return SignalDetailSerializer

    def get_object(self):
        return selectors.signal_for_user_or_404(self.request.user, self.kwargs["pk"])

    def _detail(self, signal, code=status.HTTP_200_OK):
        signal = selectors.signal_for_user_or_404(self.request.user, signal.pk)
        return Response(
            SignalDetailSerializer(signal, context={"request": self.request}).data, status=code
        )

    @extend_schema(request=SignalCreateSerializer, responses={201: SignalDetailSerializer})
    def create(self, request, *args, **kwargs):
        if not (request.user.is_team or request.user.is_helper):
            raise PermissionDenied("Alleen het team en hulpverleners melden signalen.")
        serializer = SignalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal = services.signal_submit(user=request.user, **serializer.validated_data)
        return self._detail(signal, status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses={200: SignalDetailSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Screen or move a signal (team; ``in_kamer_report`` a lead): ``status`` and ``reason``
        (required to close, with why it is not pursued, and to resolve, with what changed)."""
        _team_only(request, "Alleen het team wijzigt de status van een signaal.")
        signal = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.signal_transition(
            signal=signal,
            to_status=serializer.validated_data["status"],
            reason=serializer.validated_data["reason"],
            actor=request.user,
        )
        return self._detail(signal)

    @extend_schema(request=LinkSerializer, responses={201: SignalDetailSerializer})
    @action(detail=True, methods=["post"], url_path="cases", filterset_class=None)
    def link_case(self, request, pk=None):
        """Link a case with a reason (team). A case the caller may not see is a 404; a case
        already linked a 409."""
        _team_only(request, "Alleen het team koppelt casussen aan signalen.")
        signal = self.get_object()
        serializer = LinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = case_selectors.case_for_user_or_404(
            request.user, serializer.validated_data["reference"]
        )
        services.signal_case_link(
            signal=signal, case=case, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return self._detail(signal, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=rf"cases/(?P<reference>{REFERENCE})",
        filterset_class=None,
    )
    def unlink_case(self, request, pk=None, reference=None):
        """Unlink a case (team). Not linked (any more): a 409, nothing changed."""
        _team_only(request, "Alleen het team koppelt casussen los.")
        signal = self.get_object()
        case = case_selectors.case_for_user_or_404(request.user, reference)
        services.signal_case_unlink(signal=signal, case=case, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: SignalRelatedCasesSerializer})
    @action(detail=True, methods=["get"], url_path="related-cases", filterset_class=None)
    def related_cases(self, request, pk=None):
        """Cases not yet linked that resemble the signal, best first (team)."""
        _team_only(request, "Alleen het team ziet welke casussen op een signaal lijken.")
        signal = self.get_object()
        self.filter_queryset(Signal.objects.none())  # an unknown query parameter is a 400
        body = {
            "method": similarity.method(),
            "cases": similarity.cases_like_signal(signal, limit=10),
        }
        return Response(SignalRelatedCasesSerializer(body).data)


class CaseRelatedViewSet(viewsets.GenericViewSet):
    """``GET /api/v1/cases/{reference}/related/`` (team): the open signals and the other open
    cases this case most resembles, best first."""

    queryset = Case.objects.none()
    filterset_class = None
    pagination_class = None
    answers_one_object = True  # for the schema: an object, not a list (schema.py)

    @extend_schema(
        operation_id="cases_related",
        responses={200: CaseRelatedSerializer},
        parameters=[OpenApiParameter("reference", str, OpenApiParameter.PATH)],
    )
    def list(self, request, reference=None):
        _team_only(request, "Alleen het team ziet suggesties.")
        case = case_selectors.case_for_user_or_404(request.user, reference)
        self.filter_queryset(Case.objects.none())  # an unknown query parameter is a 400
        body = {
            "method": similarity.method(),
            "signals": similarity.signals_like_case(case, limit=5, exclude_linked=False),
            "cases": similarity.cases_like_case(case, limit=5),
        }
        return Response(CaseRelatedSerializer(body).data)
