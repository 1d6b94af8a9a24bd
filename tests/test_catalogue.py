from pathlib import Path

import pytest

from golive import catalogue
from golive.vendors import registry
from golive.verdict import Level

SHARED = Path(__file__).resolve().parents[2] / "shared" / "spec" / "behaviours.md"


def test_counts_match_the_catalogue_header() -> None:
    items = catalogue.catalogue()
    assert len(items) == 213
    assert {v: len(catalogue.for_vendor(v)) for v in ("abs", "otr", "otto", "tms")} == {
        "abs": 83, "otr": 36, "otto": 49, "tms": 45}
    wheres = [b.where for b in items.values()]
    assert (wheres.count("sandbox+live"), wheres.count("destructive"), wheres.count("sandbox-only"),
            wheres.count("live-only")) == (115, 76, 21, 1)


@pytest.mark.parametrize(("behaviour", "level"), [
    ("ABS-03", Level.FACT),  # stated
    ("ABS-15", Level.ASSUMPTION),  # implied
    ("ABS-05", Level.FACT),  # implied, but a severity override
    ("ABS-44", Level.FACT),  # example
    ("ABS-10", Level.FACT),  # mixed: stated (header) / implied (401)
    ("OTR-19", Level.FACT),
    ("OTR-36", Level.FACT),  # example; its tag and basis sit on the item's last line
])
def test_levels_follow_the_severity_rules(behaviour: str, level: Level) -> None:
    assert catalogue.catalogue()[behaviour].level is level


def test_every_item_has_a_basis() -> None:
    assert [b.id for b in catalogue.catalogue().values() if not b.basis] == []


def test_quotes_are_the_documents_words() -> None:
    item = catalogue.catalogue()["ABS-71"]
    assert item.quote.startswith("204 (No Content) The GET request had the proper format")
    assert item.where == "sandbox+live"
    document = (Path(catalogue.__file__).parent / "data" / "abs-warranty.txt").read_text("utf-8")
    assert " ".join(document.split()).count("The body will be blank.") == 1


@pytest.mark.parametrize("vendor", list(registry()))
def test_every_quote_is_in_the_vendors_document(vendor: str) -> None:
    copy = Path(catalogue.__file__).parent / "data" / registry()[vendor].document
    document = " ".join(copy.read_text("utf-8").split())
    for behaviour in catalogue.for_vendor(vendor).values():
        for part in behaviour.quote.split(" · "):
            for piece in part.split(" … "):
                assert piece.strip() in document, (behaviour.id, piece)


@pytest.mark.skipif(not SHARED.exists(), reason="the pinned shared/ spec is not beside this checkout")
def test_the_copy_is_the_pinned_catalogue() -> None:
    copy = Path(catalogue.__file__).parent / "data" / "behaviours.md"
    assert copy.read_text("utf-8") == SHARED.read_text("utf-8")


@pytest.mark.skipif(not SHARED.exists(), reason="the pinned shared/ seeds are not beside this checkout")
@pytest.mark.parametrize("vendor", list(registry()))
def test_the_document_copy_is_the_vendors_seed(vendor: str) -> None:
    name = registry()[vendor].document
    copy = Path(catalogue.__file__).parent / "data" / name
    assert copy.read_text("utf-8") == (SHARED.parents[1] / "seeds" / name).read_text("utf-8")
