"""The embeddable widget: a compact, chat-only view scoped to one article (``/widget?article=ID``).

Embed it with an ``<iframe>`` or the ``<gradio-app>`` web component. After each answer a hidden
*bridge* element receives the citation message (:func:`ui.conversation.citation_message`) and its
script posts it to the host page, only ever to the host's origin when that origin is allowed
(``postMessage`` never targets ``"*"``); as a web component, it dispatches an
``article-qa:answer`` DOM event in the host page instead. Clicking a marker ``[n]`` posts an
``article-qa:focus`` message so the host can scroll to the sentence.
"""

from __future__ import annotations

import gradio as gr

from .controller import ChatController
from .labels import t
from .theme import script

# Runs in the browser before the load callback: the article (and language) come from the iframe's
# URL, or, as a web component, from the <gradio-app data-article="..." data-lang="..."> tag.
_LOAD_JS = """(article, lang) => {
  const params = new URLSearchParams(window.location.search);
  const tag = window.parent === window ? document.querySelector('gradio-app[data-article]') : null;
  return [tag ? tag.getAttribute('data-article') : params.get('article'),
          tag ? tag.getAttribute('data-lang') : params.get('lang')];
}"""


def build_widget(ctl: ChatController) -> gr.Blocks:
    """The widget's Blocks. Event API name: ``widget_chat``, ``widget_feedback``."""
    lang0 = ctl.settings.default_lang
    with gr.Blocks(title=t(lang0, "widget_title"), analytics_enabled=False, fill_height=True) as widget:
        turns = gr.State([])
        article_id = gr.State(None)
        lang = gr.State(lang0)
        # carriers for the values the load script reads from the URL or the embedding tag
        article_in = gr.Textbox(visible=False)
        lang_in = gr.Textbox(visible=False)
        header = gr.HTML('<div class="aqa-widget-head"></div>', elem_id="aqa-widget-head")
        chatbot = gr.Chatbot(value=[], show_label=False, label=t(lang0, "conversation"), elem_id="aqa-chat",
                             height=None, scale=1, min_height=220, placeholder=t(lang0, "empty_chat"),
                             latex_delimiters=[], allow_tags=False, sanitize_html=True, render_markdown=True,
                             buttons=["copy"], feedback_options=("Like", "Dislike"), autoscroll=True,
                             elem_classes="aqa-widget-chat")
        with gr.Row(elem_classes="aqa-ask-row", equal_height=True):
            question = gr.Textbox(label=t(lang0, "question"), show_label=False, placeholder=t(lang0, "placeholder"),
                                  lines=1, max_lines=3, scale=5, container=False, elem_id="aqa-question")
            ask = gr.Button(t(lang0, "ask"), variant="primary", scale=0, min_width=80, elem_id="aqa-ask")
        bridge = gr.HTML("", html_template="<span hidden></span>", visible="hidden", elem_id="aqa-bridge",
                         js_on_load=script("widget_bridge", ALLOWED_ORIGINS=list(ctl.settings.allowed_origins)))

        widget.load(ctl.widget_load, [article_in, lang_in], [article_id, lang, header, chatbot, question, ask],
                    js=_LOAD_JS, api_visibility="private", concurrency_limit=None, show_progress="hidden")
        inputs = [question, article_id, turns, lang]
        outputs = [chatbot, bridge, turns, question]
        ask.click(ctl.ask_widget, inputs, outputs, api_name="widget_chat", show_progress="minimal")
        question.submit(ctl.ask_widget, inputs, outputs, api_visibility="private", show_progress="minimal")
        chatbot.like(ctl.vote_widget, [turns, lang], turns, api_name="widget_feedback", concurrency_limit=None)
        chatbot.clear(lambda: [], None, turns, api_visibility="private", concurrency_limit=None)
    return widget
