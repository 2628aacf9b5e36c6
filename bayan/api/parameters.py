"""Query parameters an operation does not declare are refused (400 naming the first), not ignored.

A misspelt filter (``?catgory=3``) would otherwise return the whole list as if it had worked.
"""

import functools
import typing

from .errors import ApiError


def _declared(function):
    names = set()
    for hint in typing.get_type_hints(function, include_extras=True).values():
        model = typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Annotated else hint
        names.update(getattr(model, "model_fields", {}))
    return names


def declared_only(function):
    """Wrap an operation so that a query parameter it does not declare is a 400."""
    allowed = _declared(function)

    @functools.wraps(function)
    def checked(request, *args, **kwargs):
        for name in request.GET:
            if name not in allowed:
                raise ApiError(400, "is not a parameter of this operation", name)
        return function(request, *args, **kwargs)

    return checked
