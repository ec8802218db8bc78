"""The application layer, without Qt: what the window and the CLI share.

- `epochs`: every background result carries the epoch it was started for; stale ones are dropped.
- `site`: the open post's site and profile, loaded off the GUI thread, errors kept as values.
- `naming`: where a post is saved, which files of a drop are posts, a site's post list.
- `fields`: form-edit rules (the slug that follows a new post's title).
- `jobs`: the slow use cases (render a page, check a post) as plain functions for a worker.
- `recovery`: autosave files and the work a crashed session left behind.
- `logs`: the rotating log file in the user's state folder.

Nothing here imports Qt or `recap_editor.ui`; the window adapts it with signals.
"""
