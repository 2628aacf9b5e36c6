"""What the browser tests and tools/screenshots.py share: Debian's chromium, the demo served, axe-core.

Playwright drives /usr/bin/chromium (never a browser it downloads itself); the demo is built
by `bayan demo` in a data directory of its own and served by `bayan serve`, as `./run demo`
gives it to a reader; axe-core comes from node_modules, installed by `./run test` from
package-lock.json.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bayan.tests.data_dirs import NOT_PASSED_TO_JOBS, migrated_data_dir

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The demo's `admin` account gets this password (BAYAN_ADMIN_PASSWORD) wherever these helpers build it.
DEMO_ADMIN_PASSWORD = "demo-password-1234"
# Variables of the calling process that would point the demo at another database or secret.
NOT_PASSED_TO_THE_DEMO = NOT_PASSED_TO_JOBS


def launch_chromium(playwright):
    """Debian's chromium, headless, with the switches that keep it from phoning home or needing a sandbox."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def free_port():
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def demo_served(data_dir, admin_password):
    """Build the demo newsroom in data_dir, serve it on a free port, yield its address, stop the server at the end.

    Nothing is shared with the caller's database: this is what `./run demo` gives a reader, on a
    data directory as `bayan migrate` leaves a new one (copied when another test made one already).
    What `bayan demo` printed (the sign-on links) is kept in ``demo-output.txt`` there, and what
    the server writes (the e-mails of the console backend) in ``server-output.txt``.
    """
    migrated_data_dir(data_dir)
    environment = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_TO_THE_DEMO}
    environment.update(BAYAN_DATA_DIR=str(data_dir), BAYAN_ADMIN_PASSWORD=admin_password)
    bayan = [sys.executable, "-m", "bayan.cli"]
    built = subprocess.run([*bayan, "demo", "--no-serve"], env=environment, capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        raise RuntimeError(f"`bayan demo --no-serve` failed (exit {built.returncode}):\n{built.stderr[-3000:]}")
    (Path(data_dir) / "demo-output.txt").write_text(built.stdout)
    port = free_port()
    server_output = open(Path(data_dir) / "server-output.txt", "w")  # noqa: SIM115 (closed when the server stops)
    server = subprocess.Popen(
        [*bayan, "serve", "--port", str(port), "--workers", "1", "--no-scheduler"], env=environment,
        stdout=server_output, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/en/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the demo server did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        server_output.close()


def sign_in_to_the_admin(page, site, username="admin", password=DEMO_ADMIN_PASSWORD):
    """Sign in through the admin's own login form, as an editor would; fails loudly when the form refuses."""
    page.goto(site + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(site + "/admin/")


def axe_violations(page, tags=WCAG_21_AA):
    """Run axe-core on the page as it stands, for the given WCAG rule tags; its list of violations.

    The script comes from node_modules and is evaluated through the browser's debugging
    protocol, which the page's content security policy (script-src 'self', no inline
    script) does not govern: the page is checked with its real headers.
    """
    if not AXE_SCRIPT.exists():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing: `./run test` installs it (npm ci, package-lock.json)")
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", tags
    )
    return results["violations"]


def described(violations):
    """Violations as lines a person can act on: the rule, its impact, what it asks for, and each node it found."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)
