"""A small typed hierarchy of failures, each with a sentence a user can act on.

The UI maps a class to a message and a retry rule; it never parses strings.
``details`` carries the raw error text (already free of secrets) for "Details".
"""

from __future__ import annotations


class ImageDeskError(Exception):
    """Base of every error the app expects and explains."""

    default_message = "Something went wrong."
    retryable = False

    def __init__(self, message: str = "", *, details: str = "") -> None:
        self.message = message or self.default_message
        self.details = details
        super().__init__(self.message)


class FieldError(ImageDeskError):
    """Bad input in one named field of a form; shown beside that field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class ValidationErrors(ImageDeskError):
    """Several field errors found at once."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(error.message for error in errors))


# --- registry and AWS failures ---------------------------------------------------------


class RegistryError(ImageDeskError):
    default_message = "The registry call failed."


class AuthRefused(RegistryError):
    """The credentials themselves were refused (unknown key, wrong secret or password)."""

    default_message = "The registry refused the credentials. Check them and try again."


class PermissionMissing(RegistryError):
    """The credentials work, but lack a permission for this call."""

    default_message = "The credentials are not allowed to do this."

    def __init__(self, message: str = "", *, action: str = "", details: str = "") -> None:
        self.action = action
        super().__init__(message, details=details)


class TokenExpired(RegistryError):
    default_message = "The login token or session expired. Test the connection again."
    retryable = True


class ClockSkew(RegistryError):
    default_message = (
        "The request signature expired: this computer's clock is wrong. "
        "Fix the system clock; the keys are fine."
    )


class NotFound(RegistryError):
    default_message = "Not found in the registry."


class Throttled(RegistryError):
    default_message = "The registry is throttling requests. Wait a moment and retry."
    retryable = True


class Unreachable(RegistryError):
    default_message = "The registry endpoint could not be reached. Check the host and network."
    retryable = True


class ServiceFailure(RegistryError):
    """The service itself failed (HTTP 5xx); nothing the admin typed is wrong."""

    default_message = "The registry service had an internal error. Try again in a moment."
    retryable = True


class CertificateUntrusted(RegistryError):
    default_message = (
        "The registry's TLS certificate is not trusted. Attach its CA bundle to the registry."
    )


class CatalogDisabled(RegistryError):
    default_message = "This registry does not allow listing its repositories; type the name."


class WrongRegion(RegistryError):
    default_message = "The registry host names a different region than the one called."


class WebIdentityError(RegistryError):
    """Role authentication through web identity could not start or was refused."""

    default_message = "Role authentication through web identity failed."


class CredentialsMissing(RegistryError):
    default_message = "No credentials were found for this registry."


class Cancelled(ImageDeskError):
    """A job was cancelled; never shown to the user as an error."""

    default_message = "Cancelled."


# --- local storage failures ---------------------------------------------------------


class StoreError(ImageDeskError):
    default_message = "The catalog could not be saved."


class KeyringUnavailable(StoreError):
    default_message = "No usable keyring was found; secrets are kept in memory for this run only."


class KeyringLocked(StoreError):
    default_message = "The keyring is locked or did not answer. Unlock it and try again."
    retryable = True


class CatalogNotSqlite(StoreError):
    """The catalog file exists but is not an SQLite database; it is left untouched."""

    default_message = (
        "The catalog file is not an Image Desk catalog (not an SQLite database). "
        "Start a new catalog; the old file is kept beside it."
    )

    def __init__(self, message: str = "", *, path: str = "", details: str = "") -> None:
        self.path = path
        super().__init__(message, details=details)


class CatalogTooNew(StoreError):
    """The catalog was written by a newer Image Desk; it is refused, never changed."""

    default_message = (
        "The catalog was written by a newer version of Image Desk. "
        "Update Image Desk to open it; the file was not changed."
    )


class RegistryInUse(StoreError):
    """A registry cannot be deleted while images use it; ``images`` names them."""

    default_message = "The registry is used by images; remove them first."

    def __init__(self, message: str = "", *, images: tuple[str, ...] = ()) -> None:
        self.images = images
        super().__init__(message)


class ImportFileInvalid(StoreError):
    """An export file to import is malformed or foreign; nothing was changed."""

    default_message = "The file is not an Image Desk export; nothing was imported."


# --- additions for the ECR backend ---------------------------------------------------


class RoleAuthDisabled(RegistryError):
    """Blank ECR keys while the admin switch for role authentication is off."""

    default_message = (
        "Both keys are blank, which means IAM role authentication, and that is switched off. "
        "Enter the Access Key ID and Secret Access Key, or turn on "
        "Manage › Admin › Infrastructure › ECR IAM Role Authentication."
    )


class MfaCodeMissing(CredentialsMissing):
    """The MFA code a profile's role needs was not entered (dialog cancelled or timed out)."""

    default_message = (
        "No MFA code was entered, so the profile's role was not assumed and the test "
        "stopped. Test again and enter the current code from your MFA device."
    )


class MalformedToken(RegistryError):
    """A registry login token could not be decoded."""

    default_message = "The registry returned a login token that could not be read."
