"""Errors the API answers with: a status and a JSON body naming what is wrong and which parameter."""


class ApiError(Exception):
    """A client's mistake: answered with ``status`` and ``{"error": message, "parameter": parameter}``."""

    def __init__(self, status, message, parameter=None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter
