"""Feeding PostgreSQL's COPY from Python generators, in COPY's text format."""

import io
from collections.abc import Iterable, Iterator

NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: str) -> str:
    """A text value escaped for COPY's text format."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPES)
    return value


class LineReader(io.RawIOBase):
    """A read-only file over an iterator of COPY lines (each ending in "\\n"), for
    cursor.copy_expert. Lines are produced only as PostgreSQL asks for them: the whole file is
    never in memory."""

    def __init__(self, lines: Iterable[str], *, batch: int = 2000):
        self._lines: Iterator[str] = iter(lines)
        self._batch = batch
        self._buffer = b""
        self._pos = 0

    def readable(self) -> bool:
        return True

    def _refill(self) -> bool:
        chunk = []
        for _ in range(self._batch):
            line = next(self._lines, None)
            if line is None:
                break
            chunk.append(line)
        if not chunk:
            return False
        self._buffer = self._buffer[self._pos:] + "".join(chunk).encode()
        self._pos = 0
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            while self._refill():
                pass
            data, self._buffer, self._pos = self._buffer[self._pos:], b"", 0
            return data
        while len(self._buffer) - self._pos < size and self._refill():
            pass
        data = self._buffer[self._pos:self._pos + size]
        self._pos += len(data)
        return data


def copy_from_lines(cursor, sql: str, lines: Iterable[str]) -> None:
    """Run `COPY ... FROM STDIN` fed by `lines`. An exception raised while producing the lines
    (a file found unreadable half-way) stops the COPY and is raised again as it was."""
    failure: list[BaseException] = []

    def guarded():
        try:
            yield from lines
        except Exception as exc:
            failure.append(exc)

    cursor.copy_expert(sql, LineReader(guarded()), 1 << 20)
    if failure:
        raise failure[0]
