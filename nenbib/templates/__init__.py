"""The landing page template (landing.html.j2) and its precompiled form (landing_html.py, generated)."""
