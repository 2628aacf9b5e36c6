"""The browser's side of bench/mirror_search.py: the pages and queries it times in headless Chromium.

The copy's own search page (timed by its ``data-search-milliseconds`` and from the navigation's
start), a small page of Pagefind's API written into the export, the bytes each first query
fetched, and the results of both engines for the recall figures.
"""

import statistics
from urllib.parse import quote, urlsplit

# Written into the export: Pagefind's own API on a page of the language, timed as the copy's search page times itself.
PAGEFIND_PAGE = """<!doctype html>
<html lang="{language}" dir="{direction}"><head><meta charset="utf-8"><title>Pagefind benchmark</title></head>
<body><p>Pagefind over the copy's post pages.</p>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
async function benchSearch(query) {{
  const started = performance.now();
  const search = await pagefind.search(query);
  const shown = await Promise.all(search.results.slice(0, 10).map((result) => result.data()));
  return {{ms: performance.now() - started, total: search.results.length, urls: shown.map((data) => data.url)}};
}}
window.benchSearch = benchSearch;
const query = new URLSearchParams(location.search).get("q");
if (query) {{
  const result = await benchSearch(query);
  result.done = performance.now();
  window.benchResult = result;
  document.documentElement.setAttribute("data-search-done", "true");
}} else {{
  document.documentElement.setAttribute("data-ready", "true");
}}
</script></body></html>
"""

# The copy's search page once done: its state, and where the search's time went by the index files' timings (the
# search starts when it reports it started: its end less its own milliseconds).
BAYAN_PAGE_STATE = """() => {
  const ms = Number(document.getElementById("offline-search").getAttribute("data-search-milliseconds"));
  const files = performance.getEntriesByType("resource").filter((entry) => entry.name.includes("/search/index/"));
  const last = (pattern) => Math.max(...files.filter((entry) => pattern.test(entry.name)).map((e) => e.responseEnd));
  const first = (pattern) => Math.min(...files.filter((entry) => pattern.test(entry.name)).map((e) => e.startTime));
  const start = window.benchDone - ms, roots = last(/root[.]js/), lists = last(/[/](t[0-9]+|facets)[.]js/);
  // A one-word search often shows its results from the terms files' first results, with no posts file:
  // its rendering is then counted with its parsing, matching and ranking.
  const hasShown = files.some((entry) => /[/]d[0-9]+[.]js/.test(entry.name));
  const shownAsked = hasShown ? first(/[/]d[0-9]+[.]js/) : window.benchDone;
  const shown = hasShown ? last(/[/]d[0-9]+[.]js/) : window.benchDone;
  return {
    done: document.documentElement.getAttribute("data-search-done"), ms: ms, wall: window.benchDone,
    count: (document.getElementById("search-count") || {}).textContent || "",
    // The roots (and facets) are fetched with the page's scripts: what is left of them after the search starts.
    phases: {scripts_ready: start, roots: Math.max(0, roots - start), terms_and_facets: lists - Math.max(roots, start),
             parsing_matching_ranking: shownAsked - lists, results_data: shown - shownAsked,
             rendering: window.benchDone - shown}
  };
}"""

# Added to the copy's search page before its scripts: when the page marks the search done, since the navigation's start.
DONE_OBSERVER = """
new MutationObserver(() => {
  const root = document.documentElement;
  if (root && root.hasAttribute("data-search-done") && window.benchDone === undefined) {
    window.benchDone = performance.now();
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-search-done"]});
"""


def response_bytes(response):
    """The body's bytes as sent (compressed when it was), from Content-Length, else from the browser's count."""
    length = response.header_value("content-length")
    if length is not None:
        return int(length)
    return response.request.sizes()["responseBodySize"]


def summarise_responses(responses, own):
    """Bytes and files of every answer, and of those ``own(path)`` says are the search's."""
    rows = [(urlsplit(response.url).path, response_bytes(response)) for response in responses
            if response.status == 200]
    mine = [row for row in rows if own(row[0])]
    return {"total_bytes": sum(size for _path, size in rows), "total_files": len(rows),
            "search_bytes": sum(size for _path, size in mine), "search_files": len(mine),
            "files": [{"path": path, "bytes": size} for path, size in rows]}


def _recording(page, record):
    """Appends the page's answers to ``record`` (when given) until the returned listener is removed."""
    if record is None:
        return None

    def listener(response):
        record.append(response)

    page.on("response", listener)
    return listener


