// The pages view: the English and the translated page side by side, each
// message marked on both, and the message editor.
import {
  $, api, badgeFor, current, el, findingsList, keyId, setEdit, showDiff, showOrigin, state,
  status, token,
} from "/static/common.js";

let previewTimer = null;

// ---------------------------------------------------------------- pages view

export function frames() {
  return [$("frame-source").contentDocument, $("frame-target").contentDocument].filter(Boolean);
}

export function segmentsOf(id) {
  return state.data.segments.filter((segment) => segment.id === id);
}

export function markFrames() {
  const target = $("frame-target").contentDocument;
  if (!target || !state.data) return;
  for (const segment of state.data.segments) {
    const info = current(segment.key);
    const saved = state.data.messages[segment.id];
    for (const span of target.querySelectorAll(`[data-seg="${segment.seg}"]`)) {
      span.classList.toggle("review-missing", !info.translation);
      span.classList.toggle("review-fuzzy", Boolean(info.translation && info.fuzzy));
      span.classList.toggle("review-error", Boolean(saved && saved.findings.some((f) => f.severity === "error")));
      span.classList.toggle("review-edited", info.edited);
      if (info.edited) span.textContent = info.translation || segment.key[1];
    }
  }
}

export function attachFrame(frame) {
  const doc = frame.contentDocument;
  if (!doc) return;
  doc.addEventListener("click", (event) => {
    event.preventDefault(); // a preview's links go nowhere
    const span = event.target.closest && event.target.closest("[data-seg]");
    if (!span) return;
    const index = state.data.segments.findIndex((s) => String(s.seg) === span.dataset.seg);
    if (index >= 0) selectSegment(index, false);
  });
  markFrames();
  if (state.current >= 0) highlight(false);
}

export function highlight(scroll) {
  const segment = state.data.segments[state.current];
  if (!segment) return;
  const same = new Set(segmentsOf(segment.id).map((s) => String(s.seg)));
  for (const doc of frames()) {
    for (const span of doc.querySelectorAll(".review-current")) span.classList.remove("review-current");
    let first = null;
    for (const span of doc.querySelectorAll("[data-seg]")) {
      if (!same.has(span.dataset.seg)) continue;
      span.classList.add("review-current");
      if (!first || span.dataset.seg === String(segment.seg)) first = first || span;
    }
    if (scroll && first) first.scrollIntoView({ block: "center" });
  }
}

export function segmentRow(segment, index) {
  const info = current(segment.key);
  const saved = state.data.messages[segment.id];
  const row = el("li");
  row.dataset.index = index;
  const meta = el("div", "meta");
  const where = segment.attribute ? `${segment.element}@${segment.attribute}` : segment.element;
  meta.append(el("span", "timing", `line ${segment.line} · ${where}`));
  const badge = el("span");
  badgeFor(badge, info, saved ? saved.findings : [], saved ? saved.verdict : "missing");
  meta.append(badge);
  row.append(meta, el("div", "src", segment.key[1]));
  const translation = el("div", "tr", info.translation || "(untranslated)");
  translation.lang = state.catalogs.bcp47[state.locale] || "";
  if (!info.translation) translation.classList.add("empty");
  row.append(translation);
  if (info.edited) row.classList.add("edited");
  if (index === state.current) row.classList.add("current");
  row.addEventListener("click", () => selectSegment(index, true));
  return row;
}

export function renderSegments() {
  const list = $("segments");
  const scroll = list.scrollTop;
  list.replaceChildren(...state.data.segments.map(segmentRow));
  list.scrollTop = scroll;
}

export function renderPageEditor() {
  const segment = state.data.segments[state.current];
  if (!segment) return;
  const info = current(segment.key);
  const saved = state.data.messages[segment.id];
  const findings = saved ? saved.findings : [];
  $("pe-title").textContent = `${segment.element}${segment.attribute ? "@" + segment.attribute : ""} · line ${segment.line}`;
  badgeFor($("pe-state"), info, findings, saved ? saved.verdict : "missing");
  $("pe-source").textContent = segment.key[1];
  const box = $("pe-translation");
  if (box.value !== info.translation) box.value = info.translation;
  box.lang = state.catalogs.bcp47[state.locale] || "";
  box.disabled = !saved || saved.plural;
  box.classList.toggle("has-error", findings.some((f) => f.severity === "error"));
  findingsList($("pe-findings"), findings);
  showOrigin($("pe-origin"), saved);
  showDiff($("pe-previous"), saved && info.fuzzy ? saved.previous : null, segment.key[1]);
  $("pe-reviewed").disabled = !(info.fuzzy && info.translation);
}

export function selectSegment(index, scroll) {
  if (!state.data || index < 0 || index >= state.data.segments.length) return;
  state.current = index;
  for (const row of document.querySelectorAll("#segments li.current")) row.classList.remove("current");
  const row = document.querySelector(`#segments li[data-index="${index}"]`);
  if (row) { row.classList.add("current"); row.scrollIntoView({ block: "nearest" }); }
  renderPageEditor();
  highlight(scroll);
}

export function editPage(translation, fuzzy) {
  const segment = state.data.segments[state.current];
  if (!segment || !state.data.messages[segment.id]) return;
  setEdit(segment.key, translation, fuzzy);
  markFrames();
  renderSegments();
  renderPageEditor();
  clearTimeout(previewTimer);
  const key = segment.key;
  previewTimer = setTimeout(async () => {
    const { status: code, data } = await api("/api/pages/preview", {
      locale: state.locale, key, translation, fuzzy,
    });
    if (code !== 200) { status(data.error || "preview failed", "error"); return; }
    const saved = state.data.messages[keyId(key)];
    if (saved) { saved.findings = data.findings; saved.verdict = data.verdict; }
    markFrames();
    renderSegments();
    renderPageEditor();
  }, 120);
}

export async function loadPages() {
  status("Loading…");
  const query = `locale=${encodeURIComponent(state.locale)}&page=${encodeURIComponent(state.page)}`;
  const { status: code, data } = await api(`/api/pages?${query}`);
  if (code !== 200) { status(data.error || "cannot load", "error"); return; }
  state.data = data;
  $("catalog-path").textContent = data.catalog.path;
  const tag = state.catalogs.bcp47[state.locale];
  $("target-caption").textContent = state.catalogs.names[state.locale] || tag;
  const page = encodeURIComponent(state.page);
  $("frame-source").src = `/site/${state.catalogs.source_locale}/${page}?token=${encodeURIComponent(token)}`;
  $("frame-target").src = `/site/${tag}/${page}?token=${encodeURIComponent(token)}&t=${Date.now()}`;
  renderSegments();
  selectSegment(Math.max(0, Math.min(state.current, data.segments.length - 1)), false);
  status(`${data.segments.length} messages on ${state.page} · ${data.catalog.path}`, "ok");
}
