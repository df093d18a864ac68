"""The OpenAPI schema's own rules, in one place (the schema class in settings REST_FRAMEWORK).

- Every operation lists the error responses the API gives (belangenbehartiger.api_errors
  and DRF): ``{"detail": "..."}``, or for a 400 also per field a list of messages.
- A read-only field declared with ``required=False`` is optional in the response schema,
  for fields that only some callers get (such as the staff-only blocks of a case).
  drf-spectacular marks every read-only field as required otherwise.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent, force_instance
from drf_spectacular.utils import OpenApiResponse

from .serializers import ErrorSerializer

_FIELD_ERRORS_REF = {"$ref": "#/components/schemas/FieldErrors"}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Per field (or `non_field_errors`) the list of what is wrong with it. "
    'For a list or a nested object the same, per item index or key (`{"themes": '
    '{"0": ["..."]}}`).',
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"oneOf": [{"type": "string"}, _FIELD_ERRORS_REF]}},
            _FIELD_ERRORS_REF,
        ]
    },
}

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: an unknown or malformed field, query parameter or value, or a "
    "body that is not JSON or nested too deep.",
    "401": "Not signed in: send `Authorization: Token <key>`.",
    "403": "The caller's role may never do this.",
    "404": "Not found, or outside what the caller may see (never a 403 that confirms it exists).",
    "409": "Conflict: the current status does not allow this, or someone changed it first.",
    "422": "An Idempotency-Key reused with another request body.",
    "429": "Too many requests; try again later.",
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERROR_DESCRIPTIONS.items():
            if code not in responses:
                responses[code] = self._error_response(code, description)
        return responses

    def _error_response(self, code: str, description: str) -> dict:
        error = self.resolve_serializer(ErrorSerializer, "response").ref
        if code != "400":
            return self._get_response_for_code(OpenApiResponse(ErrorSerializer, description), code)
        field_errors = ResolvedComponent(
            name="FieldErrors",
            type=ResolvedComponent.SCHEMA,
            object="FieldErrors",
            schema=FIELD_ERRORS_SCHEMA,
        )
        self.registry.register_on_missing(field_errors)
        schema = {"oneOf": [error, field_errors.ref]}
        return self._get_response_for_code(OpenApiResponse(schema, description), code)

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        serializer = force_instance(serializer)
        optional = {
            name
            for name, field in serializer.fields.items()
            # DRF keeps a field's own arguments in ``_kwargs``; only there is an explicit
            # required=False on a read-only field still visible.
            if field.read_only and field._kwargs.get("required") is False
        }
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema
