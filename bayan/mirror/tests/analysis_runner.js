// Runs calls of the mirror's query analysis (bayan/static/mirror/analysis.js) for
// test_query_analysis_in_javascript.py, in one node process per batch.
//
//   node analysis_runner.js SCRIPT REQUESTS.json RESULTS.json
//
// REQUESTS is {"load": "script" | "require", "calls": [[name, [argument, ...]], ...]}. With "script"
// the file runs as a browser runs a classic script: in a context of its own whose global object is
// `window`, without `module` or `require`. Each call's result is a name's value (Sets and Maps as
// arrays) or the named function's return value; a call that throws gives {"error": message}.
// RESULTS is {"globals": [names the script added to the global object], "results": [...]}.
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [script, requestsPath, resultsPath] = process.argv.slice(2);
const requests = JSON.parse(fs.readFileSync(requestsPath, "utf8"));

let api;
let globals = [];
if (requests.load === "require") {
  api = require(path.resolve(script));
} else {
  const context = {};
  context.window = context;
  vm.createContext(context);
  const before = new Set(Object.keys(context));
  vm.runInContext(fs.readFileSync(script, "utf8"), context, {filename: script});
  globals = Object.keys(context).filter((name) => !before.has(name));
  api = context.BayanAnalysis;
}
if (!api) {
  throw new Error(`${script} defined no BayanAnalysis`);
}

function plain(value) {
  if (value && typeof value === "object" && typeof value[Symbol.iterator] === "function" && !Array.isArray(value)) {
    return Array.from(value, plain);
  }
  return value;
}

const results = requests.calls.map(([name, args]) => {
  try {
    const value = api[name];
    return plain(typeof value === "function" ? value.apply(null, args || []) : value);
  } catch (error) {
    return {error: String(error && error.stack || error)};
  }
});
fs.writeFileSync(resultsPath, JSON.stringify({globals, results}));
