"""``/docs``: the OpenAPI description rendered as one self-contained HTML page.

FastAPI's own docs page loads Swagger UI from a CDN, which an offline server cannot reach; this
page needs nothing but the server (the machine-readable spec stays at ``/openapi.json``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from .render import esc

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#0f172a}
main{max-width:980px;margin:0 auto;padding:24px}h1{font-family:Georgia,serif;margin:0 0 4px}
.op{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:14px 18px;margin:14px 0}
.m{display:inline-block;min-width:52px;text-align:center;border-radius:6px;color:#fff;font-weight:700;
font-size:12px;padding:2px 6px;margin-right:8px}.GET{background:#0369a1}.POST{background:#15803d}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
pre{background:#0f172a;color:#e2e8f0;padding:10px 12px;border-radius:8px;overflow:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;margin:6px 0}td,th{border-bottom:1px solid #e2e8f0;text-align:left;
padding:4px 6px;vertical-align:top}.muted{color:#64748b}textarea{width:100%;font:inherit}
"""
_TRY = """
<section class="op"><h2>Try it: POST /api/ask</h2>
<textarea id="q" rows="2">Berapa peserta yang diundang?</textarea>
<p><button id="go">Send</button></p><pre id="out" class="muted">(response)</pre></section>
<script>
document.getElementById("go").addEventListener("click", async () => {
  const out = document.getElementById("out");
  const res = await fetch("api/ask", {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({question: document.getElementById("q").value, history: [], article_id: null})});
  out.textContent = res.status + "\\n" + JSON.stringify(await res.json(), null, 2);
});
</script>"""


def _ref_name(schema: Mapping) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if schema.get("type") == "array" and isinstance(schema.get("items"), Mapping):
        return f"list of {_ref_name(schema['items'])}"
    if "anyOf" in schema:
        return " | ".join(_ref_name(s) for s in schema["anyOf"])
    return str(schema.get("type", "object"))


def _fields(schema: Mapping, components: Mapping) -> str:
    if "$ref" in schema:
        schema = components.get(_ref_name(schema), {})
    props = schema.get("properties") or {}
    if not props:
        return ""
    required = set(schema.get("required") or [])
    rows = "".join(
        f"<tr><td><code>{esc(name)}</code>{'' if name in required else ' <span class=muted>(optional)</span>'}</td>"
        f"<td>{esc(_ref_name(prop))}</td><td>{esc(prop.get('description', ''))}</td></tr>"
        for name, prop in props.items())
    return f"<table><tr><th>field</th><th>type</th><th>meaning</th></tr>{rows}</table>"


def render_docs(spec: Mapping) -> str:
    """The page for an OpenAPI ``spec`` (``app.openapi()``); every spec string is escaped."""
    components = (spec.get("components") or {}).get("schemas") or {}
    info = spec.get("info") or {}
    ops = []
    for path, methods in (spec.get("paths") or {}).items():
        for method, op in methods.items():
            body = (((op.get("requestBody") or {}).get("content") or {}).get("application/json") or {}).get("schema")
            parts = [f'<section class="op"><h2><span class="m {esc(method.upper())}">{esc(method.upper())}</span>'
                     f"<code>{esc(path)}</code></h2><p>{esc(op.get('summary', ''))}</p>"]
            if op.get("description"):
                parts.append(f"<p class=muted>{esc(op['description'])}</p>")
            if body:
                parts.append(f"<h3>Request body: {esc(_ref_name(body))}</h3>{_fields(body, components)}")
            for status, resp in (op.get("responses") or {}).items():
                schema = ((resp.get("content") or {}).get("application/json") or {}).get("schema") or {}
                parts.append(f"<p><b>{esc(status)}</b> {esc(resp.get('description', ''))} "
                             f"<span class=muted>{esc(_ref_name(schema)) if schema else ''}</span></p>")
            if method == "post" and body:
                example = json.dumps({"question": "Berapa peserta yang diundang?", "history": [], "article_id": None})
                parts.append(f"<pre>curl -X POST {esc(path)} -H 'Content-Type: application/json' "
                             f"-d '{esc(example)}'</pre>")
            parts.append("</section>")
            ops.append("".join(parts))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{esc(info.get("title", "API"))} API</title>'
            f"<style>{_STYLE}</style></head><body><main><h1>{esc(info.get('title', 'API'))} HTTP API</h1>"
            f"<p class=muted>{esc(info.get('description', ''))} Version {esc(info.get('version', ''))}. "
            f'Machine-readable: <a href="openapi.json">openapi.json</a>.</p>{"".join(ops)}{_TRY}</main></body></html>')
