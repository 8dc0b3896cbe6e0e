// The review application. Every translation is written with textContent,
// never as markup; every request carries the per-run token.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const $ = (id) => document.getElementById(id);

const state = {
  view: "subtitles",
  catalogs: null,
  locale: "",
  domain: "",
  page: "",
  data: null, // the open view's JSON
  edits: new Map(), // key id → {key, translation, fuzzy}
  current: -1,
};

// ---------------------------------------------------------------- helpers

function keyId(key) {
  return (key[0] === null ? "" : key[0] + "\u0004") + key[1];
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function status(text, kind) {
  const box = $("status");
  box.textContent = text;
  box.className = "status" + (kind ? " " + kind : "");
}

async function api(path, body) {
  const options = { headers: { "X-Review-Token": token } };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = null;
  try { data = await response.json(); } catch (error) { data = { error: response.statusText }; }
  return { status: response.status, data };
}

function time(ms) {
  const minutes = Math.floor(ms / 60000);
  const seconds = ((ms % 60000) / 1000).toFixed(3).padStart(6, "0");
  return `${minutes}:${seconds}`;
}

function message(key) {
  return state.data.messages[keyId(key)] || null;
}

// What a message is now: its saved text, or the reviewer's unsaved edit.
function current(key) {
  const saved = message(key);
  const edit = state.edits.get(keyId(key));
  if (edit) return { translation: edit.translation, fuzzy: edit.fuzzy, edited: true };
  if (!saved) return { translation: "", fuzzy: false, edited: false };
  return { translation: saved.translation, fuzzy: saved.fuzzy, edited: false };
}

function setEdit(key, translation, fuzzy) {
  const saved = message(key);
  const id = keyId(key);
  if (saved && saved.translation === translation && saved.fuzzy === fuzzy) state.edits.delete(id);
  else state.edits.set(id, { key, translation, fuzzy });
  $("dirty").textContent = state.edits.size ? `${state.edits.size} unsaved` : "";
}

function findingsList(list, findings) {
  list.replaceChildren();
  for (const finding of findings) {
    const item = el("li", finding.severity, `${finding.code} ${finding.message}`);
    if (finding.unsafe) item.append(el("strong", "", " — will not be saved"));
    list.append(item);
  }
}

// The message's state, and what the build does with it (checks/verdict.py):
// "withheld" means its source text is published instead.
function badgeFor(node, info, findings, verdict) {
  node.className = "badge";
  if (!info.translation) { node.classList.add("missing"); node.textContent = "untranslated"; }
  else if (info.fuzzy) { node.classList.add("fuzzy"); node.textContent = "fuzzy draft"; }
  else { node.classList.add("reviewed"); node.textContent = "reviewed"; }
  if (info.edited) node.textContent += " · unsaved";
  if (verdict === "withheld") { node.classList.add("withheld"); node.textContent += " · withheld"; }
  else if (findings.some((f) => f.severity === "error")) node.textContent += " · error";
  node.title = verdict === "withheld" ? "An error finding: the build publishes the source text instead"
    : verdict === "missing" ? "Not published: the source text stands in" : "Published as it is";
}

// A word-level diff of the previous msgid against the current one.
function showDiff(box, previous, now) {
  box.replaceChildren();
  if (!previous) return;
  box.append(el("span", "", "Source changed from the previous version: "));
  const a = previous.split(/(\s+)/), b = now.split(/(\s+)/);
  const table = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) { box.append(document.createTextNode(a[i])); i++; j++; }
    else if (i < a.length && (j >= b.length || table[i + 1][j] >= table[i][j + 1])) { box.append(el("del", "", a[i])); i++; }
    else { box.append(el("ins", "", b[j])); j++; }
  }
}

function showOrigin(box, saved) {
  box.replaceChildren();
  if (saved && saved.origin) box.textContent = `Draft from: ${saved.origin}`;
  if (saved && saved.comments && saved.comments.length) {
    box.append(el("div", "", `Translator comments: ${saved.comments.join(" / ")}`));
  }
}

// ---------------------------------------------------------------- the player

const clock = { t: 0, playing: false, until: null, base: 0, wall: 0 };

function videoDuration() {
  const video = $("video");
  return Number.isFinite(video.duration) && video.duration > 0 ? video.duration : 0;
}

