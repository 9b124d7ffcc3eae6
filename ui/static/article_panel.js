// The article panel's script (gr.HTML js_on_load: `element` is the panel, `watch` re-runs a
// callback after each new value). Two jobs:
// 1. after every answer, scroll the panel (not the page) so the first cited sentence is in view;
// 2. a click on a citation marker [n] anywhere on the page jumps to its sentence and flashes it.
function aqaCenter(container, target, smooth) {
  if (!container || !target) return;
  const box = container.getBoundingClientRect();
  const r = target.getBoundingClientRect();
  const top = container.scrollTop + (r.top - box.top) - Math.max(0, (container.clientHeight - r.height) / 3);
  container.scrollTo({ top: Math.max(0, top), behavior: smooth ? "smooth" : "auto" });
}
function aqaFlash(el) {
  el.classList.remove("aqa-flash");
  void el.offsetWidth;  // restart the animation
  el.classList.add("aqa-flash");
}
watch("value", () => {
  const first = element.querySelector(".aqa-cited, .aqa-near");
  if (first) aqaCenter(element.querySelector(".aqa-article-body"), first, true);
});
if (!window.__aqaJumpInstalled) {
  window.__aqaJumpInstalled = true;
  document.addEventListener("click", (event) => {
    const link = event.target && event.target.closest ? event.target.closest("a.aqa-ref") : null;
    if (!link) return;
    event.preventDefault();
    const id = decodeURIComponent((link.getAttribute("href") || "").replace(/^#/, ""));
    const target = id ? document.getElementById(id) : null;
    if (!target) return;  // a sentence of another article than the one shown
    const body = target.closest(".aqa-article-body");
    const panel = target.closest(".aqa-article");
    const rect = panel ? panel.getBoundingClientRect() : null;
    if (rect && (rect.top < 0 || rect.top > window.innerHeight * 0.6)) {
      panel.scrollIntoView({ block: "start", behavior: "auto" });  // a phone: the article is below the chat
    }
    aqaCenter(body, target, true);
    aqaFlash(target);
  }, true);
}
