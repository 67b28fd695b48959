"""Reading IAM policy documents and judging them, without asking AWS.

The verifier fetches a role's trust policy and permission policies; the questions
"may this service account assume the role?" and "may the role call ecr:X?" are
answered here. Parsing never raises: whatever shape a document arrives in, what
cannot be understood is kept as a problem sentence and otherwise ignored.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import unquote


@dataclass(frozen=True)
class Statement:
    effect: str  # "Allow" or "Deny"
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    not_resources: tuple[str, ...] = ()
    # principal type ("AWS", "Federated", "Service", "*") -> its values
    principals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # operator ("StringEquals") -> condition key, lower-cased -> values
    conditions: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    @property
    def allows(self) -> bool:
        return self.effect == "Allow"

    def matches_action(self, action: str) -> bool:
        if self.actions:
            return any(
                wildcard_match(pattern, action, ignore_case=True) for pattern in self.actions
            )
        if self.not_actions:
            return not any(
                wildcard_match(pattern, action, ignore_case=True) for pattern in self.not_actions
            )
        return False

    def matches_resource(self, resource: str) -> bool:
        if self.resources:
            return any(wildcard_match(pattern, resource) for pattern in self.resources)
        if self.not_resources:
            return not any(wildcard_match(pattern, resource) for pattern in self.not_resources)
        return False

    def condition_values(self, operator: str, key: str) -> tuple[str, ...] | None:
        """The values of ``key`` under ``operator``, or None when there is no such condition."""
        return self.conditions.get(operator, {}).get(key.lower())


@dataclass(frozen=True)
class PolicyDocument:
    statements: tuple[Statement, ...] = ()
    problems: tuple[str, ...] = ()


# --- parsing ---------------------------------------------------------------------------


def parse_policy(raw: object) -> PolicyDocument:
    """Parse a policy given as a dict, JSON text or URL-encoded JSON (as IAM returns it)."""
    problems: list[str] = []
    document = _load(raw, problems)
    if not isinstance(document, dict):
        if document is not None:
            problems.append("The policy is not a JSON object.")
        return PolicyDocument(problems=tuple(problems))

    raw_statements = document.get("Statement")
    if isinstance(raw_statements, dict):
        raw_statements = [raw_statements]
    if not isinstance(raw_statements, list):
        problems.append("The policy has no Statement list.")
        return PolicyDocument(problems=tuple(problems))

    statements = []
    for index, raw_statement in enumerate(raw_statements):
        if not isinstance(raw_statement, dict):
            problems.append(f"Statement {index + 1} is not an object.")
            continue
        statements.append(_statement(raw_statement, problems))
    return PolicyDocument(tuple(statements), tuple(problems))


def _load(raw: object, problems: list[str]) -> object:
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    if not isinstance(raw, str):
        return raw

    for text in (raw, unquote(raw)):
        try:
            loaded: object = json.loads(text)
        except (ValueError, RecursionError):
            continue
        return loaded
    problems.append("The policy is not valid JSON.")
    return None


def _statement(raw: dict[Any, Any], problems: list[str]) -> Statement:
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        problems.append(f"A statement has Effect {effect!r}; only Allow and Deny mean anything.")
        effect = str(effect)
    return Statement(
        effect=effect,
        actions=_strings(raw.get("Action")),
        not_actions=_strings(raw.get("NotAction")),
        resources=_strings(raw.get("Resource")),
        not_resources=_strings(raw.get("NotResource")),
        principals=_principals(raw.get("Principal")),
        conditions=_conditions(raw.get("Condition")),
    )


def _strings(value: object) -> tuple[str, ...]:
    """A string or a list of scalars, as strings; anything else counts as nothing."""
    if isinstance(value, list):
        return tuple(_scalar(item) for item in value if _scalar(item))
    scalar = _scalar(value)
    return (scalar,) if scalar else ()


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return ""


def _principals(value: object) -> dict[str, tuple[str, ...]]:
    if value == "*":
        return {"*": ("*",)}
    if not isinstance(value, dict):
        return {}
    return {str(kind): _strings(values) for kind, values in value.items()}


def _conditions(value: object) -> dict[str, dict[str, tuple[str, ...]]]:
    if not isinstance(value, dict):
        return {}
    conditions: dict[str, dict[str, tuple[str, ...]]] = {}
    for operator, keys in value.items():
        if isinstance(keys, dict):
            conditions[str(operator)] = {
                str(key).lower(): _strings(values) for key, values in keys.items()
            }
    return conditions


# --- matching --------------------------------------------------------------------------


def wildcard_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """IAM's wildcards: ``*`` for any run of characters, ``?`` for one character."""
    return _wildcard_regex(pattern, ignore_case).fullmatch(value) is not None


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


