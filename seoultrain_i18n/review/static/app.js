// The review application: saving, the choices of track, page and language,
// the keyboard, and the start.
import { $, api, current, el, state, status, token } from "/static/common.js";
import { attachFrame, editPage, loadPages, selectSegment } from "/static/pages.js";
import {
  clock, editSubtitle, loadSubtitles, pause, play, seek, selectCue, tick, videoDuration,
} from "/static/subtitles.js";

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
