"""Exceptions raised by policyparse; every one carries a one-line message."""
from __future__ import annotations


class PolicyParseError(Exception):
    """Base class of the library's errors."""


class InputError(PolicyParseError):
    """A file or text that cannot be read: missing, binary, undecodable."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")

    def __reduce__(self):  # picklable, so it can cross process boundaries
        return (type(self), (self.source, self.reason))
