"""What runs in a background indexing process (see ``indexing.in_background``).

Nothing Django is imported at the top: a spawned process imports this module
before Django is set up, then ``start`` sets it up.
"""

import os


def start(settings_module, database_name):
    """Set Django up in a fresh process, on the same database as the process that started it."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    from django.db import connections

    # The test runner, for one, renames the database at run time; settings alone would not say so.
    connections["default"].settings_dict["NAME"] = database_name
    from bayan.database import stream_without_memory_map

    # It reads most of the database once, like the import it works for.
    stream_without_memory_map()


def documents(post_ids):
    """The field values of the search documents of these posts, for the starting process to write."""
    from .indexing import documents_of

    return [{field.attname: getattr(document, field.attname) for field in document._meta.concrete_fields}
            for document in documents_of(post_ids)]
