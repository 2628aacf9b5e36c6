"""What the soak benchmark asks: addresses found in the demo itself, queries never asked before, and the mix.

Used by bench/soak.py; nothing here starts a process or measures anything.
"""

import http.client
import math
import random
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter, defaultdict
from html import unescape
from urllib.parse import quote, quote_plus, urlsplit

HOST = "127.0.0.1"

# Share of requests per page kind (out of 100), in the order the tables list them.
KIND_WEIGHTS = {
    "home": 8,
    "tag": 10,
    "category": 6,
    "author": 6,
    "year": 4,
    "month": 4,
    "tag index": 3,
    "rss": 6,
    "atom": 4,
    "sitemap": 4,
    "post en": 12,
    "post ar": 12,
    "search en": 10,
    "search ar": 11,
}


class Failure(Exception):
    """Something the run needs did not work; the message says what."""


# --- finding the addresses ------------------------------------------------------------------

LOC = re.compile(r"<loc>([^<]+)</loc>")
TAG = re.compile(r"<(a|link)\s([^>]*)>")
ATTRIBUTE = re.compile(r'([a-z][a-z-]*)="([^"]*)"')
DATE = re.compile(r'datetime="(\d{4})-(\d{2})-')
PAGE = re.compile(r"^(.*/)page/(\d+)/$")
WORD = re.compile(r"[^\W\d_]{4,}")
ARABIC = re.compile(r"[\u0600-\u06ff]")


def path_of(address):
    """The path (and query) of an address as a request line carries it: percent-encoded ASCII."""
    parts = urlsplit(unescape(address))
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return quote(path, safe="/%?=&+:;,@!$'()*~-._")


def links(html):
    """(tag name, attributes) of every <a> and <link> of a page."""
    return [(name, dict(ATTRIBUTE.findall(attributes))) for name, attributes in TAG.findall(html)]


class Discovery:
    """Reads the running demo from its sitemap down and sorts what it finds by page kind."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.pages = {}  # path -> text, every page read once
        self.urls = defaultdict(set)
        self.words = {"en": set(), "ar": set()}

    def get(self, path):
        if path not in self.pages:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
            body = response.read().decode("utf-8", errors="replace")
            if response.status != 200:
                raise Failure(f"discovery: {path} answered {response.status}, not 200")
            self.pages[path] = body
        return self.pages[path]

    def archive(self, kind, path):
        """An archive's first page, its numbered pages and its feeds."""
        self.urls[kind].add(path)
        html = self.get(path)
        last = 1
        for name, attributes in links(html):
            href = path_of(attributes.get("href", ""))
            numbered = PAGE.match(href)
            if name == "a" and numbered and numbered.group(1) == path:
                last = max(last, int(numbered.group(2)))
            if name == "link" and attributes.get("rel") == "alternate":
                if attributes.get("type") == "application/rss+xml":
                    self.urls["rss"].add(href)
                elif attributes.get("type") == "application/atom+xml":
                    self.urls["atom"].add(href)
        # The pagination shows a few numbers and the last; every page between exists too.
        self.urls[kind].update(f"{path}page/{number}/" for number in range(2, last + 1))
        return html

    def run(self):
        index = self.get("/sitemap.xml")
        sections = [path_of(address) for address in LOC.findall(index)]
        self.urls["sitemap"].update(["/sitemap.xml", *sections])
        listed = [path_of(address) for section in sections for address in LOC.findall(self.get(section))]
        languages = sorted({path.split("/")[1] for path in listed})
        pages = []
        for path in listed:
            segments = path.strip("/").split("/")
            if len(segments) == 1:
                pages.append(("home", path))
            elif segments[1] in ("tag", "category") and len(segments) == 3:
                pages.append((segments[1], path))
            else:
                self.urls[f"post {segments[0]}"].add(path)
        dates, authors = set(), set()
        for kind, path in pages:
            html = self.archive(kind, path)
            dates.update((path.split("/")[1], year, month) for year, month in DATE.findall(html))
            if kind == "tag":  # the tag index is the folder of the tag archives, linked from every page
                folder = path.rsplit("/", 2)[0] + "/"
                if any(path_of(attributes.get("href", "")) == folder for _name, attributes in links(html)):
                    self.urls["tag index"].add(folder)
        for kind in [kind for kind in self.urls if kind.startswith("post ")]:
            for path in self.urls[kind]:
                html = self.get(path)
                dates.update((path.split("/")[1], year, month) for year, month in DATE.findall(html))
                for name, attributes in links(html):
                    if name == "a" and attributes.get("rel") == "author":
                        authors.add(path_of(attributes["href"]))
        for path in sorted(authors):
            self.archive("author", path)
        # Date archives are not linked from the pages (as on WordPress); their addresses follow
        # from the dates the listings show: /<language>/<year>/ and /<language>/<year>/<month>/.
        for language, year, month in sorted(dates):
            self.archive("year", f"/{language}/{year}/")
            self.archive("month", f"/{language}/{year}/{month}/")
        for kind in list(self.urls):
            for path in self.urls[kind]:
                self.get(path)  # every address must answer 200 before the load uses it
        for path in self.urls["rss"]:
            for item in ElementTree.fromstring(self.get(path)).iter("item"):
                text = " ".join(item.findtext(field) or "" for field in ("title", "description"))
                for word in WORD.findall(text):
                    self.words["ar" if ARABIC.search(word) else "en"].add(word.lower())
        for language in languages:
            self.urls[f"search {language}"].add(f"/{language}/search/")
        self.connection.close()
        missing = [kind for kind in KIND_WEIGHTS if not self.urls.get(kind)]
        if missing or not all(self.words.values()):
            raise Failure(f"discovery found no addresses for: {', '.join(missing) or 'search words'}")
        return {kind: sorted(self.urls[kind]) for kind in KIND_WEIGHTS}, {
            language: sorted(words) for language, words in self.words.items()}


