/*
 * The mirror's search without a server: finds posts in the index files that bayan/mirror/search_index.py
 * writes under <lang>/search/index/, with the query analysed by analysis.js (BayanAnalysis), and
 * shows them on the copy's /<lang>/search/ page in the site's own markup.
 *
 * The index files are classic scripts that call BayanSearch.root, .terms, .facets and .posts with
 * their data, so the search works from file:// as well as over HTTP: a file is loaded by adding a
 * <script> element, never by fetch. The search follows bayan/search/searching.py:
 *
 * - a word matches by its stem or any of its forms (and the editors' equivalents); the word still
 *   being typed also by its start, exactly when as typed it is in no post;
 * - exact matches first; only when they are fewer than ten, close ones (root families, sound keys,
 *   a word's start), listed apart; with no exact and no close match of every word, posts with any;
 * - facets (language, category, year, tag, author), each counted with the other facets' choices;
 * - posts with every word in the title first, then the others, each group by BM25 with the site's
 *   column weights, the later post first among equals.
 *
 * One difference: a quoted phrase finds the posts with all its words, in any order (the index
 * keeps no positions).
 *
 * A terms file also carries what its longest lists' first results show: a one-word search shows its
 * first page from them, and loads a posts file only for a result they do not hold.
 *
 * BayanSearch.engine(load, languages, options) makes a search over any loader (the page's adds
 * scripts, the tests' read files); options: language (the page's, for authors' names),
 * languageNames ({code: name}), analysis (BayanAnalysis by default). search-page.js runs the page.
 */