@lru_cache(maxsize=512)
def _wildcard_regex(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = (".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


class Decision(enum.StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"  # an explicit Deny statement
    NOT_ALLOWED = "not allowed"  # no Allow statement covers it


def evaluate(documents: Iterable[PolicyDocument], action: str, resource: str = "*") -> Decision:
    """Whether identity policies allow ``action`` on ``resource``.

    Conditions are not evaluated: a conditional Allow counts as an Allow, because the
    verifier asks whether the role was granted the permission at all.
    """
    statements = [s for document in documents for s in document.statements]
    applicable = [
        s for s in statements if s.matches_action(action) and s.matches_resource(resource)
    ]
    if any(s.effect == "Deny" for s in applicable):
        return Decision.DENIED
    if any(s.allows for s in applicable):
        return Decision.ALLOWED
    return Decision.NOT_ALLOWED


def allows_action_somewhere(documents: Iterable[PolicyDocument], action: str) -> bool:
    """Whether any Allow statement names ``action`` at all, whatever its resources."""
    return any(
        s.allows and s.matches_action(action)
        for document in documents
        for s in document.statements
    )


# --- trust policies of web-identity roles ----------------------------------------------


class Verdict(enum.StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Finding:
    verdict: Verdict
    message: str


@dataclass(frozen=True)
class TrustExpectation:
    provider_arn: str
    issuer: str  # without scheme, the prefix of the condition keys
    subject: str  # system:serviceaccount:NS:SA
    audience: str
    action: str = "sts:AssumeRoleWithWebIdentity"


@dataclass(frozen=True)
class TrustReview:
    principal: Finding
    action: Finding
    subject: Finding
    audience: Finding


_RANK = {Verdict.OK: 0, Verdict.WARN: 1, Verdict.FAIL: 2}


def _best(findings: Sequence[Finding], fallback: Finding) -> Finding:
    return min(findings, key=lambda finding: _RANK[finding.verdict], default=fallback)


def review_trust_policy(document: PolicyDocument, expected: TrustExpectation) -> TrustReview:
    """Judge whether the trust policy lets the expected service account in, part by part."""
    allows = [s for s in document.statements if s.allows]
    federated = [s for s in allows if s.principals.get("Federated")]
    for_provider = [s for s in federated if expected.provider_arn in s.principals["Federated"]]

    principal = _review_principal(federated, for_provider, expected)
    candidates = for_provider or federated
    with_action = [s for s in candidates if s.matches_action(expected.action)]
    action = _review_action(candidates, with_action, expected)

    judged = with_action or candidates
    none = Finding(Verdict.FAIL, "No statement of the trust policy lets a web identity in.")
    subject = _best([_review_subject(s, expected) for s in judged], none)
    audience = _best([_review_audience(s, expected) for s in judged], none)
    return TrustReview(principal, action, subject, audience)


def _review_principal(
    federated: list[Statement], for_provider: list[Statement], expected: TrustExpectation
) -> Finding:
    if for_provider:
        return Finding(Verdict.OK, f"Trusts {expected.provider_arn}.")
    others = sorted({arn for s in federated for arn in s.principals["Federated"]})
    if others:
        return Finding(
            Verdict.FAIL,
            f"The trust policy trusts {', '.join(others)}, not this cluster's provider. "
            f"Set Principal.Federated to {expected.provider_arn}.",
        )
    return Finding(
        Verdict.FAIL,
        "The trust policy has no Federated principal. Add an Allow statement with "
        f"Principal.Federated {expected.provider_arn} (use the generated trust policy).",
    )


def _review_action(
    candidates: list[Statement], with_action: list[Statement], expected: TrustExpectation
) -> Finding:
    if with_action:
        return Finding(Verdict.OK, f"Allows {expected.action}.")
    named = sorted({action for s in candidates for action in s.actions})
    if named:
        return Finding(
            Verdict.FAIL,
            f"The statement allows {', '.join(named)}, not {expected.action}. "
            f"Set its Action to {expected.action}.",
        )
    return Finding(Verdict.FAIL, f"No statement allows {expected.action}. Add it as the Action.")


def _review_subject(statement: Statement, expected: TrustExpectation) -> Finding:
    key = f"{expected.issuer}:sub"
    equals = statement.condition_values("StringEquals", key)
    like = statement.condition_values("StringLike", key)
    fix = f'Set the condition StringEquals "{key}" to "{expected.subject}".'

    if equals is None and like is None:
        return Finding(
            Verdict.WARN,
            "There is no sub condition, so every service account of the cluster may "
            f"assume this role. {fix}",
        )

    if equals is not None and expected.subject not in equals:
        wildcards = [value for value in equals if has_wildcard(value)]
        if wildcards:
            return Finding(
                Verdict.FAIL,
                f'The sub condition "{wildcards[0]}" uses a wildcard under StringEquals, '
                "which compares literally, so no service account matches it. Use StringLike "
                f"for a pattern, or name the service account exactly. {fix}",
            )
        return Finding(
            Verdict.FAIL,
            f"The trust policy lets in {', '.join(equals) or 'no subject'}, "
            f"not {expected.subject}. {fix}",
        )

    if like is not None and not any(wildcard_match(pattern, expected.subject) for pattern in like):
        return Finding(
            Verdict.FAIL,
            f"The StringLike sub condition ({', '.join(like) or 'empty'}) does not match "
            f"{expected.subject}. {fix}",
        )

    how = "exactly" if equals is not None else f"through the pattern {', '.join(like or ())}"
    return Finding(Verdict.OK, f"Lets in {expected.subject} {how}.")


def _review_audience(statement: Statement, expected: TrustExpectation) -> Finding:
    key = f"{expected.issuer}:aud"
    equals = statement.condition_values("StringEquals", key)
    like = statement.condition_values("StringLike", key)
    fix = f'Set the condition StringEquals "{key}" to "{expected.audience}".'

    if equals is None and like is None:
        return Finding(Verdict.WARN, f"There is no aud condition. {fix}")
    if equals is not None and expected.audience not in equals:
        return Finding(Verdict.FAIL, f"The aud condition is {', '.join(equals) or 'empty'}. {fix}")
    if like is not None and not any(wildcard_match(value, expected.audience) for value in like):
        return Finding(Verdict.FAIL, f"The aud condition is {', '.join(like) or 'empty'}. {fix}")
    return Finding(Verdict.OK, f"Requires the audience {expected.audience}.")