# --- what each request asks ---------------------------------------------------------------


class Queries:
    """Search addresses that never repeat, in both languages.

    The words are the demo's own, read from its feeds. Four in ten are two or three words
    chosen by a counter (distinct combinations by construction); five in ten are three words
    and the counter written as a number (Eastern Arabic digits in half of the Arabic ones),
    which no post contains, so the search falls back to posts with some of the words; one in
    ten is long: words up to 150 to 300 characters, and the number. No address repeats, so the
    page cache never answers a search; the result cache, keyed on the analysed words, could
    answer a combination whose words share stems with an earlier one's, and nothing else.
    """

    EASTERN_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

    def __init__(self, words, search_paths, seed=1):
        self.words = words
        self.search_paths = search_paths
        self.random = random.Random(seed)
        self.counter = 0
        self.combinations = Counter()
        self.steps = {}
        self.per_language = Counter()
        self.asked = 0

    def combination(self, language, count):
        """The next of the vocabulary's combinations of ``count`` words, in a scattered order.

        Combination n is n * step (mod the number of combinations) written in base len(vocabulary),
        a digit a word; with step prime to that number, no combination comes twice.
        """
        vocabulary = self.words[language]
        size = len(vocabulary)
        total = size ** count
        if (language, count) not in self.steps:
            self.steps[language, count] = next(step for step in range(int(total * 0.618) | 1, total + 2)
                                               if math.gcd(step, size) == 1)
        number = self.combinations[language, count]
        self.combinations[language, count] += 1
        if number >= total:
            raise Failure(f"ran out of distinct {language} word combinations")
        number = number * self.steps[language, count] % total
        return [vocabulary[number // size ** digit % size] for digit in range(count)]

    def next(self, language):
        self.counter += 1  # unique across languages: the number in a query
        self.asked += 1
        self.per_language[language] += 1
        kind = self.per_language[language] % 10
        vocabulary = self.words[language]
        if kind < 4:
            count = 2 + kind % 2
            if count == 2 and self.combinations[language, 2] >= len(vocabulary) ** 2:
                count = 3  # every pair asked: go on with three words
            words = self.combination(language, count)
        else:
            number = str(self.counter)
            if language == "ar" and kind % 2:
                number = number.translate(self.EASTERN_DIGITS)
            words = self.random.sample(vocabulary, min(3, len(vocabulary))) + [number]
            if kind == 9:  # long: add words until about 150 to 300 characters
                length = self.random.randint(150, 300)
                while len(" ".join(words)) < length:
                    words.insert(-1, self.random.choice(vocabulary))
                text = " ".join(words)
                if len(text) > 300:
                    words = text[: 300 - len(number) - 1].rsplit(" ", 1)[0].split() + [number]
            self.random.shuffle(words)
        return f"{self.search_paths[language]}?q={quote_plus(' '.join(words))}"


def schedule(weights):
    """Kinds in a smooth weighted round robin: each kind's share, spread evenly over 100 requests."""
    current = dict.fromkeys(weights, 0)
    total = sum(weights.values())
    order = []
    for _ in range(total):
        for kind, weight in weights.items():
            current[kind] += weight
        chosen = max(current, key=current.get)
        current[chosen] -= total
        order.append(chosen)
    return order


class Mix:
    def __init__(self, urls, queries):
        self.order = schedule(KIND_WEIGHTS)
        self.position = 0
        self.urls = urls
        self.cursor = Counter()
        self.queries = queries

    def next(self):
        kind = self.order[self.position % len(self.order)]
        self.position += 1
        if kind.startswith("search "):
            return kind, self.queries.next(kind.split()[1])
        paths = self.urls[kind]
        path = paths[self.cursor[kind] % len(paths)]
        self.cursor[kind] += 1
        return kind, path
