#!/usr/bin/env python3
"""Keep a full copy of a Bayan site's open data in a folder, following its changes feed.

    python3 partner_sync.py https://news.example.org ./copy [--key YOUR_PARTNER_KEY]

Run it as often as you like (from cron, say): the first run copies everything, each later run
only what changed since the last. The folder holds one JSON file per resource,
``<type>/<id>.json``, as the API's own page for it returns it, and ``token.txt``, where the feed
is to resume. A resource that left public view is removed: the feed says only that it went,
never why. When the site no longer keeps changes that far back (its answer is 410, after
BAYAN_CHANGE_LOG_DAYS without a run), the copy is made again from the site's snapshot. Needs
nothing but Python's standard library.
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


class TooOld(Exception):
    """The site no longer keeps the changes since this token (410): start again from its snapshot."""


def fetch(address, key=None):
    """The JSON at ``address``; None for a 404, ``TooOld`` for a 410. Waits and asks again when told to slow
    down (429)."""
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
            if error.code == 410:
                raise TooOld(json.load(error).get("error", "")) from None
            if error.code == 429:
                time.sleep(int(error.headers.get("Retry-After", "5")))
                continue
            raise


def keep(site, folder, kind, pk, key=None):
    """The resource's file written as the API shows it now (True), or removed if it is not public (False)."""
    path = folder / kind / f"{pk}.json"
    found = fetch(f"{site}/api/v1/{PLURALS[kind]}/{pk}/", key)
    if found is None:
        # Gone from public view (or gone again before we asked): the copy lets it go too.
        if path.exists():
            path.unlink()
        return False
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return True


def start_again(site, folder, key=None):
    """The copy made again from the site's snapshot; how many files were written and removed."""
    snapshot = fetch(f"{site}/api/v1/snapshot/", key)
    listed = {(kind, pk) for kind, ids in snapshot["ids"].items() for pk in ids}
    removed = 0
    for path in folder.glob("*/*.json"):
        if (path.parent.name, int(path.stem)) not in listed:
            path.unlink()
            removed += 1
    written = sum(keep(site, folder, kind, pk, key) for kind, pk in sorted(listed))
    # The feed goes on from the moment the snapshot was read: what changed since is reported again.
    (folder / "token.txt").write_text(snapshot["token"])
    return written, removed


def sync(site, folder, key=None):
    """Bring ``folder`` up to date with ``site``; returns how many files were written and removed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    token_file = folder / "token.txt"
    written = removed = 0
    while True:
        token = token_file.read_text().strip() if token_file.exists() else ""
        try:
            answer = fetch(f"{site}/api/v1/changes/" + (f"?since={token}" if token else ""), key)
        except TooOld:
            again = start_again(site, folder, key)
            written, removed = written + again[0], removed + again[1]
            continue
        for change in answer["changes"]:
            path = folder / change["type"] / f"{change['id']}.json"
            if change["change"] == "upserted" and keep(site, folder, change["type"], change["id"], key):
                written += 1
            elif path.exists():
                path.unlink()
                removed += 1
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
