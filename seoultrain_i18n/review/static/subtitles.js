// The subtitles view: the player with the cues drawn over the video, the cue
// list and the cue editor.
import {
  $, api, badgeFor, current, el, findingsList, keyId, message, setEdit, showDiff, showOrigin,
  state, status, time, token,
} from "/static/common.js";

let previewTimer = null;

// ---------------------------------------------------------------- the player

export const clock = { t: 0, playing: false, until: null, base: 0, wall: 0 };

export function videoDuration() {
  const video = $("video");
  return Number.isFinite(video.duration) && video.duration > 0 ? video.duration : 0;
}

// The clip may be shorter than the track (the bundled trailer is a few
// seconds): the review clock runs on and the clip loops underneath.
export function videoTimeFor(t) {
  const duration = videoDuration();
  return duration ? t % duration : 0;
}

export function seek(seconds) {
  clock.t = Math.max(0, seconds);
  clock.base = clock.t;
  clock.wall = performance.now();
  const video = $("video");
  if (videoDuration()) video.currentTime = videoTimeFor(clock.t);
  drawPicture();
}

export function play(until) {
  clock.playing = true;
  clock.until = until === undefined ? null : until;
  clock.base = clock.t;
  clock.wall = performance.now();
  $("video").play().catch(() => {});
  $("play").textContent = "Pause";
}

export function pause() {
  clock.playing = false;
  clock.until = null;
  $("video").pause();
  $("play").textContent = "Play";
}

export function tick() {
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

export function activeCues() {
  if (!state.data || state.view !== "subtitles") return [];
  const ms = clock.t * 1000;
  return state.data.cues.filter((cue) => cue.start_ms <= ms && ms < cue.end_ms);
}

// The overlay: each active cue's laid-out lines, as text.
export function drawPicture() {
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

export function cueRow(cue, index) {
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

export function renderCues() {
  const list = $("cues");
  const scroll = list.scrollTop;
  list.replaceChildren(...state.data.cues.map(cueRow));
  list.scrollTop = scroll;
}

export function meter(label, value, limit, unit) {
  const box = el("span", "meter");
  const gauge = el("span", "gauge");
  const fill = el("span", "fill");
  fill.style.width = `${Math.min(100, (100 * value) / limit)}%`;
  gauge.append(fill);
  box.append(el("span", "", label), gauge, el("span", "", `${value} / ${limit}${unit}`));
  if (value > limit) box.classList.add("over");
  return box;
}

export function renderEditor() {
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

export function selectCue(index, doSeek) {
  if (!state.data || index < 0 || index >= state.data.cues.length) return;
  state.current = index;
  for (const row of document.querySelectorAll("#cues li.current")) row.classList.remove("current");
  const row = document.querySelector(`#cues li[data-index="${index}"]`);
  if (row) { row.classList.add("current"); row.scrollIntoView({ block: "nearest" }); }
  renderEditor();
  if (doSeek) { pause(); seek(state.data.cues[index].start_ms / 1000 + 0.001); }
}


export function cuesOf(key) {
  const id = keyId(key);
  return state.data.cues.filter((cue) => keyId(cue.key) === id);
}

// An edit shows at once (the text as typed); the server's layout, meters and
// findings follow a moment later.
export function editSubtitle(translation, fuzzy) {
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

export function refreshSubtitles() {
  renderCues();
  renderEditor();
  drawPicture();
}

export async function loadSubtitles() {
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
