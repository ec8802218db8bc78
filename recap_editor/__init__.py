"""Recap Editor: an offline desktop editor for event recap posts on static sites.

The core (``document``, ``render``, ``photos``, ``site``) never imports Qt; ``ui`` is the only
package that does. See ``docs/DESIGN.md`` for the floors and what each one may import.
"""

__version__ = "0.1.0"
