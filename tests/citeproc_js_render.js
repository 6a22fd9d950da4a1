// Bibliography entries of CSL-JSON items by citeproc-js, the CSL processor of Zotero and Mendeley:
// a judge for `nenbib cite` and the CSL-JSON export (tests/test_cite_citeproc_js.py).
//
//   node tests/citeproc_js_render.js < job.json
//
// job.json: {"citeproc": path of citeproc_commonjs.js, "style": path of a .csl file,
//            "locales": folder of locales-xx-XX.xml files, "lang": "en-US" or null (the style's
//            default-locale), "formats": ["text", "html"], "items": [CSL-JSON items]}.
// Each item is rendered alone (a bibliography of one, as `nenbib cite` of one record renders it),
// so that entries do not depend on each other (subsequent-author-substitute, citation numbers);
// with "together": true, all of them as one bibliography, its entries in the style's sort order.
// Prints {"<format>": [entry of item 0, entry of item 1, ...], "warnings": [...]}: one JSON object.
"use strict";

const fs = require("fs");
const path = require("path");

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const CSL = require(job.citeproc);
const styleXml = fs.readFileSync(job.style, "utf8");
const warnings = [];

CSL.debug = () => {};
CSL.error = (message) => warnings.push(String(message));

function retrieveLocale(lang) {
  const file = path.join(job.locales, `locales-${lang}.xml`);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
}

const byId = new Map(job.items.map((item) => [String(item.id), item]));
const sys = { retrieveLocale, retrieveItem: (id) => byId.get(String(id)) };
// One engine for all: setting up a long style (Chicago, APA) costs ~1 s, an entry ~2 ms.
const engine = new CSL.Engine(sys, styleXml, job.lang || undefined, Boolean(job.lang));
const out = { warnings };
for (const format of job.formats) {
  engine.setOutputFormat(format);
  const entries = [];
  for (const item of job.together ? [null] : job.items) {
    engine.updateItems(item ? [String(item.id)] : job.items.map((i) => String(i.id)));
    const [params, bib] = engine.makeBibliography();
    if (params.bibliography_errors && params.bibliography_errors.length) {
      warnings.push(`${item ? item.id : "bibliography"}: ${JSON.stringify(params.bibliography_errors)}`);
    }
    entries.push(...(item ? [bib.join("")] : bib).map((entry) => entry.trim()));
  }
  out[format] = entries;
}
process.stdout.write(JSON.stringify(out));
