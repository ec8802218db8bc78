"""The post: the text the writer owns, plus a parsed view of its front matter.

The text is the truth. Fields are read from it and written back by splicing new front matter text
between the original delimiters, so everything not edited keeps its bytes: opening and saving without
edits gives the same file (BOM, CRLF line endings, missing final newline and all); setting one field
changes that field's line(s) only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recap_editor.document import frontmatter as fm
from recap_editor.document.files import (FileStamp, NotARegularFileError, PendingWrite,
                                         ReadOnlyFileError, TooLargeError, fsync_dir,
                                         is_read_only, prepare_write, read_regular_file,
                                         remove_stale_temps)
from recap_editor.document.frontmatter import FrontMatterError

__all__ = ["Post", "FrontMatterError", "ChangedOnDiskError", "DocumentError", "ReadOnlyError"]

_BOM = "\ufeff"
MAX_POST_BYTES = 256 * 1024 * 1024   # far past any post (20 MB ones open fine); not a disk image
# Files a post may be kept in; a file of another kind that is not UTF-8 is no post at all (a PDF,
# a photo), and "save it as UTF-8" would be the wrong advice.
_TEXT_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".txt"})


class DocumentError(OSError):
    """A post that cannot be read or written at all (missing, unreadable, not UTF-8)."""

    def __init__(self, message: str, path: object = None) -> None:
        super().__init__(message)
        self.message, self.path = message, path

    def __str__(self) -> str:
        return f"{self.path}: error: {self.message}" if self.path else f"error: {self.message}"


class ChangedOnDiskError(DocumentError):
    """The file was changed by someone else since it was loaded; saving would lose their edit."""


class ReadOnlyError(DocumentError):
    """The file is write-protected; the writer's protection wins (offer Save As instead)."""


