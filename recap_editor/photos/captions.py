"""Captions for a batch of photos, from a plain text file (``recap-editor photos --captions FILE``).

The format, one photo per line::

    # lines starting with # and blank lines are ignored
    IMG_0001.JPG: Priya opening the night
    IMG_0002: The GitOps demo, on stage and on time
    img-0003.jpg: Lightning talks: five minutes, no mercy

Before the first ``:`` is the photo: its file name as given on the command line, with or without
the extension, or the name it was imported under; case is ignored. After it is the caption (the
rest of the line, so a caption may hold more colons). A caption becomes the photo's alt text and
its ``<figcaption>``. A line without ``:``, an empty name or a photo named twice is an error
naming the file and the line; a name matching no photo of the batch is reported, not fatal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath

from recap_editor.photos.gallery_model import Gallery
from recap_editor.photos.importer import PhotoResult


class CaptionsError(ValueError):
    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass
class Captions:
    path: Path
    by_name: dict[str, tuple[str, int]] = field(default_factory=dict)   # key -> (caption, line)

    def caption_for(self, result: PhotoResult) -> str | None:
        """The caption written for this imported photo (by source or imported name), or None."""
        for name in _names(result):
            if name in self.by_name:
                return self.by_name[name][0]
        return None

    def unused(self, results: list[PhotoResult]) -> list[tuple[int, str]]:
        """(line, name) of every caption that matched no photo of the batch."""
        used = {key for r in results for key in _names(r) if key in self.by_name}
        return sorted((line, key) for key, (_c, line) in self.by_name.items() if key not in used)


def _key(name: str) -> str:
    return PurePath(name.strip()).name.casefold()


def _names(result: PhotoResult) -> list[str]:
    """The keys a captions line may use for this photo: source and imported names, with or
    without their extensions."""
    names = []
    for path in (result.source, result.dest):
        if path is not None:
            names += [_key(path.name), _key(path.stem)]
    return names


def parse_captions(text: str, path: Path) -> Captions:
    captions = Captions(path)
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, colon, caption = stripped.partition(":")
        if not colon:
            raise CaptionsError(path, number, f"expected 'photo name: caption', got {stripped!r}")
        key = _key(name)
        if not key:
            raise CaptionsError(path, number, "no photo name before ':'")
        if key in captions.by_name:
            raise CaptionsError(path, number, f"'{name.strip()}' already has a caption on line "
                                              f"{captions.by_name[key][1]}")
        captions.by_name[key] = (caption.strip(), number)
    return captions


def read_captions(path: Path) -> Captions:
    """The captions in ``path``; CaptionsError (file and line) when it cannot be used."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CaptionsError(path, 0, "no such file") from None
    except UnicodeDecodeError:
        raise CaptionsError(path, 0, "not UTF-8 text") from None
    except OSError as exc:
        raise CaptionsError(path, 0, exc.strerror or str(exc)) from None
    return parse_captions(text, path)


def apply_captions(gallery: Gallery, results: list[PhotoResult], captions: Captions,
                   url_for) -> int:
    """Give each photo of ``gallery`` (laid out from ``results``) its caption; the count set."""
    by_url = {}
    for result in results:
        if result.ok:
            caption = captions.caption_for(result)
            if caption is not None:
                by_url.setdefault(url_for(result), caption)
    count = 0
    for photo in gallery.photos():
        if photo.src in by_url:
            photo.caption = by_url[photo.src]
            count += 1
    return count
