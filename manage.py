#!/usr/bin/env python
"""Django's manage.py; `bayan` is the same with friendlier help."""

import sys

from bayan.cli import main

if __name__ == "__main__":
    main(sys.argv)
