"""Fonts already on this computer that can draw what the bundled DejaVu Sans cannot (Chinese, say).

Looked for only when a PDF holds such characters, in the usual font folders
of Linux, macOS and Windows; nothing is downloaded and nothing is copied
into the data folder. A font that cannot be read is passed over.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

FONT_FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    "%WINDIR%/Fonts",
    "%LOCALAPPDATA%/Microsoft/Windows/Fonts",
)
SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
# Broad fonts first (whole scripts in one file), so a few files usually cover everything.
PREFERRED = ("notosans", "droidsansfallback", "arialuni", "pingfang", "hiragino", "msyh", "simsun",
             "malgun", "nirmala", "segoeui", "seguisym", "seguiemj", "notocoloremoji", "unifont")  # fmt: skip
MAX_FILES = 5000


@dataclass(frozen=True)
class FoundFont:
    """A font file (and its face in a collection) and the wanted characters it has."""

    path: Path
    index: int
    characters: frozenset[str]


def font_folders() -> list[Path]:
    """The usual font folders that exist here, ``~`` and ``%VARIABLES%`` expanded."""
    folders = []
    for folder in FONT_FOLDERS:
        expanded = os.path.expandvars(str(Path(folder).expanduser()))
        if "%" not in expanded and Path(expanded).is_dir():
            folders.append(Path(expanded))
    return folders


def find_fonts_for(
    characters: Iterable[str], folders: Iterable[Path] | None = None
) -> tuple[list[FoundFont], set[str]]:
    """Fonts that together draw as many of ``characters`` as possible, and the ones none can."""
    remaining = set(characters)
    chosen: list[FoundFont] = []
    for path in _candidates(font_folders() if folders is None else list(folders)):
        if not remaining:
            break
        for index, mapped in _faces(path):
            found = remaining & mapped
            if found:
                chosen.append(FoundFont(path, index, frozenset(found)))
                remaining -= found
    return chosen, remaining


def _candidates(folders: list[Path]) -> list[Path]:
    files: list[Path] = []
    for folder in folders:
        for root, _, names in os.walk(folder):
            files += [Path(root) / name for name in names if name.lower().endswith(SUFFIXES)]
            if len(files) >= MAX_FILES:
                break

    def rank(path: Path) -> tuple[int, str]:
        name = path.name.lower().replace("-", "").replace("_", "").replace(" ", "")
        preferred = next((number for number, start in enumerate(PREFERRED) if name.startswith(start)), None)
        return (len(PREFERRED) if preferred is None else preferred, str(path))

    return sorted(files[:MAX_FILES], key=rank)


def _faces(path: Path) -> Iterator[tuple[int, set[str]]]:
    """Each face of a font file with the characters it maps; unreadable files yield nothing."""
    from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            with TTCollection(str(path), lazy=True) as collection:
                faces = [set(map(chr, font.getBestCmap() or {})) for font in collection.fonts]
        else:
            with TTFont(str(path), lazy=True) as font:
                faces = [set(map(chr, font.getBestCmap() or {}))]
    except Exception:  # noqa: BLE001 - a damaged or unusual font file is simply not used
        return
    yield from enumerate(faces)
