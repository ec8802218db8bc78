"""Photos (floor 2, no Qt): import a camera roll as web-ready images, and the gallery rows of a post.

- :mod:`~recap_editor.photos.importer`: batches on worker threads, progress, cancel, per-file errors
- :mod:`~recap_editor.photos.pipeline`: one photo: draft decode, resize, orient, sRGB, encode
- :mod:`~recap_editor.photos.metadata`: the EXIF whitelist and the privacy check of published files
- :mod:`~recap_editor.photos.naming`: slug names, content de-duplication, the atomic rename
- :mod:`~recap_editor.photos.gallery` (+ ``gallery_model``, ``layout``): rows parsed from and
  written to the site's HTML, and the layout of a dropped batch
"""
