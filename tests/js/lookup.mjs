// Look messages up in our i18next and gettext.js bundles with the real libraries.
// Usage: node lookup.mjs REQUESTS.json ANSWERS.json
// REQUESTS: a list of {"locale": "ko", "domain": "site", "i18next": PATH, "gettextjs": PATH,
//   "queries": [{"context": null|"ctx", "id": "msgid", "plural": null|"msgid_plural", "n": 3}]}
// Answers: per request, per query {"i18next": "...", "gettextjs": "..."}.
import { readFileSync, writeFileSync } from "node:fs";
import i18next from "i18next";
import gettextJs from "gettext.js";

async function lookUp(request) {
  const resources = JSON.parse(readFileSync(request.i18next, "utf8"));
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: request.locale,
    fallbackLng: false,
    ns: [request.domain],
    defaultNS: request.domain,
    resources: { [request.locale]: { [request.domain]: resources } },
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false, skipOnVariables: true },
    showSupportNotice: false,
  });

  const gt = gettextJs();
  gt.loadJSON(JSON.parse(readFileSync(request.gettextjs, "utf8")), request.domain);
  gt.setLocale(request.locale);
  gt.textdomain(request.domain);

  const answers = request.queries.map((q) => {
    const options = {};
    if (q.context !== null) options.context = q.context;
    if (q.plural !== null) options.count = q.n;
    const viaI18next = i18n.t(q.id, options);
    let viaGettext;
    if (q.plural === null) {
      viaGettext = q.context === null ? gt.gettext(q.id) : gt.pgettext(q.context, q.id);
    } else {
      viaGettext = q.context === null
        ? gt.ngettext(q.id, q.plural, q.n)
        : gt.dcnpgettext(undefined, q.context, q.id, q.plural, q.n);
    }
    return { i18next: viaI18next, gettextjs: viaGettext };
  });
  return answers;
}

const requests = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = [];
for (const request of requests) results.push(await lookUp(request));
// A file, not stdout: gettext.js logs each plural expression it compiles.
writeFileSync(process.argv[3], JSON.stringify(results));
