"""A local stand-in for the Anthropic Messages API, answering from a test's script.

Standard library only: a ThreadingHTTPServer on 127.0.0.1 (port chosen by the OS).
`POST /v1/messages` is answered by calling the script with the parsed request;
every request, known or not, is recorded in arrival order.
"""

from __future__ import annotations

import gzip
import json
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tests.e2e.api_request import ApiRequest
from tests.e2e.turns import Turn, message_body, sse_stream

HIDDEN_HEADERS = frozenset({"authorization", "x-api-key"})
FAKE_API_KEY = "sk-ant-fake-e2e-not-a-real-key"


@dataclass(frozen=True)
class Recorded:
    """One HTTP request as the server saw it (credentials left out) and the status it got."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int


@dataclass
class Conversation:
    """What the script may look at besides the request: earlier requests and free-form state."""

    requests: list[ApiRequest] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)

    def turn(self, request: ApiRequest) -> int:
        """How many earlier Messages requests came from the same agent (0 = its first)."""
        return sum(1 for earlier in self.requests[:-1] if earlier.agent == request.agent)


Script = Callable[[ApiRequest, Conversation], Turn]


def _default_script(request: ApiRequest, conversation: Conversation) -> Turn:
    return Turn.say("done")


class FakeAnthropic:
    """The server: start it, point the CLI at `base_url`, read `log` / `messages` afterwards."""

    def __init__(self, script: Script = _default_script) -> None:
        self.script = script
        self.conversation = Conversation()
        self.errors: list[str] = []
        self._log: list[Recorded] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="fake-anthropic", daemon=True
        )

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>` (what ANTHROPIC_BASE_URL gets)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeAnthropic:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeAnthropic:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def log(self) -> list[Recorded]:
        """Every request so far, in arrival order."""
        with self._lock:
            return list(self._log)

    @property
    def messages(self) -> list[ApiRequest]:
        """The Messages API requests so far, in arrival order."""
        with self._lock:
            return list(self.conversation.requests)

    def unknown(self) -> list[Recorded]:
        """Requests to paths this server does not implement."""
        return [entry for entry in self.log if entry.status == 404]

    def record(self, entry: Recorded) -> None:
        """Append to the log (called by the handler)."""
        with self._lock:
            self._log.append(entry)

    def answer(self, body: dict[str, Any]) -> Turn:
        """Run the script for one Messages request (serialised: scripts need not be thread-safe)."""
        with self._lock:
            request = ApiRequest(body, index=len(self.conversation.requests))
            self.conversation.requests.append(request)
            if self.errors:  # the CLI re-sends after a 400: do not run a broken script again
                raise RuntimeError("the script failed on an earlier request (see `errors`)")
            try:
                return self.script(request, self.conversation)
            except Exception:
                self.errors.append(traceback.format_exc())
                raise


def _read_body(handler: BaseHTTPRequestHandler) -> bytes:
    length = int(handler.headers.get("Content-Length") or 0)
    raw = handler.rfile.read(length) if length else b""
    if handler.headers.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return raw


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode("utf-8", "replace")


def _handler_for(server: FakeAnthropic) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the request log is the record."""

        def _serve(self) -> None:
            body = _parse(_read_body(self))
            path = urlsplit(self.path).path
            headers = {key.lower(): _redact(key, value) for key, value in self.headers.items()}
            if "<redacted: not the fake key>" in (headers.get("x-api-key"), headers.get("authorization")):
                status, payload, content_type = _error(401, "authentication_error", "fake server: not the fake key")
            else:
                status, payload, content_type = _respond(server, self.command, path, body)
            server.record(Recorded(self.command, self.path, headers, body, status))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("request-id", "req_fake")
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _serve

    return Handler


def _redact(key: str, value: str) -> str:
    """Credentials are never recorded: only whether they were the harness's fake key."""
    if key.lower() not in HIDDEN_HEADERS:
        return value
    return "<fake key>" if value.removeprefix("Bearer ") == FAKE_API_KEY else "<redacted: not the fake key>"


def _error(status: int, kind: str, message: str) -> tuple[int, bytes, str]:
    body = {"type": "error", "error": {"type": kind, "message": message}}
    return status, json.dumps(body).encode(), "application/json"


def _respond(server: FakeAnthropic, method: str, path: str, body: Any) -> tuple[int, bytes, str]:
    if method != "POST" or path != "/v1/messages":
        return _error(404, "not_found_error", f"fake Anthropic server: no {method} {path}")
    if not isinstance(body, dict):
        return _error(400, "invalid_request_error", "fake Anthropic server: body is not a JSON object")
    try:
        turn = server.answer(body)
    except Exception as error:
        # 400 is not retried by the client: the run fails at once, and `errors` has the traceback.
        return _error(400, "invalid_request_error", f"fake Anthropic script failed: {error!r}")
    model = str(body.get("model", "claude-fake"))
    input_tokens = max(1, len(json.dumps(body)) // 4)
    if body.get("stream"):
        return 200, sse_stream(turn, model, input_tokens), "text/event-stream"
    return 200, json.dumps(message_body(turn, model, input_tokens)).encode(), "application/json"
