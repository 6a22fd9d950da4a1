// citation-js (https://citation.js.org, the converter of many web tools and of the Wikidata and
// Zenodo tool chains) as a judge of nenbib's exports (tests/test_citation_js_judge.py).
//
//   node tests/citation_js_read.js < job.json
//
// job.json: {"modules": a node_modules folder holding @citation-js/core and its plugins bibtex,
//            ris and csl; "jobs": [job, ...]}. A job is either
//   {"read": input type, "text": file text}: the file read with that input type (forceType, no
//            guessing: "@bibtex/text", "@biblatex/text", "@ris/file", "@csl/list+object" with the
//            text parsed as JSON first); gives {"items": [CSL-JSON items]};
//   {"write": "bibtex" | "biblatex" | "ris" | "bibliography", "items": [CSL-JSON items]}:
//            citation-js's own file of the items, or their bibliography (plugin-csl: citeproc-js
//            with its built-in APA template); gives {"text": file text};
//   {"guess": file text}: the input type citation-js finds for the text when it is not told
//            (what `new Cite(text)` reads it as); gives {"type": input type}.
// Either gives {"error": message} instead when citation-js throws. Prints one JSON object
// {"results": [result of job 0, ...], "version": core's version}.
//
// No network: citation-js fetches only for URL and DOI inputs, which forceType rules out; to be
// sure, opening a socket or starting a process (sync-fetch runs one) throws.
"use strict";

const fs = require("fs");
const path = require("path");
const net = require("net");
const childProcess = require("child_process");

function offline() {
  throw new Error("citation_js_read.js: no network in tests");
}
net.Socket.prototype.connect = offline;
for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
  childProcess[name] = offline;
}
globalThis.fetch = offline;

const job = JSON.parse(fs.readFileSync(0, "utf8"));
const from = (name) => require(path.join(job.modules, name));
const { Cite, plugins } = from("@citation-js/core");
from("@citation-js/plugin-bibtex");
from("@citation-js/plugin-ris");
from("@citation-js/plugin-csl");
const version = JSON.parse(fs.readFileSync(path.join(job.modules, "@citation-js/core/package.json"), "utf8")).version;
// The plugins' defaults, stated: BibTeX values not sentence-cased, unknown fields kept (not strict).
Object.assign(plugins.config.get("@bibtex").parse, { sentenceCase: "never", strict: false });
// One setting changed: a BibTeX entry's key is the item's id. By default citation-js makes a key of
// the first family name, the year and the first title word, and two records of one author, year and
// title get the same key (a file that BibTeX, biber and nenbib read without the second).
plugins.config.get("@bibtex").format.useIdAsLabel = true;

function run(one) {
  try {
    if (one.guess !== undefined) {
      return { type: plugins.input.type(one.guess) };
    }
    if (one.read) {
      const data = one.read === "@csl/list+object" ? JSON.parse(one.text) : one.text;
      const cite = new Cite(data, { forceType: one.read, generateGraph: false });
      return { items: cite.data };
    }
    const cite = new Cite(one.items, { forceType: "@csl/list+object", generateGraph: false });
    return { text: cite.format(one.write, { format: "text" }) };
  } catch (error) {
    return { error: String((error && error.stack) || error) };
  }
}

process.stdout.write(JSON.stringify({ version, results: job.jobs.map(run) }));
