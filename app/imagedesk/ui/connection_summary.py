"""The sentence kept as a registry's last test result, and which field a failure is about.

No Qt here. The stored summary names the principal that signed the calls and where
its credentials came from, so the Registries page can show them later; it never
holds a secret (an ARN and a source name are not secrets).
"""

from __future__ import annotations

import logging

from imagedesk.domain.diagnosis import DiagnosisReport, StepResult, StepState

logger = logging.getLogger(__name__)

# The v2 registries' login step: when it fails, the user name or password was refused.
# (An ECR identity step may fail for other reasons, so it is not counted here.)
_AUTH_STEPS = frozenset({"authenticate"})
_REACH_STEP = "reach"
# TODO: the generic diagnosis names a certificate failure only in its details text;
# once StepResult carries the error class (or the field to fix), test that instead.
_CERTIFICATE_MARKS = ("CERTIFICATE_VERIFY_FAILED", "SSLCertVerificationError")


def identity_sentence(report: DiagnosisReport) -> str:
    """ "Signed in as ARN (access keys)." or "Credentials from profile.", or blank."""
    source = report.credential_source
    if report.identity_arn:
        return f"Signed in as {report.identity_arn}" + (f" ({source})." if source else ".")
    if source:
        return f"Credentials from {source}."
    return ""


def stored_summary(report: DiagnosisReport) -> str:
    """The report's outcome, the identity and its warnings, as one line for the catalog."""
    parts = [report.summary, identity_sentence(report)]
    parts.extend(f"Warning: {warning}" for warning in report.warnings)
    return " ".join(part for part in parts if part)


def credentials_refused(report: DiagnosisReport) -> bool:
    """True when the test failed because the registry refused the user or keys."""
    failed = report.failed_step
    return failed is not None and failed.key in _AUTH_STEPS


def certificate_untrusted(step: StepResult) -> bool:
    """True for a failed reach step whose cause is an untrusted TLS certificate."""
    if step.state is not StepState.FAILED or step.key != _REACH_STEP:
        return False
    return any(mark in step.details for mark in _CERTIFICATE_MARKS)
