"""“Try it”: assume the role with a service-account token and run the ECR diagnosis.

This is what a workload on the cluster would do. The registry entry built here is
never stored; it exists so the ECR client runs exactly the steps it runs for a
saved role-authenticated registry.
"""

from __future__ import annotations

import logging

from imagedesk.domain.cancel import CancelToken
from imagedesk.domain.credentials import clean_role_arn
from imagedesk.domain.diagnosis import DiagnosisReport
from imagedesk.domain.errors import FieldError
from imagedesk.domain.irsa import IrsaInputs
from imagedesk.domain.models import AuthMethod, Registry, RegistryKind, Settings
from imagedesk.domain.secret import RegistrySecrets, Secret
from imagedesk.registry.base import StepCallback
from imagedesk.registry.factory import make_client

logger = logging.getLogger(__name__)


def trial_registry(
    inputs: IrsaInputs, role_arn: str, *, token_file: str = "", endpoint_url: str = ""
) -> Registry:
    """The unsaved ECR entry of the account's registry, authenticated by the role."""
    if not inputs.region:
        raise FieldError("region", "Enter the region of the registry to try.")
    return Registry(
        name="IRSA trial",
        host=inputs.ecr_host,
        kind=RegistryKind.ECR,
        auth=AuthMethod.ROLE,
        role_arn=clean_role_arn(role_arn),
        web_identity_token_file=token_file.strip(),
        endpoint_url=endpoint_url,
    )


def try_role(
    inputs: IrsaInputs,
    role_arn: str,
    *,
    token: Secret | None = None,
    token_file: str = "",
    endpoint_url: str = "",
    on_step: StepCallback | None = None,
    cancel: CancelToken | None = None,
) -> DiagnosisReport:
    """Assume ``role_arn`` with the token (pasted, or read from ``token_file``) and test ECR.

    Raises FieldError for bad input; AWS failures are FAILED steps of the report.
    """
    if not token_file.strip() and not token:
        raise FieldError(
            "web_identity_token", "Paste a service-account token or choose a token file."
        )
    registry = trial_registry(inputs, role_arn, token_file=token_file, endpoint_url=endpoint_url)
    secrets = RegistrySecrets(web_identity_token=None if token_file.strip() else token)
    # The admin switch guards saved registries; a trial is the admin's explicit request.
    client = make_client(registry, secrets, Settings(ecr_role_auth=True))
    logger.info("trying the role %s against %s", registry.role_arn, registry.host)
    return client.test_connection(on_step or _ignore, cancel or CancelToken())


def _ignore(_step: object) -> None:
    """No live progress wanted."""
