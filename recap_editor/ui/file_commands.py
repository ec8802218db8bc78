"""The window's file commands: open, new, save, save as, a site's post list, recent files, drops.

A mixin of `MainWindow` (kept apart so each module stays one readable job); it uses the window's
`session`, `settings`, `profile`, `live`, `form` and `recent_menu`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer

from recap_editor.document.new_post import new_post_filename, new_post_text
from recap_editor.document.post import DocumentError, Post, ReadOnlyError
from recap_editor.ui import dialogs

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}


def site_profile_for(path: Path | None):
    """The site profile of `path`, or None (outside a site, or a site config that cannot be read)."""
    if path is None:
        return None
    try:
        from recap_editor.site.profile import profile_for
        return profile_for(path)
    except Exception:  # noqa: BLE001 - a broken site config must not stop the post from opening
        return None


class FileCommands:
    def _set_profile_for(self, path: Path | None) -> None:
        profile = site_profile_for(path)
        old_root = getattr(self.profile, "root", None)
        self.profile = profile
        if getattr(profile, "root", None) != old_root:
            self.form = self._new_form()
        self.site_action.setEnabled(profile is not None)

    def open_path(self, path: Path | str) -> bool:
        """Open a post (asking about unsaved edits first); False when cancelled or unreadable."""
        path = Path(path).expanduser().resolve()
        if not self.maybe_save():
            return False
        try:
            post = Post.load(path)
        except DocumentError as exc:
            dialogs.show_error(self, "Cannot open post", str(exc))
            return False
        self._set_profile_for(path)
        self.session.recovery.remove()
        self.session.show_loaded(post)
        self.settings.add_recent_file(path)
        self._refresh_recent()
        return True

    def new_post(self, _checked: bool = False, text: str | None = None, path: Path | None = None) -> bool:
        """A new post from the template (not saved yet; `path` is where Save will put it)."""
        if not self.maybe_save():
            return False
        if path is not None:
            self._set_profile_for(path)
        fmt = getattr(self.profile, "front_matter_format", "toml")
        self.session.recovery.remove()
        self.session.new(text if text is not None else new_post_text("New event recap", fmt=fmt), path)
        return True

    def restore_work(self, text: str, path: Path | None) -> None:
        if path is not None:
            self._set_profile_for(path)
        self.session.restore(text, path)

    def _on_post_replaced(self) -> None:
        self._update_title()
        self._update_counts()
        if self.live is not None:
            self.live.load(self.session.post, self.render_options())
        self.post_opened.emit(self.session.post)

    def _on_saved(self, path: Path) -> None:
        self.settings.add_recent_file(path)
        self._refresh_recent()
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 5000)
        self.post_saved.emit(path)

    def open_dialog(self) -> None:
        start = self.session.path.parent if self.session.path else None
        path = dialogs.ask_open_path(self, start)
        if path is not None:
            self.open_path(path)

    def open_site_post(self) -> None:
        if self.profile is not None:
            self.open_site(self.profile.root)

    def open_site(self, root: Path) -> bool:
        """A site folder: pick one of its posts, or start a new one there."""
        profile = site_profile_for(root)
        if profile is None:
            dialogs.show_error(self, "Not a site", f"{root}: no Hugo site configuration found")
            return False
        rows = []
        folder = profile.root / profile.section_dir
        for path in sorted(folder.rglob("*.md"), reverse=True):
            try:
                post = Post.load(path)
                rows.append((path, str(post.get("title") or path.stem), str(post.get("date") or "")))
            except DocumentError:
                rows.append((path, path.stem, ""))
        rows.sort(key=lambda row: row[2], reverse=True)
        choice = dialogs.choose_post(self, profile.root.name, rows)
        if choice == "new":
            self.profile = None
            self._set_profile_for(profile.root)
            return self.new_post()
        if isinstance(choice, Path):
            return self.open_path(choice)
        return False

    def maybe_save(self) -> bool:
        """Ask about unsaved edits; True when it is fine to drop the current text."""
        if not self.session.modified:
            return True
        answer = dialogs.ask_save_changes(self, self.session.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        try:
            return self.session.save()
        except ReadOnlyError as exc:   # the writer protected the file: offer a copy instead
            return dialogs.ask_save_as_read_only(self, Path(exc.path)) and self.save_as()
        except DocumentError as exc:
            dialogs.show_error(self, "Cannot save", str(exc))
            return False

    def save_as(self) -> bool:
        path = dialogs.ask_save_path(self, self._suggested_path())
        if path is None:
            return False
        try:
            ok = self.session.save(path, overwrite_confirmed=True)
        except DocumentError as exc:
            dialogs.show_error(self, "Cannot save", str(exc))
            return False
        if ok:
            self._set_profile_for(path)
            if self.live is not None:
                self.live.load(self.session.post, self.render_options())
        return ok

    def _suggested_path(self) -> Path:
        post = self.session.post
        if post.path is not None:
            return post.path
        title, date = str(post.get("title") or "new post"), post.get("date")
        if self.profile is not None:
            try:
                return self.profile.post_path(str(post.get("slug") or ""), date) if post.get("slug") else \
                    self.profile.root / self.profile.section_dir / new_post_filename(title, str(date))
            except Exception:  # noqa: BLE001 - fall back to a plain name next to the site's posts
                return self.profile.root / self.profile.section_dir / "new-post.md"
        try:
            return Path.home() / new_post_filename(title, str(date))
        except (ValueError, TypeError):
            return Path.home() / "new-post.md"


    # -- recent files ---------------------------------------------------------------------------------
    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        files = [p for p in self.settings.recent_files() if p.exists()]
        for path in files:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", self._clear_recent)
        self.recent_menu.setEnabled(bool(files))

    def _clear_recent(self) -> None:
        self.settings.clear_recent_files()
        self._refresh_recent()

    # -- drag and drop ----------------------------------------------------------------------------------
    @staticmethod
    def _dropped_files(event) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        files = self._dropped_files(event)
        if any(p.suffix.lower() in MARKDOWN_SUFFIXES for p in files) or (files and self.image_drop_handler):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dropped_files(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.handle_dropped_files(self._dropped_files(event)):
            event.acceptProposedAction()
        else:
            super().dropEvent(event)

    def handle_dropped_files(self, files: list[Path]) -> bool:
        """A dropped .md opens; other files (photos) go to `image_drop_handler` when there is one."""
        posts = [p for p in files if p.suffix.lower() in MARKDOWN_SUFFIXES]
        others = [p for p in files if p.suffix.lower() not in MARKDOWN_SUFFIXES]
        if posts:
            QTimer.singleShot(0, lambda: self.open_path(posts[0]))  # not inside the drop: it may ask
            return True
        if others and self.image_drop_handler is not None:
            self.image_drop_handler(others)
            return True
        return False

