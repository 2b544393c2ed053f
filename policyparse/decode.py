"""Raw bytes → str: UTF-8, UTF-16, GB18030/GBK and Big5, detected, never guessed silently.

>>> decode_bytes("城镇新增就业3.1万人".encode("gb18030"))[1]
'gb18030'
>>> decode_bytes("創建國家".encode("big5"))
('創建國家', 'big5')
>>> decode_bytes(b"\\xef\\xbb\\xbf2024")
('2024', 'utf-8-sig')
"""
from __future__ import annotations

from .errors import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Encodings tried, in order, after UTF-8 fails.  Scored by how Chinese the
#: result reads; charset-normalizer breaks ties it can judge better.
_CJK_ENCODINGS = ("gb18030", "big5")


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and control / len(head) > 0.05


def _cjk_score(text: str) -> float:
    """Share of characters that are common in Chinese prose."""
    if not text:
        return 0.0
    good = 0
    for ch in text[:20000]:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or ch.isascii() or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
            good += 1
        if 0xE000 <= o <= 0xF8FF:  # private use: a wrong code page
            good -= 2
    return good / min(len(text), 20000)


def read_file(path) -> bytes:
    """The bytes of a file; :class:`InputError` naming it when it cannot be read."""
    import os

    path = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data``; return (text, encoding). Raise :class:`InputError`."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(source, f"starts with a {enc} byte-order mark but is not valid {enc}: {exc.reason}") from None
    if _looks_binary(data):
        raise InputError(source, "looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in _CJK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_cjk_score(text), enc, text))
    if len(candidates) == 2 and abs(candidates[0][0] - candidates[1][0]) < 0.02:
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data, cp_isolation=list(_CJK_ENCODINGS)).best()
            if best is not None:
                enc = best.encoding.replace("_", "")
                for score, cand, text in candidates:
                    if cand.replace("_", "") == enc:
                        return text, cand
        except Exception:  # detection is a tie-breaker only
            pass
    if candidates:
        score, enc, text = max(candidates)
        if score > 0.9:
            return text, enc
    raise InputError(source, "cannot be decoded as UTF-8, UTF-16, GB18030/GBK or Big5")
