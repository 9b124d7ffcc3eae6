"""What a visitor may reach of the mounted Gradio apps: the routes the chat and the widget use,
and event calls whose shape Gradio can handle.

Gradio's app serves more than our pages need, and some of it should not be public here:
uploads (``/gradio_api/upload``: any visitor could store files and have them served back from
our origin), server-side fetching of URLs (``/gradio_api/file=https://...``), recordings,
streaming, component server functions, monitoring, login. None of our components takes a file
or streams, so those routes answer ``404 {"error": ...}`` before Gradio sees them.

Events reach Gradio through its queue only: ``queue/join`` (the pages, ``gradio_client``) and
``call/<api_name>`` (the documented curl protocol). The synchronous ``run/``, ``api/`` and
keyword-style ``call/v2/`` routes bypass the queue's size limit and report every error, ours
included, as a 500; nothing of ours uses them, so they are blocked too. Event calls with a body
Gradio's own validation lets through but its handlers crash on (an unknown ``fn_index`` or
``api_name``, too few ``data`` values, wrong field types, a like/select event without its event
data, a lone surrogate such as ``"\\ud800"`` in any value) are refused with ``422``/``404
{"error": ...}``: otherwise they become 500s or a broken event stream, and Gradio's traceback would
copy the request's values into the server log.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Mapping
from functools import lru_cache

from starlette.types import ASGIApp, Receive, Scope, Send

from .api import error, replaying

# Paths relative to a mount point (``/`` or ``/widget``).
BLOCKED = re.compile(
    r"^/(?:login|logout|monitoring)(?:/|$)"
    r"|^/gradio_api/(?:upload|upload_progress|process_recording|component_server|stream/|vibe-|undo-vibe-edit"
    r"|vibe-code|run-history|runs|dev/|file=|file/|proxy=|mcp|user|token|run/|api/|call/v2/)")
EVENT_CALL = re.compile(r"^/gradio_api/(?:queue/join|call/(?P<api_name>[^/]+))/?$")


def _route_path(scope: Scope) -> str:
    path, root = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root + "/") else path


@lru_cache(maxsize=256)
def _takes_event_data(fn: object) -> bool:
    """Whether the event's Python function has a ``gr.EventData`` (``LikeData``, ``SelectData`` ...)
    parameter, which Gradio builds from the request's ``event_data``."""
    import gradio as gr

    if fn is None:
        return False
    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # noqa: BLE001 - unresolvable annotations: assume the worst
        return True
    return any(isinstance(h, type) and issubclass(h, gr.EventData) for h in hints.values())


def _check_values(inputs: list, values: list) -> str | None:
    """Values Gradio's own preprocessing crashes on. Text boxes, dropdowns, radios and ``gr.api``
    parameters take any JSON (they refuse what they cannot use with a clear error); an example
    set takes the index of one of its examples."""
    import gradio as gr

    for block, value in zip(inputs, values, strict=False):      # extra values are ignored
        if isinstance(block, gr.Dataset) and value is not None:
            samples = getattr(block, "raw_samples", None) or getattr(block, "samples", None) or []
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < len(samples):
                return "an example index that is not one of the examples"
    return None


def _lone_surrogate(data: object) -> bool:
    """Whether any string in the decoded JSON holds a lone surrogate, which UTF-8 cannot carry (the
    whole request's counterpart of :func:`ui.service.check_text`, which checks one question)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    except RecursionError:                # nested deeper than the encoder goes: Gradio refuses it
        return False
    return False


def check_event_call(body: bytes, fns: Mapping[int, object], api_name: str | None) -> tuple[int, str] | None:
    """Why this event-call body would crash Gradio, as ``(status, message)``, or ``None`` when it
    is fine to pass on.

    ``fns`` is ``Blocks.fns`` (``{fn_index: BlockFunction}``); ``api_name`` comes from the path
    (``/gradio_api/call/<api_name>``), ``None`` for ``queue/join``.
    """
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None                      # Gradio answers malformed JSON with a 4xx itself
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        return None                      # likewise (422 from its pydantic model)
    if _lone_surrogate(data):
        # "\ud800" is valid JSON but no text: an error message echoing it (Gradio's own "Value:
        # ... is not in the list of choices") cannot be encoded, and the event stream breaks off
        return 422, "the request holds a lone surrogate (\\ud800-\\udfff), which is not text"
    values = data["data"]
    for key, kind in (("fn_index", int), ("trigger_id", int), ("session_hash", str), ("event_id", str)):
        value = data.get(key)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            return 422, f"{key} must be {'an integer' if kind is int else 'a string'}"
    event_data = data.get("event_data")
    if event_data is not None and not isinstance(event_data, dict):
        return 422, "event_data must be an object"
    if api_name is not None:
        fn = next((f for f in fns.values() if getattr(f, "api_name", None) == api_name), None)
        if fn is None:
            return 404, f"no Gradio endpoint named {api_name[:100]!r}"
    elif data.get("fn_index") is None:
        return None                      # queue/join without fn_index: Gradio's 400
    else:
        fn = fns.get(data["fn_index"])
        if fn is None:
            return 422, f"no event with fn_index {data['fn_index']}"
    inputs = list(getattr(fn, "inputs", None) or [])
    shown = [b for b in inputs if not getattr(b, "skip_api", False)]   # call/ may leave out State inputs
    if len(values) < len(inputs) and not (api_name is not None and len(values) == len(shown)):
        return 422, f"this event takes {len(inputs)} data value(s), not {len(values)}"
    problem = _check_values(inputs, values)
    if problem:
        return 422, problem
    if _takes_event_data(getattr(fn, "fn", None)) and not (
            isinstance(event_data, dict) and {"index", "value"} <= set(event_data)):
        return 422, "this event needs event_data with its index and value"
    return None


class GradioGuardMiddleware:
    """Blocks Gradio routes we do not use and refuses malformed event calls (see the module doc).

    Args:
        mounts: mount path (``"/widget"``, ``""`` for the root) -> that mount's ``gr.Blocks``;
            read on each request, so it may be filled in after the middleware is added.
    """

    def __init__(self, app: ASGIApp, mounts: Mapping[str, object]) -> None:
        self.app = app
        self.mounts = mounts

    def _mount(self, path: str) -> tuple[object, str] | None:
        # longest prefix first, so "/widget" wins over ""
        for prefix, blocks in sorted(self.mounts.items(), key=lambda item: -len(item[0])):
            if path == prefix or path.startswith(prefix + "/"):
                return blocks, path[len(prefix):] or "/"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = self._mount(_route_path(scope))
        if found is None:
            await self.app(scope, receive, send)
            return
        blocks, rest = found
        if BLOCKED.match(rest):
            await error(404, "not found")(scope, receive, send)
            return
        call = EVENT_CALL.match(rest)
        if call is None or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        problem = check_event_call(body, getattr(blocks, "fns", {}), call.group("api_name"))
        if problem is not None:
            await error(*problem)(scope, receive, send)
            return
        await self.app(scope, replaying(body, receive), send)
