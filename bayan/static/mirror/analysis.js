/*
 * Bayan's query analysis in the browser: the words of a query become the same terms as on the
 * server (bayan/search/analysis.py and bayan/search/query.py), so that the mirror's offline search
 * finds in its index shards exactly what the site's search would.
 *
 * A classic script, no modules and no requests: it works from file:// as well as over HTTP. It
 * defines window.BayanAnalysis (self.BayanAnalysis in a worker) and, under node, module.exports.
 *
 *   normalise(text)           analysis.normalise: case, Arabic orthography, digits, invisible marks
 *   words(text)               analysis.words: the normalised words, stop words included
 *   analyseWord(word)         analysis.analyse_word of a normalised word: {stem, forms, close}
 *                             (forms and close are arrays, in Python's order, without repeats)
 *   analysedText(text)        analysis.AnalysedText: {stems, forms, close}, space-separated strings
 *   queryTerms(text, options) query.parse: {raw, required, excluded, shortened, isEmpty}; each part
 *                             {type: "word", text, terms, close, prefix, prefixExact} or
 *                             {type: "phrase", text, stems}; terms and close sorted by code point.
 *                             options: equivalents ({stem: [word, ...]} or a Map, as
 *                             thesaurus.mapping gives), maxQuery (BAYAN_SEARCH_MAX_QUERY, 300),
 *                             wasCut.
 *   clean, wordTerms, titleTerms, looksEmpty, isStopWord, isArabic, stripArabicPrefixes,
 *   stemArabic, derivedVerbKey, arabicFamily, arabicFamilies, sound, snowballEnglish (Snowball's
 *   English stemmer, Porter2, as snowballstemmer 3.1.1 has it), casefold (str.casefold).
 *
 * Python counts characters as code points: every length and position here does too, so a word
 * with a character outside the BMP is cut where Python cuts it.
 *
 * Unicode: Python 3.11 knows Unicode 14.0, browsers a later version. Characters unknown to
 * Python's tables (UNASSIGNED below, generated from them) are kept as they are and never part of
 * a word, as in Python, whatever the browser knows of them; for every other character the
 * browser's NFKC and lower case are Python's (the tests compare every code point), str.casefold
 * differs from lower case only for CASEFOLD below and Cherokee, and Python's \w (less _) is
 * exactly \p{L} and \p{N}.
 *
 * Change this file with analysis.py: bayan/mirror/tests/test_query_analysis_in_javascript.py
 * compares the two on the search evaluation's queries, the press-release corpus and generated text.
 */
