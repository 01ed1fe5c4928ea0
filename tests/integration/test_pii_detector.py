"""The PII detector on real Presidio and spaCy: tables of text → expected spans, negatives too."""

from __future__ import annotations

import csv
import json

import pytest
from typer import Typer
from typer.testing import CliRunner

from assistant.conversation.redact import Redactor
from guardrails.pii.config import PiiConfig
from guardrails.pii.detector import PiiDetector
from guardrails.pii.pseudonymise import Pseudonymiser
from tests.conftest import DEMO_STORE

pytestmark = pytest.mark.integration


def catalog_terms() -> list[str]:
    with (DEMO_STORE / "catalog.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return sorted({r["title"] for r in rows} | {r["brand"] for r in rows})


@pytest.fixture(scope="module")
def detector() -> PiiDetector:
    return PiiDetector(PiiConfig(), allow_terms=catalog_terms())


@pytest.fixture(scope="module")
def plain_detector() -> PiiDetector:
    """No allow-list: what the detector does on its own."""
    return PiiDetector(PiiConfig())


def found(detector: PiiDetector, text: str) -> list[tuple[str, str]]:
    return [(s.entity_type, s.text) for s in detector.detect(text)]


POSITIVES = [
    ("My name is Maria Gonzalez", [("PERSON", "Maria Gonzalez")]),
    ("hi, my name is jacob", [("PERSON", "jacob")]),
    ("Please ask Dr. Anette Lahtela to call back", [("PERSON", "Anette Lahtela")]),
    ("Email me at jane.doe+orders@example.com", [("EMAIL_ADDRESS", "jane.doe+orders@example.com")]),
    ("Call me at (555) 123-4567", [("PHONE_NUMBER", "(555) 123-4567")]),
    ("my phone is +44 20 7946 0958", [("PHONE_NUMBER", "+44 20 7946 0958")]),
    ("my number is +1-202-555-0143", [("PHONE_NUMBER", "+1-202-555-0143")]),
    ("can someone call me on 9472 7916?", [("PHONE_NUMBER", "9472 7916")]),
    ("phone: 555.123.4567 ext. 12", [("PHONE_NUMBER", "555.123.4567 ext. 12")]),
    ("Charge my card 4111 1111 1111 1111 please", [("CREDIT_CARD", "4111 1111 1111 1111")]),
    ("visa 5500-0000-0000-0004", [("CREDIT_CARD", "5500-0000-0000-0004")]),
    ("Here's my SSN: 550-53-3582", [("US_SSN", "550-53-3582")]),
    ("My IBAN is GB33BUKB20201555555555", [("IBAN_CODE", "GB33BUKB20201555555555")]),
    ("Ship it to 221B Baker Street", [("STREET_ADDRESS", "221B Baker Street")]),
    (
        "Deliver to 1600 Pennsylvania Avenue, Washington, DC 20500 tomorrow",
        [("STREET_ADDRESS", "1600 Pennsylvania Avenue, Washington, DC 20500")],
    ),
    ("I moved to Nassaustraat 123", [("STREET_ADDRESS", "Nassaustraat 123")]),
    ("Send it to Apt. 4 please", [("STREET_ADDRESS", "Apt. 4")]),
    # names the small model misses: known first names, lower case after a cue, initials
    ("The gift is for my daughter Emma, can you add a note?", [("PERSON", "Emma")]),
    ("Order for Maria Lopez please, she will pick it up", [("PERSON", "Maria Lopez")]),
    ("this is john, can you check order A1043?", [("PERSON", "john")]),
    ("hey its priya here, where is my parcel", [("PERSON", "priya")]),
    ("a gift for emma, she's 7", [("PERSON", "emma")]),
    ("my wife Julia loves the blanket", [("PERSON", "Julia")]),
    ("Thanks, Anna", [("PERSON", "Anna")]),
    ("Best,\nKatarzyna Nowak", [("PERSON", "Katarzyna Nowak")]),
    ("Please deliver it to Szabina J Gelencsér", [("PERSON", "Szabina J Gelencsér")]),
    ("please have the manager call ms. Wijtze", [("PERSON", "Wijtze")]),
    # a name is cut to the name: no possessive, role, line break or form label
    ("Bryan Maclean's order is late", [("PERSON", "Bryan Maclean")]),
    ("Producer Liviana Palerma explained", [("PERSON", "Liviana Palerma")]),
    (
        "Name: Victoria Bruun\nPhone: (72) 754-186",
        [("PERSON", "Victoria Bruun"), ("PHONE_NUMBER", "(72) 754-186")],
    ),
    # phones with extensions; house numbers are not phones
    ("my number is (415) 555-0132 ext. 204", [("PHONE_NUMBER", "(415) 555-0132 ext. 204")]),
    ("Fax: 001-420-335-7509x38548", [("PHONE_NUMBER", "001-420-335-7509x38548")]),
    ("You can reach me on +44 7700 900456", [("PHONE_NUMBER", "+44 7700 900456")]),
    (
        "How do I change my address to 16 48 rue Descartes, Monte Gil, Canada?",
        [("STREET_ADDRESS", "16 48 rue Descartes, Monte Gil, Canada")],
    ),
    (
        "send a new one to 99449 18 McPherson Road Suite 019, call me",
        [("STREET_ADDRESS", "99449 18 McPherson Road Suite 019")],
    ),
    # addresses typed in lower case, and streets named after people
    ("ship it to 1208 oak ave apt 3 please", [("STREET_ADDRESS", "1208 oak ave apt 3")]),
    (
        "He lives on the north side of Joaquin Suarez 2906.",
        [("STREET_ADDRESS", "Joaquin Suarez 2906")],
    ),
    # a compass letter after a house number is not a unit
    ("Ship to 30 N. Main Street please", [("STREET_ADDRESS", "30 N. Main Street")]),
    (
        "Questions? Email Okafor at t.okafor@gmail.com",
        [("PERSON", "Okafor"), ("EMAIL_ADDRESS", "t.okafor@gmail.com")],
    ),
]

NEGATIVES = [
    "Is CS-TRL-10-BRN in stock?",
    "Where is my order A1043?",
    "order #A1043 hasn't arrived, can you check",
    "Do you have the Trailblazer Mid in size 10?",
    "Is Cairnstone waterproof?",
    "The Trailblazer Mid Waterproof Hiking Boot costs $109.99",
    "I need a size 9.5 wide, under 120 dollars",
    "Show me tents for 2 people under $300",
    "kohler whitehaven farmhouse kitchen sink",
    "oliver parsons sofa",
    "accent chairs living room",
    "Can I return it after 30 days?",
    "Call me when the 2 pack is back",
    # shop chat with the shape of a name, a phone or an address
    "CAN I SPEAK TO A REAL PERSON?!?!",
    "I'd like to speak with Customer Service",
    "best Black Friday deals on Samsung TVs",
    "my son wants the Xbox Series X for his birthday",
    "Do you have the Harper accent chair in navy?",
    "Is the Ashley sectional in stock?",
    "tiffany style table lamp",
    "calvin klein jeans 32x30",
    "Michael Kors handbag sale",
    "Is the Hubbard-Thomas lamp dimmable?",
    "Thanks, that helps!",
    "this is great, thanks",
    "I'm looking for a red dress size 8",
    "Where is order #A1043? It was due on 12 March 2024",
    "My tracking number is 7489 2034 1234, can you call the courier?",
    "order number 20417 3321, please call me when it ships",
    "do you have a 2 tb external hard drive",
    "is this a 4 wheel drive toy truck?",
    "can you ship to store 42 for pickup?",
    "Do you ship to Charlotte, NC?",
    "How much is shipping to zip 90210?",
    "delivered on 03/15/2024 but box was damaged",
    "price match for item 123456789?",
    # a unit after a number is not a middle initial; payment services; buttons
    "Output: 65 W. Supports fast charging, right?",
    "It weighs 700 g. Great for a day hike?",
    "Can I pay with Apple Pay or Klarna?",
    "Tap Track Order and nothing happens",
]

#: Store content (descriptions, FAQ answers, policy sections), read with ``kind="document"``.
DOCUMENT_POSITIVES = [
    (
        "Call Maria Gonzalez at 415-555-0199 for a fitting.",
        [("PERSON", "Maria Gonzalez"), ("PHONE_NUMBER", "415-555-0199")],
    ),
    ("Sturdy and warm. — review by Sarah Johnson", [("PERSON", "Sarah Johnson")]),
    ("Loved it on our trip! — Frank", [("PERSON", "Frank")]),
    ("For a custom fit, ask for Davis at the Portland store.", [("PERSON", "Davis")]),
    ("Reviewed by Linda.", [("PERSON", "Linda")]),
    ("Dr. Okafor recommends it.", [("PERSON", "Okafor")]),
    (
        "Ship the replacement to John Miller, 12 Elm Street, Springfield.",
        [("PERSON", "John Miller"), ("STREET_ADDRESS", "12 Elm Street, Springfield")],
    ),
    (
        "Taylor Barabás\nAreavibes Inc\n27 2279 President St\nGleniti",
        [("PERSON", "Taylor Barabás"), ("STREET_ADDRESS", "27 2279 President St\nGleniti")],
    ),
    ("Questions? Write to jane.doe@gmail.com.", [("EMAIL_ADDRESS", "jane.doe@gmail.com")]),
]

DOCUMENT_NEGATIVES = [
    "Capacity: 50 L. Zippered hipbelt pockets keep snacks within reach.",
    "Total output: 20 W. Plays for up to 24 hours per charge.",
    "Made from borosilicate glass. Holds 1.7 L. Rated at 1500 W.",
    "Sleeps 2 with room for small gear inside.",
    "Made from silicone. Drop-tested from 6 ft onto hard surfaces.",
    "The low setting runs for up to 40 hours. IPX6 rated against heavy rain.",
    "A high-resolution codec and a personalized EQ that adapts to your ear.",
    "Hand wash only. Acacia construction heats steadily.",
    "Two eyepieces, a 3x Barlow lens and a tripod, enough to see the craters of the Moon.",
    "Planet facts printed on the image. Thick, recycled cardboard pieces snap together.",
    "Merino wool blend. Machine wash cold, tumble dry low.",
    "We accept Visa, Apple Pay and Klarna Pay in 4, subject to Klarna's approval.",
    "Click Unsubscribe at the bottom of any marketing email.",
    "Sheet sets come in Twin, Full, Queen and King.",
    "Adult apparel comes in XS to XXL.",
    "| Store credit or exchange | Manufacturer warranty |",
    "Send the parcel to Harbor & Pine Returns, 88 Millrace Road, Lewiston, ME 04240, USA.",
    "Privacy Officer, Harbor & Pine Trading Co., 120 Wharf Row, Portland, ME 04101, USA",
    "Returns: mail to Acme Outdoor LLC, 500 Market St, San Francisco, CA 94105.",
    "Visit our showroom at 12 Harbor Street, Portland.",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_personal_data_is_found(detector: PiiDetector, text: str, expected: list) -> None:
    assert found(detector, text) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_shopping_text_is_not_personal_data(detector: PiiDetector, text: str) -> None:
    assert found(detector, text) == []


@pytest.mark.parametrize(("text", "expected"), DOCUMENT_POSITIVES)
def test_personal_data_in_store_content_is_found(
    plain_detector: PiiDetector, text: str, expected: list
) -> None:
    found = [(s.entity_type, s.text) for s in plain_detector.detect(text, kind="document")]
    assert found == expected


@pytest.mark.parametrize("text", DOCUMENT_NEGATIVES)
def test_store_content_words_are_not_personal_data(plain_detector: PiiDetector, text: str) -> None:
    assert plain_detector.detect(text, kind="document") == []


@pytest.mark.slow
def test_at_most_one_percent_of_demo_store_content_is_redacted() -> None:
    """The demo store screened as ingest screens it: catalog names allowed, contacts kept."""
    from guardrails.rules import GuardrailRules
    from guardrails.screen import ContentScreen, StoreContacts
    from ingest.readers.catalog import group_products, read_catalog
    from ingest.readers.faqs import read_faqs
    from ingest.readers.policies import read_policy
    from ingest.store_config import load_store_config

    rows = [row for _, row in read_catalog(DEMO_STORE / "catalog.csv", "catalog.csv").records]
    names = {n for r in rows for n in (r.title, r.brand, r.category, r.color, *r.tags) if n}
    rules = GuardrailRules()
    contact = load_store_config(DEMO_STORE / "store.yaml").persona.support_contact
    screen = ContentScreen(
        rules,
        injection=None,
        pii=PiiDetector(rules.pii, allow_terms=sorted(names)),
        contacts=StoreContacts([contact]),
    )
    texts = {
        "descriptions": [
            p.description or "" for p in group_products([("catalog.csv", r) for r in rows], "USD")
        ],
        "faqs": [f.answer for _, f in read_faqs(DEMO_STORE / "faqs.yaml", "faqs.yaml").records],
        "policy sections": [
            section.text
            for path in sorted((DEMO_STORE / "policies").glob("*.md"))
            for _, policy in read_policy(path, path.name).records
            for section in policy.sections
        ],
    }
    for kind, items in texts.items():
        redacted = [text for text in items if screen.redact(text)[1]]
        assert len(redacted) <= len(items) // 100, (kind, redacted[:5])


def test_catalog_titles_and_brands_are_never_people(detector: PiiDetector) -> None:
    terms = catalog_terms()
    flagged = [t for t in terms if detector.detect(t)]
    assert flagged == []


def test_product_words_keep_titles_from_being_people_without_an_allow_list(
    plain_detector: PiiDetector,
) -> None:
    assert found(plain_detector, "Atlas Non-Slip Yoga Mat") == []
    assert found(plain_detector, "Anchor Robot Vacuum and Mop") == []


def test_a_name_next_to_an_address_keeps_both(detector: PiiDetector) -> None:
    text = "Jarmila Fiedlerová\n\n009 Slovenčeva 51\n Suite 632"
    kinds = dict((kind, value) for kind, value in found(detector, text))
    assert kinds["PERSON"] == "Jarmila Fiedlerová"
    assert kinds["STREET_ADDRESS"].startswith("009 Slovenčeva 51")


def test_disabled_detector_finds_nothing() -> None:
    assert PiiDetector(PiiConfig(enabled=False)).detect("My SSN is 550-53-3582") == []


def test_per_type_threshold_drops_weak_findings() -> None:
    strict = PiiDetector(PiiConfig(entity_thresholds={"PHONE_NUMBER": 0.99}))
    assert found(strict, "Call me at (555) 123-4567") == []


def test_pseudonyms_are_consistent_and_restorable(detector: PiiDetector) -> None:
    conversation = Pseudonymiser(detector)
    redactor: Redactor = conversation  # satisfies the conversation's seam
    first = redactor.redact("My name is Maria Gonzalez, email maria@example.com")
    assert first == "My name is <PERSON_1>, email <EMAIL_ADDRESS_1>"
    second = redactor.redact("Again: maria@example.com, and my friend is Dr. Omar Haddad")
    assert second == "Again: <EMAIL_ADDRESS_1>, and my friend is Dr. <PERSON_2>"
    reply = "Thanks <PERSON_1>, we will write to <EMAIL_ADDRESS_1>. <PHONE_NUMBER_9> stays."
    assert conversation.restore(reply) == (
        "Thanks Maria Gonzalez, we will write to maria@example.com. <PHONE_NUMBER_9> stays."
    )
    assert conversation.value_of("<EMAIL_ADDRESS_1>") == "maria@example.com"


def test_a_stored_mapping_continues_the_conversation(detector: PiiDetector) -> None:
    before = Pseudonymiser(detector)
    before.redact("Call me at (555) 123-4567")
    stored = json.loads(json.dumps(before.to_dict()))
    after = Pseudonymiser.from_dict(stored, detector)
    assert after.redact("(555) 123-4567 or (555) 987-6543, phone either") == (
        "<PHONE_NUMBER_1> or <PHONE_NUMBER_2>, phone either"
    )


def test_a_bad_stored_mapping_is_refused(detector: PiiDetector) -> None:
    from guardrails.errors import GuardrailError

    with pytest.raises(GuardrailError, match="malformed"):
        Pseudonymiser.from_dict({"format": 1, "mapping": {"PERSON_1": "Ann"}}, detector)


def test_p95_latency_per_short_message(detector: PiiDetector) -> None:
    import statistics
    import time

    messages = [t for t, _ in POSITIVES] + NEGATIVES
    timings = []
    for text in messages * 3:
        start = time.perf_counter()
        detector.detect(text)
        timings.append((time.perf_counter() - start) * 1000)
    assert statistics.quantiles(timings, n=20)[18] < 60  # ~10 ms here; generous for slow CI


def test_eval_pii_command_prints_json_last(tmp_path) -> None:
    from assistant.cli_eval_pii import pii

    data = [
        {
            "full_text": "My name is Maria Gonzalez",
            "spans": [{"entity_type": "PERSON", "start_position": 11, "end_position": 25}],
        },
        {
            "full_text": "Here's my SSN: 550-53-3582",
            "spans": [
                {"entity_type": "US_SSN", "start_position": 15, "end_position": 26},
                {"entity_type": "DATE_TIME", "start_position": 0, "end_position": 4},
            ],
        },
    ]
    dataset = tmp_path / "pii.json"
    dataset.write_text(json.dumps(data), encoding="utf-8")
    benign = tmp_path / "benign.txt"
    benign.write_text("tents for 2 people\nCS-TRL-10-BRN\n", encoding="utf-8")
    app = Typer()
    app.command()(pii)
    app.command("noop")(lambda: None)  # two commands: typer keeps the "pii" sub-command name
    result = CliRunner().invoke(
        app, ["pii", "--dataset", str(dataset), "--json", "--benign", str(benign)]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert (figures["precision"], figures["recall"], figures["f2"]) == (1.0, 1.0, 1.0)
    assert figures["per_entity"]["US_SSN"]["recall"] == 1.0
    assert figures["benign"]["flag_rate"] == 0.0


def test_eval_pii_command_reports_a_broken_dataset(tmp_path) -> None:
    from assistant.cli_eval_pii import pii

    dataset = tmp_path / "broken.json"
    dataset.write_text('[{"full_text": "x"}]', encoding="utf-8")
    app = Typer()
    app.command()(pii)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["pii", "--dataset", str(dataset), "--json"])
    assert result.exit_code == 1
    error = json.loads(result.stdout.strip().splitlines()[-1])["error"]
    assert error["code"] == "DatasetError"
    assert "needs a list 'spans'" in error["message"]
