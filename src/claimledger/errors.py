"""Errors a user can act on: each message says what was wrong and what to do."""


class ClaimledgerError(Exception):
    """Base class; the CLI prints the message and exits non-zero."""


class ModelNotFound(ClaimledgerError):
    pass


class InputError(ClaimledgerError):
    """Bad input: names the file (and line) and what to do."""