// The clip may be shorter than the track (the bundled trailer is a few
// seconds): the review clock runs on and the clip loops underneath.
function videoTimeFor(t) {
  const duration = videoDuration();
  return duration ? t % duration : 0;
}

function seek(seconds) {
  clock.t = Math.max(0, seconds);
  clock.base = clock.t;
  clock.wall = performance.now();
  const video = $("video");
  if (videoDuration()) video.currentTime = videoTimeFor(clock.t);
  drawPicture();
}

function play(until) {
  clock.playing = true;
  clock.until = until === undefined ? null : until;
  clock.base = clock.t;
  clock.wall = performance.now();
  $("video").play().catch(() => {});
  $("play").textContent = "Pause";
}

function pause() {
  clock.playing = false;
  clock.until = null;
  $("video").pause();
  $("play").textContent = "Play";
}

function tick() {
  if (clock.playing) {
    clock.t = clock.base + (performance.now() - clock.wall) / 1000;
    if (clock.until !== null && clock.t >= clock.until) { clock.t = clock.until; pause(); }
    const video = $("video");
    const wanted = videoTimeFor(clock.t);
    if (videoDuration() && Math.abs(video.currentTime - wanted) > 0.3) video.currentTime = wanted;
    if (video.paused && clock.playing) video.play().catch(() => {});
    drawPicture();
  }
  requestAnimationFrame(tick);
}

function activeCues() {
  if (!state.data || state.view !== "subtitles") return [];
  const ms = clock.t * 1000;
  return state.data.cues.filter((cue) => cue.start_ms <= ms && ms < cue.end_ms);
}

// The overlay: each active cue's laid-out lines, as text.
function drawPicture() {
  $("clock").textContent = time(Math.round(clock.t * 1000));
  const overlay = $("overlay");
  overlay.replaceChildren();
  overlay.classList.remove("top");
  for (const row of document.querySelectorAll("#cues li.playing")) row.classList.remove("playing");
  for (const cue of activeCues()) {
    const info = current(cue.key);
    if (!cue.lines.length) continue;
    const box = el("div", "cue-box", cue.lines.join("\n"));
    box.dataset.cue = cue.number;
    if (cue.italic) box.classList.add("italic");
    if (info.fuzzy) box.classList.add("fuzzy");
    if (cue.top) overlay.classList.add("top");
    overlay.append(box);
    const row = document.querySelector(`#cues li[data-number="${cue.number}"]`);
    if (row) row.classList.add("playing");
  }
}

// ---------------------------------------------------------------- subtitles view

function cueRow(cue, index) {
  const info = current(cue.key);
  const row = el("li");
  row.dataset.number = cue.number;
  row.dataset.index = index;
  const meta = el("div", "meta");
  meta.append(el("span", "timing", `${cue.number} · ${time(cue.start_ms)} → ${time(cue.end_ms)}`));
  const badge = el("span");
  badgeFor(badge, info, cue.findings, cue.verdict);
  meta.append(badge);
  const errors = cue.findings.filter((f) => f.severity === "error").length;
  const warnings = cue.findings.length - errors;
  if (errors) meta.append(el("span", "badge error", `${errors} error${errors > 1 ? "s" : ""}`));
  if (warnings) meta.append(el("span", "badge warning", `${warnings} warning${warnings > 1 ? "s" : ""}`));
  if (cue.lines.length) meta.append(el("span", "cps", `${cue.cps} cps`));
  row.append(meta, el("div", "src", cue.source));
  const translation = el("div", "tr", cue.lines.length ? cue.lines.join("\n") : "(untranslated)");
  translation.lang = state.catalogs.bcp47[state.locale] || "";
  if (!cue.lines.length) translation.classList.add("empty");
  row.append(translation);
  if (info.edited) row.classList.add("edited");
  if (index === state.current) row.classList.add("current");
  row.addEventListener("click", () => selectCue(index, true));
  return row;
}

function renderCues() {
  const list = $("cues");
  const scroll = list.scrollTop;
  list.replaceChildren(...state.data.cues.map(cueRow));
  list.scrollTop = scroll;
}

