"""The one HTTP client of the usage pulls: retries, pages, and one-line errors that never carry a secret.

A pull says whom it talks to with a ``Credential``: the vendor's name, the setting holding the secret, the
API's base URL and the headers carrying the secret. Those headers go to the API's own origin only, so a
signed download link on another host (GitHub's report files) gets none, redirects included. 429s and 5xx
(and GitHub's rate-limit 403) are retried a few times, honouring ``Retry-After`` (seconds or an HTTP date)
up to ``MAX_WAIT``; then, or on a refusal (401/403 naming the setting), a malformed JSON answer or any other
error, a ``UserError`` of one line. Messages and logs name a URL's path, never its query (signed links keep
their signature there) nor a header."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    wait_exponential,
)

from bot.errors import UserError

log = logging.getLogger(__name__)

ATTEMPTS = 4  # tries of one request before giving up on 429, 5xx or a dropped connection
MAX_WAIT = 60.0  # seconds: the longest wait before a retry, whatever Retry-After asks
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_REDIRECTS = 5
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
# a dropped or timed-out connection is worth another try; a malformed URL or unknown scheme is not
RETRIED_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
_DEFAULT_PORTS = {"http": 80, "https": 443}

NextPage = Callable[[Any, httpx.Response], "tuple[str, Mapping[str, Any] | None] | None"]


def origin(url: httpx.URL | str) -> tuple[str, str, int | None]:
    """Scheme, host and port: what decides whether a request goes to the API a credential is for."""
    url = httpx.URL(str(url))
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


@dataclass(frozen=True)
class Credential:
    """Whom a request is for and how it authenticates. ``setting`` and ``advice`` make the one line shown
    when the vendor refuses it (status in ``refusals``), e.g. "GitHub refused COACH_GITHUB_TOKEN (401
    Unauthorized): check the token and its Copilot metrics permission."."""

    vendor: str  # as people know it: "GitHub", "Microsoft Graph", "Anthropic"
    setting: str  # what to fix when refused: "COACH_GITHUB_TOKEN"
    api_url: str  # the API's base URL: only its origin gets ``headers``
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)
    advice: str = "check it"
    refusals: frozenset[int] = frozenset({401, 403})

    def headers_for(self, url: httpx.URL | str) -> dict[str, str]:
        return dict(self.headers) if self.owns(url) else {}

    def owns(self, url: httpx.URL | str) -> bool:
        return origin(url) == origin(self.api_url)

    def advising(self, advice: str) -> Credential:
        return replace(self, advice=advice)

    def redact(self, text: str) -> str:
        """``text`` with every secret of the headers masked (a vendor may echo what it was sent)."""
        for value in self.headers.values():
            for secret in (value, value.removeprefix("Bearer ")):
                if len(secret) >= 8:
                    text = text.replace(secret, "***")
        return text


def retry_after(response: httpx.Response, now: datetime | None = None) -> float | None:
    """Seconds the server asks us to wait: ``Retry-After`` in seconds or as an HTTP date, else GitHub's
    ``x-ratelimit-reset`` when its rate limit is spent; None when it does not say."""
    now = now or datetime.now(UTC)
    value = response.headers.get("retry-after", "").strip()
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            pass
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        return max(0.0, (when - now).total_seconds())
    reset = response.headers.get("x-ratelimit-reset", "")
    if response.headers.get("x-ratelimit-remaining") == "0" and reset.isdigit():
        return max(0.0, int(reset) - now.timestamp())
    return None


def retryable(response: httpx.Response) -> bool:
    """429 and 5xx, and GitHub's rate-limit 403 (it says so with Retry-After or a spent x-ratelimit)."""
    if response.status_code in RETRIED_STATUSES:
        return True
    return response.status_code == 403 and (
        "retry-after" in response.headers or response.headers.get("x-ratelimit-remaining") == "0")


def _status(response: httpx.Response) -> str:
    return f"{response.status_code} {response.reason_phrase}".strip()


def _detail(response: httpx.Response, credential: Credential) -> str:
    """The vendor's own short explanation of an error, if its body has one (GitHub's ``message``, Graph's
    and Anthropic's ``error.message``, OAuth's ``error_description``), on one line."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    text = body.get("message") or (error.get("message") if isinstance(error, dict) else None) \
        or body.get("error_description") or ""
    line = " ".join(str(text).split())
    return credential.redact(line[:200] + ("…" if len(line) > 200 else ""))


def _oauth_error(response: httpx.Response) -> str:
    """An OAuth token endpoint's error code (``invalid_client``…): short, and never a secret."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return ""
    return error if isinstance(error, str) and error.replace("_", "").isalnum() else ""


