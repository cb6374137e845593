"""Every public page is valid HTML, as the Nu Html Checker (vnu) sees it."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from wagtail.models import Page

from stadtwerk.demo import demo_data_load
from website.tests.test_section_pages import SECTION_PAGES

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def validate(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    assert java and VNU.exists(), "make test installs Java and vnu-jar (node_modules)"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr)["messages"]


@pytest.mark.django_db
def test_every_public_page_is_valid_html(client, tmp_path):
    demo_data_load()
    directions = Page.objects.get(slug="anfahrtskizze").specific
    map_id = next(block.id for block in directions.body if block.block_type == "third_party")
    urls = [
        "/",
        "/kontakt-hilfe/",
        *[f"/kontakt-hilfe/{slug}/" for slug in SECTION_PAGES],
        "/kontakt-hilfe/suche/?q=Strom",
        "/kontakt-hilfe/suche/?q=Quantenflux",
        f"/kontakt-hilfe/anfahrtskizze/?extern={map_id}",
    ]
    files = []
    for number, url in enumerate(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        file = tmp_path / f"{number:02d}.html"
        file.write_bytes(response.content)
        files.append(file)

    errors = [
        f"{urls[int(Path(m['url']).stem)]}:{m.get('lastLine')}: {m['message']}"
        for m in validate(files)
    ]

    assert errors == []
