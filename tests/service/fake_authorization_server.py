"""A fake OAuth 2.0 authorization server on 127.0.0.1, for the full round trip.

``/authorize`` grants consent at once (or denies it with ``error=access_denied`` when
``deny`` is set) and redirects to the ``redirect_uri`` with a code and the state.
``/token`` checks the code and its PKCE verifier (S256) and issues tokens; a refresh
rotates them: each refresh token works exactly once. ``delay`` makes the token
endpoint slow, for the timeout tests.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit


@dataclass
class AuthorizationServerState:
    """What the fake server issued and saw."""

    deny: bool = False
    delay: float = 0.0
    codes: dict[str, str] = field(default_factory=dict)  # code -> S256 challenge
    refresh_tokens: set[str] = field(default_factory=set)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _handler(state: AuthorizationServerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path != "/authorize":
                self.send_error(404)
                return
            state.authorize_requests.append(query)
            if state.deny:
                answer = {"error": "access_denied", "state": query["state"]}
            else:
                code = f"CODE-{next(state.counter)}"
                state.codes[code] = query["code_challenge"]
                answer = {"code": code, "state": query["state"]}
            self.send_response(302)
            self.send_header("Location", f"{query['redirect_uri']}?{urlencode(answer)}")
            self.end_headers()

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            state.token_requests.append(form)
            if state.delay:
                time.sleep(state.delay)
            if form.get("grant_type") == "authorization_code":
                challenge = state.codes.pop(form.get("code", ""), None)
                if challenge is None or _s256(form.get("code_verifier", "")) != challenge:
                    self._json(400, {"error": "invalid_grant"})
                    return
            elif form.get("grant_type") == "refresh_token":
                if form.get("refresh_token") not in state.refresh_tokens:
                    self._json(400, {"error": "invalid_grant"})
                    return
                state.refresh_tokens.discard(form["refresh_token"])
            else:
                self._json(400, {"error": "unsupported_grant_type"})
                return
            number = next(state.counter)
            refresh = f"RT-{number}"
            state.refresh_tokens.add(refresh)
            self._json(
                200, {"access_token": f"AT-{number}", "refresh_token": refresh, "expires_in": 1800}
            )

        def _json(self, status: int, body: dict[str, object]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def fake_authorization_server() -> Iterator[tuple[str, AuthorizationServerState]]:
    """Serve on a free port of 127.0.0.1; yields its base URL and its state."""
    state = AuthorizationServerState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
