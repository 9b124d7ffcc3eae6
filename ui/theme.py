"""The look: a Gradio theme on system fonts (nothing is fetched from a font service), the page's
CSS, and the small scripts the article panel and the widget run in the browser.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import gradio as gr

STATIC_DIR = Path(__file__).resolve().parent / "static"
CSS_FILE = STATIC_DIR / "chat.css"
SANS = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Helvetica Neue", "Arial", "sans-serif")
MONO = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace")


def make_theme() -> gr.themes.Base:
    """A quiet newsroom theme: ink-blue accents on white, system fonts only."""
    theme = gr.themes.Base(primary_hue=gr.themes.colors.blue, secondary_hue=gr.themes.colors.amber,
                           neutral_hue=gr.themes.colors.slate, radius_size=gr.themes.sizes.radius_md,
                           font=list(SANS), font_mono=list(MONO))
    return theme.set(
        body_background_fill="#f6f7f9",
        body_background_fill_dark="#0f141b",
        block_border_width="1px",
        block_shadow="0 1px 2px rgb(15 23 42 / 0.06)",
        button_primary_background_fill="#1d4ed8",
        button_primary_background_fill_hover="#1e40af",
        button_primary_text_color="white",
        input_border_color_focus="#1d4ed8",
    )


def script(name: str, **constants: object) -> str:
    """The body of ``static/<name>.js`` for ``js_on_load``, with ``const NAME = <json>;`` lines
    prepended for each keyword (values are JSON, so they cannot break out of the script)."""
    lines = [f"const {key} = {_js_literal(value)};" for key, value in constants.items()]
    return "\n".join(lines + [(STATIC_DIR / f"{name}.js").read_text(encoding="utf-8")])


def _js_literal(value: object) -> str:
    # "<" escaped too, so "</script>" inside a value can never end an enclosing script element
    return json.dumps(value).replace("<", "\\u003c")


def css_files() -> Sequence[Path]:
    return [CSS_FILE]
