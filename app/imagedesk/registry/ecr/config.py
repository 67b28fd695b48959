"""The botocore settings every AWS client of the ECR backend is built with."""

from __future__ import annotations

from botocore.config import Config

CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 15
MAX_ATTEMPTS = 3  # in all, the first call included ("max_attempts" would count retries)
# One connection test stops starting new attempts after this long (see retry_watch).
DIAGNOSIS_DEADLINE_SECONDS = 60


def client_config(region: str, *, fips: bool = False, dual_stack: bool = False) -> Config:
    """Timeouts, bounded standard-mode retries and the host's endpoint variant."""
    return Config(
        region_name=region,
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
        use_fips_endpoint=fips,
        use_dualstack_endpoint=dual_stack,
        user_agent_extra="imagedesk",
    )