function meter(label, value, limit, unit) {
  const box = el("span", "meter");
  const gauge = el("span", "gauge");
  const fill = el("span", "fill");
  fill.style.width = `${Math.min(100, (100 * value) / limit)}%`;
  gauge.append(fill);
  box.append(el("span", "", label), gauge, el("span", "", `${value} / ${limit}${unit}`));
  if (value > limit) box.classList.add("over");
  return box;
}

function renderEditor() {
  const cue = state.data.cues[state.current];
  if (!cue) return;
  const info = current(cue.key);
  const saved = message(cue.key);
  $("ed-title").textContent = `Cue ${cue.number} · ${time(cue.start_ms)} → ${time(cue.end_ms)} (${((cue.end_ms - cue.start_ms) / 1000).toFixed(2)} s)`;
  badgeFor($("ed-state"), info, cue.findings, cue.verdict);
  $("ed-source").textContent = cue.source;
  const box = $("ed-translation");
  if (box.value !== info.translation) box.value = info.translation;
  box.lang = state.catalogs.bcp47[state.locale] || "";
  box.classList.toggle("has-error", cue.findings.some((f) => f.severity === "error"));
  const norms = state.data.norms;
  const meters = $("ed-meters");
  meters.replaceChildren();
  cue.widths.forEach((width, index) => meters.append(meter(`line ${index + 1}`, width, norms.max_chars_per_line, " characters")));
  meters.append(meter("lines", cue.counted_lines, norms.max_lines, ""));
  meters.append(meter("reading speed", cue.cps, norms.max_cps, " characters/s"));
  findingsList($("ed-findings"), cue.findings);
  showOrigin($("ed-origin"), saved);
  showDiff($("ed-previous"), saved && info.fuzzy ? saved.previous : null, cue.key[1]);
  $("ed-reviewed").disabled = !(info.fuzzy && info.translation);
}

function selectCue(index, doSeek) {
  if (!state.data || index < 0 || index >= state.data.cues.length) return;
  state.current = index;
  for (const row of document.querySelectorAll("#cues li.current")) row.classList.remove("current");
  const row = document.querySelector(`#cues li[data-index="${index}"]`);
  if (row) { row.classList.add("current"); row.scrollIntoView({ block: "nearest" }); }
  renderEditor();
  if (doSeek) { pause(); seek(state.data.cues[index].start_ms / 1000 + 0.001); }
}

let previewTimer = null;

function cuesOf(key) {
  const id = keyId(key);
  return state.data.cues.filter((cue) => keyId(cue.key) === id);
}

// An edit shows at once (the text as typed); the server's layout, meters and
// findings follow a moment later.
function editSubtitle(translation, fuzzy) {
  const cue = state.data.cues[state.current];
  if (!cue) return;
  setEdit(cue.key, translation, fuzzy);
  for (const other of cuesOf(cue.key)) {
    other.lines = translation ? translation.split("\n") : [];
    other.counted_lines = other.lines.length;
  }
  refreshSubtitles();
  clearTimeout(previewTimer);
  const key = cue.key;
  previewTimer = setTimeout(async () => {
    const { status: code, data } = await api("/api/subtitles/preview", {
      locale: state.locale, domain: state.domain, key, translation, fuzzy,
    });
    if (code !== 200) { status(data.error || "preview failed", "error"); return; }
    const now = current(key);
    if (now.translation !== translation || now.fuzzy !== fuzzy) return; // typed on meanwhile
    for (const fresh of data.cues) {
      const at = state.data.cues.findIndex((cue) => cue.number === fresh.number);
      if (at >= 0) state.data.cues[at] = fresh;
    }
    refreshSubtitles();
  }, 120);
}

function refreshSubtitles() {
  renderCues();
  renderEditor();
  drawPicture();
}

async function loadSubtitles() {
  status("Loading…");
  const { status: code, data } = await api(`/api/subtitles?locale=${encodeURIComponent(state.locale)}&domain=${encodeURIComponent(state.domain)}`);
  if (code !== 200) { status(data.error || "cannot load", "error"); return; }
  state.data = data;
  // Unsaved edits stay across a reload from disk: lay them out again.
  for (const edit of state.edits.values())
    for (const cue of cuesOf(edit.key)) cue.lines = edit.translation ? edit.translation.split("\n") : [];
  $("catalog-path").textContent = data.catalog.path;
  const video = $("video");
  const source = data.video ? `${data.video}?token=${encodeURIComponent(token)}` : "";
  if (video.dataset.src !== source) {
    video.dataset.src = source;
    if (source) video.src = source; else video.removeAttribute("src");
  }
  if (!source) $("clip-note").textContent = "No video declared for this track (a page's <video data-l10n-tracks>): the cues show over a blank picture.";
  $("ed-source").lang = state.catalogs.bcp47[data.catalog.source_locale] || data.catalog.source_locale;
  renderCues();
  selectCue(Math.max(0, Math.min(state.current, data.cues.length - 1)), false);
  drawPicture();
  status(`${data.cues.length} cues · ${data.catalog.path}`, "ok");
}

