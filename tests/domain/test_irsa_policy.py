"""Parsing and judging IAM policy documents."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from imagedesk.domain.iam_policy import (
    Decision,
    TrustExpectation,
    Verdict,
    allows_action_somewhere,
    evaluate,
    parse_policy,
    review_trust_policy,
    wildcard_match,
)

ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/AAAA"
PROVIDER = f"arn:aws:iam::123456789012:oidc-provider/{ISSUER}"
EXPECTED = TrustExpectation(
    provider_arn=PROVIDER,
    issuer=ISSUER,
    subject="system:serviceaccount:coder:coder",
    audience="sts.amazonaws.com",
)


def _allow(action: Any, resource: Any = "*") -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}],
    }


def _trust(
    condition: dict[str, Any],
    principal: str = PROVIDER,
    action: str = "sts:AssumeRoleWithWebIdentity",
) -> dict[str, Any]:
    return {
        "Statement": {
            "Effect": "Allow",
            "Principal": {"Federated": principal},
            "Action": action,
            "Condition": condition,
        }
    }


def test_wildcards_in_actions() -> None:
    for pattern in (
        "ecr:*",
        "ecr:Describe*",
        "*",
        "ECR:describerepositories",
        "ecr:Describe?epositories",
    ):
        assert (
            evaluate([parse_policy(_allow(pattern))], "ecr:DescribeRepositories")
            is Decision.ALLOWED
        )
    assert (
        evaluate([parse_policy(_allow("ecr:Get*"))], "ecr:DescribeRepositories")
        is Decision.NOT_ALLOWED
    )


def test_explicit_deny_wins() -> None:
    deny = {"Statement": [{"Effect": "Deny", "Action": "ecr:*", "Resource": "*"}]}
    documents = [parse_policy(_allow("*")), parse_policy(deny)]
    assert evaluate(documents, "ecr:BatchGetImage") is Decision.DENIED


def test_not_action_allows_everything_else() -> None:
    document = parse_policy(
        {"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}
    )
    assert evaluate([document], "ecr:DescribeImages") is Decision.ALLOWED
    assert evaluate([document], "iam:GetRole") is Decision.NOT_ALLOWED


def test_resource_scoped_to_repositories_does_not_cover_the_login_token() -> None:
    document = parse_policy(_allow("ecr:*", "arn:aws:ecr:*:123456789012:repository/*"))
    assert evaluate([document], "ecr:GetAuthorizationToken") is Decision.NOT_ALLOWED
    assert (
        evaluate(
            [document], "ecr:BatchGetImage", "arn:aws:ecr:us-east-1:123456789012:repository/*"
        )
        is Decision.ALLOWED
    )
    assert allows_action_somewhere([document], "ecr:GetAuthorizationToken")


def test_url_encoded_and_text_documents_parse() -> None:
    text = json.dumps(_allow(["ecr:BatchGetImage"]))
    for raw in (text, quote(text), text.encode()):
        assert evaluate([parse_policy(raw)], "ecr:BatchGetImage") is Decision.ALLOWED


def test_garbage_becomes_problems() -> None:
    assert parse_policy("{not json").problems == ("The policy is not valid JSON.",)
    assert parse_policy([1, 2]).statements == ()
    assert parse_policy({"Statement": ["x", {"Effect": "Maybe"}]}).problems == (
        "Statement 1 is not an object.",
        "A statement has Effect 'Maybe'; only Allow and Deny mean anything.",
    )


def test_wildcard_match_is_anchored() -> None:
    assert wildcard_match("system:serviceaccount:coder:*", "system:serviceaccount:coder:x")
    assert not wildcard_match("system:serviceaccount:coder:*", "xsystem:serviceaccount:coder:x")
    assert not wildcard_match("a.b", "aXb")


def test_correct_trust_policy_passes_every_part() -> None:
    review = review_trust_policy(
        parse_policy(
            _trust(
                {
                    "StringEquals": {
                        f"{ISSUER}:sub": EXPECTED.subject,
                        f"{ISSUER}:aud": "sts.amazonaws.com",
                    }
                }
            )
        ),
        EXPECTED,
    )
    assert [
        f.verdict for f in (review.principal, review.action, review.subject, review.audience)
    ] == [Verdict.OK] * 4


def test_wildcard_under_string_equals_is_the_mistake_it_is() -> None:
    review = review_trust_policy(
        parse_policy(_trust({"StringEquals": {f"{ISSUER}:sub": "system:serviceaccount:coder:*"}})),
        EXPECTED,
    )
    assert review.subject.verdict is Verdict.FAIL
    assert "wildcard under StringEquals" in review.subject.message
    assert "StringLike" in review.subject.message


def test_wildcard_under_string_like_is_fine() -> None:
    review = review_trust_policy(
        parse_policy(_trust({"StringLike": {f"{ISSUER}:sub": "system:serviceaccount:coder:*"}})),
        EXPECTED,
    )
    assert review.subject.verdict is Verdict.OK


def test_sub_for_another_namespace_fails_naming_both() -> None:
    review = review_trust_policy(
        parse_policy(
            _trust({"StringEquals": {f"{ISSUER}:sub": "system:serviceaccount:default:coder"}})
        ),
        EXPECTED,
    )
    assert review.subject.verdict is Verdict.FAIL
    assert "system:serviceaccount:default:coder" in review.subject.message
    assert f'"{EXPECTED.subject}"' in review.subject.message


def test_missing_sub_and_aud_are_warnings() -> None:
    review = review_trust_policy(parse_policy(_trust({})), EXPECTED)
    assert (review.subject.verdict, review.audience.verdict) == (Verdict.WARN, Verdict.WARN)


def test_other_provider_and_action_fail() -> None:
    other = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/BBBB"
    review = review_trust_policy(
        parse_policy(_trust({}, principal=other, action="sts:AssumeRole")), EXPECTED
    )
    assert review.principal.verdict is Verdict.FAIL
    assert other in review.principal.message
    assert review.action.verdict is Verdict.FAIL
    assert "sts:AssumeRole," in review.action.message


def test_wrong_audience_fails() -> None:
    review = review_trust_policy(
        parse_policy(_trust({"StringEquals": {f"{ISSUER}:aud": "vault"}})), EXPECTED
    )
    assert review.audience.verdict is Verdict.FAIL


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Statement",
                    "Effect",
                    "Action",
                    "NotAction",
                    "Resource",
                    "Principal",
                    "Federated",
                    "Condition",
                    "StringEquals",
                    "StringLike",
                    "x",
                ]
            )
            | st.text(max_size=10),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@given(json_values)
def test_parser_and_reviews_never_raise(raw: object) -> None:
    for form in (raw, json.dumps(raw)):
        document = parse_policy(form)
        assert isinstance(evaluate([document], "ecr:BatchGetImage"), Decision)
        review = review_trust_policy(document, EXPECTED)
        assert review.subject.verdict in set(Verdict)


@given(st.text(max_size=200))
def test_parser_never_raises_on_text(raw: str) -> None:
    assert isinstance(parse_policy(raw).problems, tuple)
