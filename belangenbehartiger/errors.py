"""Domain errors raised by services; mapped to HTTP in one place for the API
(belangenbehartiger.api_errors) and shown as form messages in the web views."""


class DomainError(Exception):
    """Base class: a business rule refused the action. ``message`` is shown to the user."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    status_code = 400


class TransitionNotAllowed(DomainError):
    status_code = 409


class ConcurrentChange(DomainError):
    """Someone else changed the object first; the caller should reload and retry."""

    status_code = 409


class NotPermitted(DomainError):
    status_code = 403


class IdempotencyConflict(DomainError):
    """An idempotency key came back with another request than the one it was first used for."""

    status_code = 422
