"""Debian packages a benchmark needs, installed when missing, so that each command runs on a fresh machine.

    ensure_packages("wrk", "nginx")
"""

import os
import subprocess
import sys


def _installed(package):
    status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return status.returncode == 0 and "install ok installed" in status.stdout


def ensure_packages(*packages):
    """Install those of ``packages`` that are missing with apt-get (through sudo when not root); stop with a
    message naming them when that fails."""
    missing = [package for package in packages if not _installed(package)]
    if not missing:
        return
    print(f"installing Debian packages: {' '.join(missing)}", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                                                *missing]):
        done = subprocess.run([*sudo, *step], env=environment, stdout=subprocess.DEVNULL)
        if done.returncode:
            sys.exit(f"could not install {' '.join(missing)} (`{' '.join(step)}` ended with {done.returncode})")
