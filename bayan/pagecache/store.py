"""What a server process keeps in memory for readers (whole pages, search results), bounded in bytes.

A bound on entries alone let a few large items take any amount of memory: every
distinct search address is a page, and anyone can ask for thousands of them. Here
every item is counted by its size, least recently used dropped first; one kind (searches)
may hold only its share of the whole, so a flood of distinct searches cannot push the
archives out. Items belong to one content generation and are freed when the next begins.
"""

import gzip
import pickle
import threading
from collections import OrderedDict

# Headers, the key and the bookkeeping of a stored page, counted on top of its body.
OVERHEAD = 1024


class StoredPage:
    """A response as the store keeps it: status, headers, and the body compressed with gzip.

    Compressed, a reader page takes a fifth of the memory, so five times as many fit under
    the bound; a reader whose browser accepts gzip (every browser does) is sent the stored
    bytes as they are, and anyone else a copy expanded again.
    """

    __slots__ = ("status", "headers", "compressed", "length", "kind", "size")

    def __init__(self, status, headers, content, kind):
        self.status, self.kind = status, kind
        self.headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        self.compressed = gzip.compress(content, compresslevel=1, mtime=0)
        self.length = len(content)
        self.size = len(self.compressed) + OVERHEAD + sum(len(name) + len(value) for name, value in self.headers)

    def content(self):
        """The body as the response had it."""
        return gzip.decompress(self.compressed)


class StoredValue:
    """Any picklable value, kept pickled (a copy: what the caller changes later is not what is served)."""

    __slots__ = ("pickled", "length", "kind", "size")

    def __init__(self, value, kind="value"):
        self.pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self.kind, self.length = kind, len(self.pickled)
        self.size = self.length + OVERHEAD

    def value(self):
        return pickle.loads(self.pickled)


class BoundedStore:
    """Items under one content generation; an item of another generation is never returned.

    ``max_bytes`` bounds the whole store (pages counted as stored, compressed), ``max_item``
    each page's body as served (larger ones are not kept), and ``shares`` each kind of page,
    as a fraction of ``max_bytes``.
    """

    def __init__(self, max_bytes, max_item, shares=None):
        self.max_bytes, self.max_item = max_bytes, max_item
        self.limits = {kind: int(max_bytes * share) for kind, share in (shares or {}).items()}
        self.generation = None
        self.pages = OrderedDict()
        self.used = {}
        self.size = 0
        self.lock = threading.Lock()

    def get(self, generation, key):
        """The item stored under ``key`` in ``generation``, or None."""
        with self.lock:
            if generation != self.generation:
                return None
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, generation, key, page):
        """Keep ``page`` (any item with ``size``, ``length`` and ``kind``), dropping the least recently used
        items (of its kind first) to make room; False if it is too large to keep."""
        if page.length > self.max_item or page.size > self.limits.get(page.kind, self.max_bytes):
            return False
        with self.lock:
            if generation != self.generation:
                # Pages of the old generation can never be served again: free them at once.
                self.pages.clear()
                self.used.clear()
                self.size = 0
                self.generation = generation
            self._drop(key)
            limit = self.limits.get(page.kind)
            if limit is not None:
                while self.used.get(page.kind, 0) + page.size > limit:
                    self._drop(next(key for key, kept in self.pages.items() if kept.kind == page.kind))
            while self.size + page.size > self.max_bytes:
                self._drop(next(iter(self.pages)))
            self.pages[key] = page
            self.size += page.size
            self.used[page.kind] = self.used.get(page.kind, 0) + page.size
            return True

    def _drop(self, key):
        page = self.pages.pop(key, None)
        if page is not None:
            self.size -= page.size
            self.used[page.kind] -= page.size

    def __len__(self):
        return len(self.pages)
