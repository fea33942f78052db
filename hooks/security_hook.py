"""MkDocs adapter for page integrity and privacy (registered under `hooks:` in mkdocs.yml, last).

Thin on purpose: hooks/handbook/security.py does the work on each page's final HTML. Registered after
every other hook, so the Content-Security-Policy hashes the inline scripts the page really ends with.
Under `mkdocs serve` the policy allows inline scripts, for the live-reload script the server adds.
"""

from __future__ import annotations

from handbook.security import own_host_of, secure_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

_state = {"serving": False}


def on_startup(command: str, dirty: bool) -> None:
    _state["serving"] = command == "serve"


def _secure(html: str, config: MkDocsConfig, content: str | None = None) -> str:
    return secure_page(html, own_host_of(config.site_url or ""), dev_server=_state["serving"], content=content)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # The page's content is untrusted: its inline scripts, if any slipped through, get no hash.
    return _secure(output, config, page.content)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Static templates: the 404 page gets the same treatment; sitemap.xml is left alone."""
    if not template_name.endswith(".html"):
        return output_content
    return _secure(output_content, config)
