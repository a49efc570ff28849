"""Extract the interface's strings and update the Welsh catalogue, keeping existing translations.

    python scripts/update_messages.py      (or: make messages)

New strings arrive with an empty translation; the test tests/web/test_i18n.py fails until every one
has its Welsh. Strings are marked with _() / gettext() in code, {{ _("…") }} in templates and N_() in
src/healthassets/web/messages.py for words that come from data; the bundled profile definitions
(src/healthassets/indicators/profiles/*.json) give their names, descriptions, domain names and
descriptions and placements; the index presets fed from the store (src/healthassets/indices/presets)
their names, descriptions, coverage and domain names.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from healthassets import indices

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "healthassets" / "web"
PROFILES = ROOT / "src" / "healthassets" / "indicators" / "profiles"
PO = WEB / "locale" / "cy" / "LC_MESSAGES" / "messages.po"
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "gettext": None, "N_": None}


def extract() -> Catalog:
    catalog = Catalog(project="healthassets", locale="cy")
    for filename, lineno, message, _comments, _context in extract_from_dir(
        WEB, METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        if isinstance(message, str) and message:
            catalog.add(message, locations=[(filename, lineno)])
    for path in sorted(PROFILES.glob("*.json")):
        for message in profile_texts(json.loads(path.read_text(encoding="utf-8"))):
            catalog.add(message, locations=[(f"../indicators/profiles/{path.name}", 1)])
    for name in indices.preset_names():
        for message in index_texts(indices.preset(name)):
            catalog.add(message, locations=[(f"../indices/presets/{name}.toml", 1)])
    return catalog


def index_texts(spec: indices.IndexSpec) -> list[str]:
    """The words an index page shows from a preset fed from the store: its name, description,
    coverage and domain names (capitalised, as the page shows them)."""
    if spec.store is None:
        return []
    texts = [spec.name, spec.description, spec.store.coverage]
    texts += [domain.name.capitalize() for domain in spec.domains]
    return [t.strip() for t in texts if t.strip()]


def profile_texts(profile: dict) -> list[str]:  # type: ignore[type-arg]
    """The words a profile definition shows people: its name and description, its domains' names and
    descriptions, and its indicators' placements."""
    texts = [profile.get("name"), profile.get("description")]
    for domain in profile.get("domains") or []:
        texts += [domain.get("name"), domain.get("description")]
        texts += [i.get("placement") for i in domain.get("indicators") or [] if isinstance(i, dict)]
    return [t.strip() for t in texts if isinstance(t, str) and t.strip()]


def main() -> None:
    fresh = extract()
    old = read_po(PO.open("rb"), locale="cy") if PO.exists() else Catalog(locale="cy")
    for message in fresh:
        if message.id and message.id in old and old[message.id].string:
            message.string = old[message.id].string
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, fresh, width=100, omit_header=False, sort_output=True, include_lineno=False)
    missing = [m.id for m in fresh if m.id and not m.string]
    print(f"{PO.relative_to(ROOT)}: {len(fresh)} strings, {len(missing)} without Welsh")


if __name__ == "__main__":
    main()
