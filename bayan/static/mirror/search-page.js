/*
 * The copy's search page (bayan/jinja2/mirror/search.html): reads ?q=, ?page= and the facets from
 * the address, searches the copy's index with search.js and writes the results in the markup of
 * the site's search page (bayan/jinja2/search/search.html), whose style sheet the copy carries.
 * Every link it writes is relative to the page, so the page works under any address and from
 * file://. Text from the index is escaped before it is written.
 */
(function () {
  "use strict";

  var FACETS = ["language", "category", "year", "tag", "author"];
  var settingsElement = document.getElementById("offline-search-settings");
  var container = document.getElementById("offline-search");
  if (!settingsElement || !container || !window.BayanSearch || !window.BayanAnalysis) {
    return;
  }
  var settings = JSON.parse(settingsElement.textContent);
  var messages = settings.messages;
  var plurals = typeof Intl === "object" && Intl.PluralRules ? new Intl.PluralRules(settings.language) : null;

  function escape(text) {
    return String(text === null || text === undefined ? "" : text).replace(/[&<>"']/g, function (character) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[character];
    });
  }

  function fill(message, values) {
    return message.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  /** The message for ``count`` among a plural's forms (keyed by a number of each form). */
  function plural(forms, count) {
    var samples = Object.keys(forms);
    var chosen = count === 1 ? "1" : samples[samples.length - 1];
    if (plurals) {
      var form = plurals.select(count);
      samples.forEach(function (sample) {
        if (plurals.select(Number(sample)) === form && chosen === samples[samples.length - 1]) {
          chosen = sample;
        }
      });
    }
    return fill(forms[chosen], {total: String(count)});
  }

  function load(language, file, hash) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = settings.root + language + "/" + settings.index + "/" + file + (hash ? "?v=" + hash : "");
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + script.src)); };
      document.head.appendChild(script);
    });
  }

  function state() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FACETS.forEach(function (name) {
      var values = params.getAll(name);
      if (values.length) {
        filters[name] = values;
      }
    });
    var page = parseInt(params.get("page") || "1", 10);
    return {q: params.get("q") || "", filters: filters, page: page >= 1 && page <= 10000 ? page : 1};
  }

  function address(values) {
    var params = new URLSearchParams();
    Object.keys(values).forEach(function (name) {
      [].concat(values[name]).forEach(function (value) {
        if (value !== "" && value !== null && value !== undefined) {
          params.append(name, value);
        }
      });
    });
    var text = params.toString();
    return "?" + text;
  }

  function linkTo(path) {
    return settings.root + path + "index.html";
  }

  /** search.Highlighter: the words of a text that the query matched, marked. */
  function highlighter(query, close) {
    var terms = new Set(), prefixes = [], closeTerms = new Set();
    query.required.forEach(function (part) {
      if (part.type === "phrase") {
        part.stems.forEach(function (stem) { terms.add(stem); });
        return;
      }
      part.terms.forEach(function (term) { terms.add(term); });
      if (close) {
        part.close.forEach(function (term) { closeTerms.add(term); });
      }
      if (part.prefix && (part.prefixExact || close)) {
        prefixes.push(part.prefix);
      }
    });
    var seen = new Map();
    function matches(token) {
      if (seen.has(token)) {
        return seen.get(token);
      }
      var found = BayanAnalysis.words(token).some(function (word) {
        var analysed = BayanAnalysis.analyseWord(word);
        if (terms.has(analysed.stem) || analysed.forms.some(function (form) { return terms.has(form); }) ||
            analysed.close.some(function (term) { return closeTerms.has(term); })) {
          return true;
        }
        return prefixes.some(function (prefix) {
          return analysed.stem.startsWith(prefix) || word.startsWith(prefix);
        });
      });
      seen.set(token, found);
      return found;
    }
    return function (text) {
      return String(text || "").split(/\s+/).filter(Boolean).map(function (token) {
        return matches(token) ? "<mark>" + escape(token) + "</mark>" : escape(token);
      }).join(" ");
    };
  }

  function hitHtml(hit, query, level) {
    var mark = highlighter(query, hit.close);
    var category = hit.category ?
      "<p class=\"entry-category\" lang=\"" + escape(hit.language) + "\" dir=\"auto\"><a href=\"" +
      escape(linkTo(hit.category.path)) + "\">" + escape(hit.category.name) + "</a></p>" : "";
    return "<article class=\"entry\">" + category +
      "<h" + level + " class=\"entry-title\" dir=\"auto\"><a href=\"" + escape(linkTo(hit.path)) +
      "\" hreflang=\"" + escape(hit.language) + "\" lang=\"" + escape(hit.language) + "\" dir=\"auto\">" +
      mark(hit.title) + "</a></h" + level + ">" +
      "<p class=\"entry-date\"><time datetime=\"" + escape(hit.date) + "\">" +
      escape(hit.dates[settings.language] || hit.date) + "</time></p>" +
      "<p class=\"entry-excerpt\" lang=\"" + escape(hit.language) + "\" dir=\"auto\">" + mark(hit.excerpt) +
      "</p></article>";
  }

  function render(results, current) {
    var query = results.query;
    var values = {q: query.raw};
    Object.keys(results.filters).forEach(function (name) { values[name] = results.filters[name].map(String); });
    function toggled(name, value) {
      var chosen = (values[name] || []).slice();
      var at = chosen.indexOf(value);
      if (at >= 0) {
        chosen.splice(at, 1);
      } else {
        chosen.push(value);
      }
      var next = Object.assign({}, values);
      next[name] = chosen;
      return address(next);
    }
    var html = [];
    if (query.shortened) {
      html.push("<p class=\"search-hint\">" + escape(messages.shortened) + "</p>");
    }
    var chips = [];
    FACETS.forEach(function (name) {
      (results.filters[name] || []).forEach(function (value) {
        var label = (results.facets[name] || []).filter(function (item) { return item.value === String(value); });
        label = label.length ? label[0].label : (name === "language" ? messages.languageNames[value] || value :
          (name === "year" ? String(value) : ""));
        chips.push("<li><a class=\"chip\" href=\"" + escape(toggled(name, String(value))) + "\">" +
          "<span class=\"visually-hidden\">" + escape(messages.removeFilter) + " </span><span class=\"chip-facet\">" +
          escape(messages.facets[name]) + "</span> <span dir=\"auto\">" + escape(label) + "</span>" +
          "<span class=\"chip-remove\" aria-hidden=\"true\">×</span></a></li>");
      });
    });
    if (chips.length) {
      if (chips.length > 1) {
        chips.push("<li><a class=\"chip-clear\" href=\"" + escape(address({q: query.raw})) + "\">" +
          escape(messages.removeAll) + "</a></li>");
      }
      html.push("<section class=\"search-chips\" aria-labelledby=\"search-chips-title\"><h2 id=\"search-chips-title\" " +
        "class=\"search-chips-title\">" + escape(messages.filters) + "</h2><ul>" + chips.join("") + "</ul></section>");
    }
    var groups = [];
    FACETS.forEach(function (name) {
      var items = results.facets[name] || [];
      if (!items.length) {
        return;
      }
      groups.push("<section class=\"facet\"><h2>" + escape(messages.facets[name]) + "</h2><ul>" +
        items.map(function (item) {
          return "<li><a href=\"" + escape(toggled(name, item.value)) + "\"" +
            (item.selected ? " aria-current=\"true\" class=\"selected\"" : "") + "><span dir=\"auto\">" +
            (item.selected ? "✓ " : "") + escape(item.label) + "</span> <span class=\"count\">" + item.count +
            "</span></a></li>";
        }).join("") + "</ul></section>");
    });
    html.push("<div class=\"search-layout" + (groups.length ? " has-facets" : "") + "\">");
    if (groups.length) {
      html.push("<details class=\"search-facets\"><summary>" + escape(messages.narrow) +
        "</summary><div class=\"facet-groups\">" + groups.join("") + "</div></details>");
    }
    html.push("<section class=\"search-results\" aria-labelledby=\"search-count\">");
    if (results.mode === "exact") {
      html.push("<h2 id=\"search-count\" class=\"search-count\">" + escape(plural(messages.results, results.total)) +
        "</h2>");
    } else {
      html.push("<h2 id=\"search-count\" class=\"search-count\">" + escape(fill(messages.noExact, {query: query.raw})) +
        "</h2>");
      if (results.mode === "any") {
        html.push("<p class=\"search-hint\">" + escape(messages.anyWord) + "</p>");
      }
      html.push("<p class=\"search-hint\">" + escape(plural(messages.closeMatches, results.total)) + "</p>");
    }
    results.hits.forEach(function (hit) { html.push(hitHtml(hit, query, 2)); });
    if (!results.hits.length) {
      if (results.total) {
        html.push("<p class=\"search-hint\">" + escape(messages.noMore) + "</p>");
      } else if (!results.closeHits.length) {
        html.push("<div class=\"search-empty\"><p>" + escape(messages.nothing) + "</p><ul>" +
          (chips.length ? "<li><a href=\"" + escape(address({q: query.raw})) + "\">" + escape(messages.withoutFilters) +
            "</a></li>" : "") + "</ul></div>");
      }
    }
    if (results.closeHits.length) {
      html.push("<section class=\"search-close\" aria-labelledby=\"search-close\"><h2 id=\"search-close\">" +
        escape(fill(messages.closeApart, {query: query.raw})) + "</h2>" +
        results.closeHits.map(function (hit) { return hitHtml(hit, query, 3); }).join("") + "</section>");
    }
    var lastPage = Math.ceil(results.total / results.perPage);
    if (current.page > 1 || current.page < lastPage) {
      var items = [];
      if (current.page > 1) {
        items.push("<li><a href=\"" + escape(address(Object.assign({}, values, {page: String(current.page - 1)}))) +
          "\" rel=\"prev\">" + escape(messages.previous) + "</a></li>");
      }
      items.push("<li><span aria-current=\"page\">" +
        escape(fill(messages.pageOf, {number: String(current.page), total: String(lastPage)})) + "</span></li>");
      if (current.page < lastPage) {
        items.push("<li><a href=\"" + escape(address(Object.assign({}, values, {page: String(current.page + 1)}))) +
          "\" rel=\"next\">" + escape(messages.next) + "</a></li>");
      }
      html.push("<nav class=\"pagination\" aria-label=\"" + escape(messages.pages) + "\"><ul>" + items.join("") +
        "</ul></nav>");
    }
    html.push("</section></div>");
    container.innerHTML = html.join("");
  }

  var current = state();
  var input = document.getElementById("search-q");
  if (input) {
    input.value = current.q;
  }
  if (!current.q.trim()) {
    return;
  }
  if (BayanAnalysis.looksEmpty(current.q)) {
    container.innerHTML = "<p class=\"search-hint\">" + escape(messages.typeSomething) + "</p>";
    return;
  }
  container.setAttribute("aria-busy", "true");
  container.innerHTML = "<p class=\"search-hint\">" + escape(messages.searching) + "</p>";
  var engine = BayanSearch.engine(load, settings.languages, {language: settings.language,
                                                              languageNames: messages.languageNames});
  var started = window.performance ? performance.now() : 0;
  engine.search(current.q, current.filters, current.page).then(function (results) {
    if (input) {
      input.value = results.query.raw;
    }
    render(results, current);
    container.removeAttribute("aria-busy");
    container.setAttribute("data-search-milliseconds", String(Math.round((window.performance ? performance.now() : 0) -
      started)));
    document.documentElement.setAttribute("data-search-done", "true");
  }, function () {
    container.removeAttribute("aria-busy");
    container.innerHTML = "<div class=\"search-empty\"><p>" + escape(messages.failed) + "</p></div>";
    document.documentElement.setAttribute("data-search-done", "failed");
  });
}());
