"""The embedded endpoint: refuses without a purpose, loopback only, leaves moto as found."""

from __future__ import annotations

import os

import pytest
from moto import settings

from imagedesk.demo.clients import demo_client
from imagedesk.demo.server import DemoServer, DemoServerRefused, post_moto_api


def test_refuses_to_start_without_a_purpose() -> None:
    with pytest.raises(DemoServerRefused, match="only runs for the demo or for tests"):
        DemoServer()

    assert DemoServer.current() is None


def test_refuses_an_unknown_purpose() -> None:
    with pytest.raises(DemoServerRefused, match="'production'"):
        DemoServer(purpose="production")


def test_serves_on_a_loopback_port_and_stops() -> None:
    server = DemoServer(purpose="test")
    endpoint_url = server.start()
    try:
        assert endpoint_url.startswith("http://127.0.0.1:")
        assert DemoServer.current() is server
        assert demo_client("sts", endpoint_url).get_caller_identity()["Account"] == (
            "123456789012"
        )
    finally:
        server.stop()

    assert DemoServer.current() is None
    assert server.endpoint_url == ""


def test_refuses_a_second_server_in_the_same_process() -> None:
    first = DemoServer(purpose="test")
    first.start()
    try:
        with pytest.raises(DemoServerRefused, match="already runs"):
            DemoServer(purpose="demo").start()
    finally:
        first.stop()


def test_stop_puts_back_the_access_control_setting() -> None:
    before = settings.INITIAL_NO_AUTH_ACTION_COUNT
    server = DemoServer(purpose="test")
    server.start()
    server.enable_access_control()

    assert settings.INITIAL_NO_AUTH_ACTION_COUNT == 0
    server.stop()
    assert before == settings.INITIAL_NO_AUTH_ACTION_COUNT


def test_sets_the_metadata_switch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    server = DemoServer(purpose="test")
    server.start()
    server.stop()

    assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"


@pytest.mark.parametrize(
    "endpoint_url",
    ["https://ecr.us-east-1.amazonaws.com", "http://169.254.169.254", "http://10.0.0.1:5000"],
)
def test_demo_clients_and_admin_calls_refuse_other_hosts(endpoint_url: str) -> None:
    with pytest.raises(DemoServerRefused):
        demo_client("ecr", endpoint_url)
    with pytest.raises(DemoServerRefused):
        post_moto_api(endpoint_url, "/moto-api/reset", "")


def test_server_tracebacks_go_to_the_log_at_debug_level_only(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """Defect D: a failing moto handler printed werkzeug tracebacks to the terminal."""
    import logging

    from imagedesk.demo.server import SERVER_LOG_NAME, route_server_logging

    route_server_logging()
    caplog.set_level(logging.DEBUG, logger=SERVER_LOG_NAME)
    try:
        raise KeyError("mars-north-9")
    except KeyError:
        logging.getLogger("werkzeug").error("Error on request:", exc_info=True)

    printed = capfd.readouterr()
    assert "mars-north-9" not in printed.out + printed.err
    relayed = [record for record in caplog.records if record.name == SERVER_LOG_NAME]
    assert relayed
    assert {record.levelno for record in relayed} == {logging.DEBUG}
    assert relayed[0].getMessage() == "[werkzeug] Error on request:"