def bayan_query(context, base, language, word, record=None):
    """One visit of the copy's search page: {ms, wall_ms, count}; answers appended to ``record``."""
    page = context.pages[0] if context.pages else context.new_page()
    listener = _recording(page, record)
    page.goto(f"{base}/{language}/search/index.html?q={quote(word)}")
    page.wait_for_selector("html[data-search-done]", state="attached", timeout=60_000)
    found = page.evaluate(BAYAN_PAGE_STATE)
    if found["done"] != "true":
        raise RuntimeError(f"the copy's search failed for {word!r}")
    if listener is not None:
        page.wait_for_load_state("networkidle")
        page.remove_listener("response", listener)
    return {"ms": found["ms"], "wall_ms": found["wall"], "count": found["count"].strip(), "phases": found["phases"]}


def pagefind_query(context, base, language, word, record=None):
    """One visit of the Pagefind page: {ms, wall_ms, count}; answers appended to ``record``."""
    page = context.pages[0] if context.pages else context.new_page()
    listener = _recording(page, record)
    page.goto(f"{base}/pagefind-bench-{language}.html?q={quote(word)}")
    page.wait_for_selector("html[data-search-done]", state="attached", timeout=60_000)
    found = page.evaluate("window.benchResult")
    if listener is not None:
        page.wait_for_load_state("networkidle")
        page.remove_listener("response", listener)
    return {"ms": found["ms"], "wall_ms": found["done"], "count": str(found["total"])}


def new_context(browser):
    context = browser.new_context()
    context.add_init_script(DONE_OBSERVER)
    return context


def timed_queries(browser, base, language, word, runs, query, own):
    """``runs`` cold and warm queries (after an untimed round), and the first cold one's answers."""
    warm_up = new_context(browser)
    query(warm_up, base, language, word)
    warm_up.close()
    cold, warm, first_query = [], [], None
    for run in range(runs):
        context = new_context(browser)
        record = [] if run == 0 else None
        cold.append(query(context, base, language, word, record))
        if record is not None:
            first_query = summarise_responses(record, own)
        warm.append(query(context, base, language, word))
        context.close()
    return {
        "cold_ms": statistics.median(item["ms"] for item in cold),
        "cold_wall_ms": statistics.median(item["wall_ms"] for item in cold),
        "warm_ms": statistics.median(item["ms"] for item in warm),
        "warm_wall_ms": statistics.median(item["wall_ms"] for item in warm),
        "cold_runs_ms": [round(item["ms"], 1) for item in cold],
        "warm_runs_ms": [round(item["ms"], 1) for item in warm],
        "results": cold[0]["count"],
        "first_query": first_query,
        **({"cold_phases_ms": _median_phases(cold), "warm_phases_ms": _median_phases(warm)}
           if cold[0].get("phases") else {}),
    }


def _median_phases(visits):
    return {name: round(statistics.median(visit["phases"][name] for visit in visits), 1)
            for name in visits[0]["phases"]}


def is_bayan_search_file(path):
    return "/search/index/" in path or "/static/mirror/" in path


def is_pagefind_file(path):
    return path.startswith("/pagefind/")


def slug_of(address):
    """The post's slug in a result's address (``…/<lang>/<slug>/index.html`` or ``/<lang>/<slug>/``)."""
    parts = [part for part in urlsplit(address).path.split("/") if part]
    if parts and parts[-1] == "index.html":
        parts = parts[:-1]
    return parts[-1] if parts else ""


def offline_answers(browser, base, queries):
    """The copy's search page's results for each query, as slugs: exact matches, then close spellings."""
    context = new_context(browser)
    page = context.new_page()
    answers = []
    for item in queries:
        page.goto(f"{base}/{item['language']}/search/index.html?q={quote(item['query'])}")
        page.wait_for_selector("html[data-search-done]", state="attached", timeout=60_000)
        hrefs = page.eval_on_selector_all(
            ".search-results > article .entry-title a, .search-close article .entry-title a",
            "links => links.map((link) => link.getAttribute('href'))")
        answers.append([slug_of(href) for href in hrefs])
    context.close()
    return answers


def pagefind_answers(browser, base, queries, languages):
    """Pagefind's first ten results for each query, as slugs, on the page of the query's language."""
    context = new_context(browser)
    pages = {}
    for language in languages:
        pages[language] = context.new_page()
        pages[language].goto(f"{base}/pagefind-bench-{language}.html")
        pages[language].wait_for_selector("html[data-ready]", state="attached", timeout=60_000)
    answers = []
    for item in queries:
        found = pages[item["language"]].evaluate("(query) => window.benchSearch(query)", item["query"])
        answers.append([slug_of(url) for url in found["urls"]])
    context.close()
    return answers
