"""The WSGI application that granian (or any WSGI server) serves."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bayan.settings")
application = get_wsgi_application()

# Import the address patterns (and through them every view) now rather than on the first
# request, then exclude everything loaded so far (Django, Wagtail, the models: most of the
# heap) from garbage collection. The collector then walks only what requests allocate,
# which keeps its pauses out of the slowest answers.
import bayan.urls  # noqa: E402,F401

gc.freeze()
