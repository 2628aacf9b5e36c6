#!/usr/bin/env python3
"""A small static file server for the benchmarks: text files gzip-compressed (level 6) when the browser accepts it.

    .venv/bin/python bench/gzip_static_server.py FOLDER PORT

It serves FOLDER on 127.0.0.1:PORT with one thread per connection, as a static host would:
HTML, CSS, JavaScript, JSON, XML, SVG and plain text are compressed when the request's
Accept-Encoding allows gzip (each file compressed once, then kept in memory); other files
(fonts, images, Pagefind's own compressed files) go out as they are. Every answer carries
``Cache-Control: public, max-age=600`` (what GitHub Pages sends) and its Content-Length, so a
browser's record of the answers tells the bytes sent.
"""

import gzip
import http.server
import os
import sys
import threading
from functools import partial

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                    "application/rss+xml", "application/atom+xml")
LEVEL = 6


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler's files, gzip-compressed when it helps and the client accepts it."""

    protocol_version = "HTTP/1.1"
    compressed = {}
    lock = threading.Lock()
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "application/javascript",
                      ".mjs": "application/javascript", ".json": "application/json", ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream",
                      ".pf_index": "application/octet-stream", ".pf_fragment": "application/octet-stream",
                      ".woff2": "font/woff2", ".xml": "application/xml"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        """Quiet: the benchmark reads what was sent from the browser's side."""

    def end_headers(self):
        self.send_header("Cache-Control", "public, max-age=600")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if not os.path.isfile(index):
                return super().send_head()
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class redirects to the folder's address
            path = index
        kind = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not os.path.isfile(path) or not wants_gzip or not kind.startswith(COMPRESSED_TYPES):
            return super().send_head()
        body = self.gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def gzipped(self, path):
        """The file's bytes compressed with gzip -6, made once per file and modification time."""
        key = (path, os.stat(path).st_mtime_ns)
        with self.lock:
            found = self.compressed.get(key)
        if found is None:
            with open(path, "rb") as handle:
                found = gzip.compress(handle.read(), compresslevel=LEVEL, mtime=0)
            with self.lock:
                self.compressed[key] = found
        return found


class _Body:
    """A file-like object over bytes, which SimpleHTTPRequestHandler copies to the socket and closes."""

    def __init__(self, data):
        self.data = data
        self.position = 0

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.position + size
        chunk = self.data[self.position:end]
        self.position += len(chunk)
        return chunk

    def close(self):
        pass


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    folder, port = sys.argv[1], int(sys.argv[2])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(GzipHandler, directory=folder))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
