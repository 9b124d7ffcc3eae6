"""Stage 4 of the pipeline: the web chat, the HTTP API and the embeddable widget.

``create_app`` is imported lazily: ``article-qa`` loads this package's CLI plugin on every run,
and Gradio should only be imported when the server actually starts.
"""

from .feedback import Feedback, FeedbackLog
from .settings import InvalidOriginError, ServeSettings

__all__ = ["Feedback", "FeedbackLog", "InvalidOriginError", "ServeSettings", "create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'ui' has no attribute {name!r}")
