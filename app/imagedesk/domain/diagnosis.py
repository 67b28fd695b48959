"""The named steps of a connection test and their outcomes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class StepState(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    WARNING = "warning"


@dataclass(frozen=True)
class StepResult:
    """One line of the checklist: what was tried, and what came of it."""

    key: str  # stable id, e.g. "parse_host", "credentials", "identity", "token", "list"
    title: str  # e.g. "ecr:GetAuthorizationToken"
    state: StepState
    message: str = ""  # the user sentence
    details: str = ""  # raw error text, secret-free


@dataclass
class DiagnosisReport:
    steps: list[StepResult] = field(default_factory=list)
    identity_arn: str = ""
    credential_source: str = ""  # keys, web identity, profile, environment, instance role
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(
            step.state in (StepState.PASSED, StepState.SKIPPED, StepState.WARNING)
            for step in self.steps
        )

    @property
    def failed_step(self) -> StepResult | None:
        return next((s for s in self.steps if s.state is StepState.FAILED), None)

    @property
    def summary(self) -> str:
        failed = self.failed_step
        if failed is not None:
            return failed.message
        return "Connection works."
