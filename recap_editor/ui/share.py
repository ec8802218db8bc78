"""Share a draft with a reviewer who does not run the app: File › Export as HTML (one file, images
embedded), Print… and Export as PDF… of the preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from recap_editor.ui.workers import run_in_background


def _suggested(window, suffix: str) -> str:
    path = window.session.path
    if path is None:
        return str(Path.home() / f"draft{suffix}")
    name = path.parent.name if path.stem == "index" else path.stem
    return str(path.with_name(name + suffix))


def export_html(window, target: Path | None = None):
    """Ask where (unless `target`), then write the page on a worker; the status bar says how it went."""
    if target is None:
        chosen, _ = QFileDialog.getSaveFileName(window, "Export as HTML", _suggested(window, ".html"),
                                                "HTML files (*.html)")
        if not chosen:
            return None
        target = Path(chosen)
    from recap_editor.render.standalone import write_standalone_html

    bar = window.statusBar()
    bar.showMessage(f"Exporting {target.name}…")
    if window.site_pending():   # the site says where /images/… are: wait for it
        window.after_site_loads(lambda: export_html(window, target))
        return None

    def done(problems: list[str]) -> None:
        extra = f" ({len(problems)} problem(s): {problems[0]})" if problems else ""
        bar.showMessage(f"Exported {target}{extra}", 10000)

    return run_in_background(write_standalone_html, window.session.post, window.render_options(), target,
                             on_done=done, on_error=lambda text: bar.showMessage(f"Export failed: {text}", 10000),
                             parent=window)


def export_pdf(window, target: Path | None = None) -> None:
    """The preview as the page prints (QWebEnginePage.printToPdf)."""
    if target is None:
        chosen, _ = QFileDialog.getSaveFileName(window, "Export as PDF", _suggested(window, ".pdf"),
                                                "PDF files (*.pdf)")
        if not chosen:
            return
        target = Path(chosen)
    preview = window.ensure_preview()
    page = preview.page
    bar = window.statusBar()

    def finished(path: str, ok: bool) -> None:
        page.pdfPrintingFinished.disconnect(finished)
        bar.showMessage(f"Saved {path}" if ok else f"Could not write {path}", 10000)

    page.pdfPrintingFinished.connect(finished)
    page.printToPdf(str(target))
    bar.showMessage(f"Writing {target.name}…")


def print_preview(window) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    preview = window.ensure_preview()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, window)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return
    view = preview.view
    view.printFinished.connect(lambda ok: window.statusBar().showMessage(
        "Printed" if ok else "Printing failed", 8000))
    window._printer = printer   # must live until printing finishes
    view.print(printer)
