#!/usr/bin/env python3
"""Joint statements: the sign-on page and statement posts against the tag page 3, and a flood of refused sign-ons.

    .venv/bin/python bench/statements.py [--posts 10000] [--duration 15] [--rounds 3] [--flood 2000]

The issue asks: the sign-on page serves at least half the tag page 3's uncached requests per
second in the same run; a statement with 300 signatories renders with the same query count as
one with 3; a flood of rejected (rate-limited) POSTs costs under 1 ms of server time each.

Steps, all on this machine and on loopback:
1. the standard corpus imported by this checkout, as bench/against_revision.py keeps it
   (/tmp/bayan-bench/now-<posts>; generated and imported when missing);
2. a copy of it under /tmp/bayan-bench/statements-<posts>/ with 300 fictional organisations and
   two joint statements, each a post in English and its Arabic translation: one signed by the
   300, one by 3; and a sign-on link for the first (its token kept in the copy: it is a
   benchmark's, and opens nothing anywhere else);
3. in one process, on that copy: the queries of both statement pages and of the tag page 3, and
   a flood of sign-on POSTs from one client address once its limit is spent, each sent straight
   through Django's WSGI handler (every middleware, no network): milliseconds per refused POST;
4. the copy served without the page cache (two granian workers, port 8007), loaded alternately
   with ../shared/bench/load.py: the tag page 3, the sign-on page (GET, both languages), the
   statement of 300 and the statement of 3 (both languages); ratios to the tag page;
5. the same flood over HTTP: wrk POSTs the form (with its CSRF cookie and token) for --duration
   seconds from 16 connections; the server processes' CPU time divided by the requests they
   answered, and how many submissions the flood left (at most the limit's worth).
Every process it starts is stopped at the end, also on Ctrl-C or failure.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from against_revision import PYTHON, code_environment, ensure_prerequisites, imported
from reader_pages import ROOT, SHARED_BENCH, WORK, Bench, ensure_corpus, wait_for

PORT = 8007
BIG, SMALL = 300, 3
# Fictional organisations' names, combined: (English, Arabic).
WHAT = [("Press Freedom", "حرية الصحافة"), ("Detainees", "المعتقلين"), ("Justice", "العدالة"),
        ("Human Rights", "حقوق الإنسان"), ("Free Media", "الإعلام الحر"), ("Memory", "الذاكرة")]
KINDS = [("Network for", "شبكة", "network"), ("Centre for", "مركز", "ngo"), ("Union for", "اتحاد", "union"),
         ("Observatory for", "مرصد", "ngo"), ("Radio for", "إذاعة", "media")]
PLACES = [("Aleppo", "حلب"), ("Homs", "حمص"), ("Tunis", "تونس"), ("Basra", "البصرة"), ("Beirut", "بيروت"),
          ("Amman", "عمّان"), ("Rabat", "الرباط"), ("Aden", "عدن"), ("Paris", "باريس"), ("Berlin", "برلين")]
POST_LUA = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = {cookie}
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000, help="corpus size (default 10000)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement (default 15)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds, best kept (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="server processes (default 2)")
    parser.add_argument("--flood", type=int, default=2000, help="refused POSTs timed in one process (default 2000)")
    parser.add_argument("--json", default=str(WORK / "statements.json"), help="where to write the figures")
    parser.add_argument("--inside", choices=["build", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        return inside_django(args)
    if args.posts < 100:
        parser.error("--posts must be at least 100 (the tag pages need depth)")
    ensure_prerequisites([PORT])
    WORK.mkdir(parents=True, exist_ok=True)
    bench = Bench()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        corpus = ensure_corpus(args.posts)
        env = with_statements(corpus, args)
        figures = {"in_process": inside(env, "measure", "--flood", str(args.flood))}
        signon = figures["in_process"]["signon"]
        server = bench.start([PYTHON, "-m", "bayan.cli", "serve", "--workers", str(args.workers), "--no-scheduler",
                              "--port", str(PORT)], env, WORK / f"statements-{PORT}.log")
        wait_for(f"http://127.0.0.1:{PORT}/en/")
        figures["pages"] = load_pages(env, corpus, args, signon)
        figures["http_flood"] = flood_over_http(env, server, args, signon[0])
    finally:
        bench.stop_all()
    report(figures, args)


def with_statements(corpus, args):
    """The environment of a copy of the imported corpus with the two statements written in."""
    source = WORK / f"now-{args.posts}"
    imported(ROOT, corpus, source.name, PORT)
    data = WORK / f"statements-{args.posts}"
    env = code_environment(ROOT, data, PORT)
    if not (data / "statements.json").exists():
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(source, data)
        subprocess.run([PYTHON, "-m", "bayan.cli", "migrate", "-v0"], env=env, check=True)
        inside(env, "build")
    subprocess.run([PYTHON, "-m", "bayan.cli", "migrate", "-v0"], env=env, check=True)
    return env


def inside(env, step, *extra):
    """Run one ``step`` of this script inside Django, on ``env``'s data directory; what it wrote, as JSON."""
    with tempfile.NamedTemporaryFile(suffix=".json", dir=WORK) as out:
        # The figures go to a file: the sign-ons the flood lets through print their e-mails to the console.
        subprocess.run([PYTHON, __file__, "--inside", step, "--out", out.name, *extra], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        return json.loads(Path(out.name).read_text() or "{}")


def built(env):
    return json.loads((Path(env["BAYAN_DATA_DIR"]) / "statements.json").read_text())


def load_pages(env, corpus, args, signon):
    """The tag page 3, the sign-on page (``signon``: its addresses) and both statements, uncached, alternately."""
    paths = built(env)
    urls = json.loads((corpus / "urls.json").read_text())
    mix = {"tag_page3": urls["mix"]["bayan"]["tag_page3"], "signon": signon,
           f"statement_{BIG}": paths["big"], f"statement_{SMALL}": paths["small"]}
    folder = Path(tempfile.mkdtemp(prefix="statements-mix-", dir=WORK))
    (folder / "urls.json").write_text(json.dumps({**urls, "mix": {"bayan": mix}}))
    output = WORK / "statements-load.json"
    subprocess.run([sys.executable, SHARED_BENCH / "load.py", "--corpus", folder,
                    "--target", f"bayan=http://127.0.0.1:{PORT}", "--kinds", ",".join(mix),
                    "--duration", str(args.duration), "--rounds", str(args.rounds), "--json", output], check=True)
    return {row["kind"]: row for row in json.loads(output.read_text())}


def flood_over_http(env, server, args, form_path):
    """wrk POSTing the sign-on form at ``form_path`` from one address, every answer refused; the server's CPU."""
    cookie, body = filled_form(f"http://127.0.0.1:{PORT}{form_path}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=WORK, delete=False) as script:
        script.write(POST_LUA.format(body=json.dumps(body), cookie=json.dumps(cookie)))
    try:
        before = cpu_seconds_of_group(server.pid)
        run = subprocess.run(["wrk", "-t2", "-c16", f"-d{args.duration}s", "--timeout", "10s", "-s", script.name,
                              f"http://127.0.0.1:{PORT}{form_path}"], capture_output=True, text=True, check=True)
        cpu = cpu_seconds_of_group(server.pid) - before
    finally:
        os.unlink(script.name)
    result = dict(pair.split("=") for pair in re.search(r"^RESULT (.*)$", run.stdout, re.M).group(1).split())
    requests = int(result["requests"])
    status = status_of_one_post(form_path, cookie, body)
    return {"requests": requests, "rps": round(requests / float(result["seconds"]), 1),
            "p50_ms": float(result["p50_ms"]), "p99_ms": float(result["p99_ms"]), "non2xx": int(result["non2xx"]),
            "errors": int(result["socket_errors"]), "server_cpu_s": round(cpu, 2),
            "server_cpu_ms_per_request": round(cpu * 1000 / max(requests, 1), 3), "status_after": status,
            "submissions": inside(env, "measure", "--flood", "0")["submissions"]}


def filled_form(address):
    """The CSRF cookie and a filled-in body of the sign-on form at ``address``, as a browser would send them."""
    with urllib.request.urlopen(address, timeout=10) as answer:
        page = answer.read().decode("utf-8")
        cookie = "; ".join(header.split(";")[0] for header in answer.headers.get_all("Set-Cookie") or ())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return cookie, urllib.parse.urlencode({**SIGNATURE, "csrfmiddlewaretoken": token})


def status_of_one_post(path, cookie, body):
    """The status one more POST gets (429 when the flood left the address refused)."""
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=body.encode(), method="POST",
                                     headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def cpu_seconds_of_group(leader):
    """User and system CPU seconds of every live process in ``leader``'s process group."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == leader:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def report(figures, args):
    pages = figures["pages"]
    tag = pages["tag_page3"]["rps"]
    print(f"\nJoint statements on {args.posts} posts, served uncached by {args.workers} workers")
    for kind, row in pages.items():
        print(f"{kind:14} {row['rps']:8.1f} req/s  p50 {row['p50']:6.1f} ms  p99 {row['p99']:6.1f} ms  "
              f"non-2xx {row['non2xx']}  ratio to the tag page {row['rps'] / tag:.2f}")
    queries = figures["in_process"]["queries"]
    print("queries       " + ", ".join(f"{kind} {count}" for kind, count in queries.items()))
    flood = figures["in_process"]["flood"]
    print(f"flood, in one process: {flood['requests']} refused POSTs ({flood['statuses']}), "
          f"mean {flood['mean_ms']:.3f} ms, median {flood['median_ms']:.3f} ms, p99 {flood['p99_ms']:.3f} ms")
    http = figures["http_flood"]
    print(f"flood over HTTP: {http['requests']} POSTs in {args.duration} s, {http['rps']} req/s, "
          f"p50 {http['p50_ms']} ms, "
          f"non-2xx {http['non2xx']}; server CPU {http['server_cpu_ms_per_request']} ms per request; "
          f"one more POST answers {http['status_after']}; submissions in the database: {http['submissions']}")
    Path(args.json).write_text(json.dumps(figures, indent=1))


# What the flood sends: a complete, plausible signature.
SIGNATURE = {"organisation_name": "Flood Test Organisation", "country": "FR", "contact_name": "Flood Tester",
             "contact_email": "flood@example.org", "comment": "", "consent": "on"}


# --- Steps run inside Django (``--inside``), on the data directory of BAYAN_DATA_DIR. ---

def inside_django(args):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bayan.settings")
    import django

    django.setup()
    figures = {"build": build_statements, "measure": measure}[args.inside](args)
    Path(args.out).write_text(json.dumps(figures or {}))


def build_statements(args):
    """300 organisations, the two statements and the sign-on link; their addresses and its token kept."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from bayan.addresses import post_address
    from bayan.newsroom.services import add_post
    from bayan.statements.matching import match_terms
    from bayan.statements.models import Organisation, Signatory, SignOnLink, Statement

    with transaction.atomic():
        organisations = []
        for number in range(BIG):
            (what_en, what_ar), (kind_en, kind_ar, kind), (place_en, place_ar) = (
                WHAT[number % len(WHAT)], KINDS[number // len(WHAT) % len(KINDS)],
                PLACES[number // (len(WHAT) * len(KINDS)) % len(PLACES)])
            organisation = Organisation(
                slug=f"bench-organisation-{number}", kind=kind, country="SY",
                name_en=f"{place_en} {kind_en} {what_en} {number}", name_ar=f"{kind_ar} {place_ar} ل{what_ar} {number}")
            organisation.match_terms = match_terms(organisation.all_names())
            organisations.append(organisation)
        organisations = Organisation.objects.bulk_create(organisations)
        paths, statements = {}, {}
        for name, count in (("big", BIG), ("small", SMALL)):
            first = None
            for language, title in (("en", f"Joint statement signed by {count}"), ("ar", f"بيان مشترك وقعته {count}")):
                post = add_post(language, title, slug=f"bench-joint-statement-{count}", translation_of=first,
                                body="<p>We, the undersigned organisations, call for every detainee's release.</p>")
                first = first or post
                paths.setdefault(name, []).append(post_address(language, post.slug))
            statements[name] = Statement.objects.create(translation_key=first.translation_key)
            Signatory.objects.bulk_create([Signatory(statement=statements[name], organisation=organisation,
                                                     sort_order=place)
                                           for place, organisation in enumerate(organisations[:count])])
        _link, paths["token"] = SignOnLink.issue(statements["big"], timezone.now() + timedelta(days=365),
                                                 label="benchmark")
    (Path(os.environ["BAYAN_DATA_DIR"]) / "statements.json").write_text(json.dumps(paths))


def measure(args):
    """The sign-on page's addresses, the queries of the pages, ``--flood`` refused POSTs through the WSGI
    handler, and the submissions stored."""
    from bayan.addresses import address_in
    from bayan.statements.models import Submission

    token = built(os.environ)["token"]
    signon = [address_in(language, "signon:form", (("token", token),)) for language in ("en", "ar")]
    figures = {"signon": signon, "submissions": Submission.objects.count()}
    if args.flood:
        figures["queries"] = page_queries(signon[0])
        figures["flood"] = refused_posts(args.flood, signon[0])
    return figures


def page_queries(signon):
    """How many queries each page costs, read after a first request has warmed what is held per generation."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    paths = built(os.environ)
    corpus = json.loads((WORK / "corpus" / "urls.json").read_text())
    pages = {"tag_page3": corpus["mix"]["bayan"]["tag_page3"][0], "signon": signon,
             f"statement_{BIG}": paths["big"][0], f"statement_{SMALL}": paths["small"][0]}
    client, counts = Client(HTTP_HOST=urllib.parse.urlsplit(settings.BASE_URL).netloc), {}
    for kind, path in pages.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        if status != 200:
            sys.exit(f"{path} answered {status}")
        counts[kind] = len(queries)
    return counts


def refused_posts(count, path):
    """``count`` POSTs of the form at ``path`` from one address past its limit, each timed through the WSGI handler."""
    import io

    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    host = urllib.parse.urlsplit(settings.BASE_URL).netloc
    base = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": str(PORT),
            "HTTP_HOST": host, "REMOTE_ADDR": "192.0.2.7", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
            "SERVER_PROTOCOL": "HTTP/1.1"}
    answers = {}

    def start_response(status, headers, exc_info=None):
        answers["status"], answers["headers"] = int(status.split()[0]), headers

    page = b"".join(application(dict(base), start_response)).decode("utf-8")
    cookie = "; ".join(value.split(";")[0] for name, value in answers["headers"] if name.lower() == "set-cookie")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({**SIGNATURE, "csrfmiddlewaretoken": token}).encode()

    def post():
        environ = {**base, "REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/x-www-form-urlencoded",
                   "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "HTTP_COOKIE": cookie}
        started = time.perf_counter()
        b"".join(application(environ, start_response))
        return time.perf_counter() - started, answers["status"]

    # Spend the address's allowance first: those are accepted submissions, not the flood.
    for _ in range(settings.BAYAN_SIGNON_LIMIT_PER_ADDRESS + 1):
        if post()[1] == 429:
            break
    else:
        sys.exit(f"the sign-on form at {path} never answered 429 (last answer: {answers['status']})")
    timings, statuses = [], {}
    for _ in range(count):
        seconds, status = post()
        timings.append(seconds * 1000)
        statuses[status] = statuses.get(status, 0) + 1
    timings.sort()
    return {"requests": count, "statuses": statuses, "mean_ms": sum(timings) / count,
            "median_ms": timings[count // 2], "p99_ms": timings[int(count * 0.99)]}


if __name__ == "__main__":
    main()
