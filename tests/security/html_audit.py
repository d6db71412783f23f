"""Find markup in a page that could run script: what a browser would parse, not what text says."""

from __future__ import annotations

from html.parser import HTMLParser

RISKY_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "base", "meta", "link", "style", "template",
              "noscript", "frame", "frameset", "applet", "isindex"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "background", "poster"}


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        own_static = (values.get("src") or values.get("href") or "").startswith("/static/")
        harmless_meta = tag == "meta" and "http-equiv" not in values
        if tag in RISKY_TAGS and not own_static and not harmless_meta:
            self.found.append(f"<{tag} {sorted((k, v) for k, v in attrs if k != 'nonce')}>")
        for name, value in attrs:
            value = (value or "").strip().lower().replace("\\t", "").replace("\\n", "")
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and value.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={value[:30]}>")
            elif name == "style" and ("expression(" in value or "javascript:" in value):
                self.found.append(f"<{tag} style=…>")

    handle_startendtag = handle_starttag


def live_script_surface(html: str) -> list[str]:
    """Elements and attributes that can run script (the layout's own, from a baseline page, compare equal)."""
    auditor = _Auditor()
    auditor.feed(html)
    return sorted(auditor.found)
