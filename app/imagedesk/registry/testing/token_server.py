"""A tiny Docker token service on 127.0.0.1 for the real registry's ``auth: token`` mode.

It checks one user name and password, grants whatever scope is asked, and signs an
RS256 JWT whose ``x5c`` header carries its self-signed certificate; the registry
trusts that certificate through ``rootcertbundle``. Tests only.
"""

from __future__ import annotations

import base64
import datetime
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

ISSUER = "image-desk-test-issuer"
SERVICE = "image-desk-test-registry"
LIFETIME = 300  # seconds


class TokenServer:
    """Start with :meth:`start`, end with :meth:`stop`; ``realm`` goes in the registry config."""

    def __init__(self, folder: Path, username: str, password: str) -> None:
        self.username = username
        self._password = password
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._certificate = _self_signed(self._key)
        self.cert_file = folder / "token-signer.pem"
        self.cert_file.write_bytes(self._certificate.public_bytes(serialization.Encoding.PEM))
        self.issued_scopes: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def realm(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/token"

    def start(self) -> TokenServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def registry_auth_yaml(self) -> list[str]:
        """The ``auth:`` section for the registry's config file."""
        return [
            "auth:",
            "  token:",
            f'    realm: "{self.realm}"',
            f'    service: "{SERVICE}"',
            f'    issuer: "{ISSUER}"',
            f'    rootcertbundle: "{self.cert_file}"',
        ]

    def accepts(self, username: str, password: str) -> bool:
        return secrets.compare_digest(
            f"{username}\0{password}", f"{self.username}\0{self._password}"
        )

    def issue(self, scopes: list[str]) -> str:
        """A signed token granting every scope in ``scopes`` to the test user."""
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": self.username,
            "aud": SERVICE,
            "exp": now + LIFETIME,
            "nbf": now - 10,
            "iat": now,
            "jti": secrets.token_hex(8),
            "access": [_access(scope) for scope in scopes if scope.count(":") >= 2],
        }
        chain = [base64.b64encode(self._certificate.public_bytes(serialization.Encoding.DER))]
        header = {"typ": "JWT", "alg": "RS256", "x5c": [item.decode() for item in chain]}
        signing_input = f"{_b64(json.dumps(header))}.{_b64(json.dumps(claims))}"
        signature = self._key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        self.issued_scopes.extend(scopes)
        return f"{signing_input}.{_b64(signature)}"


def _access(scope: str) -> dict[str, object]:
    kind, rest = scope.split(":", 1)
    name, actions = rest.rsplit(":", 1)
    return {"type": kind, "name": name, "actions": actions.split(",")}


def _b64(data: str | bytes) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _self_signed(key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Image Desk test token signer")])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )


def _handler_for(service: TokenServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not self._authorized():
                self._answer(401, {"details": "incorrect username or password"})
                return

            query = parse_qs(urlsplit(self.path).query)
            token = service.issue(query.get("scope", []))
            self._answer(200, {"token": token, "expires_in": LIFETIME})

        def _authorized(self) -> bool:
            header = self.headers.get("Authorization", "")
            if not header.startswith("Basic "):
                return False
            try:
                pair = base64.b64decode(header[6:]).decode()
            except ValueError:
                return False
            username, _, password = pair.partition(":")
            return service.accepts(username, password)

        def _answer(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return  # keep test output quiet; the registry log has the story

    return Handler
