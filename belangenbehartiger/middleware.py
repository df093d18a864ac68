from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Everything is served from our own origin: no inline scripts or styles, no framing.
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The browsable API docs (Swagger UI) need inline script and its own CSP.
_CSP_EXEMPT_PREFIXES = ("/api/docs/",)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(_CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages with case data must not linger in shared caches or the back button.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class DutchUnlessChosenMiddleware:
    """Dutch is the default for everyone; English only when the user picks it (the language
    cookie set by the switch in the header), not because a browser happens to be English.

    Placed before LocaleMiddleware, which would otherwise follow Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than REQUEST_MAX_BYTES with a 413
    before anything reads it: a page for the browser, JSON for the API.

    Django reads at most CONTENT_LENGTH bytes of a body (its LimitedStream), and a request
    without one (chunked) has an empty body to Django, so the declared length is the cap.
    Placed before CsrfViewMiddleware, the first to read a form's body; the reverse proxy
    caps the body too (docs/operations.md), so 30 MB never reach the worker at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_MAX_BYTES
        if length > limit:
            # The unread body stays in the socket: close the connection after answering.
            if request.path_info.startswith("/api/"):
                response = JsonResponse(
                    {
                        "detail": _(
                            "Het verzoek is te groot (meer dan %(max)s). Stuur kleinere "
                            "bestanden, één per verzoek."
                        )
                        % {"max": filesizeformat(limit)}
                    },
                    status=413,
                )
            else:
                response = render(request, "413.html", {"max": filesizeformat(limit)}, status=413)
            response.headers["Connection"] = "close"
            return response
        return self.get_response(request)
