"""Data files shipped with Recap Editor (installed as the package ``recap_editor.resources``).

Look files up through :func:`recap_editor.paths.resource_path`, never by hand.
"""
