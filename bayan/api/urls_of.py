"""The address of a list's next page: the same query with the next cursor."""

from urllib.parse import urlencode


def next_address(request, cursor):
    """The absolute address of the page after this one (``cursor``), or None on the last page."""
    if cursor is None:
        return None
    query = [(name, value) for name, values in request.GET.lists() if name != "cursor" for value in values]
    query.append(("cursor", cursor))
    return request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
