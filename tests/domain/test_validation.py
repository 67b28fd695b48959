"""What an admin types in the forms: cleaned when right, refused at the field when wrong."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imagedesk.domain import validation
from imagedesk.domain.errors import FieldError, ValidationErrors
from imagedesk.domain.models import Resources


def test_registry_name_is_trimmed() -> None:
    assert validation.registry_name("  prod ") == "prod"


@pytest.mark.parametrize("name", ["", "   ", "x" * 65])
def test_bad_registry_names_are_refused(name: str) -> None:
    with pytest.raises(FieldError) as raised:
        validation.registry_name(name)
    assert raised.value.field == "name"


def test_names_differing_in_spaces_and_case_share_a_key() -> None:
    assert validation.name_key("prod ") == validation.name_key("PROD")


@pytest.mark.parametrize(
    "repository", ["api", "team-a/api", "platform/base", "a.b_c__d--e/f0", "x" * 256]
)
def test_good_repository_names(repository: str) -> None:
    assert validation.repository_name(f" {repository} ") == repository


@pytest.mark.parametrize(
    "repository", ["", "Team/api", "team//api", "-api", "api-", "team/api/", "a b", "x" * 257]
)
def test_bad_repository_names(repository: str) -> None:
    with pytest.raises(FieldError) as raised:
        validation.repository_name(repository)
    assert raised.value.field == "repository"


@pytest.mark.parametrize("tag", ["latest", "v1.2.3", "_x", "A-b_c.d", "t" * 128])
def test_good_tags(tag: str) -> None:
    assert validation.tag_name(tag) == tag


@pytest.mark.parametrize("tag", ["", ".hidden", "-x", "a/b", "a:b", "t" * 129])
def test_bad_tags(tag: str) -> None:
    with pytest.raises(FieldError) as raised:
        validation.tag_name(tag)
    assert raised.value.field == "tag"


def test_description_limit() -> None:
    assert validation.description("d" * 500) == "d" * 500
    with pytest.raises(FieldError):
        validation.description("d" * 501)


@pytest.mark.parametrize("url", ["", "https://github.com/acme/api", "http://git.local:8080/x"])
def test_good_source_urls(url: str) -> None:
    assert validation.source_url(url) == url


@pytest.mark.parametrize("url", ["github.com/acme", "ftp://x.org/a", "https://", "https://a b"])
def test_bad_source_urls(url: str) -> None:
    with pytest.raises(FieldError) as raised:
        validation.source_url(url)
    assert raised.value.field == "source_url"


@pytest.mark.parametrize("memory", ["-1", "abc", "", "0", "4097", "nan", "inf", "1e9"])
def test_memory_is_refused_with_a_sentence(memory: str) -> None:
    with pytest.raises(FieldError) as raised:
        validation.memory_gb(memory)
    assert raised.value.field == "memory_gb"
    assert raised.value.message == "Enter the memory as a number from 0.1 to 4096 GB."


@pytest.mark.parametrize(("text", "value"), [(" 8 ", 8.0), ("0.5", 0.5), ("4096", 4096.0)])
def test_memory_accepted(text: str, value: float) -> None:
    assert validation.memory_gb(text) == value


def test_resource_bounds() -> None:
    assert validation.cpu_cores("0.1") == 0.1
    assert validation.disk_gb(65536) == 65536
    with pytest.raises(FieldError):
        validation.cpu_cores("257")
    with pytest.raises(FieldError):
        validation.disk_gb("0.5")


def test_import_form_reports_every_bad_field_at_once() -> None:
    with pytest.raises(ValidationErrors) as raised:
        validation.validate_import_form(
            repository="Bad Name", tag="", source="nope", cpu="2", memory="-1", disk="abc"
        )
    fields = [error.field for error in raised.value.errors]
    assert fields == ["repository", "tag", "source_url", "memory_gb", "disk_gb"]


def test_import_form_returns_clean_values() -> None:
    form = validation.validate_import_form(
        repository=" team-a/api ",
        tag="latest",
        description_text=" The API ",
        cpu="2",
        memory="4",
        disk=20,
    )
    assert form == validation.ImportForm(
        repository="team-a/api",
        tag="latest",
        description="The API",
        source_url="",
        resources=Resources(2.0, 4.0, 20.0),
    )


@given(st.text(max_size=40))
def test_memory_check_either_returns_a_number_in_range_or_refuses(text: str) -> None:
    try:
        value = validation.memory_gb(text)
    except FieldError as error:
        assert error.field == "memory_gb"
    else:
        assert 0.1 <= value <= 4096


# --- defects B and H: endpoint URLs, invisible characters, limit wording ----------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:5000",
        "http://localhost:4566/",
        "http://[::1]:5000",
        "https://moto.example.com",
        "https://10.0.0.5:8443/path",
    ],
)
def test_endpoint_urls_that_are_accepted(url: str) -> None:
    assert validation.validate_endpoint_url(f" {url} ") == url


def test_a_blank_endpoint_url_means_none() -> None:
    assert validation.validate_endpoint_url("  ") == ""


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("not a url", "is not an endpoint URL"),
        ("garbage", "is not an endpoint URL"),
        ("ftp://127.0.0.1", "is not an endpoint URL"),
        ("http://", "is not an endpoint URL"),
        ("http://127.0.0.1:99999", "is not an endpoint URL"),
        ("http://127.0.0.1:0", "is not an endpoint URL"),
        ("http://127.0.0.1:port", "is not an endpoint URL"),
        ("https://h\u00e9.example.com", "is not an endpoint URL"),
        ("http://moto.example.com:5000", "only allowed on this computer"),
        ("http://10.0.0.5", "only allowed on this computer"),
        ("http://169.254.169.254", "only allowed on this computer"),
        ("https://user:pw@example.com", "may not contain a user name or password"),
        ("https://exa\u202emple.com", "U+202E"),
        ("https://vpce.example.com/?x=1", "may not hold a query or fragment"),
        ("https://vpce.example.com/#top", "may not hold a query or fragment"),
        ("https://vpce.example.com/?", "may not hold a query or fragment"),
    ],
)
def test_endpoint_urls_that_are_refused(url: str, problem: str) -> None:
    with pytest.raises(FieldError) as caught:
        validation.validate_endpoint_url(url)
    assert caught.value.field == "endpoint_url"
    assert problem in caught.value.message


def test_a_huge_endpoint_url_is_quoted_short() -> None:
    with pytest.raises(FieldError) as caught:
        validation.validate_endpoint_url("x" * 100_000)
    assert len(caught.value.message) < 250


@pytest.mark.parametrize(
    ("check", "field"),
    [
        (validation.registry_name, "name"),
        (validation.description, "description"),
        (validation.source_url, "source_url"),
        (validation.tag_name, "tag"),
        (validation.repository_name, "repository"),
    ],
)
def test_bidi_controls_are_refused_in_every_text_field(
    check: Callable[[str], object], field: str
) -> None:
    with pytest.raises(FieldError) as caught:
        check("https://abc\u202etxt.exe")
    assert caught.value.field == field
    assert "invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)" in caught.value.message


def test_description_limit_is_worded_as_at_most() -> None:
    assert validation.description("d" * 500) == "d" * 500
    with pytest.raises(FieldError) as caught:
        validation.description("d" * 501)
    assert caught.value.message == (
        "Use at most 500 characters for the description (this one has 501)."
    )
