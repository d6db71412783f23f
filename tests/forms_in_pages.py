"""Read a form out of a rendered page the way a browser would submit it, unchanged.

`form_data(html)` returns what pressing the form's submit button would send: every named input with its
value (checked boxes and radios only), every select's selected options, every textarea's text. The edit round
trip tests post it back and check that nothing was lost.
"""

from __future__ import annotations

from lxml import html as lxml_html

NOT_SENT = {"submit", "button", "reset", "image", "file"}


def _forms(page: str) -> list:
    return lxml_html.fromstring(page).xpath("//form[@method='post' or @method='POST']")


def form_data(page: str, *, index: int | None = None, containing: str | None = None) -> dict[str, list[str]]:
    """The values of one POST form on the page: the only one, the `index`th, or the one with a field named
    `containing`. Values are lists (as a browser may send a name twice)."""
    forms = _forms(page)
    if containing is not None:
        forms = [form for form in forms if form.xpath(f".//*[@name='{containing}']")]
    if index is None:
        forms = [form for form in forms if form.xpath(".//*[@name and @name!='csrfmiddlewaretoken']")]
        assert len(forms) == 1, f"expected one form with fields, found {len(forms)}"
        form = forms[0]
    else:
        form = forms[index]
    data: dict[str, list[str]] = {}
    for element in form.xpath(".//input[@name] | .//select[@name] | .//textarea[@name]"):
        name = element.get("name")
        if element.get("disabled") is not None:
            continue
        if element.tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in NOT_SENT or (kind in {"checkbox", "radio"} and element.get("checked") is None):
                continue
            value = element.get("value")
            data.setdefault(name, []).append(value if value is not None else ("on" if kind == "checkbox" else ""))
        elif element.tag == "select":
            chosen = element.xpath(".//option[@selected]")
            if not chosen and element.get("multiple") is None:
                chosen = element.xpath(".//option")[:1]
            for option in chosen:
                value = option.get("value")
                data.setdefault(name, []).append(value if value is not None else option.text_content())
            data.setdefault(name, [])
        else:
            text = element.text or ""
            data.setdefault(name, []).append(text[1:] if text.startswith("\n") else text)
    return {name: values for name, values in data.items() if values}


def error_messages(page: str) -> list[str]:
    """The GOV.UK error summary's messages and each field's inline error, as a person reads them."""
    tree = lxml_html.fromstring(page)
    found = [item.text_content().strip() for item in tree.xpath("//*[contains(@class,'govuk-error-summary__list')]//li")]
    found += [item.text_content().replace("Error:", "").strip()
              for item in tree.xpath("//*[contains(@class,'govuk-error-message')]")]
    return found