(function (global) {
  "use strict";

  var ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
  var ID_CHARACTERS = 4, POSTING = 5, IN_TITLE = 16, IN_TEXT = 32, STEP = 15;
  var CLOSE_MARK = "~", FORM_MARK = "\u0649";
  var FEW_RESULTS = 10, FACET_VALUES_SHOWN = 12;
  var FACETS = ["language", "category", "year", "tag", "author"];
  var VALUES = {};
  for (var index = 0; index < ALPHABET.length; index += 1) {
    VALUES[ALPHABET.charAt(index)] = index;
  }

  var delivered = {};
  var waiting = {};
  // "<language>/<post id>": what the result shows, from the terms files loaded so far.
  var firstResults = {};

  function deliver(key, data) {
    delivered[key] = data;
    (waiting[key] || []).forEach(function (resolve) { resolve(data); });
    delete waiting[key];
  }

  /** The data a file delivered, once it has (``start`` loads the file when it is not there yet). */
  function when(key, start) {
    if (Object.prototype.hasOwnProperty.call(delivered, key)) {
      return Promise.resolve(delivered[key]);
    }
    return new Promise(function (resolve, reject) {
      var first = !waiting[key];
      (waiting[key] = waiting[key] || []).push(resolve);
      if (first) {
        Promise.resolve(start()).then(function () {
          if (!Object.prototype.hasOwnProperty.call(delivered, key)) {
            reject(new Error("the file for " + key + " held no index data"));
          }
        }, reject);
      }
    });
  }

  /** The posting list's entries as [id, character value]. */
  function decode(postings) {
    var entries = [];
    for (var start = 0; start + POSTING <= postings.length; start += POSTING) {
      var id = 0;
      for (var offset = 0; offset < ID_CHARACTERS; offset += 1) {
        id = id * 64 + VALUES[postings.charAt(start + offset)];
      }
      entries.push([id, VALUES[postings.charAt(start + ID_CHARACTERS)]]);
    }
    return entries;
  }

  /** A weight step back to a weight, as search_index.score_step made it. */
  function weightOf(value) {
    return Math.pow(2, (value & STEP) / 3) - 1;
  }

  function compare(a, b) {
    return a < b ? -1 : (a > b ? 1 : 0);
  }

  /** The number of the terms file whose range holds ``term`` (the files' first terms, in order). */
  function fileFor(firsts, term) {
    var low = 0, high = firsts.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (compare(firsts[middle][0], term) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return Math.max(0, low - 1);
  }

  /** A set of matched posts: id -> {score, title}. */
  function union(into, other) {
    other.forEach(function (found, id) {
      var had = into.get(id);
      if (had) {
        had.score += found.score;
        had.title = had.title || found.title;
      } else {
        into.set(id, {score: found.score, title: found.title});
      }
    });
    return into;
  }

  function intersection(sets) {
    if (!sets.length) {
      return new Map();
    }
    var sorted = sets.slice().sort(function (a, b) { return a.size - b.size; });
    var result = new Map();
    sorted[0].forEach(function (found, id) {
      var score = found.score, title = found.title;
      for (var other = 1; other < sorted.length; other += 1) {
        var more = sorted[other].get(id);
        if (!more) {
          return;
        }
        score += more.score;
        title = title && more.title;
      }
      result.set(id, {score: score, title: title});
    });
    return result;
  }

  function without(set, removed) {
    var result = new Map();
    set.forEach(function (found, id) {
      if (!removed.has(id)) {
        result.set(id, found);
      }
    });
    return result;
  }

  /**
   * A search over the index files ``load(language, file)`` brings (a promise that resolves once
   * the file ran), ``languages`` the site's language codes.
   */
  function engine(load, languages, options) {
    options = options || {};
    var analysis = options.analysis || global.BayanAnalysis;

    function root(language) {
      return when("root/" + language, function () { return load(language, "root.js"); });
    }

    function termsFile(language, number, hash) {
      return when("terms/" + language + "/" + number, function () {
        return load(language, "t" + number + ".js", hash);
      });
    }

    function roots() {
      return Promise.all(languages.map(root)).then(function (found) {
        var byLanguage = {};
        languages.forEach(function (language, position) { byLanguage[language] = found[position]; });
        return byLanguage;
      });
    }

    /** searching.equivalents_for: each typed word's stem mapped to the words of its editors' groups. */
    function equivalentsFor(text, groups) {
      var stems = new Set(analysis.words(text).slice(0, analysis.MAX_WORDS * 2).map(function (word) {
        return analysis.analyseWord(word).stem;
      }));
      var mapping = new Map();
      groups.forEach(function (members) {
        var found = [];
        members.forEach(function (member) { found = found.concat(analysis.words(member)); });
        var groupStems = found.map(function (word) { return analysis.analyseWord(word).stem; });
        if (!groupStems.some(function (stem) { return stems.has(stem); })) {
          return;
        }
        groupStems.forEach(function (stem) {
          var words = mapping.get(stem) || new Set();
          found.forEach(function (word) { words.add(word); });
          mapping.set(stem, words);
        });
      });
      return mapping;
    }

    /** Each language's lists of ``keys`` and of the terms starting with ``prefixes``: {language: {term: list}}. */
    function lists(byRoot, keys, prefixes) {
      var wanted = [];
      languages.forEach(function (language) {
        var firsts = byRoot[language].terms;
        if (!firsts.length) {
          return;
        }
        var numbers = new Set();
        keys.forEach(function (key) { numbers.add(fileFor(firsts, key)); });
        prefixes.forEach(function (prefix) {
          for (var number = fileFor(firsts, prefix); number < firsts.length; number += 1) {
            numbers.add(number);
            var next = firsts[number + 1];
            if (!next || !next[0].startsWith(prefix) && compare(next[0], prefix) > 0) {
              break;
            }
          }
        });
        numbers.forEach(function (number) {
          wanted.push(termsFile(language, number, firsts[number][1]).then(function (terms) {
            return [language, terms];
          }));
        });
      });
      return Promise.all(wanted).then(function (files) {
        var found = {};
        languages.forEach(function (language) { found[language] = {}; });
        files.forEach(function (file) {
          var terms = file[1], into = found[file[0]];
          Object.keys(terms).forEach(function (term) { into[term] = terms[term]; });
        });
        return found;
      });
    }

    return {roots: roots, root: root, lists: lists, equivalentsFor: equivalentsFor, analysis: analysis,
            languages: languages, load: load, options: options, search: function (raw, filters, page, perPage) {
              return search(this, raw, filters || {}, page || 1, perPage);
            }};
  }

  /** Adds to ``found`` the posts of one term's list (only those with it in the title or body, if ``textOnly``). */
  function addList(found, postings, count, textOnly, titleCounts) {
    if (!postings) {
      return found;
    }
    var entries = decode(postings);
    var weight = Math.log(1 + (count - entries.length + 0.5) / (entries.length + 0.5));
    entries.forEach(function (entry) {
      var value = entry[1];
      if (textOnly && !(value & IN_TEXT)) {
        return;
      }
      var had = found.get(entry[0]);
      var score = weight * weightOf(value);
      var title = titleCounts && Boolean(value & IN_TITLE);
      if (had) {
        had.score += score;
        had.title = had.title || title;
      } else {
        found.set(entry[0], {score: score, title: title});
      }
    });
    return found;
  }

  /** One part's posts in one language's lists: by its terms (and start), or with ``close`` by its close terms. */
  function partSet(part, terms, count, close) {
    var found = new Map();
    function addPrefix(prefix) {
      Object.keys(terms).forEach(function (key) {
        if (key.startsWith(prefix)) {
          addList(found, terms[key], count, true, true);
        }
      });
    }
    if (part.type === "phrase") {
      // Every word of the phrase in the title or the body (the index keeps no positions to check their order).
      return close ? found : intersection(part.stems.map(function (stem) {
        return addList(new Map(), terms[stem], count, true, true);
      }));
    }
    if (close) {
      part.close.forEach(function (term) { addList(found, terms[CLOSE_MARK + term], count, false, false); });
      if (part.prefix && !part.prefixExact) {
        addPrefix(part.prefix);
      }
      return found;
    }
    // A verb's letters (written after FORM_MARK) are never a title's stem: they do not put a post first.
    part.terms.forEach(function (term) {
      addList(found, terms[term], count, false, !term.startsWith(FORM_MARK));
    });
    if (part.prefix && part.prefixExact) {
      addPrefix(part.prefix);
    }
    return found;
  }

  function keysOf(parts, close) {
    var keys = [], prefixes = [];
    parts.forEach(function (part) {
      if (part.type === "phrase") {
        keys = keys.concat(part.stems);
        return;
      }
      keys = keys.concat(close ? part.close.map(function (term) { return CLOSE_MARK + term; }) : part.terms);
      if (part.prefix) {
        prefixes.push(part.prefix);
      }
    });
    return [keys, prefixes];
  }

  /** Every post's facet values, and labels, of each language: loaded with the first search. */
  function facetsOf(search, byRoot) {
    return Promise.all(search.languages.map(function (language) {
      return when("facets/" + language, function () {
        return search.load(language, "facets.js", byRoot[language].facets);
      });
    })).then(function (found) {
      var posts = new Map(), labels = {};
      found.forEach(function (data, position) {
        var language = search.languages[position];
        labels[language] = data;
        data.posts.forEach(function (entry) {
          posts.set(entry[0], {language: language, year: entry[1], category: entry[2], tag: entry[3],
                               author: entry[4]});
        });
      });
      return {posts: posts, labels: labels};
    });
  }

  function valuesOf(entry, name) {
    var value = entry[name];
    if (value === null || value === undefined) {
      return [];
    }
    return Array.isArray(value) ? value : [value];
  }

  /** searching.clean_filters: known facets, well-formed values. */
  function cleanFilters(filters, languages) {
    var cleaned = {};
    FACETS.forEach(function (name) {
      var values = filters[name] || [];
      values = Array.isArray(values) ? values : [values];
      var kept = [];
      values.forEach(function (value) {
        value = String(value).trim();
        if (name === "language") {
          if (languages.indexOf(value) >= 0) {
            kept.push(value);
          }
        } else if (/^[0-9]{1,9}$/.test(value)) {
          kept.push(parseInt(value, 10));
        }
      });
      kept = Array.from(new Set(kept)).sort(function (a, b) { return a < b ? -1 : (a > b ? 1 : 0); });
      if (kept.length) {
        cleaned[name] = kept;
      }
    });
    return cleaned;
  }

  function allows(entry, filters, leaveOut) {
    return FACETS.every(function (name) {
      if (name === leaveOut || !filters[name]) {
        return true;
      }
      var chosen = filters[name];
      return valuesOf(entry, name).some(function (value) { return chosen.indexOf(value) >= 0; });
    });
  }

  /** Best first: the later post first among equals. */
  function ranked(set, titledFirst) {
    var entries = Array.from(set.entries());
    entries.sort(function (a, b) {
      if (titledFirst && a[1].title !== b[1].title) {
        return a[1].title ? -1 : 1;
      }
      return b[1].score - a[1].score || b[0] - a[0];
    });
    return entries.map(function (entry) { return entry[0]; });
  }

  function search(self, raw, rawFilters, page, perPage) {
    var analysis = self.analysis;
    return self.roots().then(function (byRoot) {
      var first = byRoot[self.languages[0]];
      perPage = perPage || first.perPage;
      var cleaned = analysis.clean(raw);
      var query = analysis.queryTerms(cleaned[0], {
        equivalents: self.equivalentsFor(cleaned[0], first.equivalents || []), wasCut: cleaned[1]
      });
      var filters = cleanFilters(rawFilters, self.languages);
      var results = {query: query, filters: filters, total: 0, hits: [], closeHits: [], facets: {}, mode: "exact",
                     page: page, perPage: perPage};
      if (query.isEmpty) {
        return results;
      }
      var exactKeys = keysOf(query.required.concat(query.excluded), false);
      return Promise.all([self.lists(byRoot, exactKeys[0], exactKeys[1]), facetsOf(self, byRoot)])
        .then(function (loaded) {
          var terms = loaded[0], facets = loaded[1];
          var counts = {};
          self.languages.forEach(function (language) { counts[language] = byRoot[language].count; });

          function everywhere(part, close) {
            var found = new Map();
            self.languages.forEach(function (language) {
              union(found, partSet(part, terms[language], counts[language], close));
            });
            return found;
          }

          // searching.settle_typing: a word in no post as typed is the start of longer words.
          query.required.forEach(function (part) {
            if (part.prefix && !part.prefixExact && everywhere(part, false).size === 0) {
              part.prefixExact = true;
            }
          });
          var excluded = new Set();
          query.excluded.forEach(function (part) {
            everywhere(part, false).forEach(function (_found, id) { excluded.add(id); });
          });
          var wordSets = query.required.map(function (part) { return everywhere(part, false); });
          var exact = without(intersection(wordSets), excluded);
          var allowedExact = without(exact, notAllowed(facets.posts, filters));
          var done = Promise.resolve(null);
          if (allowedExact.size < FEW_RESULTS) {
            var closeKeys = keysOf(query.required, true);
            done = self.lists(byRoot, closeKeys[0], closeKeys[1]).then(function (closeTerms) {
              self.languages.forEach(function (language) {
                Object.keys(closeTerms[language]).forEach(function (key) {
                  terms[language][key] = closeTerms[language][key];
                });
              });
              var closeSets = query.required.map(function (part, position) {
                return union(union(new Map(), wordSets[position]), everywhere(part, true));
              });
              var close = without(without(intersection(closeSets), exact), excluded);
              var anyWord = false;
              if (!allowedExact.size && !without(close, notAllowed(facets.posts, filters)).size &&
                  query.required.length > 1) {
                close = new Map();
                closeSets.forEach(function (set) { union(close, set); });
                close = without(without(close, exact), excluded);
                anyWord = true;
              }
              return {close: close, anyWord: anyWord};
            });
          }
          return done.then(function (closeFound) {
            var close = closeFound ? closeFound.close : new Map();
            var allowedClose = without(close, notAllowed(facets.posts, filters));
            results.mode = allowedExact.size || !allowedClose.size ? "exact" : (closeFound.anyWord ? "any" : "close");
            var listed = results.mode === "exact" ? exact : close;
            var chosen = results.mode === "exact" ? allowedExact : allowedClose;
            results.total = chosen.size;
            if (results.total) {
              results.facets = countFacets(listed, facets, filters, self.languages, self.options);
            }
            var offset = (Math.max(page, 1) - 1) * perPage;
            var ids = ranked(chosen, results.mode === "exact").slice(offset, offset + perPage);
            var closeIds = [];
            if (results.mode === "exact" && allowedClose.size && page <= 1) {
              closeIds = ranked(allowedClose, false).slice(0, FEW_RESULTS);
            }
            return shown(self, byRoot, facets, ids.concat(closeIds)).then(function (posts) {
              var apart = new Set(closeIds);
              ids.concat(closeIds).forEach(function (id) {
                var post = posts.get(id);
                if (!post) {
                  return;
                }
                post.close = apart.has(id) || results.mode !== "exact";
                (apart.has(id) ? results.closeHits : results.hits).push(post);
              });
              return results;
            });
          });
        });
    });
  }

  function notAllowed(posts, filters, leaveOut) {
    var refused = new Set();
    posts.forEach(function (entry, id) {
      if (!allows(entry, filters, leaveOut)) {
        refused.add(id);
      }
    });
    return refused;
  }

  /** searching._facets: each facet's values counted among ``listed`` with the other facets' choices applied. */
  function countFacets(listed, facets, filters, languages, options) {
    var counted = {};
    FACETS.forEach(function (name) {
      var counts = new Map();
      listed.forEach(function (_found, id) {
        var entry = facets.posts.get(id);
        if (!entry || !allows(entry, filters, name)) {
          return;
        }
        valuesOf(entry, name).forEach(function (value) { counts.set(value, (counts.get(value) || 0) + 1); });
      });
      var selected = filters[name] || [];
      selected.forEach(function (value) {
        if (!counts.has(value)) {
          counts.set(value, 0);
        }
      });
      var shownCount = name === "tag" || name === "author" ? FACET_VALUES_SHOWN : FACET_VALUES_SHOWN * 3;
      var rows = Array.from(counts.entries()).filter(function (row) { return row[1]; });
      rows.sort(function (a, b) { return b[1] - a[1]; });
      var kept = rows.slice(0, shownCount).concat(rows.slice(shownCount).filter(function (row) {
        return selected.indexOf(row[0]) >= 0;
      }));
      selected.forEach(function (value) {
        if (!kept.some(function (row) { return row[0] === value; })) {
          kept.push([value, 0]);
        }
      });
      var values = kept.map(function (row) {
        return {value: String(row[0]), label: labelOf(facets.labels, name, row[0], languages, options),
                count: row[1], selected: selected.indexOf(row[0]) >= 0};
      }).filter(function (value) { return value.label !== null; });
      if (name === "year") {
        values.sort(function (a, b) { return compare(b.value, a.value); });
      } else {
        values.sort(function (a, b) { return b.count - a.count || compare(a.label, b.label); });
      }
      counted[name] = values;
    });
    return counted;
  }

  /** A facet value's label: a category's or tag's name, an author's name in the page's language. */
  function labelOf(labels, name, value, languages, options) {
    if (name === "language") {
      return (options.languageNames || {})[value] || String(value);
    }
    if (name === "year") {
      return String(value);
    }
    var key = {category: "categories", tag: "tags", author: "authors"}[name];
    for (var position = 0; position < languages.length; position += 1) {
      var found = labels[languages[position]][key][String(value)];
      if (found !== undefined) {
        if (name === "category") {
          return found[0];
        }
        return name === "author" ? (found[options.language] || found[languages[0]]) : found;
      }
    }
    return null;
  }

  /** What each result shows, from the terms files' first results or the posts files: {id, language, title, ...}. */
  function shown(self, byRoot, facets, ids) {
    var files = {}, known = [];
    ids.forEach(function (id) {
      var entry = facets.posts.get(id);
      if (!entry) {
        return;
      }
      var first = firstResults[entry.language + "/" + id];
      if (first) {
        known.push([entry.language, String(id), first]);
        return;
      }
      var number = Math.floor(id / byRoot[entry.language].postsPerFile);
      files[entry.language + "/" + number] = [entry.language, number];
    });
    return Promise.all(Object.keys(files).map(function (key) {
      var language = files[key][0], number = files[key][1];
      return when("posts/" + language + "/" + number, function () {
        return self.load(language, "d" + number + ".js", byRoot[language].posts[String(number)]);
      }).then(function (posts) { return [language, posts]; });
    })).then(function (loaded) {
      var found = new Map();
      function add(language, id, post) {
        var category = post[4] === null ? null : facets.labels[language].categories[String(post[4])];
        found.set(parseInt(id, 10), {
          id: parseInt(id, 10), language: language, title: post[0], path: post[1], date: post[2],
          dates: post[3], category: category ? {name: category[0], path: category[1]} : null, excerpt: post[5]
        });
      }
      known.forEach(function (item) { add(item[0], item[1], item[2]); });
      loaded.forEach(function (file) {
        var language = file[0], posts = file[1];
        Object.keys(posts).forEach(function (id) { add(language, id, posts[id]); });
      });
      return found;
    });
  }

  var BayanSearch = {
    root: function (language, data) { deliver("root/" + language, data); },
    terms: function (language, number, data, first) {
      Object.keys(first || {}).forEach(function (id) { firstResults[language + "/" + id] = first[id]; });
      deliver("terms/" + language + "/" + number, data);
    },
    facets: function (language, data) { deliver("facets/" + language, data); },
    posts: function (language, number, data) { deliver("posts/" + language + "/" + number, data); },
    engine: engine,
    decode: decode,
    // Forgets every file delivered: the next search loads what it needs as a first one does.
    forget: function () { delivered = {}; firstResults = {}; }
  };
  global.BayanSearch = BayanSearch;
  if (typeof module === "object" && module && module.exports) {
    module.exports = BayanSearch;
  }
}(typeof window !== "undefined" ? window : (typeof self !== "undefined" ? self : globalThis)));
