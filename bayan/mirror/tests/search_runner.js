// Runs searches of the mirror's offline search (bayan/static/mirror/search.js) over an exported
// index, for test_offline_search.py: the scripts run as a browser runs them (a context whose global
// object is `window`), and each index file is run in that context when the search asks for it.
//
//   node search_runner.js ANALYSIS.js SEARCH.js MIRROR_DIR REQUESTS.json RESULTS.json
//
// REQUESTS is {"languages": [...], "language": "en", "searches": [{"q", "filters", "page"}, ...]};
// RESULTS is [{mode, total, hits: [ids], closeHits: [ids], facets, loaded: [files], shown: [hits]}, ...].
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [analysisScript, searchScript, mirror, requestsPath, resultsPath] = process.argv.slice(2);
const requests = JSON.parse(fs.readFileSync(requestsPath, "utf8"));
const context = {};
context.window = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(analysisScript, "utf8"), context, {filename: analysisScript});
vm.runInContext(fs.readFileSync(searchScript, "utf8"), context, {filename: searchScript});

let loaded = [];
function load(language, file) {
  const name = path.join(mirror, language, "search", "index", file);
  loaded.push(`${language}/${file}`);
  vm.runInContext(fs.readFileSync(name, "utf8"), context, {filename: name});
  return Promise.resolve();
}

(async () => {
  const results = [];
  for (const request of requests.searches) {
    // Each search as a reader's first: nothing kept from the one before.
    const engine = context.BayanSearch.engine(load, requests.languages, {language: requests.language});
    loaded = [];
    context.BayanSearch.forget();
    const found = await engine.search(request.q, request.filters || {}, request.page || 1);
    results.push({
      mode: found.mode, total: found.total, hits: found.hits.map((hit) => hit.id),
      closeHits: found.closeHits.map((hit) => hit.id), facets: found.facets, loaded,
      shown: found.hits,
    });
  }
  fs.writeFileSync(resultsPath, JSON.stringify(results));
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