// ---------------------------------------------------------------- pages view

function frames() {
  return [$("frame-source").contentDocument, $("frame-target").contentDocument].filter(Boolean);
}

function segmentsOf(id) {
  return state.data.segments.filter((segment) => segment.id === id);
}

function markFrames() {
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

function attachFrame(frame) {
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

function highlight(scroll) {
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

function segmentRow(segment, index) {
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

function renderSegments() {
  const list = $("segments");
  const scroll = list.scrollTop;
  list.replaceChildren(...state.data.segments.map(segmentRow));
  list.scrollTop = scroll;
}

function renderPageEditor() {
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

function selectSegment(index, scroll) {
  if (!state.data || index < 0 || index >= state.data.segments.length) return;
  state.current = index;
  for (const row of document.querySelectorAll("#segments li.current")) row.classList.remove("current");
  const row = document.querySelector(`#segments li[data-index="${index}"]`);
  if (row) { row.classList.add("current"); row.scrollIntoView({ block: "nearest" }); }
  renderPageEditor();
  highlight(scroll);
}

function editPage(translation, fuzzy) {
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

async function loadPages() {
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

// ---------------------------------------------------------------- saving

async function save(confirmed) {
  if (!state.data || !state.edits.size) { status("Nothing to save."); return; }
  const catalog = state.data.catalog;
  const edits = [...state.edits.values()];
  const { status: code, data } = await api("/api/save", {
    locale: catalog.locale, domain: catalog.domain, stamp: catalog.stamp, edits, confirm: confirmed === true,
  });
  if (code === 200) {
    state.edits.clear();
    $("dirty").textContent = "";
    await reload();
    status(`Saved ${data.changed} message${data.changed === 1 ? "" : "s"} to ${catalog.path}.`, "ok");
    return;
  }
  if (code === 422 && data.confirmable) {
    if (window.confirm(`${data.error}\n\nSave anyway?`)) { await save(true); return; }
  }
  status(data.error || `save failed (${code})`, "error");
}

async function reload() {
  if (state.view === "subtitles") await loadSubtitles();
  else await loadPages();
}

// ---------------------------------------------------------------- choices and keys

function fill(select, values, labels) {
  select.replaceChildren(...values.map((value) => {
    const option = el("option", "", labels ? labels(value) : value);
    option.value = value;
    return option;
  }));
}

function localesForView() {
  if (state.view === "pages") return state.catalogs.site.locales;
  const track = state.catalogs.tracks.find((t) => t.domain === state.domain);
  return track ? track.locales : [];
}

function chooseLocales() {
  const locales = localesForView();
  fill($("locale"), locales, (l) => `${state.catalogs.names[l]} (${l})`);
  if (!locales.includes(state.locale)) state.locale = locales[0] || "";
  $("locale").value = state.locale;
}

function leave() {
  if (!state.edits.size) return true;
  return window.confirm(`${state.edits.size} unsaved edit(s) will be dropped. Continue?`);
}

async function switchView(view) {
  if (view === state.view || !leave()) return;
  state.edits.clear();
  $("dirty").textContent = "";
  state.view = view;
  state.current = 0;
  pause();
  $("view-subtitles").hidden = view !== "subtitles";
  $("view-pages").hidden = view !== "pages";
  $("track-choice").hidden = view !== "subtitles";
  $("page-choice").hidden = view !== "pages";
  $("tab-subtitles").setAttribute("aria-pressed", String(view === "subtitles"));
  $("tab-pages").setAttribute("aria-pressed", String(view === "pages"));
  chooseLocales();
  await reload();
}

function move(step) {
  if (state.view === "subtitles") selectCue(state.current + step, true);
  else selectSegment(state.current + step, true);
}

function markReviewed() {
  if (state.view === "subtitles") {
    const cue = state.data.cues[state.current];
    const info = cue && current(cue.key);
    if (info && info.translation) editSubtitle(info.translation, false);
  } else {
    const segment = state.data.segments[state.current];
    const info = segment && current(segment.key);
    if (info && info.translation) editPage(info.translation, false);
  }
}

function playCue() {
  const cue = state.view === "subtitles" && state.data && state.data.cues[state.current];
  if (!cue) return;
  seek(cue.start_ms / 1000);
  play(cue.end_ms / 1000);
}

function onKey(event) {
  const typing = ["TEXTAREA", "INPUT", "SELECT"].includes(event.target.tagName);
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    save(false);
    return;
  }
  if (typing && !event.altKey) return;
  const key = event.key.toLowerCase();
  const actions = {
    j: () => move(1), arrowdown: () => move(1), k: () => move(-1), arrowup: () => move(-1),
    p: playCue, r: markReviewed,
    " ": () => (clock.playing ? pause() : play()),
  };
  const action = actions[key] || (event.altKey && actions[event.code.replace("Key", "").toLowerCase()]);
  if (action) { event.preventDefault(); action(); }
}

async function start() {
  if (!token) { status("Open the address that `seoultrain-i18n review` printed (it carries the access token).", "error"); return; }
  const { status: code, data } = await api("/api/catalogs");
  if (code !== 200) { status(data.error || "cannot reach the review server", "error"); return; }
  state.catalogs = data;
  $("project").textContent = `${data.project} · review`;
  fill($("track"), data.tracks.map((t) => t.domain));
  fill($("page"), data.site.pages);
  const params = new URLSearchParams(location.search);
  state.domain = params.get("domain") || (data.tracks[0] && data.tracks[0].domain) || "";
  state.page = params.get("page") || data.site.pages[0] || "";
  state.locale = params.get("locale") || "";
  $("track").value = state.domain;
  $("page").value = state.page;
  $("frame-source").addEventListener("load", () => attachFrame($("frame-source")));
  $("frame-target").addEventListener("load", () => attachFrame($("frame-target")));
  $("tab-subtitles").addEventListener("click", () => switchView("subtitles"));
  $("tab-pages").addEventListener("click", () => switchView("pages"));
  $("track").addEventListener("change", async (event) => {
    if (!leave()) { event.target.value = state.domain; return; }
    state.edits.clear(); state.domain = event.target.value; state.current = 0; chooseLocales(); await reload();
  });
  $("page").addEventListener("change", async (event) => {
    if (!leave()) { event.target.value = state.page; return; }
    state.edits.clear(); state.page = event.target.value; state.current = 0; await reload();
  });
  $("locale").addEventListener("change", async (event) => {
    if (!leave()) { event.target.value = state.locale; return; }
    state.edits.clear(); state.locale = event.target.value; await reload();
  });
  $("save").addEventListener("click", () => save(false));
  $("reload").addEventListener("click", reload);
  $("play").addEventListener("click", () => (clock.playing ? pause() : play()));
  $("play-cue").addEventListener("click", playCue);
  $("ed-translation").addEventListener("input", (event) => {
    const cue = state.data.cues[state.current];
    if (cue) editSubtitle(event.target.value, current(cue.key).fuzzy);
  });
  $("pe-translation").addEventListener("input", (event) => {
    const segment = state.data.segments[state.current];
    if (segment) editPage(event.target.value, current(segment.key).fuzzy);
  });
  $("ed-reviewed").addEventListener("click", markReviewed);
  $("pe-reviewed").addEventListener("click", markReviewed);
  $("video").addEventListener("loadedmetadata", () => {
    const duration = videoDuration();
    const last = state.data && state.data.cues.length ? state.data.cues[state.data.cues.length - 1].end_ms / 1000 : 0;
    $("clip-note").textContent = duration && last > duration
      ? `The clip is ${duration.toFixed(1)} s; it loops under the cues after its end.` : "";
    seek(clock.t);
  });
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeunload", (event) => { if (state.edits.size) event.preventDefault(); });
  const view = params.get("view") === "pages" ? "pages" : "subtitles";
  state.view = "";
  await switchView(view);
  requestAnimationFrame(tick);
}

start();
