"""The index pages (/indices, /indices/{slug}): method, components, editable weights kept in the
URL, map, rank intervals, sensitivity, downloads; bad input is a clear 400."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from typing import Any

OLDHAM = "E08000004"


def _ranks(html: str) -> list[str]:
    """The area codes of the results table, in its order."""
    table = html[html.index('id="index-table"') :]
    table = table[: table.index("</table>")]
    return re.findall(r'href="/areas/([EW]\d{8})', table)


def test_the_list_links_every_store_fed_index(site: Any) -> None:
    page = site.get("/indices")
    assert page.status_code == 200
    for slug in ("community-assets", "imd2025", "phw-domains", "warm"):
        assert f'href="/indices/{slug}"' in page.text
    assert 'href="/indices/cni"' not in page.text
    assert 'href="/indices">Indices</a>' in site.get("/").text  # in the header of every page


def test_an_index_page_shows_method_components_map_intervals_and_sensitivity(site: Any) -> None:
    page = site.get("/indices/warm?country=W")
    assert page.status_code == 200
    html = page.text
    for marker in (
        'id="index-method"',
        'id="index-components"',
        'id="domain-weights"',
        'id="choropleth"',
        'id="rank-intervals"',
        'id="index-table"',
        'id="index-sensitivity"',
        "min-max, to 0–100",
        "weighted geometric mean",  # an alternative of the uncertainty analysis
        'name="w.anxiety"',
        'name="d.support"',
        "Domain weights",
    ):
        assert marker in html, marker
    assert len(_ranks(html)) == 22 and "weights-changed" not in html
    assert "not published here" in html  # the English-only culture indicators


def test_changed_weights_stay_in_the_url_and_reorder_the_ranks(site: Any) -> None:
    nominal = site.get("/indices/phw-domains?country=W").text
    mine = site.get("/indices/phw-domains?country=W&d.individual=1&d.community=0&d.structural=0")
    assert mine.status_code == 200
    assert 'id="weights-changed"' in mine.text and 'value="0.0"' in mine.text
    assert _ranks(mine.text) != _ranks(nominal)
    csv_text = site.get("/indices/phw-domains/data.csv?country=W&d.individual=1&d.community=0&d.structural=0")
    rows = list(csv.DictReader(io.StringIO(csv_text.text)))
    assert len(rows) == 22
    for row in rows:
        assert float(row["score"]) == float(row["domain_individual"])


def test_small_areas_show_the_country_top_or_one_authority_with_its_map(site: Any) -> None:
    whole = site.get("/indices/imd2025")
    assert whole.status_code == 200 and len(_ranks(whole.text)) == 50
    assert 'id="choropleth"' not in whole.text and "Choose an authority above" in whole.text
    oldham = site.get(f"/indices/imd2025?parent={OLDHAM}")
    codes = _ranks(oldham.text)
    assert len(codes) > 100 and all(code.startswith("E01") for code in codes)
    geo = site.get(f"/indices/imd2025/map.geojson?parent={OLDHAM}").json()
    assert {f["properties"]["code"] for f in geo["features"]} == set(codes)
    assert all(f["properties"]["colour"].startswith("#") for f in geo["features"])


def test_downloads_csv_geojson_and_the_spec(site: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(site.get("/indices/phw-domains/data.csv").text)))
    assert len(rows) > 290 and {"area_code", "score", "rank", "rank_lower", "domain_community"} <= set(
        rows[0]
    )
    geo = site.get("/indices/phw-domains/map.geojson").json()
    assert len(geo["features"]) == len(rows)
    spec = tomllib.loads(site.get("/indices/phw-domains/spec.toml").text)
    assert spec["slug"] == "phw-domains" and spec["store"]["levels"] == ["ltla"]


def test_welsh_page(site: Any) -> None:
    page = site.get("/indices/phw-domains?country=W&lang=cy")
    assert page.status_code == 200 and '<html lang="cy"' in page.text
    assert "Method and weights" not in page.text and "Normalisation" not in page.text


def test_nonsense_is_a_clear_400_or_404(site: Any) -> None:
    assert site.get("/indices/nonsense").status_code == 404
    assert site.get("/indices/cni").status_code == 404
    for query, words in (
        ("w.nothing=1", "is not a component"),
        ("d.nothing=1", "is not a domain"),
        ("level=lsoa", "exists for ltla"),
        ("country=S", "exists for E, W"),
    ):
        response = site.get(f"/indices/phw-domains?{query}")
        assert response.status_code == 400 and words.lower() in response.text.lower(), query
        assert "Traceback" not in response.text
    for parent in ("W06000015", "E01000001", "nonsense"):
        response = site.get(f"/indices/imd2025?parent={parent}")
        assert response.status_code == 400 and "is not a local authority of England" in response.text


def test_a_weight_typed_wrongly_is_shown_on_the_form_with_the_published_results(site: Any) -> None:
    nominal = site.get("/indices/phw-domains?country=W")
    for query, field, typed in (
        ("w.anxiety=heavy", "w-anxiety", "heavy"),
        ("w.anxiety=-2", "w-anxiety", "-2"),
        ("d.community=lots", "d-community", "lots"),
        ("d.individual=0&d.community=0&d.structural=0", "d-individual", "0"),
    ):
        response = site.get(f"/indices/phw-domains?country=W&{query}")
        html = response.text
        assert response.status_code == 400, query
        assert 'id="weight-problem"' in html and f'href="#{field}"' in html, query
        assert f'id="{field}-error"' in html and f'value="{typed}"' in html, query
        assert "weights-changed" not in html and _ranks(html) == _ranks(nominal.text), query
    welsh = site.get("/indices/phw-domains?country=W&w.anxiety=heavy&lang=cy").text
    assert "rhowch rif" in welsh and "enter a number" not in welsh


def test_the_api_lists_the_indices_and_gives_one_with_the_weights_asked_for(site: Any) -> None:
    listed = site.get("/api/v1/indices").json()
    assert [i["slug"] for i in listed] == ["community-assets", "imd2025", "phw-domains", "warm"]
    api = site.get("/api/v1/indices/phw-domains?country=W&domain_weight=community=0").json()
    page_csv = site.get("/indices/phw-domains/data.csv?country=W&d.community=0").text
    rows = list(csv.DictReader(io.StringIO(page_csv)))
    assert api["changed"] and api["domain_weights"]["community"] == 0.0 and len(api["rows"]) == 22
    by_code = {r["area_code"]: r for r in api["rows"]}
    for row in rows:
        assert float(row["score"]) == by_code[row["area_code"]]["score"]
        assert int(row["rank"]) == by_code[row["area_code"]]["rank"]
    assert set(api["rows"][0]["domains"]) == {"individual", "community", "structural"}
    assert api["sensitivity"] and api["sensitivity"][0]["factor"] == "weights"
    oldham = site.get(f"/api/v1/indices/imd2025?parent={OLDHAM}").json()
    assert len(oldham["rows"]) > 100 and oldham["sensitivity"] is None
    for query, parameter in (
        ("weight=anxiety", "weight"),
        ("weight=nothing=1", "weight"),
        ("domain_weight=community=heavy", "domain_weight"),
        ("country=S", "country"),
    ):
        response = site.get(f"/api/v1/indices/phw-domains?{query}")
        assert response.status_code == 400 and response.json()["error"]["parameter"] == parameter, query
    assert site.get("/api/v1/indices/nope").status_code == 404
    assert "/api/v1/indices/{slug}" in site.get("/openapi.json").json()["paths"]
