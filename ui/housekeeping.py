"""Sweeping what Gradio's queue keeps forever, so that memory stays flat under a stream of visitors.

Gradio 6's queue keeps, for every session hash it has ever seen, a message queue and a set of
pending event ids, and never drops them once the session's events are done; it also keeps
analytics of the last 10,000 events for its monitoring page (which :mod:`ui.gradio_guard` blocks).
Each visitor of the widget is a new session, so over days that is a slow leak (measured by
``python -m evals.soak``). A background task (:func:`keep_tidy`) removes, every ``interval``
seconds, the bookkeeping of sessions with nothing pending, and trims the analytics to the last
``keep_events``. Gradio recreates a session's entries when it sends another event, so nothing a
visitor does is lost. Session *state* is bounded separately (``ServeSettings.max_sessions``).

This reaches into Gradio's private attributes: if a Gradio upgrade renames them, the sweep logs
once and stops, and nothing else changes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

log = logging.getLogger("article_qa.ui")


async def sweep(blocks, keep_events: int = 1000) -> int:
    """One pass over ``blocks``' queue; returns the number of idle sessions forgotten.

    Raises:
        AttributeError: this Gradio keeps its queue differently (see the module doc).
    """
    queue = blocks._queue
    async with queue.pending_message_lock:
        pending, messages = queue.pending_event_ids_session, queue.pending_messages_per_session
        idle = [s for s in set(pending) | set(messages)
                if not pending.get(s) and (s not in messages or messages[s].empty())]
        for session in idle:
            pending.pop(session, None)
            messages.pop(session, None)
    analytics = queue.event_analytics
    while len(analytics) > keep_events:
        analytics.pop(next(iter(analytics)))
    return len(idle)


async def keep_tidy(all_blocks: Iterable, interval: float = 60.0, keep_events: int = 1000) -> None:
    """Run :func:`sweep` over each Blocks every ``interval`` seconds, until cancelled."""
    all_blocks = list(all_blocks)
    while True:
        await asyncio.sleep(interval)
        try:
            forgotten = [await sweep(blocks, keep_events) for blocks in all_blocks]
        except AttributeError as exc:
            log.warning("not sweeping Gradio's queue bookkeeping (this Gradio keeps it differently: %s)", exc)
            return
        if any(forgotten):
            log.debug("forgot the queue bookkeeping of %d idle session(s)", sum(forgotten))
