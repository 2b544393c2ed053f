"""policyparse: typed commitment records from Chinese government policy texts.

>>> from policyparse import extract
>>> [(t.metric, t.value, t.unit, t.kind) for t in extract("二、2024年重点工作\\n改造22个老旧小区。")]
[('改造老旧小区', 22, '个', 'target')]
"""
__version__ = "0.1.0"

from .batch import DocResult, Text, extract_many
from .clean import CleanText, clean_bytes, clean_text
from .errors import InputError, PolicyParseError
from .extract import Extractor, extract, extract_file
from .period import Period, find_periods, parse_period
from .quantity import Quantity, find_quantities, parse_quantity
from .rules import ContextRule, SectionRule
from .frame import TargetList, to_frame
from .target import Target


def load(**kwargs):
    """The full spaCy ``Language``: a zh pipeline with the shipped segmenter and the
    ``policyparse`` component (see :func:`policyparse.pipeline.load`)."""
    from .pipeline import load as _load

    return _load(**kwargs)

__all__ = [
    "CleanText", "ContextRule", "DocResult", "Text", "extract_many", "Extractor", "InputError", "Period", "PolicyParseError", "Quantity",
    "SectionRule", "Target", "TargetList", "__version__", "load", "to_frame", "clean_bytes", "clean_text", "extract", "extract_file",
    "find_periods", "find_quantities", "parse_period", "parse_quantity",
]