class Post:
    """A post: text with front matter and a body. Build with :meth:`load` or :meth:`from_text`."""

    def __init__(self, text: str, path: Path | str | None = None, *, bom: bool = False,
                 newline: str | None = "\n") -> None:
        self.path = Path(path) if path is not None else None
        self._bom = bom
        # "\n" or "\r\n": how lines end on disk; None when a file mixes both (kept as they are).
        self._newline = newline
        self._stamp: FileStamp | None = None
        self._parse(text)

    # ------------------------------------------------------------------------------ construction

    @classmethod
    def from_text(cls, text: str, path: Path | str | None = None) -> "Post":
        """A post from editor text (any line endings; "\\n" is what editors hand over)."""
        bom = text.startswith(_BOM)
        text = text[1:] if bom else text
        newline = _newline_style(text)
        if newline == "\r\n":
            text = text.replace("\r\n", "\n")
        return cls(text, path, bom=bom, newline=newline)

    @classmethod
    def from_bytes(cls, data: bytes, path: Path | str | None = None) -> "Post":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            suffix = Path(path).suffix.lower() if path is not None else ""
            if suffix and suffix not in _TEXT_SUFFIXES:   # a PDF or photo opened by mistake
                raise DocumentError(f"not a Markdown post (a {suffix} file; not UTF-8 text at byte "
                                    f"{exc.start}): open the post's .md file", path) from None
            raise DocumentError(f"not UTF-8 text (byte {exc.start}): save it as UTF-8 first",
                                path) from None
        return cls.from_text(text, path)

    @classmethod
    def load(cls, path: Path | str, tidy: bool = True) -> "Post":
        """The post at `path`. `tidy`: also remove what a killed save of it left beside it (when a
        post is opened; a scan of the site's posts reads them without touching their folders, and
        without listing a folder of hundreds of posts once for each of them)."""
        path = Path(path)
        try:
            # A FIFO or device is refused before it is read, and so is a file of gigabytes.
            data = read_regular_file(path, MAX_POST_BYTES)
        except FileNotFoundError:
            raise DocumentError("no such file", path) from None
        except IsADirectoryError:
            raise DocumentError("is a folder, not a post", path) from None
        except NotARegularFileError as exc:
            raise DocumentError(f"{exc}: only plain files can be opened as posts", path) from None
        except TooLargeError as exc:
            raise DocumentError(f"{exc}: not opened", path) from None
        except OSError as exc:
            raise DocumentError(exc.strerror or str(exc), path) from None
        if tidy:
            remove_stale_temps(path)   # what a save killed half-way left next to the post
        post = cls.from_bytes(data, path)
        post._stamp = FileStamp.of_bytes(data, path)
        return post

    # ---------------------------------------------------------------------------------- parsing

    def _parse(self, text: str) -> None:
        self._text = text
        self._split = fm.split_text(text)
        self._doc: Any = None      # the style-keeping document: made when a field is first edited
        self.error: FrontMatterError | None = self._split.error
        values: dict[str, Any] = {}
        if self._split.format and self.error is None:
            try:
                values, self._doc = fm.parse_values(self._split.format, self._split.front_matter, 2)
            except FrontMatterError as exc:
                self.error = exc
        if self.error is not None:
            self.error.path = self.path
        self._fields = values

    def _document(self) -> Any:
        if self._doc is None:
            self._doc = fm.parse(self._split.format, self._split.front_matter, 2)
        return self._doc

    # ------------------------------------------------------------------------------- the text

    @property
    def text(self) -> str:
        """The whole post as an editor shows it: "\\n" line endings, no BOM."""
        return self._text

    def set_text(self, text: str) -> None:
        """Replace everything (the writer typed in the editor) and parse it again.

        ``text`` is the editor's raw text: a file of mixed line endings keeps each line's own
        ending; only a file written all in CRLF is held with "\\n" (and written back as CRLF)."""
        if self._newline == "\r\n":
            text = text.replace("\r\n", "\n")
        elif self._newline == "\n" and "\r\n" in text:
            self._newline = None   # CRLF came in (a paste): keep every line as it is from now on
        self._parse(text)

    @property
    def format(self) -> str | None:
        return self._split.format

    @property
    def front_matter_text(self) -> str:
        return self._split.front_matter

    @property
    def body(self) -> str:
        return self._split.body

    @body.setter
    def body(self, body: str) -> None:
        self._parse(self._split.head + body)

    @property
    def body_line(self) -> int:
        """1-based line of :attr:`text` where the body starts."""
        return self._split.body_line

    # ----------------------------------------------------------------------------- the fields

    @property
    def fields(self) -> dict[str, Any]:
        """The front matter as plain Python values (empty while it cannot be parsed)."""
        return dict(self._fields)

    def get(self, key: str, default: Any = None) -> Any:
        return self._fields.get(key, default)

    def field_line(self, key: str) -> int | None:
        """1-based line of ``key`` in :attr:`text`, for messages that point at a field."""
        if key not in self._fields:
            return None
        for number, line in enumerate(self._split.front_matter.splitlines(), start=2):
            stripped = line.lstrip().lstrip("\"'")
            if stripped.startswith(key) and stripped[len(key):].lstrip("\"' \t")[:1] in ("=", ":"):
                return number
        return None

    def set(self, key: str, value: Any) -> None:
        """Set one field; only its line(s) change. Adding a field appends it in the same style."""
        self._require_fields(f"set '{key}'")
        if key in self._fields:
            current = self._fields[key]
            wanted = fm.coerce_like(current, value)
            if wanted == current and type(wanted) is type(current):
                return  # the value it already has: the text stays byte-identical
        if self._split.format is None:
            self._add_front_matter()
        new_fm = fm.set_field(self._split.format, self._split.front_matter, self._document(), key, value)
        self._replace_front_matter(new_fm)

    def unset(self, key: str) -> None:
        """Remove one field and only its lines; unknown keys are left alone."""
        self._require_fields(f"remove '{key}'")
        if key not in self._fields:
            return
        new_fm = fm.remove_field(self._split.format, self._split.front_matter, self._document(), key)
        self._replace_front_matter(new_fm)

    def _require_fields(self, action: str) -> None:
        if self.error is not None:
            raise FrontMatterError(f"cannot {action}: fix the front matter first "
                                   f"({self.error.message})", self.error.line, self.path)

    def _add_front_matter(self) -> None:
        """A post without front matter gets an empty TOML block, as Hugo's own archetypes do."""
        self._parse("+++\n+++\n" + self._text)

    def _replace_front_matter(self, new_front_matter: str) -> None:
        s = self._split
        if not new_front_matter.endswith("\n") and s.closing:
            new_front_matter += "\n"
        text = s.opening + new_front_matter + s.closing + s.body
        if fm.split_text(text).front_matter != new_front_matter:
            # A value holding a delimiter line would end the front matter early: the post could
            # not be read back. Nothing is changed.
            raise FrontMatterError("the new value holds a line that would end the front matter "
                                   f"('{fm.DELIMITERS[s.format]}'); write it on one line",
                                   1, self.path)
        self._parse(text)

    # ---------------------------------------------------------------------------------- saving

    def to_bytes(self) -> bytes:
        text = self._text
        if self._newline == "\r\n":
            text = text.replace("\n", "\r\n")
        return ((_BOM if self._bom else "") + text).encode("utf-8")

    @property
    def stamp(self) -> FileStamp | None:
        """What the file held when this post was loaded or last saved (None: never on disk)."""
        return self._stamp

    def changed_on_disk(self) -> bool:
        """True when the file no longer holds what was loaded or last saved."""
        if self.path is None or self._stamp is None:
            return False
        return not self._stamp.matches(self.path)

    def save(self, path: Path | str | None = None, force: bool = False) -> Path:
        """Write atomically. Refuses, unless ``force``, to overwrite a file changed since it was
        loaded, or (Save As) a different file that already exists.

        The same three steps a window runs on two threads: :meth:`save_request` (a snapshot),
        :func:`write_save` (the slow write and fsync) and :meth:`finish_save` (check, rename)."""
        request = self.save_request(path, force)
        pending = write_save(request)
        try:
            target = self.finish_save(request, pending)
        except BaseException:
            pending.discard()
            raise
        fsync_dir(target.parent)
        return target

    def save_request(self, path: Path | str | None = None, force: bool = False) -> "SaveRequest":
        """What to save, frozen now: the writer may keep typing while a worker writes it."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise DocumentError("the post has no file yet: choose where to save it")
        same_file = self.path is not None and target.resolve() == self.path.resolve()
        return SaveRequest(target, self.to_bytes(), self._text, same_file, self._stamp, force)

    def finish_save(self, request: "SaveRequest", pending: PendingWrite, force: bool = False) -> Path:
        """The quick last step (the GUI thread's): check by content that the file still holds what
        was loaded or last saved, then rename the written temporary over it.

        On :class:`ChangedOnDiskError` the temporary is kept: call again with ``force`` (the writer
        keeps their version) or :meth:`PendingWrite.discard` it."""
        if not force:
            refuse_overwrite(request)
        return self.commit_save(request, pending)

    def commit_save(self, request: "SaveRequest", pending: PendingWrite) -> Path:
        """Only the rename of :meth:`finish_save`, for a caller whose worker has just made the
        same check (``workspace.disk.prepare_save``): the file on disk is not read here."""
        try:
            pending.commit()
        except OSError as exc:
            raise DocumentError(f"cannot save: {exc.strerror or exc}", request.target) from None
        self.path = request.target
        self._stamp = FileStamp.of_bytes(request.data, request.target)
        if self.error is not None:
            self.error.path = request.target
        return request.target


@dataclass(frozen=True)
class SaveRequest:
    """A save's snapshot: where, which bytes (``text`` is what they encode), and what the file held
    when the post was loaded or last saved (``stamp``)."""

    target: Path
    data: bytes
    text: str
    same_file: bool
    stamp: FileStamp | None
    force: bool


def refuse_overwrite(request: SaveRequest) -> None:
    if request.force:
        return
    if request.same_file:
        if request.stamp is not None and not request.stamp.matches(request.target):
            raise ChangedOnDiskError("changed on disk since it was opened; reload it, or save "
                                     "anyway to overwrite the other change", request.target)
    elif request.target.exists():
        raise ChangedOnDiskError("already exists; choose another name or overwrite it",
                                 request.target)


def write_save(request: SaveRequest) -> PendingWrite:
    """The slow half of a save (safe on a worker: it reads only the snapshot): every refusal, then
    the bytes written and fsynced to a temporary beside the target. Nothing is replaced yet."""
    target = request.target
    if is_read_only(target):
        raise ReadOnlyError("is read-only: it was not changed; use Save As to save a copy, "
                            "or make it writable first", target)
    refuse_overwrite(request)
    try:
        return prepare_write(target, request.data)   # writes through a symlink to its target
    except ReadOnlyFileError:
        raise ReadOnlyError("is read-only: it was not changed; use Save As to save a copy",
                            target) from None
    except NotARegularFileError as exc:
        raise DocumentError(f"{exc}: cannot save a post there", target) from None
    except OSError as exc:
        raise DocumentError(f"cannot save: {exc.strerror or exc}", target) from None


def _newline_style(text: str) -> str | None:
    crlf = text.count("\r\n")
    lf = text.count("\n")
    if crlf == 0:
        return "\n"
    if crlf == lf:
        return "\r\n"
    return None  # mixed: the text is kept exactly as it is
