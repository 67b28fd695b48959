"""Azure ACR hosts: NAME.azurecr.io with a 5–50 letter-or-digit name."""

from __future__ import annotations

import pytest

from imagedesk.domain.acr import acr_name, is_acr_host, validate_acr_host
from imagedesk.domain.errors import FieldError


@pytest.mark.parametrize(
    "host",
    ["myteam.azurecr.io", "abcde.azurecr.io", "a1b2c3d4e5.azurecr.cn", "x" * 50 + ".azurecr.us"],
)
def test_valid_acr_hosts_are_accepted(host: str) -> None:
    assert validate_acr_host(host) == host
    assert is_acr_host(host)


@pytest.mark.parametrize(
    ("host", "words"),
    [
        ("abcd.azurecr.io", "5 to 50"),
        ("x" * 51 + ".azurecr.io", "5 to 50"),
        ("my-team.azurecr.io", "no dash"),
        ("my.team.azurecr.io", "no dash"),
        ("myteam.azurecr.io.evil.test", "ends in .azurecr.io"),
        ("registry.example.test", "ends in .azurecr.io"),
    ],
)
def test_invalid_acr_hosts_are_field_errors(host: str, words: str) -> None:
    with pytest.raises(FieldError) as raised:
        validate_acr_host(host)

    assert raised.value.field == "host"
    assert words in raised.value.message


def test_the_registry_name_is_the_first_label() -> None:
    assert acr_name("myteam42.azurecr.io") == "myteam42"


def test_a_huge_acr_name_is_quoted_short() -> None:
    with pytest.raises(FieldError) as caught:
        validate_acr_host("my-team" * 15_000 + ".azurecr.io")

    name = ("my-team" * 9)[:60] + "…"
    assert caught.value.message.startswith(f"'{name}' is not an Azure registry name")
    assert len(caught.value.message) < 200
