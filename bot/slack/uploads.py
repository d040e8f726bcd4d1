"""Files to Slack: slack_sdk's files_upload_v2 (get an upload URL, send the bytes, complete the upload into a
channel), with the errors a caller can act on turned into one exception."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger(__name__)


class UploadError(Exception):
    """The file did not reach Slack; the message is safe to show (no tokens, no file content)."""


def upload_file(client: WebClient, channel: str, filename: str, content: bytes, title: str,
                initial_comment: str | None = None, thread_ts: str | None = None) -> str:
    """Share ``content`` as ``filename`` in ``channel`` (a channel or DM id, not a user id); returns the file id."""
    kwargs = {"channel": channel, "file": content, "filename": filename, "title": title}
    if initial_comment:
        kwargs["initial_comment"] = initial_comment
    if thread_ts:
        kwargs["thread_ts"] = thread_ts
    try:
        response = client.files_upload_v2(**kwargs)
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown_error") if exc.response is not None else "unknown_error"
        log.warning("files_upload_v2 failed for %s: %s", filename, error)
        raise UploadError(f"Slack refused the file {filename} ({error}).") from None
    except SlackClientError as exc:
        log.warning("files_upload_v2 failed for %s: %s", filename, type(exc).__name__)
        raise UploadError(f"The file {filename} could not be sent to Slack ({type(exc).__name__}).") from None
    file = response.get("file") or {}
    return str(file.get("id") or "")
