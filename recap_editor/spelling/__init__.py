"""Spell checking without Qt: which words of a post to check (`words`), the dictionaries and the
personal word list (`speller`), and the site's own vocabulary (`site_words`, in `site/`)."""
