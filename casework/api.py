from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import Role
from cases import selectors, services
from cases.models import Case
from escalation.selectors import (
    case_informal_contacts,
    case_requests_with_threads,
    cases_with_requests_to,
)
from escalation.serializers import (
    DienstRequestSerializer,
    InformalContactSerializer,
    RequestCreateSerializer,
)
from escalation.services import informal_contact_log, request_create
from triage.decisions import case_decide
from triage.models import BAND_RANK
from triage.serializers import DecisionSerializer, MessageSerializer

from . import steps
from .filters import CaseFilter
from .serializers import (
    AssignSerializer,
    AttachmentCreateSerializer,
    AttachmentSerializer,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    CloseSerializer,
    FeedbackCreateSerializer,
    FeedbackSerializer,
    ResolveSerializer,
)


class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Cases the caller may see. Helpers submit; a case outside the caller's view is a 404."""

    lookup_field = "reference"
    lookup_value_regex = r"BB-\d{4}-\d{6}"
    filterset_class = CaseFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        user = self.request.user
        if user.is_team:
            return selectors.team_case_list(user=user, filters=selectors.TeamCaseFilters())
        if user.is_helper:
            return selectors.helper_case_list(user=user).exclude(reference__isnull=True)
        if user.is_liaison:
            # The cases with a sent request to its Dienst, with the list fields only.
            return (
                cases_with_requests_to(user)
                .select_related("organisation")
                .prefetch_related("diensten", "themes")
                .order_by("-submitted_at", "-pk")
            )
        return Case.objects.none()

    def list_total(self, queryset) -> tuple[int, bool] | None:
        """The list's total for the paginator: from the counter rows when the team filters
        by status, band, Dienst and/or theme only, else counted up to COUNT_BOUND."""
        if self.action != "list":
            return None
        params = self.request.query_params
        band = params.get("band", "")
        total = selectors.team_case_total(
            user=self.request.user,
            cases=queryset,
            status=params.get("status", ""),
            rank=BAND_RANK.get(band) if band else None,
            dienst=params.get("dienst", ""),
            theme=params.get("theme", ""),
            narrowed=bool(set(params) - {"status", "band", "dienst", "theme", "page"}),
        )
        return total.n, total.more

    def get_serializer_class(self):
        if self.action == "create":
            return CaseCreateSerializer
        if self.action == "retrieve":
            return CaseDetailSerializer
        return CaseListSerializer

    def get_object(self):
        case = selectors.case_for_user_or_404(self.request.user, self.kwargs["reference"])
        if selectors.can_see_personal_data(self.request.user, case):
            services.personal_data_access_record(
                case=case, user=self.request.user, operation="case.view", channel="api"
            )
        return case

    @extend_schema(
        request=CaseCreateSerializer,
        responses={201: CaseDetailSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description=(
                    "Repeat a create safely: the same key with the same body returns the case "
                    "made first (200); the same key with another body is a 422."
                ),
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        if request.user.role != Role.HELPER:
            raise PermissionDenied("Alleen hulpverleners dienen casussen in.")
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        diensten = data.pop("diensten")
        themes = data.pop("themes")
        case, created = steps.case_create_and_submit(
            user=request.user,
            data=data,
            diensten=diensten,
            themes=themes,
            idempotency_key=request.headers.get("Idempotency-Key") or None,
            request_body=request.data,
        )
        context = {"request": request}
        if created:  # a new case's only clocks are those its submission opened
            context["open_deadlines"] = sorted(case.opened_clocks, key=lambda d: (d.due_at, d.pk))
        body = CaseDetailSerializer(case, context=context).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _page(self, queryset, serializer_class):
        """One page of a list under a case, as the list endpoints answer. The filter
        backends run too, without a FilterSet, so an unknown query parameter is a 400."""
        page = self.paginate_queryset(self.filter_queryset(queryset))
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @extend_schema(request=DecisionSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request, reference=None):
        """Triage decision (team only): accept, refer, decline or request_info."""
        case = self.get_object()
        if not request.user.is_team:
            raise PermissionDenied("Alleen het team neemt triagebesluiten.")
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case_decide(case=case, actor=request.user, **serializer.validated_data)
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    @extend_schema(methods=["GET"], responses={200: MessageSerializer(many=True)}, request=None)
    @extend_schema(methods=["POST"], request=MessageSerializer, responses={201: MessageSerializer})
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def messages(self, request, reference=None):
        """The case's conversation; helpers never see internal notes."""
        case = self.get_object()
        if request.method == "GET":
            items = selectors.case_messages_for(user=request.user, case=case)
            return self._page(items, MessageSerializer)
        serializer = MessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.conversation_post(
            case=case,
            author=request.user,
            body=serializer.validated_data["body"],
            internal=serializer.validated_data.get("internal", False),
        )
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], request=None, responses={200: AttachmentSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentCreateSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        filterset_class=None,
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request, reference=None):
        """The case's documents. The helper of the case and the team add one after
        submission (multipart ``file``, optional ``description``), with the intake's checks."""
        case = self.get_object()
        if request.method == "GET":
            items = selectors.case_attachments(case=case).select_related("case")
            return self._page(items, AttachmentSerializer)
        serializer = AttachmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            case=case,
            user=request.user,
            uploaded=serializer.validated_data["file"],
            description=serializer.validated_data["description"],
        )
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], request=None, responses={200: DienstRequestSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"], request=RequestCreateSerializer, responses={201: DienstRequestSerializer}
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def requests(self, request, reference=None):
        """Requests of this case to the Diensten (team only): proposal, freeze or question."""
        case = self.get_object()
        if not request.user.is_team:
            raise PermissionDenied("Alleen het team dient verzoeken in bij een Dienst.")
        if request.method == "GET":
            items = case_requests_with_threads(case=case)
            return self._page(items, DienstRequestSerializer)
        serializer = RequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        created = request_create(
            case=case,
            actor=request.user,
            kind=data["kind"],
            dienst=data["dienst"],
            text=data["text"],
            freeze_scope=data.get("scope", ""),
            freeze_until=data.get("until"),
        )
        created = case_requests_with_threads(case=case).get(pk=created.pk)
        return Response(DienstRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ResolveSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, reference=None):
        """The team marks an accepted case as resolved (at any rung)."""
        case = self.get_object()
        serializer = ResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        steps.case_resolve(case=case, user=request.user, **serializer.validated_data)
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    @extend_schema(request=CloseSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, reference=None):
        """Close with an outcome and, where known, what it achieved."""
        case = self.get_object()
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        steps.case_close(case=case, user=request.user, **serializer.validated_data)
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    @extend_schema(request=FeedbackCreateSerializer, responses={201: FeedbackSerializer})
    @action(detail=True, methods=["post"])
    def feedback(self, request, reference=None):
        """The helper of a closed case rates the outcome and the process (1 to 5), once."""
        case = selectors.case_for_user_or_404(request.user, reference)
        serializer = FeedbackCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        given = services.feedback_give(
            case=case, respondent="helper", user=request.user, **serializer.validated_data
        )
        return Response(FeedbackSerializer(given).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignSerializer, responses={200: CaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, reference=None):
        """Hand the case over to another casemanager, with a reason (a lead, or the case's
        own casemanager). Its open deadlines go along; the new casemanager is notified."""
        case = self.get_object()
        if not request.user.is_team:
            raise PermissionDenied("Alleen het team draagt casussen over.")
        serializer = AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        steps.case_reassign(case=case, actor=request.user, **serializer.validated_data)
        return Response(CaseDetailSerializer(case, context={"request": request}).data)

    @extend_schema(
        methods=["GET"], request=None, responses={200: InformalContactSerializer(many=True)}
    )
    @extend_schema(
        methods=["POST"],
        request=InformalContactSerializer,
        responses={201: InformalContactSerializer},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def contacts(self, request, reference=None):
        """Contact with a Dienst outside the system (team only): phone call, meeting or
        e-mail, with whom, when and what was agreed."""
        case = self.get_object()
        if not request.user.is_team:
            raise PermissionDenied("Alleen het team legt contact met een Dienst vast.")
        if request.method == "GET":
            return self._page(case_informal_contacts(case=case), InformalContactSerializer)
        serializer = InformalContactSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contact = informal_contact_log(case=case, actor=request.user, **serializer.validated_data)
        return Response(InformalContactSerializer(contact).data, status=status.HTTP_201_CREATED)
