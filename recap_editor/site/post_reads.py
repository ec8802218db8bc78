"""Reading a site's posts once per site load.

Loading a site reads every post twice over: its conventions are learnt from the posts
(`infer.read_posts`) and its pages are indexed for URLs and references (`index.site_index`). A
post parsed for one is handed to the other: within `one_read_each()` (the span of a site load, on
the thread doing it), a file whose size and modification time are unchanged is parsed once. Outside
it nothing is kept, so no parsed front matter outlives the load.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from recap_editor.document.post import Post

_LOCAL = threading.local()


@contextmanager
def one_read_each() -> Iterator[None]:
    outer = getattr(_LOCAL, "posts", None)
    if outer is None:
        _LOCAL.posts = {}
    try:
        yield
    finally:
        if outer is None:
            _LOCAL.posts = None


def read_site_post(path: Path) -> Post:
    """`Post.load(path)` for a scan of the site (its folder left as it is): parsed once per site
    load. Raises DocumentError as Post.load does."""
    posts = getattr(_LOCAL, "posts", None)
    if posts is None:
        return Post.load(path, tidy=False)
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    post = posts.get(key)
    if post is None:
        post = posts[key] = Post.load(path, tidy=False)
    return post
