"""The bundled TrueType fonts read with ``struct``: characters, widths, metrics, and a subset to embed.

A PDF in the bundled fonts is made without fpdf2 or fontTools, which cost
about 0.4 s to load on every call (issue 14). Reading what a PDF needs from
the font file itself takes a few milliseconds: the Unicode ``cmap`` (format 4
or 12), the advance widths, the numbers a font descriptor holds, and the
glyphs a document uses. The subset keeps every glyph's number (the unused
ones are left empty), so a PDF can name glyphs by their number in the font
(``/CIDToGIDMap /Identity``) and nothing has to be renumbered.
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The tables a TrueType font program in a PDF needs (ISO 32000-1, 9.9): the outlines, their
# index, the metrics and the hinting programs. The rest (cmap, names, layout tables) stays out.
EMBEDDED_TABLES = (b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep")
_MORE_COMPONENTS, _WORD_ARGUMENTS = 0x0020, 0x0001
_SCALE, _XY_SCALE, _TWO_BY_TWO = 0x0008, 0x0040, 0x0080


class FontFormatError(ValueError):
    """The file is not a TrueType font this reader understands (a bundled font always is)."""


@dataclass(frozen=True)
class TrueTypeFont:
    """One TrueType font file, as a PDF needs it."""

    name: str  # the PostScript-safe name the PDF gives it
    data: bytes
    tables: dict[bytes, tuple[int, int]]  # tag -> (offset, length)
    glyphs: dict[int, int]  # character code -> glyph number
    advances: tuple[int, ...]  # by glyph number, in font units
    units_per_em: int
    box: tuple[int, int, int, int]  # xMin, yMin, xMax, yMax
    ascent: int
    descent: int
    cap_height: int
    weight: int  # 400 regular, 700 bold

    @property
    def stem(self) -> int:
        """A stem width for the font descriptor, from the weight (the estimate fpdf2 uses too)."""
        return round(50 + (self.weight / 65) ** 2)

    def table(self, tag: bytes) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset : offset + length]

    def scaled(self, value: int) -> int:
        """A value in font units in the thousandths of an em a PDF uses, rounded as fpdf2 does."""
        return round(value * 1000 / self.units_per_em + 0.001)

    def widths(self) -> dict[int, int]:
        """Each character's advance in thousandths of an em (what a line break measures)."""
        advances, scaled = self.advances, self.scaled
        return {code: scaled(advances[glyph]) for code, glyph in self.glyphs.items()}

    def subset(self, used: set[int]) -> bytes:
        """A font program with the glyphs numbered in ``used`` (and their parts); the others empty."""
        loca = self._offsets()
        glyf = self.table(b"glyf")
        wanted = {0} | set(used)
        pending = list(wanted)
        while pending:  # a composite glyph (an accented letter) needs the glyphs it is made of
            glyph = pending.pop()
            for part in _components(glyf[loca[glyph] : loca[glyph + 1]]):
                if part not in wanted and part < len(loca) - 1:
                    wanted.add(part)
                    pending.append(part)
        outlines = bytearray()
        offsets = array("I")
        for glyph in range(len(loca) - 1):
            offsets.append(len(outlines))
            if glyph in wanted:
                outlines += glyf[loca[glyph] : loca[glyph + 1]]
                outlines += b"\0" * (-len(outlines) % 4)
        offsets.append(len(outlines))
        offsets.byteswap()
        head = bytearray(self.table(b"head"))
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set once the file is whole
        head[50:52] = struct.pack(">h", 1)  # indexToLocFormat: long offsets
        tables = {tag: self.table(tag) for tag in EMBEDDED_TABLES if tag in self.tables}
        tables.update({b"glyf": bytes(outlines), b"loca": offsets.tobytes(), b"head": bytes(head)})
        program = bytearray(_font_file(tables))
        where = _parse_directory(bytes(program))[b"head"][0]
        struct.pack_into(">I", program, where + 8, (0xB1B0AFBA - _checksum(bytes(program))) & 0xFFFFFFFF)
        return bytes(program)

    def _offsets(self) -> list[int]:
        loca = self.table(b"loca")
        (long_offsets,) = struct.unpack_from(">h", self.table(b"head"), 50)
        if long_offsets:
            return list(struct.unpack(f">{len(loca) // 4}I", loca))
        return [offset * 2 for offset in struct.unpack(f">{len(loca) // 2}H", loca)]


@cache
def read_font(path: Path) -> TrueTypeFont:
    """Read a TrueType font file (the bundled ones: read once per run)."""
    data = path.read_bytes()
    try:
        return _parse(data, path.stem)
    except (struct.error, KeyError, IndexError) as error:
        raise FontFormatError(f"{path.name} is not a TrueType font this reader understands") from error


