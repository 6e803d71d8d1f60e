"""Every form that can come back with field errors starts with an error summary that links
to each field (docs/accessibility.md); the browser test checks that it takes focus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "directory" / "templates"
FIELD_MACROS = re.compile(r"\b(field|radios|checkboxes|checkbox)\(")
# Templates whose forms answer a failed submit with a redirect and a flashed error
# (role="alert"), never by showing the form again with field errors.
REDIRECT_ON_ERROR = {
    "auth/profile.html": "two-factor code forms: a wrong code redirects with a message",
    "partnerships/reported.html": "a resolution without a note redirects with a message",
}

# Macros of form parts, each shown only by forms that have the summary themselves.
PARTS = {"listings/_sections.html": ("listings/form.html", "listings/step.html")}


def form_templates() -> list[str]:
    return sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "_macros" not in path.parts and FIELD_MACROS.search(path.read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize("name", form_templates())
def test_each_form_template_has_an_error_summary(name):
    shown_by = PARTS.get(name, (name,))
    for shown in shown_by:
        text = (TEMPLATES / shown).read_text(encoding="utf-8")
        assert "error_summary(" in text or shown in REDIRECT_ON_ERROR, shown
        if shown != name:
            assert f'"{name}"' in text, f"{shown} does not show {name}"


def test_the_summary_links_to_the_fields_and_can_take_focus(client):
    html = client.post("/auth/login", data={"email": "", "password": ""}).get_data(as_text=True)
    summary = html[html.index('<div class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert 'tabindex="-1"' in summary and 'role="alert"' in summary
    assert 'href="#email"' in summary and 'href="#password"' in summary
    assert "error-summary.js" in html
