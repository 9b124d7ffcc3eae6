// The widget's bridge (gr.HTML js_on_load; ALLOWED_ORIGINS is prepended by the server).
// After each answer the server sets this component's value to {"seq", "message"}; the message
// goes to the host page, and only to the host's own origin when that origin is allowed: this
// server's origin or one of ALLOWED_ORIGINS. postMessage is never sent to "*".
function aqaHostOrigin() {
  try {
    if (window.location.ancestorOrigins && window.location.ancestorOrigins.length) {
      return window.location.ancestorOrigins[0];
    }
  } catch (e) { /* not available */ }
  try {
    return document.referrer ? new URL(document.referrer).origin : null;
  } catch (e) {
    return null;
  }
}
function aqaTargets() {
  const allowed = (origin) => origin === window.location.origin || ALLOWED_ORIGINS.includes(origin);
  const host = aqaHostOrigin();
  if (host) return allowed(host) ? [host] : [];
  // the host's origin is unknown (no ancestorOrigins, no referrer): the browser delivers the
  // message only to whichever allowed origin the host really has
  return ALLOWED_ORIGINS.slice();
}
function aqaSend(message) {
  if (window.parent !== window) {
    for (const origin of aqaTargets()) window.parent.postMessage(message, origin);
  } else {
    // a <gradio-app> web component runs inside the host page itself: a DOM event is enough
    document.dispatchEvent(new CustomEvent(message.type, { detail: message }));
  }
}
watch("value", () => {
  let data = null;
  try { data = JSON.parse(props.value || "null"); } catch (e) { return; }
  if (data && data.message) aqaSend(data.message);
});
const aqaScope = element.closest("gradio-app") || document;
if (!aqaScope.__aqaFocusInstalled) {
  aqaScope.__aqaFocusInstalled = true;
  aqaScope.addEventListener("click", (event) => {
    const link = event.target && event.target.closest ? event.target.closest("a.aqa-ref") : null;
    if (!link) return;
    event.preventDefault();
    const match = /^#aqa-(.+)-s-(\d+)$/.exec(link.getAttribute("href") || "");
    if (match) {
      aqaSend({ type: "article-qa:focus", version: 1, article_id: match[1], sentence_id: Number(match[2]) });
    }
  }, true);
}