def _parse(data: bytes, stem: str) -> TrueTypeFont:
    (version,) = struct.unpack_from(">I", data, 0)
    if version not in (0x00010000, 0x74727565):
        raise FontFormatError(f"{stem} is not a TrueType font")
    tables = _parse_directory(data)
    head_at, hhea_at = tables[b"head"][0], tables[b"hhea"][0]
    (units_per_em,) = struct.unpack_from(">H", data, head_at + 18)
    box = struct.unpack_from(">4h", data, head_at + 36)
    ascent, descent = struct.unpack_from(">hh", data, hhea_at + 4)
    (metrics,) = struct.unpack_from(">H", data, hhea_at + 34)
    (glyph_count,) = struct.unpack_from(">H", data, tables[b"maxp"][0] + 4)
    hmtx_at = tables[b"hmtx"][0]
    advances = list(struct.unpack_from(f">{2 * metrics}H", data, hmtx_at)[::2])
    advances += [advances[-1]] * (glyph_count - metrics)  # the last advance repeats (monospaced tails)
    cap_height, weight = ascent, 400
    if b"OS/2" in tables:
        os2_at, os2_length = tables[b"OS/2"]
        os2_version, _, weight = struct.unpack_from(">HhH", data, os2_at)
        if os2_version >= 2 and os2_length >= 90:
            (cap_height,) = struct.unpack_from(">h", data, os2_at + 88)
    return TrueTypeFont(
        name=stem.replace("-", "").replace(" ", ""),
        data=data,
        tables=tables,
        glyphs=_unicode_cmap(data, tables[b"cmap"][0]),
        advances=tuple(advances),
        units_per_em=units_per_em,
        box=(box[0], box[1], box[2], box[3]),
        ascent=ascent,
        descent=descent,
        cap_height=cap_height,
        weight=weight,
    )


def _parse_directory(data: bytes) -> dict[bytes, tuple[int, int]]:
    """Each table's tag -> (offset, length), from the directory at the start of the file."""
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for number in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * number)
        tables[tag] = (offset, length)
    return tables


def _unicode_cmap(data: bytes, at: int) -> dict[int, int]:
    """Character code -> glyph number, from the fullest Unicode subtable (format 12, else 4)."""
    (count,) = struct.unpack_from(">H", data, at + 2)
    subtables: dict[int, int] = {}
    for number in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, at + 4 + 8 * number)
        (kind,) = struct.unpack_from(">H", data, at + offset)
        if (platform, encoding) in ((3, 10), (0, 4), (0, 6)) and kind == 12:
            subtables.setdefault(12, at + offset)
        elif (platform, encoding) in ((3, 1), (0, 3), (0, 1)) and kind == 4:
            subtables.setdefault(4, at + offset)
    if 12 in subtables:
        return _format_12(data, subtables[12])
    if 4 in subtables:
        return _format_4(data, subtables[4])
    raise FontFormatError("no Unicode character map")


def _format_12(data: bytes, at: int) -> dict[int, int]:
    (groups,) = struct.unpack_from(">I", data, at + 12)
    glyphs: dict[int, int] = {}
    for start, end, first in struct.iter_unpack(">III", data[at + 16 : at + 16 + 12 * groups]):
        glyphs.update(zip(range(start, end + 1), range(first, first + end - start + 1), strict=True))
    return {code: glyph for code, glyph in glyphs.items() if glyph}


def _format_4(data: bytes, at: int) -> dict[int, int]:
    (segments,) = struct.unpack_from(">H", data, at + 6)
    segments //= 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts_at = at + 16 + 2 * segments
    starts = struct.unpack_from(f">{segments}H", data, starts_at)
    deltas = struct.unpack_from(f">{segments}h", data, starts_at + 2 * segments)
    ranges_at = starts_at + 4 * segments
    ranges = struct.unpack_from(f">{segments}H", data, ranges_at)
    glyphs: dict[int, int] = {}
    for number, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, ranges, strict=True)):
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                where = ranges_at + 2 * number + offset + 2 * (code - start)
                (glyph,) = struct.unpack_from(">H", data, where)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                glyphs[code] = glyph
    return glyphs


def _components(glyph: bytes) -> list[int]:
    """The glyphs a composite glyph is built from (none for a simple glyph)."""
    if len(glyph) < 10 or struct.unpack_from(">h", glyph, 0)[0] >= 0:
        return []
    parts, at, flags = [], 10, _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:
        flags, part = struct.unpack_from(">HH", glyph, at)
        parts.append(part)
        at += 4 + (4 if flags & _WORD_ARGUMENTS else 2)
        at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
    return parts


def _font_file(tables: dict[bytes, bytes]) -> bytes:
    """An sfnt file of ``tables``, with its directory and checksums."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    search = power * 16
    header = struct.pack(">IHHHH", 0x00010000, count, search, power.bit_length() - 1, count * 16 - search)
    directory = bytearray()
    body = bytearray()
    at = 12 + 16 * count
    for tag in tags:
        table = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(table), at + len(body), len(table))
        body += table + b"\0" * (-len(table) % 4)
    return header + bytes(directory) + bytes(body)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return int(sum(struct.unpack(f">{len(padded) // 4}I", padded))) & 0xFFFFFFFF