class Http:
    """A sync httpx client with the retry and error rules above. ``sleep`` is injectable, so tests do not
    wait; ``attempts`` and ``max_wait`` bound the retries."""

    def __init__(self, *, sleep: Callable[[float], Any] = time.sleep, attempts: int = ATTEMPTS,
                 max_wait: float = MAX_WAIT, timeout: httpx.Timeout | float = TIMEOUT,
                 transport: httpx.BaseTransport | None = None):
        self.sleep, self.attempts, self.max_wait = sleep, attempts, max_wait
        # redirects are followed here, not by httpx: it would pass custom auth headers (x-api-key) to any host
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, transport=transport)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # requests -----------------------------------------------------------------------------------
    def get(self, url: str | httpx.URL, credential: Credential, *,
            params: Mapping[str, Any] | None = None) -> httpx.Response:
        """A successful (2xx) answer, after retries and redirects; anything else is a UserError."""
        return self.request("GET", url, credential, params=params)

    def get_json(self, url: str | httpx.URL, credential: Credential, *,
                 params: Mapping[str, Any] | None = None) -> tuple[Any, httpx.Response]:
        """The decoded JSON body (None for an empty answer, e.g. 204) and the response."""
        response = self.get(url, credential, params=params)
        return decode(response, credential), response

    def post_json(self, url: str, credential: Credential, *, data: Mapping[str, str]) -> Any:
        """POST a form (e.g. an OAuth token request) and decode the JSON answer."""
        return decode(self.request("POST", url, credential, data=data), credential)

    def pages(self, url: str, credential: Credential, next_page: NextPage, *,
              params: Mapping[str, Any] | None = None) -> Iterator[tuple[Any, httpx.Response]]:
        """Each page of a listing as (JSON, response); ``next_page(json, response)`` gives the next URL and
        its params, or None after the last page. A page link seen twice stops with a UserError."""
        seen: set[str] = set()
        while True:
            data, response = self.get_json(url, credential, params=params)
            seen.add(str(response.request.url))
            yield data, response
            following = next_page(data, response)
            if following is None:
                return
            url, params = following
            if str(self.client.build_request("GET", url, params=params).url) in seen:
                raise UserError(f"{credential.vendor} sent the same next page twice for "
                                f"{httpx.URL(url).path}: stopped there")

    def request(self, method: str, url: str | httpx.URL, credential: Credential, *,
                params: Mapping[str, Any] | None = None, data: Mapping[str, str] | None = None) -> httpx.Response:
        try:
            response = self._send(self.client.build_request(
                method, url, params=params, data=data, headers=credential.headers_for(url)), credential)
            for _ in range(MAX_REDIRECTS):
                if not (response.is_redirect and "location" in response.headers):
                    break
                target = response.url.join(response.headers["location"])
                response = self._send(self.client.build_request(
                    "GET", target, headers=credential.headers_for(target)), credential)
            else:
                if response.is_redirect:
                    raise UserError(f"{credential.vendor} redirected {httpx.URL(str(url)).path} more than "
                                    f"{MAX_REDIRECTS} times: stopped there")
        except httpx.TransportError as exc:
            where = httpx.URL(str(url)).copy_with(query=None, fragment=None)
            raise UserError(f"could not reach {credential.vendor} at {where} ({type(exc).__name__}): "
                            "check the URL setting and the network") from None
        except httpx.InvalidURL as exc:
            raise UserError(f"{credential.vendor}'s URL is not valid ({exc}): check the URL setting") from None
        return self._check(response, credential)

    # internals ----------------------------------------------------------------------------------
    def _send(self, request: httpx.Request, credential: Credential) -> httpx.Response:
        retrying = Retrying(
            stop=stop_after_attempt(self.attempts),
            wait=self._wait,
            sleep=self.sleep,
            retry=retry_if_exception_type(RETRIED_ERRORS) | retry_if_result(retryable),
            before_sleep=lambda state: self._log_retry(state, request, credential),
            # out of attempts: hand back the last answer (checked by the caller) or raise its error
            retry_error_callback=lambda state: state.outcome.result(),
        )
        return retrying(self.client.send, request)

    def _wait(self, state: RetryCallState) -> float:
        asked = None
        if state.outcome is not None and not state.outcome.failed:
            asked = retry_after(state.outcome.result())
        if asked is None:
            asked = wait_exponential(multiplier=1, max=self.max_wait)(state)
        return min(asked, self.max_wait)

    def _log_retry(self, state: RetryCallState, request: httpx.Request, credential: Credential) -> None:
        outcome = state.outcome
        what = (f"failed with {type(outcome.exception()).__name__}" if outcome.failed
                else f"answered {_status(outcome.result())}")
        log.warning("%s %s for %s %s; retrying in %.0f s (attempt %d of %d)", credential.vendor, what,
                    request.method, request.url.path, state.upcoming_sleep, state.attempt_number, self.attempts)

    def _check(self, response: httpx.Response, credential: Credential) -> httpx.Response:
        if response.is_success:
            return response
        path, status = response.request.url.path, _status(response)
        if retryable(response):
            raise UserError(f"{credential.vendor} still answered {status} for {path} after {self.attempts} "
                            "attempts: try again later")
        if response.status_code in credential.refusals and credential.owns(response.request.url):
            code = _oauth_error(response)
            raise UserError(f"{credential.vendor} refused {credential.setting} ({status}{', ' + code if code else ''})"
                            f": {credential.advice}.")
        detail = _detail(response, credential)
        raise UserError(f"{credential.vendor} answered {status} for {path}{': ' + detail if detail else ''}")


def decode(response: httpx.Response, credential: Credential) -> Any:
    """The JSON of an answer (None when it has no body); malformed JSON is a UserError naming the path."""
    if response.status_code == 204 or not response.content.strip():
        return None
    try:
        return json.loads(response.text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{credential.vendor} answered {response.request.url.path} with malformed JSON "
                        f"(line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
