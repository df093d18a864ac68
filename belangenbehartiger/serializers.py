"""Serializer plumbing shared by the apps' APIs.

Every write serializer of the API is strict: a key in the body that the serializer does not
accept is a 400 naming it, never silently dropped (DESIGN.md §6 "Fixed names of the system
level and the hardening"). A client that sends ``status`` or ``assignee`` on a create learns
at once that it did not do what it meant.
"""

import copy
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# No docstrings on these classes: drf-spectacular would show them as the description of
# every serializer built on them.


class ModelFieldsOnceMixin:
    # ModelSerializer builds its fields from the model on every instance (about 2 ms for a
    # case, on every response). What it builds depends on the class alone: build it once per
    # class and give each instance a deep copy, as DRF does with declared fields.

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_fields_built_once")
        if built is None:
            built = super().get_fields()
            cls._fields_built_once = built
        return copy.deepcopy(built)


class StrictMixin:
    # Refuses keys that are not writable fields of the serializer.
    default_error_messages = {
        "unknown_field": _("Onbekend veld."),
        "read_only_field": _("Dit veld kan niet worden ingevuld."),
    }

    def _unexpected_keys(self, data) -> dict[str, list[str]]:
        if not isinstance(data, Mapping):
            return {}  # DRF's own "invalid data" error handles a body that is not an object
        errors = {}
        for key in data:
            field = self.fields.get(key)
            if field is None:
                errors[key] = [self.error_messages["unknown_field"]]
            elif field.read_only:
                errors[key] = [self.error_messages["read_only_field"]]
        return dict(sorted(errors.items()))

    def to_internal_value(self, data):
        unexpected = self._unexpected_keys(data)
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unexpected and isinstance(exc.detail, Mapping):
                raise serializers.ValidationError({**exc.detail, **unexpected}) from None
            raise
        if unexpected:
            raise serializers.ValidationError(unexpected)
        return value


class StrictSerializer(StrictMixin, serializers.Serializer):
    pass


class ModelSerializer(ModelFieldsOnceMixin, serializers.ModelSerializer):
    pass


class StrictModelSerializer(StrictMixin, ModelSerializer):
    pass


class ErrorSerializer(serializers.Serializer):
    """An error that is not about fields: what went wrong, in Dutch."""

    detail = serializers.CharField()
