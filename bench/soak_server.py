"""The server the soak benchmark loads: `bayan serve` started and stopped, its workers' memory and CPU
read from /proc."""

import http.client
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

from soak_addresses import HOST, Failure

BAYAN = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "bayan"


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def children(pid):
    """Pids of the direct children of a process (every thread's children)."""
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def resident_kb(pid):
    """VmRSS of a process in kB, or None once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) if match else None


def cpu_seconds(pid):
    """User and system CPU time a process has used so far, or None once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """`bayan serve` in its own process group, so that it and granian's processes stop together."""

    def __init__(self, environment, workers, log_path):
        self.port = free_port()
        self.workers = workers
        self.log_path = log_path
        environment = dict(environment, BAYAN_BASE_URL=f"http://{HOST}:{self.port}")
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [str(BAYAN), "serve", "--host", HOST, "--port", str(self.port), "--workers", str(workers),
             "--no-scheduler"],
            env=environment, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def worker_pids(self):
        """granian's worker processes: the children of granian's own process, below `bayan serve`."""
        return sorted(worker for granian in children(self.process.pid) for worker in children(granian))

    def wait_until_ready(self, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failure(f"`bayan serve` stopped at start-up (exit {self.process.returncode}):\n{self.log_tail()}")
            if len(self.worker_pids()) == self.workers:
                try:
                    connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
                    connection.request("GET", "/sitemap.xml")
                    if connection.getresponse().status == 200:
                        connection.close()
                        return
                except OSError:
                    pass
            time.sleep(0.3)
        raise Failure(f"the server did not answer within {seconds} s:\n{self.log_tail()}")

    def log_tail(self, lines=15):
        self.log.flush()
        return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])

    def tracebacks(self):
        self.log.flush()
        return Path(self.log_path).read_text(errors="replace").count("Traceback")

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self.log.close()
