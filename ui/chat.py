"""The chat page: a conversation beside the article it is about.

Left, the chat: each answer shows its cited sentences with numbered markers ``[n]`` and the answer
phrase highlighted; an abstention looks different; thumbs up/down under each answer. Right, the
article, with the current answer's sentences marked and scrolled into view; a marker click jumps
to its sentence. A picker appears when the corpus has several articles; a toggle switches the
interface between Indonesian (default) and English. On a phone the two columns stack.
"""

from __future__ import annotations

import gradio as gr

from .controller import ChatController
from .labels import LANG_CHOICES, t
from .render import esc, render_header
from .theme import script


def build_page(ctl: ChatController) -> gr.Blocks:
    """The chat page's Blocks. Event API names: ``chat``, ``feedback``, ``select_article``,
    ``set_language``, ``clear``, plus ``ask`` (a plain question -> ``Answer.to_dict()``)."""
    lang0 = ctl.settings.default_lang
    service = ctl.service
    articles = service.articles
    default_id = service.default_article_id
    examples = ctl.example_questions()

    with gr.Blocks(title=f"{t(lang0, 'title')} · article-qa", analytics_enabled=False) as page:
        turns = gr.State([])
        with gr.Row(elem_classes="aqa-topbar", equal_height=True):
            header = gr.HTML(render_header(lang0), elem_classes="aqa-header", scale=1, min_width=240)
            lang = gr.Radio(LANG_CHOICES, value=lang0, show_label=False, container=False, scale=0,
                            min_width=230, elem_id="aqa-lang", elem_classes="aqa-lang")
        with gr.Row(elem_classes="aqa-main", equal_height=False):
            with gr.Column(scale=5, min_width=330, elem_classes="aqa-chat-col"):
                chatbot = gr.Chatbot(
                    value=[], label=t(lang0, "conversation"), show_label=False, elem_id="aqa-chat",
                    height="min(64vh, 620px)", min_height=320, placeholder=t(lang0, "empty_chat"),
                    latex_delimiters=[], allow_tags=False, sanitize_html=True, render_markdown=True,
                    buttons=["copy"], feedback_options=("Like", "Dislike"), autoscroll=True)
                with gr.Row(elem_classes="aqa-ask-row", equal_height=True):
                    question = gr.Textbox(label=t(lang0, "question"), show_label=False,
                                          placeholder=t(lang0, "placeholder"), lines=1, max_lines=4,
                                          scale=5, container=False, elem_id="aqa-question", autofocus=False)
                    ask = gr.Button(t(lang0, "ask"), variant="primary", scale=0, min_width=96, elem_id="aqa-ask")
                example_set = gr.Dataset(label=t(lang0, "examples"), components=[question],
                                         samples=[[q] for q in examples], samples_per_page=12,
                                         visible=bool(examples), elem_id="aqa-examples", layout="gallery")
            with gr.Column(scale=6, min_width=330, elem_classes="aqa-article-col"):
                picker = gr.Dropdown(choices=[(f"{a.title} ({a.date})" if a.date else a.title, a.id)
                                              for a in articles],
                                     value=default_id, label=t(lang0, "article"), visible=len(articles) > 1,
                                     elem_id="aqa-picker", interactive=True)
                article = gr.HTML(ctl.article_html(default_id, None, lang0), elem_id="aqa-article-panel",
                                  js_on_load=script("article_panel"), container=False, padding=False)
        gr.HTML(f'<div class="aqa-footer"><a href="docs">{esc(t(lang0, "api_docs"))}</a> · '
                f'<a href="widget/?article={esc(default_id)}">widget</a> · article-qa</div>')

        ask_inputs = [question, picker, turns, lang]
        ask_outputs = [chatbot, article, turns, question]
        ask.click(ctl.ask_page, ask_inputs, ask_outputs, api_name="chat", show_progress="minimal")
        question.submit(ctl.ask_page, ask_inputs, ask_outputs, api_visibility="private", show_progress="minimal")
        # queued (concurrency_limit=None: it only copies text) like every event: the synchronous
        # run/ route is blocked (ui/gradio_guard.py)
        example_set.click(ctl.example_question, example_set, question, api_visibility="private",
                          concurrency_limit=None).then(ctl.ask_page, ask_inputs, ask_outputs, api_visibility="private",
                                            show_progress="minimal")
        chatbot.like(ctl.vote, [turns, lang], turns, api_name="feedback", concurrency_limit=None)
        chatbot.clear(ctl.clear, [picker, lang], [article, turns], api_visibility="private",
                      concurrency_limit=None)
        picker.change(ctl.select_article, [picker, lang], [chatbot, article, turns, example_set],
                      api_name="select_article", api_visibility="undocumented", concurrency_limit=None)
        lang.change(ctl.switch_language, [lang, turns, picker],
                    [header, chatbot, question, ask, example_set, picker, article], api_name="set_language",
                    api_visibility="undocumented", concurrency_limit=None)
        gr.api(ctl.api_ask, api_name="ask")
    return page
