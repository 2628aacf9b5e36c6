#!/usr/bin/env python3
"""Keep a full copy of a Bayan site's open data in a folder, following its changes feed.

    python3 partner_sync.py https://news.example.org ./copy [--key YOUR_PARTNER_KEY]

Run it as often as you like (from cron, say): the first run copies everything, each later run
only what changed since the last. The folder holds one JSON file per resource,
``<type>/<id>.json``, as the API's own page for it returns it, and ``token.txt``, where the feed
is to resume. A resource that left public view is removed: the feed says only that it went,
never why. Needs nothing but Python's standard library.
"""

import argparse
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

# The API's address for one resource of each type the feed reports.
PLURALS = {"post": "posts", "tag": "tags", "category": "categories", "author": "authors", "person": "persons",
           "event": "events", "organisation": "organisations", "statement": "statements"}


def fetch(address, key=None):
    """The JSON at ``address``; None for a 404. Waits and asks again when told to slow down (429)."""
    request = urllib.request.Request(address, headers={"Accept": "application/json"})
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    while True:
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            if error.code == 429:
                time.sleep(int(error.headers.get("Retry-After", "5")))
                continue
            raise


def sync(site, folder, key=None):
    """Bring ``folder`` up to date with ``site``; returns how many files were written and removed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    token_file = folder / "token.txt"
    written = removed = 0
    while True:
        token = token_file.read_text().strip() if token_file.exists() else ""
        answer = fetch(f"{site}/api/v1/changes/" + (f"?since={token}" if token else ""), key)
        for change in answer["changes"]:
            path = folder / change["type"] / f"{change['id']}.json"
            found = None
            if change["change"] == "upserted":
                found = fetch(f"{site}/api/v1/{PLURALS[change['type']]}/{change['id']}/", key)
            if found is None:
                # Gone from public view (or gone again before we asked): the copy lets it go too.
                if path.exists():
                    path.unlink()
                    removed += 1
                continue
            path.parent.mkdir(exist_ok=True)
            path.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
            written += 1
        # Saved after the changes it follows, so an interrupted run asks for them again next time.
        token_file.write_text(answer["token"])
        if not answer["more"]:
            return written, removed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", help="the site's address, e.g. https://news.example.org")
    parser.add_argument("folder", help="where the copy is kept")
    parser.add_argument("--key", help="a partner key, for a higher rate limit")
    arguments = parser.parse_args()
    written, removed = sync(arguments.site.rstrip("/"), arguments.folder, arguments.key)
    print(f"{written} written, {removed} removed")


if __name__ == "__main__":
    main()
