"""Bounded gunzip: a truncated, corrupt or oversized stream is an error with a clear cause."""

from __future__ import annotations

import zlib

GZIP_MAGIC = b"\x1f\x8b"


class GzipError(ValueError):
    """The gzip stream is truncated, corrupt or decompresses to more than allowed."""

    def __init__(self, message: str, intact: bytes = b"") -> None:
        super().__init__(message)
        # what decompressed before the damage: a .warc.gz keeps its records up to there
        self.intact = intact


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Every member of a gzip stream (a .warc.gz holds one per record), decompressed.

    Never produces more than `max_bytes`, so a decompression bomb costs no more memory than
    the largest file accepted.
    """
    out = bytearray()
    rest = data
    while True:
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            out += inflater.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error as error:
            raise GzipError(f"corrupt gzip stream ({error})", bytes(out)) from None
        if len(out) > max_bytes:
            raise GzipError(f"decompresses to more than max_bytes ({max_bytes} bytes)")
        if not inflater.eof:
            out += inflater.flush()
            raise GzipError("truncated gzip stream (unexpected end of data)", bytes(out))
        rest = inflater.unused_data
        # Like gzip(1), accept zero padding after the last member.
        if not rest.strip(b"\0"):
            return bytes(out)
        if not is_gzip(rest):
            raise GzipError(
                "corrupt gzip stream (trailing bytes after the last member)", bytes(out)
            )