(function (factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module && module.exports) {
    module.exports = api;
  }
  if (typeof window !== "undefined") {
    window.BayanAnalysis = api;
  } else if (typeof self !== "undefined") {
    self.BayanAnalysis = api;
  }
})(function () {
  "use strict";

  var ANALYSIS_VERSION = 2;

  // ---- Unicode as Python 3.11 has it --------------------------------------------------------

  var UNICODE_VERSION = "14.0.0";
  // Code points of category Cn in Unicode 14.0 (and the surrogates), as ranges: each entry is the
  // distance from the previous range's end to this range's start, then "+" and its length less
  // one, in base 36. `python bayan/mirror/tests/test_query_analysis_in_javascript.py` prints
  // this table, CASEFOLD and UNICODE_VERSION as the Python running it has them.
  var UNASSIGNED = "oo+1,7+3,8,2,l,b2,13+1,1f+1,4,1k+7,s+3,7+a,7j,1p+1,2u+d,1o+1,1e+1,g,t+1,2,c+4,w,3+5,6l,9+1,3+1,n,8,2+2,5+1,a+1,3+1,5+7,2+3,3,6+1,q+1,4,7+3,3+1,n,8,3,3,3+1,2,6+3,3+1,4+2,2+6,5,2+6,i+9,4,a,4,n,8,3,6+1,b,4,4+1,2+e,5+1,d+6,8,4,9+1,3+1,n,8,3,6+1,a+1,3+1,4+6,4+3,3,6+1,j+9,3,7+2,4,5+2,3,2,3+2,3+2,4+2,d+3,6+2,4,5+1,2+5,2+d,m+4,e,4,o,h+1,a,4,5+6,3,4+1,2+1,5+1,b+6,n,4,o,b,6+1,a,4,5+6,3+5,3,5+1,b,3+c,e,4,1g,4,7+3,h+1,r,4,j+2,p,a,2+1,8+2,2+3,7,2,9+5,b+1,4+b,1n+3,u+10,3,2,6,p,2,o+1,6,2,7+1,b+1,5+v,21,11+3,14,11,g,e+10,5j,2+4,2+1,ai,5+1,8,2,5+1,16,5+1,y,5+1,8,2,5+1,g,1m,5+1,1w+1,x+2,r+5,2f+1,7+1,im+2,2i+6,n+8,p+8,l+b,e,4,3+b,2n+1,b+5,b+5,r+5,2i+6,18+4,1z+9,w,d+3,d+3,2+2,17+1,6+a,19+3,r+5,c+2,1r+1,1u,u+1,c+5,b+5,f+1,w+1c,26+2,1c,39+7,1p+2,g+2,1p+6,18+1,c+7,18+4,ev+1,7+1,13+1,7+1,9,2,2,2,w+1,1i,g,f+1,7,k+1,4,a,2u,d+1,s,e+2,y+e,y+e,3x+3,ig+o,c+k,1ed+1,x,9q+4,1a,2+4,2+1,1l+6,3+d,p+8,8,8,8,8,8,8,8,8,3j+x,r,2i+b,5z+p,d+3,1t,2f+1,2w+4,18,2n,2d+b,1c,mlq+2,1k+8,9p+j,55+7,5o+4,3,2,6+n,1o+2,b+5,1l+7,1z+7,d+5,39+a,v+2,27,c+3,y,1k+8,f+1,b+1,2w+n,t+9,7+1,7+1,7+8,8,8,1p+3,3j+1,b+5,8md+b,o+3,1e+1kz,57z+1,2z+11,8+b,6+4,r,6,2,3,3,3i+f,ce+1,1j+6,2+v,17+5,1g,k,5+3,6,3s+1,2,5b+2,7+1,7+1,7+1,4+2,8,8+9,6+1,d,r,k,3,g+1,f+x,3g+4,4+3,1a+2,2h,e+2,2+1a,1b+3l,u+2,1e+e,t+3,11+8,v+4,18+4,v,12+3,f+15,4f+1,b+5,11+3,11+3,15+7,1h+a,d,g,8,3,c,g,8,3+1u,8o+8,n+9,9+n,7,17,a+1w,7+1,2,19,3+2,2+1,o,21+7,a+1b,k,3+4,y+2,s+4,2+1r,1l+3,l+1,1f,3+4,9,4,u+1,4+3,b+6,a+6,1t+v,14+3,d+8,1j+2,u+1,s+4,r+6,5+b,8+27,22+1i,1g+c,1g+6,1b+7,b+85,w,17,4+1,3+25,15+7,17+l,r+11,t+j,o+8,27+3,11+8,1x+9,2+1,q+6,b+5,1i,j+7,14+8,2p,l+a,j,19+1s,8,2,5,g,c+5,1o+4,b+5,5,9+1,3+1,n,8,3,6,b+1,3+1,4+1,2+5,2+4,8+1,8+2,6+3u,2l,6+t,21+7,b+4l,1j+1,13+x,1y+a,b+5,e+i,1n+5,b+1h,s+1,g+3,o+54,1p+2r,2c+b,9+1,2+1,9,3,v,3+1,d+8,b+1x,9+1,1b+1,c+q,21+7,2c+c,22+7a,a,1a,f+9,u+2,x+1,n,f+20,8,3,19+2,2,3,a+7,b+5,7,3,12,3,7+6,b+8l,q+52,2+e,1f+c,po+2t,34,6+a,5h+217,2s+c,ts,a+346,g8+6ns,fu+6,w,b+3,2a,b+5,v+1,7+9,1z+9,b,8,m+4,k+j3,2k+2s,24+3,1m+6,i+1r,6+a,3+d,4qh+7,yf+15,a+6w6,5,8,3,84+18,4+g,5+7,b1+1s3,30+4,e+2,a+6,b+1,9+3mj,1b+1,o+8,39+1n,6v+9,14+1,5f+k,1z+49,l+b,2g+8,q+3q,2e,20,3+1,2+1,3+1,5,d,2,8,1u,5+1,9,8,t,5,6,2+2,8,9h+1,85+1,jj+e,6,g+un,w+68,8,i+1,8,3,6+5w,1a+2,f+1,b+3,3+8v,w+g,1n+4,2+yn,8,5,3,g,5i+1,h+14,25+3,b+3,3+ls,1x+23,1q+5d,5,s,3,2+1,2,b,5,2,2+5,2+3,2,2,2,4,3,2+1,2,2,2,2,2,3,2+1,5,8,5,5,2,b,i+4,4,6,i+1f,3+7h,19+3,2t+b,g+1,g,g,12+9,4v+1j,u+c,19+3,a+6,3+d,7+49,rd+4,h+2,e+2,39+b,2i+6,d+3,2+e,d+3,1l+7,b+5,15+7,v+1,3+25,9h+b,f+1,6+2,6+2,8+8,u+2,c+4,7+9,b+5,9+7,8+8,44,1k+10,b+sl,wyp+v,37e+6,67+1,4g3+d,5rm+2e6,f3+15t,3t8+fcfp,2+t,2p+3j,6p+1e6n,1ekf+1,1ekf+1";
  // Where str.casefold() is not str.lower(), Cherokee aside: each entry is the character, then its
  // folding.
  var CASEFOLD = "\u00b5\u03bc \u00dfss \u0149\u02bcn \u017fs \u01f0j\u030c \u0345\u03b9 \u0390\u03b9\u0308\u0301 \u03b0\u03c5\u0308\u0301 \u03c2\u03c3 \u03d0\u03b2 \u03d1\u03b8 \u03d5\u03c6 \u03d6\u03c0 \u03f0\u03ba \u03f1\u03c1 \u03f5\u03b5 \u0587\u0565\u0582 \u1c80\u0432 \u1c81\u0434 \u1c82\u043e \u1c83\u0441 \u1c84\u0442 \u1c85\u0442 \u1c86\u044a \u1c87\u0463 \u1c88\ua64b \u1e96h\u0331 \u1e97t\u0308 \u1e98w\u030a \u1e99y\u030a \u1e9aa\u02be \u1e9b\u1e61 \u1e9ess \u1f50\u03c5\u0313 \u1f52\u03c5\u0313\u0300 \u1f54\u03c5\u0313\u0301 \u1f56\u03c5\u0313\u0342 \u1f80\u1f00\u03b9 \u1f81\u1f01\u03b9 \u1f82\u1f02\u03b9 \u1f83\u1f03\u03b9 \u1f84\u1f04\u03b9 \u1f85\u1f05\u03b9 \u1f86\u1f06\u03b9 \u1f87\u1f07\u03b9 \u1f88\u1f00\u03b9 \u1f89\u1f01\u03b9 \u1f8a\u1f02\u03b9 \u1f8b\u1f03\u03b9 \u1f8c\u1f04\u03b9 \u1f8d\u1f05\u03b9 \u1f8e\u1f06\u03b9 \u1f8f\u1f07\u03b9 \u1f90\u1f20\u03b9 \u1f91\u1f21\u03b9 \u1f92\u1f22\u03b9 \u1f93\u1f23\u03b9 \u1f94\u1f24\u03b9 \u1f95\u1f25\u03b9 \u1f96\u1f26\u03b9 \u1f97\u1f27\u03b9 \u1f98\u1f20\u03b9 \u1f99\u1f21\u03b9 \u1f9a\u1f22\u03b9 \u1f9b\u1f23\u03b9 \u1f9c\u1f24\u03b9 \u1f9d\u1f25\u03b9 \u1f9e\u1f26\u03b9 \u1f9f\u1f27\u03b9 \u1fa0\u1f60\u03b9 \u1fa1\u1f61\u03b9 \u1fa2\u1f62\u03b9 \u1fa3\u1f63\u03b9 \u1fa4\u1f64\u03b9 \u1fa5\u1f65\u03b9 \u1fa6\u1f66\u03b9 \u1fa7\u1f67\u03b9 \u1fa8\u1f60\u03b9 \u1fa9\u1f61\u03b9 \u1faa\u1f62\u03b9 \u1fab\u1f63\u03b9 \u1fac\u1f64\u03b9 \u1fad\u1f65\u03b9 \u1fae\u1f66\u03b9 \u1faf\u1f67\u03b9 \u1fb2\u1f70\u03b9 \u1fb3\u03b1\u03b9 \u1fb4\u03ac\u03b9 \u1fb6\u03b1\u0342 \u1fb7\u03b1\u0342\u03b9 \u1fbc\u03b1\u03b9 \u1fbe\u03b9 \u1fc2\u1f74\u03b9 \u1fc3\u03b7\u03b9 \u1fc4\u03ae\u03b9 \u1fc6\u03b7\u0342 \u1fc7\u03b7\u0342\u03b9 \u1fcc\u03b7\u03b9 \u1fd2\u03b9\u0308\u0300 \u1fd3\u03b9\u0308\u0301 \u1fd6\u03b9\u0342 \u1fd7\u03b9\u0308\u0342 \u1fe2\u03c5\u0308\u0300 \u1fe3\u03c5\u0308\u0301 \u1fe4\u03c1\u0313 \u1fe6\u03c5\u0342 \u1fe7\u03c5\u0308\u0342 \u1ff2\u1f7c\u03b9 \u1ff3\u03c9\u03b9 \u1ff4\u03ce\u03b9 \u1ff6\u03c9\u0342 \u1ff7\u03c9\u0342\u03b9 \u1ffc\u03c9\u03b9 \ufb00ff \ufb01fi \ufb02fl \ufb03ffi \ufb04ffl \ufb05st \ufb06st \ufb13\u0574\u0576 \ufb14\u0574\u0565 \ufb15\u0574\u056b \ufb16\u057e\u0576 \ufb17\u0574\u056d";

  function decodeRanges(encoded) {
    var ranges = [];
    var end = 0;
    encoded.split(",").forEach(function (entry) {
      var parts = entry.split("+");
      var start = end + parseInt(parts[0], 36);
      end = start + (parts.length > 1 ? parseInt(parts[1], 36) : 0);
      ranges.push([start, end]);
    });
    return ranges;
  }

  function hex(codePoint) {
    return "\\u{" + codePoint.toString(16) + "}";
  }

  var UNASSIGNED_CLASS = "[" + decodeRanges(UNASSIGNED).map(function (range) {
    return range[0] === range[1] ? hex(range[0]) : hex(range[0]) + "-" + hex(range[1]);
  }).join("") + "]";
  var UNKNOWN_RUNS = new RegExp("(" + UNASSIGNED_CLASS + "+)", "u");
  var UNKNOWN_ALL = new RegExp(UNASSIGNED_CLASS, "gu");
  var WORD = /[\p{L}\p{N}]+/gu;
  var DIGITS = /^\p{Nd}+$/u;

  var FOLDS = new Map();
  CASEFOLD.split(" ").forEach(function (entry) {
    var first = String.fromCodePoint(entry.codePointAt(0));
    FOLDS.set(first, entry.slice(first.length));
  });

  function foldCharacter(character) {
    var code = character.codePointAt(0);
    // Cherokee folds to its capitals, where lower case gives the small letters.
    if (code >= 0x13a0 && code <= 0x13f5) {
      return character;
    }
    if (code >= 0x13f8 && code <= 0x13fd) {
      return String.fromCharCode(code - 8);
    }
    if (code >= 0xab70 && code <= 0xabbf) {
      return String.fromCharCode(code - 0xab70 + 0x13a0);
    }
    var folded = FOLDS.get(character);
    return folded === undefined ? character.toLowerCase() : folded;
  }

  function foldKnown(text) {
    if (/^[\x00-\x7f]*$/.test(text)) {
      return text.toLowerCase();
    }
    var folded = "";
    for (var character of text) {
      folded += foldCharacter(character);
    }
    return folded;
  }

  /** Apply change to the stretches of text between characters unknown to Python's Unicode. */
  function eachKnown(text, change) {
    var parts = String(text).split(UNKNOWN_RUNS);
    for (var index = 0; index < parts.length; index += 2) {
      if (parts[index]) {
        parts[index] = change(parts[index]);
      }
    }
    return parts.join("");
  }

  /** Python's str.casefold(): full case folding, one character at a time. */
  function casefold(text) {
    return eachKnown(text, foldKnown);
  }

  /** len() of a Python string: code points, not UTF-16 units. */
  function len(text) {
    return /[\ud800-\udfff]/.test(text) ? Array.from(text).length : text.length;
  }

  /** text[start:end] of a Python string, for 0 <= start <= end. */
  function slice(text, start, end) {
    return /[\ud800-\udfff]/.test(text) ? Array.from(text).slice(start, end).join("") : text.slice(start, end);
  }

  function first(text) {
    return text ? String.fromCodePoint(text.codePointAt(0)) : "";
  }

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function unique(items) {
    var seen = new Set();
    return items.filter(function (item) {
      if (seen.has(item)) {
        return false;
      }
      seen.add(item);
      return true;
    });
  }

  /** Python's order of strings: by code point (JavaScript's sort compares UTF-16 units). */
  function compareCodePoints(a, b) {
    var length = Math.min(a.length, b.length);
    for (var index = 0; index < length; index++) {
      var x = a.charCodeAt(index);
      var y = b.charCodeAt(index);
      if (x !== y) {
        x = x >= 0xe000 ? x - 0x800 : (x >= 0xd800 ? x + 0x2000 : x);
        y = y >= 0xe000 ? y - 0x800 : (y >= 0xd800 ? y + 0x2000 : y);
        return x - y;
      }
    }
    return a.length - b.length;
  }

  function sorted(items) {
    return Array.from(items).sort(compareCodePoints);
  }

  // ---- Normalisation and words (analysis.normalise, analysis.words) ------------------------

  // Harakat, tanwin, shadda, sukun, dagger alef, Quranic annotation marks and tatweel.
  var ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
  // Direction marks and joiners that readers paste in without seeing them.
  var INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
  // أ إ آ ٱ to ا, ى to ي, ة to ه, ؤ to و, ئ to ي, ء dropped, Persian ک ی ڤ گ پ چ to ك ي ف ك ب ج,
  // Eastern Arabic and Persian digits to ASCII.
  var ARABIC_LETTERS = new Map([
    ["\u0623", "\u0627"], ["\u0625", "\u0627"], ["\u0622", "\u0627"], ["\u0671", "\u0627"],
    ["\u0649", "\u064a"], ["\u0629", "\u0647"], ["\u0624", "\u0648"], ["\u0626", "\u064a"], ["\u0621", ""],
    ["\u06a9", "\u0643"], ["\u06cc", "\u064a"], ["\u06a4", "\u0641"], ["\u06af", "\u0643"], ["\u067e", "\u0628"], ["\u0686", "\u062c"]
  ]);
  for (var digit = 0; digit < 10; digit++) {
    ARABIC_LETTERS.set(String.fromCharCode(0x0660 + digit), String(digit));
    ARABIC_LETTERS.set(String.fromCharCode(0x06f0 + digit), String(digit));
  }
  var ARABIC_LETTERS_FOUND = new RegExp("[" + Array.from(ARABIC_LETTERS.keys()).join("") + "]", "g");

  /** str.translate(_ARABIC_LETTERS). */
  function translateArabic(text) {
    return text.replace(ARABIC_LETTERS_FOUND, function (letter) {
      return ARABIC_LETTERS.get(letter);
    });
  }

  function normaliseKnown(text) {
    text = text.normalize("NFKC").replace(INVISIBLE, "").replace(ARABIC_MARKS, "");
    return foldKnown(translateArabic(text));
  }

  /** Unify spellings that readers treat as the same: case, Arabic orthography, digits, invisible marks. */
  function normalise(text) {
    // Characters unknown to Python's Unicode stay as they are: in Python no normalisation or case
    // changes them and nothing composes across them, so each stretch between them is normalised
    // on its own.
    return eachKnown(text, normaliseKnown);
  }

  /** The normalised words of a text, in order (stop words included). */
  function words(text) {
    return normalise(text).replace(UNKNOWN_ALL, " ").match(WORD) || [];
  }

  var ARABIC = /[\u0621-\u064a]/;

  function isArabic(word) {
    return ARABIC.test(word);
  }

  // ---- Tables (analysis.py) ----------------------------------------------------------------

  // Longest first, so that وال is taken before و: وبال وكال وال بال كال فال لل ال
  var ARABIC_ARTICLES = ["\u0648\u0628\u0627\u0644", "\u0648\u0643\u0627\u0644", "\u0648\u0627\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0641\u0627\u0644", "\u0644\u0644", "\u0627\u0644"];
  // Endings the stemmer takes off (one at most, the first that fits), each with the letters it
  // must leave: تها تهم ات (3), ون ين ان (4), وا ها هم هن ه ا (3).
  var ARABIC_SUFFIXES = [["\u062a\u0647\u0627", 3], ["\u062a\u0647\u0645", 3], ["\u0627\u062a", 3], ["\u0648\u0646", 4], ["\u064a\u0646", 4], ["\u0627\u0646", 4], ["\u0648\u0627", 3],
    ["\u0647\u0627", 3], ["\u0647\u0645", 3], ["\u0647\u0646", 3], ["\u0647", 3], ["\u0627", 3]];

  // Forms of a derived verb (VII, VIII and X) and the letters they share; R is a root letter,
  // one of بتثجحخدذرزسشصضطظعغفقكلمنهوي. The first pattern that matches counts:
  //   ا(ستRR)ا(R)  ا(ستRR)ا  [امينت](ستRRR)              X: استخدام, استدعاء, استخدم, مستخدم
  //   ا(R[تطد]R)ا(R)  ا(R[تطد]R)ا  [امينت](R[تطد]RR)     VIII: اعتقال, اختفاء, اعتقل, معتقل
  //   ا(نRR)ا(R)  ا(نRR)ا  [امينت](نRRR)                 VII: انسحاب, انقضاء, انسحب, منسحب
  var RADICAL = "[\u0628\u062a\u062b\u062c\u062d\u062e\u062f\u0630\u0631\u0632\u0633\u0634\u0635\u0636\u0637\u0638\u0639\u063a\u0641\u0642\u0643\u0644\u0645\u0646\u0647\u0648\u064a]";
  var DERIVED = [
    "\u0627(\u0633\u062aRR)\u0627(R)",
    "\u0627(\u0633\u062aRR)\u0627",
    "[\u0627\u0645\u064a\u0646\u062a](\u0633\u062aRRR)",
    "\u0627(R[\u062a\u0637\u062f]R)\u0627(R)",
    "\u0627(R[\u062a\u0637\u062f]R)\u0627",
    "[\u0627\u0645\u064a\u0646\u062a](R[\u062a\u0637\u062f]RR)",
    "\u0627(\u0646RR)\u0627(R)",
    "\u0627(\u0646RR)\u0627",
    "[\u0627\u0645\u064a\u0646\u062a](\u0646RRR)"
  ].map(function (pattern) {
    return new RegExp("^(?:" + pattern.replace(/R/g, RADICAL) + ")$", "u");
  });
  // Marks a derived verb's letters as such (ى): no normalised word contains it.
  var FORM_MARK = "\u0649";

  // في من الى إلى عن ان أن إن مع هذا هذه ذلك تلك التي الذي الذين و او أو ثم قد لقد كان كانت
  // بين بعد قبل حتى عند كل ما لا لم لن هو هي هم نحن انه أنه انها أنها منذ حول خلال ضد لدى اي أي
  var ARABIC_STOP_WORDS = translateArabic(
    "\u0641\u064a \u0645\u0646 \u0627\u0644\u0649 \u0625\u0644\u0649 \u0639\u0646 \u0627\u0646 \u0623\u0646 \u0625\u0646 \u0645\u0639 \u0647\u0630\u0627 \u0647\u0630\u0647 \u0630\u0644\u0643 \u062a\u0644\u0643 \u0627\u0644\u062a\u064a \u0627\u0644\u0630\u064a \u0627\u0644\u0630\u064a\u0646 \u0648 \u0627\u0648 \u0623\u0648 \u062b\u0645 \u0642\u062f \u0644\u0642\u062f \u0643\u0627\u0646 \u0643\u0627\u0646\u062a" +
    " \u0628\u064a\u0646 \u0628\u0639\u062f \u0642\u0628\u0644 \u062d\u062a\u0649 \u0639\u0646\u062f \u0643\u0644 \u0645\u0627 \u0644\u0627 \u0644\u0645 \u0644\u0646 \u0647\u0648 \u0647\u064a \u0647\u0645 \u0646\u062d\u0646 \u0627\u0646\u0647 \u0623\u0646\u0647 \u0627\u0646\u0647\u0627 \u0623\u0646\u0647\u0627 \u0645\u0646\u0630 \u062d\u0648\u0644 \u062e\u0644\u0627\u0644 \u0636\u062f \u0644\u062f\u0649 \u0627\u064a \u0623\u064a"
  ).split(" ");
  var ENGLISH_STOP_WORDS = (
    "a an and are as at be by for from has have in is it its of on or that the their this to was were" +
    " which with will not no but into also than al el"
  ).split(" ");
  var STOP_WORDS = new Set(ARABIC_STOP_WORDS.concat(ENGLISH_STOP_WORDS));

  function isStopWord(word) {
    return STOP_WORDS.has(word);
  }

  // Words Snowball cuts to another word's stem: [how the word begins, the stem it keeps instead].
  var ENGLISH_APART = [["executiv", "executiv"]];

  // Consonant skeletons: Arabic letters and Latin digraphs to one Latin letter each.
  // ب b, ت t, ث t, ج j, ح h, خ k, د d, ذ d, ر r, ز z, س s, ش x, ص s, ض d, ط t, ظ z, ع -, غ j,
  // ف f, ق k, ك k, ل l, م m, ن n, ه h, و w, ي y, ا a
  var ARABIC_SOUNDS = new Map([
    ["\u0628", "b"], ["\u062a", "t"], ["\u062b", "t"], ["\u062c", "j"], ["\u062d", "h"], ["\u062e", "k"], ["\u062f", "d"], ["\u0630", "d"],
    ["\u0631", "r"], ["\u0632", "z"], ["\u0633", "s"], ["\u0634", "x"], ["\u0635", "s"], ["\u0636", "d"], ["\u0637", "t"], ["\u0638", "z"],
    ["\u0639", ""], ["\u063a", "j"], ["\u0641", "f"], ["\u0642", "k"], ["\u0643", "k"], ["\u0644", "l"], ["\u0645", "m"], ["\u0646", "n"],
    ["\u0647", "h"], ["\u0648", "w"], ["\u064a", "y"], ["\u0627", "a"]
  ]);
  var LATIN_DIGRAPHS = [["sch", "x"], ["sh", "x"], ["ch", "x"], ["kh", "k"], ["gh", "j"], ["th", "t"], ["dh", "d"],
    ["ph", "f"], ["ou", "u"], ["ck", "k"]];
  var LATIN_SOUNDS = {c: "k", q: "k", g: "j", v: "f", p: "b", e: "a", i: "a", o: "a", u: "a"};

  // ---- Arabic (analysis.py) ----------------------------------------------------------------

  /** Take off a leading conjunction و and an article or attached preposition (ال, بال, لل...). */
  function stripArabicPrefixes(word) {
    if (word.startsWith("\u0648") && len(word) > 3) {
      word = word.slice(1);
    }
    for (var index = 0; index < ARABIC_ARTICLES.length; index++) {
      var article = ARABIC_ARTICLES[index];
      if (word.startsWith(article) && len(word) - article.length >= 2) {
        return word.slice(article.length);
      }
    }
    return word;
  }

  /** [stem, ending taken off] of a normalised Arabic word whose prefixes are already off. */
  function cutEnding(word) {
    for (var index = 0; index < ARABIC_SUFFIXES.length; index++) {
      var suffix = ARABIC_SUFFIXES[index][0];
      if (word.endsWith(suffix) && len(word) - suffix.length >= ARABIC_SUFFIXES[index][1]) {
        return [word.slice(0, word.length - suffix.length), suffix];
      }
    }
    return [word, ""];
  }

  /** Light stemming of one normalised Arabic word: prefixes, then one ending. */
  function stemArabic(word) {
    return cutEnding(stripArabicPrefixes(word))[0];
  }

  function derivedShape(letters) {
    for (var index = 0; index < DERIVED.length; index++) {
      var match = DERIVED[index].exec(letters);
      if (match) {
        var key = match.slice(1).join("");
        // A weak last letter ي is left out.
        return FORM_MARK + (key.endsWith("\u064a") ? key.slice(0, -1) : key);
      }
    }
    return "";
  }

  /** The letters a derived verb shares with its verbal noun and participles, marked; "" if none. */
  function derivedVerbKey(letters) {
    var key = derivedShape(letters);
    // A past tense's ending: اعتقلت
    if (!key && letters.startsWith("\u0627") && letters.endsWith("\u062a")) {
      key = derivedShape(letters.slice(0, -1));
    }
    // A construct plural or an adjective: معتقلي, اجتماعي
    if (!key && letters.endsWith("\u064a")) {
      key = derivedShape(letters.slice(0, -1));
    }
    return key;
  }

  /** The word without an attached ل or ب when it may carry one (لحرية, باعتقال), else "". */
  function withoutPreposition(word) {
    var rest = word.startsWith("\u0648") && len(word) > 3 ? word.slice(1) : word;
    if (stripArabicPrefixes(word) !== rest) {
      return "";
    }
    // ل
    if (rest.startsWith("\u0644") && len(rest) >= 5) {
      return rest.slice(1);
    }
    // ب before ا or م
    if (rest.startsWith("\u0628") && len(rest) >= 6 && (rest.charAt(1) === "\u0627" || rest.charAt(1) === "\u0645")) {
      return rest.slice(1);
    }
    return "";
  }

  /** The other exact terms of a word whose prefixes are off (bare) and whose stem is stem. */
  function arabicForms(bare, stem, ending) {
    var forms = [];
    // A weak word loses its ي before a plural ending ين or ون, after ا: المحامين is المحامي's plural.
    var weak = ending === "\u064a\u0646" || ending === "\u0648\u0646" ? stem + "\u064a" : "";
    var stemLength = len(stem);
    if (weak && stemLength >= 2 && slice(stem, stemLength - 2, stemLength - 1) === "\u0627") {
      forms.push(weak);
    }
    var candidates = [stem, bare, weak].filter(Boolean);
    for (var index = 0; index < candidates.length; index++) {
      var key = derivedVerbKey(candidates[index]);
      if (key) {
        forms.push(key);
        break;
      }
    }
    return forms;
  }

  /** A root family: the stem with derivational prefixes, inner long vowels and a verb's ت removed. */
  function arabicFamily(stem) {
    var key = stem;
    // است, then م ا ت
    if (key.startsWith("\u0627\u0633\u062a") && len(key) >= 6) {
      key = key.slice(3);
    } else if ((key.startsWith("\u0645") || key.startsWith("\u0627") || key.startsWith("\u062a")) && len(key) >= 4) {
      key = key.slice(1);
    }
    var letters = Array.from(key);
    // ا و ي
    key = letters[0] + letters.slice(1).filter(function (letter) {
      return letter !== "\u0627" && letter !== "\u0648" && letter !== "\u064a";
    }).join("");
    // ت
    if (key.endsWith("\u062a") && len(key) >= 4) {
      key = key.slice(0, -1);
    }
    return len(key) >= 2 ? key : stem;
  }

  /** The root family of a word, and of the word without an attached preposition (ل ب ك) if it may have one. */
  function arabicFamilies(word, stem) {
    var families = [arabicFamily(stem)];
    // و
    var bare = word.startsWith("\u0648") && len(word) > 4 ? word.slice(1) : word;
    var letter = first(bare);
    // ل ب ك, not before ال
    if ((letter === "\u0644" || letter === "\u0628" || letter === "\u0643") && len(bare) >= 5 && slice(bare, 1, 3) !== "\u0627\u0644") {
      families.push(arabicFamily(stemArabic(bare.slice(1))));
    }
    return unique(families);
  }

  /** A Latin consonant skeleton of a normalised word in either script. */
  function sound(word) {
    var latin;
    if (isArabic(word)) {
      word = stripArabicPrefixes(word);
      // ه
      if (len(word) > 2 && word.endsWith("\u0647")) {
        word = word.slice(0, -1);
      }
      latin = Array.from(word).map(function (letter) {
        var sounded = ARABIC_SOUNDS.get(letter);
        return sounded === undefined ? "" : sounded;
      }).join("");
    } else {
      if ((word.startsWith("al") || word.startsWith("el")) && len(word) > 5 &&
          "aeiouy".indexOf(slice(word, 2, 3)) < 0) {
        word = word.slice(2);
      }
      latin = word;
      LATIN_DIGRAPHS.forEach(function (pair) {
        latin = latin.split(pair[0]).join(pair[1]);
      });
      latin = latin.replace(/[cqgvpeiou]/g, function (letter) {
        return LATIN_SOUNDS[letter];
      }).replace(/[^A-Za-z]/gu, "");
      if (latin.length > 2 && latin.endsWith("ah")) {
        latin = latin.slice(0, -1);
      }
    }
    if (!latin) {
      return "";
    }
    // w and y are vowels inside a word; h after a vowel at the end is not heard.
    var skeleton = latin[0] + latin.slice(1).replace(/[awy]/g, "");
    var beforeLast = latin.slice(-2, -1);
    if (skeleton.length > 2 && skeleton.endsWith("h") && (beforeLast === "a" || beforeLast === "w" || beforeLast === "y")) {
      skeleton = skeleton.slice(0, -1);
    }
    if ("awy".indexOf(latin[0]) >= 0 && skeleton.length > 2) {
      skeleton = skeleton.slice(1);
    }
    var squeezed = "";
    for (var index = 0; index < skeleton.length; index++) {
      if (index === 0 || skeleton[index] !== skeleton[index - 1]) {
        squeezed += skeleton[index];
      }
    }
    return squeezed.length >= 2 ? squeezed : "";
  }

  // ---- English: Snowball's English stemmer (Porter2), as snowballstemmer 3.1.1 ------------
  //
  // Written from the algorithm's description at snowballstem.org (algorithms/english), with the
  // changes of Snowball 3.0 and 3.1. A word is an array of code points; positions count them.

  var SNOWBALL_EXCEPTIONS = new Map([
    ["skis", "ski"], ["skies", "sky"], ["idly", "idl"], ["gently", "gentl"], ["ugly", "ugli"],
    ["early", "earli"], ["only", "onli"], ["singly", "singl"],
    ["sky", "sky"], ["news", "news"], ["howe", "howe"], ["atlas", "atlas"], ["cosmos", "cosmos"],
    ["bias", "bias"], ["andes", "andes"]
  ]);
  // Words beginning so have R1 after these letters.
  var R1_PREFIXES = ["gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter"];
  var STEP_1B_ING_KEPT = ["inn", "out", "cann", "herr", "earr", "even"];
  var STEP_2 = [
    ["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"],
    ["entli", "ent"], ["izer", "ize"], ["ization", "ize"], ["ation", "ate"], ["ator", "ate"],
    ["alism", "al"], ["aliti", "al"], ["alli", "al"], ["fulness", "ful"], ["ousli", "ous"],
    ["ousness", "ous"], ["iveness", "ive"], ["iviti", "ive"], ["biliti", "ble"], ["bli", "ble"],
    ["ogist", "og"], ["ogi", "og"], ["fulli", "ful"], ["lessli", "less"], ["li", ""]
  ];
  var STEP_3 = [
    ["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", ""]
  ];
  var STEP_4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion"];

  function byLength(list, key) {
    return list.slice().sort(function (a, b) {
      return key(b).length - key(a).length;
    });
  }
  STEP_2 = byLength(STEP_2, function (rule) { return rule[0]; });
  STEP_3 = byLength(STEP_3, function (rule) { return rule[0]; });
  STEP_4 = byLength(STEP_4, function (suffix) { return suffix; });

  function isVowel(letter) {
    return letter === "a" || letter === "e" || letter === "i" || letter === "o" || letter === "u" || letter === "y";
  }

  function endsWith(letters, suffix) {
    var start = letters.length - suffix.length;
    if (start < 0) {
      return false;
    }
    for (var index = 0; index < suffix.length; index++) {
      if (letters[start + index] !== suffix[index]) {
        return false;
      }
    }
    return true;
  }

  /** The longest of suffixes (sorted longest first) that letters end with, or null. */
  function longestEnding(letters, suffixes, key) {
    for (var index = 0; index < suffixes.length; index++) {
      if (endsWith(letters, key ? key(suffixes[index]) : suffixes[index])) {
        return suffixes[index];
      }
    }
    return null;
  }

  function replaceEnd(letters, length, replacement) {
    return letters.slice(0, letters.length - length).concat(replacement.split(""));
  }

  function hasVowel(letters, end) {
    for (var index = 0; index < end; index++) {
      if (isVowel(letters[index])) {
        return true;
      }
    }
    return false;
  }

  /** Where a region begins: after the first non-vowel that follows a vowel, from start on. */
  function regionAfter(letters, start) {
    var index = start;
    while (index < letters.length && !isVowel(letters[index])) {
      index++;
    }
    index++;
    while (index < letters.length && isVowel(letters[index])) {
      index++;
    }
    return index < letters.length ? index + 1 : letters.length;
  }

  /** Whether the letters before end finish in a short syllable. */
  function endsShortSyllable(letters, end) {
    var last = letters[end - 1];
    if (end >= 3 && "aeiouywxY".indexOf(last) < 0 && isVowel(letters[end - 2]) && !isVowel(letters[end - 3])) {
      return true;
    }
    if (end === 2 && !isVowel(last) && isVowel(letters[0])) {
      return true;
    }
    return end >= 4 && letters.slice(end - 4, end).join("") === "past";
  }

  function step1a(letters) {
    // Step 0: an apostrophe ending.
    if (endsWith(letters, "'s'")) {
      letters = letters.slice(0, -3);
    } else if (endsWith(letters, "'s")) {
      letters = letters.slice(0, -2);
    } else if (endsWith(letters, "'")) {
      letters = letters.slice(0, -1);
    }
    if (endsWith(letters, "sses")) {
      return replaceEnd(letters, 4, "ss");
    }
    if (endsWith(letters, "ied") || endsWith(letters, "ies")) {
      return replaceEnd(letters, 3, letters.length - 3 > 1 ? "i" : "ie");
    }
    if (endsWith(letters, "ss") || endsWith(letters, "us")) {
      return letters;
    }
    if (endsWith(letters, "s") && letters.length >= 2 && hasVowel(letters, letters.length - 2)) {
      return letters.slice(0, -1);
    }
    return letters;
  }

  function step1b(letters, p1) {
    var suffix = longestEnding(letters, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
    if (suffix === null) {
      return letters;
    }
    var start = letters.length - suffix.length;
    var before = letters.slice(0, start);
    if (suffix === "eed" || suffix === "eedly") {
      var stemmed = before.join("");
      if (start >= p1 && stemmed !== "succ" && stemmed !== "proc" && stemmed !== "exc") {
        return before.concat(["e", "e"]);
      }
      return letters;
    }
    if (suffix === "ing") {
      var kept = longestEnding(before, ["cann", "herr", "earr", "even", "inn", "out", "y"]);
      if (kept === "y") {
        // dying, lying, tying, vying: a non-vowel and y, then ing
        if (before.length === 2 && !isVowel(before[0])) {
          return [before[0], "i", "e"];
        }
      } else if (kept !== null && before.length === kept.length) {
        return letters;
      }
    }
    if (!hasVowel(before, before.length)) {
      return letters;
    }
    letters = before;
    if (endsWith(letters, "at") || endsWith(letters, "bl") || endsWith(letters, "iz")) {
      return letters.concat(["e"]);
    }
    var last = letters[letters.length - 1];
    if (letters.length >= 2 && "bdfgmnprt".indexOf(last) >= 0 && letters[letters.length - 2] === last) {
      // Not after exactly a, e or o: add, egg, off.
      if (letters.length === 3 && "aeo".indexOf(letters[0]) >= 0) {
        return letters;
      }
      return letters.slice(0, -1);
    }
    if (p1 === letters.length && endsShortSyllable(letters, letters.length)) {
      return letters.concat(["e"]);
    }
    return letters;
  }

  function step1c(letters) {
    var end = letters.length;
    if (end >= 3 && (letters[end - 1] === "y" || letters[end - 1] === "Y") && !isVowel(letters[end - 2])) {
      return letters.slice(0, -1).concat(["i"]);
    }
    return letters;
  }

  function step2(letters, p1) {
    var rule = longestEnding(letters, STEP_2, function (entry) { return entry[0]; });
    if (rule === null) {
      return letters;
    }
    var start = letters.length - rule[0].length;
    if (start < p1) {
      return letters;
    }
    if (rule[0] === "ogi" && letters[start - 1] !== "l") {
      return letters;
    }
    if (rule[0] === "li" && "cdeghkmnrt".indexOf(letters[start - 1]) < 0) {
      return letters;
    }
    return replaceEnd(letters, rule[0].length, rule[1]);
  }

  function step3(letters, p1, p2) {
    var rule = longestEnding(letters, STEP_3, function (entry) { return entry[0]; });
    if (rule === null) {
      return letters;
    }
    var start = letters.length - rule[0].length;
    if (start < p1 || (rule[0] === "ative" && start < p2)) {
      return letters;
    }
    return replaceEnd(letters, rule[0].length, rule[1]);
  }

  function step4(letters, p2) {
    var suffix = longestEnding(letters, STEP_4);
    if (suffix === null) {
      return letters;
    }
    var start = letters.length - suffix.length;
    if (start < p2) {
      return letters;
    }
    if (suffix === "ion" && letters[start - 1] !== "s" && letters[start - 1] !== "t") {
      return letters;
    }
    return letters.slice(0, start);
  }

  function step5(letters, p1, p2) {
    var start = letters.length - 1;
    var last = letters[start];
    if (last === "e" && (start >= p2 || (start >= p1 && !endsShortSyllable(letters, start)))) {
      return letters.slice(0, start);
    }
    if (last === "l" && start >= p2 && letters[start - 1] === "l") {
      return letters.slice(0, start);
    }
    return letters;
  }

  /** Snowball's English stemmer (Porter2) of one word, as snowballstemmer 3.1.1 stems it. */
  function snowballEnglish(word) {
    if (SNOWBALL_EXCEPTIONS.has(word)) {
      return SNOWBALL_EXCEPTIONS.get(word);
    }
    var letters = Array.from(word);
    if (letters.length < 3) {
      return word;
    }
    if (letters[0] === "'") {
      letters.shift();
    }
    // A y at the start or after a vowel is a consonant, Y.
    var foundY = false;
    for (var index = 0; index < letters.length; index++) {
      if (letters[index] === "y" && (index === 0 || isVowel(letters[index - 1]))) {
        letters[index] = "Y";
        foundY = true;
      }
    }
    var joined = letters.join("");
    var p1 = -1;
    for (index = 0; index < R1_PREFIXES.length; index++) {
      if (joined.startsWith(R1_PREFIXES[index])) {
        p1 = R1_PREFIXES[index].length;
      }
    }
    if (p1 < 0) {
      p1 = regionAfter(letters, 0);
    }
    var p2 = p1 < letters.length ? regionAfter(letters, p1) : letters.length;

    letters = step1a(letters);
    letters = step1b(letters, p1);
    letters = step1c(letters);
    letters = step2(letters, p1);
    letters = step3(letters, p1, p2);
    letters = step4(letters, p2);
    letters = step5(letters, p1, p2);
    var stem = letters.join("");
    return foundY ? stem.replace(/Y/g, "y") : stem;
  }

  // ---- Words and texts (analysis.analyse_word, analysis.AnalysedText) ----------------------

  function terms(candidates, leaveOut) {
    return unique(candidates).filter(function (term) {
      return term && term !== leaveOut;
    });
  }

  /** analyse_word: {stem, forms, close} of one normalised word. */
  function analyseWord(word) {
    var stem, forms, close;
    if (isArabic(word)) {
      var bare = stripArabicPrefixes(word);
      var cut = cutEnding(bare);
      stem = cut[0];
      forms = arabicForms(bare, stem, cut[1]);
      var attached = withoutPreposition(word);
      if (attached) {
        var attachedCut = cutEnding(attached);
        forms = forms.concat([attachedCut[0]], arabicForms(attached, attachedCut[0], attachedCut[1]));
      }
      close = arabicFamilies(word, stem).concat([sound(word)]);
      return {stem: stem, forms: terms(forms, stem), close: terms(close, "")};
    }
    // str.isdigit() also holds for digits of category No (superscripts, Ethiopic digits...):
    // those words have no ASCII letter, so the stemmer and sound() leave them as this does.
    if (DIGITS.test(word)) {
      return {stem: word, forms: [], close: []};
    }
    stem = snowballEnglish(word);
    if (stem.endsWith("e") && len(stem) > 4) {
      // Snowball leaves "detaine" for detainee(s) but "detain" for detained.
      stem = stem.slice(0, -1);
    }
    ENGLISH_APART.forEach(function (pair) {
      if (word.startsWith(pair[0])) {
        stem = pair[1];
      }
    });
    return {stem: stem, forms: [], close: terms([sound(word)], "")};
  }

  /** AnalysedText: the three term streams of a text, space-separated, stop words left out. */
  function analysedText(text) {
    var stems = [], forms = [], close = [];
    words(text).forEach(function (word) {
      if (STOP_WORDS.has(word)) {
        return;
      }
      var analysed = analyseWord(word);
      stems.push(analysed.stem);
      forms = forms.concat(analysed.forms);
      close = close.concat(analysed.close);
    });
    return {stems: stems.join(" "), forms: forms.join(" "), close: close.join(" ")};
  }

  // ---- Queries (query.py) ------------------------------------------------------------------

  var MAX_WORDS = 12;
  var MIN_PREFIX = 3;
  var MAX_QUERY = 300;
  // " “ ” « »
  var QUOTES = "\"\u201c\u201d\u00ab\u00bb";
  var QUOTED = new RegExp("(-?)[" + QUOTES + "]([^" + QUOTES + "]*)[" + QUOTES + "]?", "gu");
  // Control characters (C0, DEL, C1) and lone surrogates.
  var CONTROL = /[\x00-\x1f\x7f-\x9f]|[\ud800-\udfff]/gu;
  var EMBEDDINGS = /[\u202a-\u202e\u2066-\u2069]/g;
  // Python's whitespace (str.isspace, and \s): not JavaScript's, which has \ufeff and lacks \x1c-\x1f, \x85.
  var SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var SPACES = new RegExp("[" + SPACE + "]+", "g");
  var LEADING_SPACES = new RegExp("^[" + SPACE + "]+");
  var TRAILING_SPACES = new RegExp("[" + SPACE + "]+$");
  var ONE_SPACE = new RegExp("^[" + SPACE + "]$");

  function isSpace(character) {
    return ONE_SPACE.test(character);
  }

  function lstrip(text) {
    return text.replace(LEADING_SPACES, "");
  }

  function rstrip(text) {
    return text.replace(TRAILING_SPACES, "");
  }

  function split(text) {
    return text.split(SPACES).filter(Boolean);
  }

  /** query.clean: [text, whether it was cut], the query as searched and shown again. */
  function clean(raw, limit) {
    limit = limit === undefined || limit === null ? MAX_QUERY : limit;
    var text = lstrip(String(raw || "").replace(EMBEDDINGS, "").replace(CONTROL, " ").replace(SPACES, " "));
    if (text.length <= limit) {
      return [text, false];
    }
    var characters = Array.from(text);
    if (characters.length <= limit) {
      return [text, false];
    }
    var cut = characters.slice(0, limit).join("");
    if (!isSpace(characters[limit])) {
      var space = cut.lastIndexOf(" ");
      var wholeWords = space >= 0 ? cut.slice(0, space) : "";
      if (lstrip(wholeWords)) {
        cut = wholeWords;
      }
    }
    return [rstrip(cut), true];
  }

  function equivalentsOf(equivalents, stem) {
    if (!equivalents) {
      return [];
    }
    if (typeof equivalents.get === "function") {
      return Array.from(equivalents.get(stem) || []);
    }
    return has(equivalents, stem) ? Array.from(equivalents[stem]) : [];
  }

  /** query.word_terms: the Word for one normalised query word, widened by the editors' equivalents. */
  function wordTerms(word, equivalents, prefix) {
    var analysed = analyseWord(word);
    var exact = new Set([analysed.stem].concat(analysed.forms));
    var close = new Set(analysed.close);
    equivalentsOf(equivalents, analysed.stem).forEach(function (other) {
      var otherAnalysed = analyseWord(other);
      exact.add(otherAnalysed.stem);
      otherAnalysed.forms.forEach(function (term) { exact.add(term); });
      otherAnalysed.close.forEach(function (term) { close.add(term); });
    });
    var typed = "";
    if (prefix) {
      typed = isArabic(word) ? stripArabicPrefixes(word) : word;
      if (len(typed) < MIN_PREFIX) {
        typed = "";
      }
    }
    return {type: "word", text: word, terms: sorted(exact), close: sorted(close), prefix: typed, prefixExact: false};
  }

  /** query.title_terms: the terms of a word that a title's stems may hold. */
  function titleTerms(part) {
    return sorted(part.terms.filter(function (term) { return !term.startsWith(FORM_MARK); }));
  }

  function notStopWord(word) {
    return !STOP_WORDS.has(word);
  }

  function uniqueParts(parts) {
    var seen = new Set();
    return parts.filter(function (part) {
      var key = JSON.stringify(part);
      if (seen.has(key)) {
        return false;
      }
      seen.add(key);
      return true;
    });
  }

  /**
   * query.parse: words, "exact phrases", -exclusions and the word still being typed.
   * options: {equivalents, maxQuery, wasCut}.
   */
  function queryTerms(text, options) {
    options = options || {};
    var equivalents = options.equivalents;
    var cleaned = clean(text, options.maxQuery);
    var raw = cleaned[0];
    var shortened = cleaned[1] || Boolean(options.wasCut);
    var required = [], excluded = [];
    var phrases = [];
    var rest = raw.replace(QUOTED, function (match, negative, phrase) {
      phrases.push([negative === "-", phrase]);
      return " ";
    });
    phrases.forEach(function (phrase) {
      var found = words(phrase[1]).filter(notStopWord);
      var part;
      if (found.length === 1) {
        part = wordTerms(found[0], equivalents, false);
      } else if (found.length) {
        part = {type: "phrase", text: rstrip(lstrip(phrase[1])), stems: found.map(function (word) {
          return analyseWord(word).stem;
        })};
      } else {
        return;
      }
      (phrase[0] ? excluded : required).push(part);
    });
    var tokens = split(rest);
    var trimmed = rstrip(raw);
    var stillTyping = tokens.length > 0 && !shortened && !isSpace(raw.slice(-1)) &&
      !(trimmed.endsWith("\"") || trimmed.endsWith("\u201d") || trimmed.endsWith("\u00bb"));
    tokens.forEach(function (token, position) {
      var negative = token.startsWith("-") && len(token) > 1;
      var found = words(token).filter(notStopWord);
      var last = position === tokens.length - 1;
      found.forEach(function (word, index) {
        var typing = stillTyping && last && index === found.length - 1 && !negative;
        (negative ? excluded : required).push(wordTerms(word, equivalents, typing));
      });
    });
    required = uniqueParts(required);
    excluded = uniqueParts(excluded);
    shortened = shortened || required.length > MAX_WORDS || excluded.length > MAX_WORDS;
    required = required.slice(0, MAX_WORDS);
    return {
      raw: raw,
      required: required,
      excluded: excluded.slice(0, MAX_WORDS),
      shortened: shortened,
      isEmpty: required.length === 0
    };
  }

  /** query.looks_empty: nothing to search for (empty, punctuation, only stop words). */
  function looksEmpty(raw) {
    return words(raw || "").every(function (word) { return STOP_WORDS.has(word); });
  }

  return {
    ANALYSIS_VERSION: ANALYSIS_VERSION,
    FORM_MARK: FORM_MARK,
    MAX_WORDS: MAX_WORDS,
    MIN_PREFIX: MIN_PREFIX,
    MAX_QUERY: MAX_QUERY,
    STOP_WORDS: STOP_WORDS,
    UNICODE_VERSION: UNICODE_VERSION,
    UNASSIGNED: UNASSIGNED,
    CASEFOLD: CASEFOLD,
    normalise: normalise,
    words: words,
    casefold: casefold,
    isArabic: isArabic,
    isStopWord: isStopWord,
    stripArabicPrefixes: stripArabicPrefixes,
    stemArabic: stemArabic,
    derivedVerbKey: derivedVerbKey,
    arabicFamily: arabicFamily,
    arabicFamilies: arabicFamilies,
    sound: sound,
    snowballEnglish: snowballEnglish,
    analyseWord: analyseWord,
    analysedText: analysedText,
    clean: clean,
    wordTerms: wordTerms,
    titleTerms: titleTerms,
    queryTerms: queryTerms,
    looksEmpty: looksEmpty
  };
});
