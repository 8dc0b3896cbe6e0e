// Shared by the views: the state, requests to the server (every one with the
// per-run token), and the pieces both views show. Every translation is written
// with textContent, never as markup.

export const token = new URLSearchParams(location.search).get("token") || "";
export const $ = (id) => document.getElementById(id);

export const state = {
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

export function keyId(key) {
  return (key[0] === null ? "" : key[0] + "\u0004") + key[1];
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function status(text, kind) {
  const box = $("status");
  box.textContent = text;
  box.className = "status" + (kind ? " " + kind : "");
}

export async function api(path, body) {
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

export function time(ms) {
  const minutes = Math.floor(ms / 60000);
  const seconds = ((ms % 60000) / 1000).toFixed(3).padStart(6, "0");
  return `${minutes}:${seconds}`;
}

export function message(key) {
  return state.data.messages[keyId(key)] || null;
}

// What a message is now: its saved text, or the reviewer's unsaved edit.
export function current(key) {
  const saved = message(key);
  const edit = state.edits.get(keyId(key));
  if (edit) return { translation: edit.translation, fuzzy: edit.fuzzy, edited: true };
  if (!saved) return { translation: "", fuzzy: false, edited: false };
  return { translation: saved.translation, fuzzy: saved.fuzzy, edited: false };
}

export function setEdit(key, translation, fuzzy) {
  const saved = message(key);
  const id = keyId(key);
  if (saved && saved.translation === translation && saved.fuzzy === fuzzy) state.edits.delete(id);
  else state.edits.set(id, { key, translation, fuzzy });
  $("dirty").textContent = state.edits.size ? `${state.edits.size} unsaved` : "";
}

export function findingsList(list, findings) {
  list.replaceChildren();
  for (const finding of findings) {
    const item = el("li", finding.severity, `${finding.code} ${finding.message}`);
    if (finding.unsafe) item.append(el("strong", "", " — will not be saved"));
    list.append(item);
  }
}

// The message's state, and what the build does with it (checks/verdict.py):
// "withheld" means its source text is published instead.
export function badgeFor(node, info, findings, verdict) {
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
export function showDiff(box, previous, now) {
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

export function showOrigin(box, saved) {
  box.replaceChildren();
  if (saved && saved.origin) box.textContent = `Draft from: ${saved.origin}`;
  if (saved && saved.comments && saved.comments.length) {
    box.append(el("div", "", `Translator comments: ${saved.comments.join(" / ")}`));
  }
}
