from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from newsclean.corpus.site_furniture import (
    COPY_PERMUTATIONS,
    LINES_FILE,
    LINES_HEADER,
    MAX_CARRIED_TEXT,
    MAX_LEARNED_SHARE,
    STATE_FILE,
    SiteFurniture,
    _line_id,
    site_of,
    url_key,
)
from newsclean.document import Document, Paragraph, Source
from newsclean.furniture_shape import ends_sentence, is_prose
from newsclean.settings import Settings
from newsclean.store.previous import PreviousVersion
from newsclean.textnorm import comparison_key

# Finnish: no furniture rule knows these lines.
FI_HEAD = ["Etusivu", "Uutiset › Politiikka › Kotimaa"]
FI_TAIL = [
    "Tilaa uutiskirjeemme ja saat päivän tärkeimmät uutiset sähköpostiisi joka aamu.",
    "Kaikki oikeudet pidätetään. Pohjolan Sanomat Oy",
]
FI_ARTICLES = [
    [
        "Eduskunta hyväksyi tiistaina hallituksen esityksen uudesta energialaista.",
        "Oppositio arvosteli esitystä siitä, että se unohtaa maaseudun tarpeet.",
    ],
    [
        "Helsingin kaupunki aikoo rakentaa kolme uutta koulua seuraavan viiden vuoden aikana.",
        "Rakennustyöt alkavat ensi keväänä, kertoi apulaispormestari tiedotustilaisuudessa.",
    ],
    [
        "Suomen talous kasvoi viime vuoden viimeisellä neljänneksellä odotettua nopeammin.",
        "Ekonomistien mukaan kasvu perustuu ennen kaikkea viennin vahvaan kehitykseen.",
    ],
    [
        "Metsähallitus rajoittaa hakkuita Lapin vanhoissa metsissä uuden päätöksen myötä.",
        "Päätös koskee noin kahtatuhatta hehtaaria suojelualueiden läheisyydessä.",
    ],
]
QUOTE = "“We will not leave room for those who spread hatred,” the president said on Monday."


def make_doc(doc_id: str, paragraphs: list[str], url: str | None = None) -> Document:
    doc = Document(
        id=doc_id, source=Source(path=f"{doc_id}.txt", sha256="", format="text", url=url)
    )
    doc.paragraphs = [Paragraph(p) for p in paragraphs]
    return doc


def finnish_site(count: int = 4, start: int = 0) -> list[Document]:
    return [
        make_doc(
            f"fi{i}",
            [*FI_HEAD, *FI_ARTICLES[i % len(FI_ARTICLES)], *FI_TAIL],
            url=f"https://www.pohjolansanomat.example/uutiset/{i}",
        )
        for i in range(start, start + count)
    ]


def run(
    docs: list[Document], settings: Settings, previous: PreviousVersion | None = None
) -> tuple[list[Document], dict[str, bytes]]:
    step = SiteFurniture()
    facts = {doc.id: step.collect(doc, settings) for doc in docs}
    decision = step.decide(facts, previous, settings)
    return [step.apply(doc, decision, settings) for doc in docs], step.outputs(decision)


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_shared_head_and_tail_of_a_site_are_removed(settings: Settings) -> None:
    docs, outputs = run(finnish_site(), settings)
    for i, doc in enumerate(docs):
        assert texts(doc) == FI_ARTICLES[i]
        assert [r.text for r in doc.removals] == [*FI_HEAD, *FI_TAIL]
        assert all(r.step == "site_furniture" and r.kind == "site" for r in doc.removals)
        assert doc.removals[0].rule == "site:pohjolansanomat.example"
    learned = json.loads(outputs[STATE_FILE])["learned"]["pohjolansanomat.example"]
    assert sorted(line["text"] for line in learned) == sorted([*FI_HEAD, *FI_TAIL])
    assert learned[0]["evidence"].startswith("seen in 4 of 4 pages of site")
    # a removal names its line, whose evidence furniture.json holds
    by_text = {line["text"]: line["line"] for line in learned}
    for removal in docs[0].removals:
        assert f"(line {by_text[removal.text]};" in removal.reason
        assert "furniture.json" in removal.reason
        # in words a person reads: the line's text and the site's host
        assert f"recurring line {removal.text[:99]!r}"[:-1] in removal.reason
        assert "of pages of pohjolansanomat.example" in removal.reason
    # the state keeps ids of every candidate line, but the text only of shared ones
    assert FI_ARTICLES[0][0] not in outputs[STATE_FILE].decode("utf-8")


def test_a_line_in_too_few_documents_is_not_learned(settings: Settings) -> None:
    docs = finnish_site()
    docs[0].paragraphs.append(Paragraph("Lue myös: Hallitus kaatui"))
    docs, _ = run(docs, settings)
    assert texts(docs[0])[-1] == "Lue myös: Hallitus kaatui"


def test_recurring_line_in_the_middle_stays(settings: Settings) -> None:
    docs = finnish_site()
    for doc in docs:
        doc.paragraphs.insert(3, Paragraph("Taustaa"))
    docs, _ = run(docs, settings)
    assert all("Taustaa" in texts(doc) for doc in docs)


def test_sentence_shared_by_two_sites_is_a_quotation(settings: Settings) -> None:
    docs = [
        make_doc("a1", [*FI_ARTICLES[0], QUOTE], url="https://a.example/1"),
        make_doc("a2", [*FI_ARTICLES[1], QUOTE], url="https://a.example/2"),
        make_doc("b1", [*FI_ARTICLES[2], QUOTE], url="https://b.example/1"),
        make_doc("b2", [*FI_ARTICLES[3], QUOTE], url="https://b.example/2"),
    ]
    docs, _ = run(docs, settings)
    assert all(texts(doc)[-1] == QUOTE for doc in docs)
    assert all(doc.removals == [] for doc in docs)


def test_documents_without_site_grouped_by_shared_lines(settings: Settings) -> None:
    # Kazakh plain text with neither URL nor site name; two share a footer.
    footer = [
        "Жаңалықтарды Telegram арнамыздан оқыңыз",
        "Материалдарды көшіріп басу үшін редакцияның рұқсаты қажет",
    ]
    docs = [
        make_doc("k1", ["Астанада жаңа мектеп ашылды, онда мың бала оқиды.", *footer]),
        make_doc("k2", ["Алматыда қар жауып, жолдарда кептеліс болды.", *footer]),
        make_doc("k3", ["Шымкентте жаңа саябақ салынады деп хабарлады әкімдік."]),
    ]
    docs, outputs = run(docs, settings)
    assert texts(docs[0]) == ["Астанада жаңа мектеп ашылды, онда мың бала оқиды."]
    assert texts(docs[1]) == ["Алматыда қар жауып, жолдарда кептеліс болды."]
    assert docs[2].removals == []
    assert list(json.loads(outputs[STATE_FILE])["learned"]) == ["group:k1"]


def test_previous_version_state_is_reused(settings: Settings, tmp_path: Path) -> None:
    _, outputs = run(finnish_site(count=2), settings)
    keep(tmp_path, outputs)
    previous = PreviousVersion("v1", tmp_path)
    # One new page: alone it proves nothing, with the earlier two it does.
    [alone], _ = run(finnish_site(count=1, start=2), settings)
    assert alone.removals == []
    [new], outputs = run(finnish_site(count=1, start=2), settings, previous)
    assert texts(new) == FI_ARTICLES[2]
    assert new.removals[0].text == FI_HEAD[0]
    learned = json.loads(outputs[STATE_FILE])["learned"]["pohjolansanomat.example"]
    assert learned[0]["evidence"].startswith("seen in 3 of 3 pages of site")
    assert sorted(lines_of(outputs)) == ["fi0", "fi1", "fi2"]


def test_edited_document_replaces_its_previous_facts(settings: Settings, tmp_path: Path) -> None:
    _, outputs = run(finnish_site(count=2), settings)
    keep(tmp_path, outputs)
    edited = make_doc("fi1", FI_ARTICLES[1], url="https://pohjolansanomat.example/uutiset/1")
    _, outputs = run([edited], settings, PreviousVersion("v1", tmp_path))
    # fi1 no longer carries the footer: 1 of 2 documents is not enough for a line.
    state = json.loads(outputs[STATE_FILE])
    assert state["learned"] == {}


def test_order_of_documents_does_not_matter(settings: Settings) -> None:
    forward, out_forward = run(finnish_site(), settings)
    backward, out_backward = run(list(reversed(finnish_site())), settings)
    assert out_forward == out_backward
    by_id = {doc.id: doc.to_dict() for doc in backward}
    assert all(doc.to_dict() == by_id[doc.id] for doc in forward)


def test_a_copy_of_an_article_is_not_learned_as_furniture(settings: Settings) -> None:
    """Two files holding the same article (one with a line added) share every paragraph:
    that is a reprint for the duplicates step, not furniture to strip from both."""
    article = [*FI_ARTICLES[0], *FI_ARTICLES[1]]
    docs = [
        make_doc("copy1", article),
        make_doc("copy2", [*article, "Juttua päivitetty kello 12.30 uusilla tiedoilla."]),
    ]
    docs, _ = run(docs, settings)
    assert texts(docs[0]) == article
    assert texts(docs[1])[:4] == article
    assert docs[0].removals == [] and docs[1].removals == []


def test_a_long_learned_line_is_removed_and_named_by_its_id_alone(settings: Settings) -> None:
    disclaimer = (
        "Pohjolan Sanomat ei vastaa lukijoiden kommenteista. Kommentit julkaistaan "
        "moderoinnin jälkeen, ja toimitus voi poistaa asiattomat viestit ilman erillistä "
        "ilmoitusta. Lue keskustelusääntömme ennen kuin kirjoitat. Kiitos, että pidät "
        "keskustelun asiallisena."
    )
    assert len(disclaimer) > MAX_CARRIED_TEXT
    site = finnish_site()
    for n, doc in enumerate(site):
        # enough article that the learned lines are not most of the document's prose
        body = [
            f"Toimituksen {n + 1}. lisäkappale kertoo, miten asia eteni eduskunnan "
            f"valiokunnassa ja mitä ministeriö vastasi kysymykseen numero {n * 7 + k}."
            for k in range(4)
        ]
        doc.paragraphs[2:2] = [Paragraph(text) for text in body]
        doc.paragraphs.append(Paragraph(disclaimer))
    facts = SiteFurniture().collect(site[0], settings)
    assert all(text is None or len(text) <= MAX_CARRIED_TEXT for text in facts.texts)
    docs, outputs = run(site, settings)
    assert all(disclaimer not in texts(doc) for doc in docs)
    assert all(doc.removals[-1].text == disclaimer for doc in docs)  # the log keeps the text
    learned = json.loads(outputs[STATE_FILE])["learned"]["pohjolansanomat.example"]
    long_lines = [line for line in learned if line["text"] is None]
    assert len(long_lines) == 1 and long_lines[0]["evidence"].startswith("seen in 4 of 4")


def test_state_files_are_spelled_as_json_dumps_spells_them(
    settings: Settings, tmp_path: Path
) -> None:
    """furniture_lines.jsonl is written one document at a time; byte for byte each row is
    still the compact JSON of its object, and furniture.json the sorted, indented JSON of
    its payload: named and unnamed sites, a document without candidate lines, a line twice in
    one document, texts shared with the previous version."""
    footer = ["Жаңалықтарды Telegram арнамыздан оқыңыз", "Барлық құқықтар қорғалған"]
    unnamed = [
        make_doc("k1", ["Астанада жаңа мектеп ашылды, онда мың бала оқиды.", *footer]),
        make_doc("k2", ["Алматыда қар жауып, жолдарда кептеліс болды.", *footer, footer[0]]),
        make_doc("k3", []),
    ]
    _, first = run(finnish_site(count=3) + unnamed, settings)
    keep(tmp_path, first)
    _, second = run(finnish_site(count=2, start=2), settings, PreviousVersion("v1", tmp_path))
    for outputs in (first, second):
        payload = json.loads(outputs[STATE_FILE])
        spelled = json.dumps(payload, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
        assert outputs[STATE_FILE] == spelled.encode("utf-8")
        header, *rows = outputs[LINES_FILE].decode("utf-8").splitlines()
        assert json.loads(header) == LINES_HEADER
        for row in rows:
            assert row == json.dumps(json.loads(row), ensure_ascii=False, separators=(",", ":"))
    documents = lines_of(first)
    assert documents["k3"] == {"lines": [], "signature": None, "site": None, "url": None}
    assert len(documents["k2"]["lines"]) == 4
    assert {"group:k1", "pohjolansanomat.example"} == set(json.loads(first[STATE_FILE])["learned"])
    assert list(lines_of(second)) == ["fi0", "fi1", "fi2", "fi3", "k1", "k2", "k3"]


def keep(folder: Path, outputs: Mapping[str, bytes]) -> None:
    """A version's furniture files in `folder`, for a PreviousVersion to read."""
    for name in (STATE_FILE, LINES_FILE):
        (folder / name).write_bytes(outputs[name])


def lines_of(outputs: Mapping[str, bytes]) -> dict[str, dict]:
    """furniture_lines.jsonl's rows by document id, in the file's order."""
    rows = (json.loads(row) for row in outputs[LINES_FILE].splitlines()[1:])
    return {row.pop("id"): row for row in rows}


def long_site() -> list[Document]:
    """Documents longer than both edge windows together: the learned head and tail, marked
    furniture, lines with no words, the site's lines again in the middle, and one document
    that is nothing but learned lines."""
    head, tail = ["Etusivu", "Talous › Kotimaa"], ["Kaikki oikeudet pidätetään. Lapin Sanomat"]
    docs = []
    for n in range(6):
        body = [f"{n}. kappale {k}: " + FI_ARTICLES[(n + k) % 4][k % 2] for k in range(60)]
        body[30:30] = [*head, "—", *tail]
        doc = make_doc(f"long{n}", [*head, "* * *", *body, *tail], url=f"https://l.example/{n}")
        doc.paragraphs[n].furniture = "navigation"
        docs.append(doc)
    docs.append(make_doc("only", [*head, *tail], url="https://l.example/only"))
    return docs


def plain_edge_lines(doc: Document, settings: Settings) -> tuple[bytes, bytes, tuple]:
    """What `collect` reports, keying every paragraph."""
    window = settings.furniture.learn_edge_paragraphs
    count = len(doc.paragraphs)
    edges = [
        p.text
        for i, p in enumerate(doc.paragraphs)
        if comparison_key(p.text) and p.furniture is None and (i < window or count - 1 - i < window)
    ]
    ids = b"".join(bytes.fromhex(_line_id(comparison_key(text))) for text in edges)
    prose = bytes(len(re.findall(r"\w+", text)) >= 4 and ends_sentence(text) for text in edges)
    return ids, prose, tuple(t if len(t) <= MAX_CARRIED_TEXT else None for t in edges)


def plain_positions(doc: Document, learned: Mapping[str, object]) -> dict[int, str]:
    """Where `apply` removes lines, keying every paragraph."""
    paragraphs = doc.paragraphs
    known = [
        _line_id(comparison_key(p.text)) in learned and p.furniture is None for p in paragraphs
    ]
    if all(known):
        return {}
    hits, head, tail = {}, 0, len(paragraphs) - 1
    while known[head]:
        hits[head], head = "head", head + 1
    while known[tail]:
        hits[tail], tail = "tail", tail - 1
    prose = [len(p.text) if is_prose(p.text) else 0 for p in paragraphs]
    return {} if sum(prose[i] for i in hits) > MAX_LEARNED_SHARE * sum(prose) else hits


def test_long_documents_are_keyed_at_their_edges_as_keying_every_line_would(
    settings: Settings,
) -> None:
    step = SiteFurniture()
    docs = long_site() + finnish_site()
    facts = {doc.id: step.collect(doc, settings) for doc in docs}
    for doc in docs:
        fact = facts[doc.id]
        assert (fact.ids, fact.prose, fact.texts) == plain_edge_lines(doc, settings)
    decision = step.decide(facts, None, settings)
    removed = 0
    for doc in docs:
        site = decision.sites.get(doc.id)
        expected = plain_positions(doc, decision.learned.get(site, {}) if site else {})
        doc = step.apply(doc, decision, settings)
        where = {r.paragraph: re.search(r" at the (head|tail) of ", r.reason) for r in doc.removals}
        assert {index: found.group(1) for index, found in where.items() if found} == expected
        assert len(where) == len(expected)
        removed += len(expected)
    assert removed > 0


def test_a_document_of_nothing_but_learned_lines_keeps_them(settings: Settings) -> None:
    """Learned lines never empty a document: one whose every paragraph recurs on its site
    (here a short record of the site's head and tail alone) is left as it is."""
    only = make_doc("fi-only", [*FI_HEAD, *FI_TAIL], url="https://www.pohjolansanomat.example/x")
    docs, _ = run([*finnish_site(), only], settings)
    assert all(texts(doc) == FI_ARTICLES[i] for i, doc in enumerate(docs[:4]))
    assert texts(docs[4]) == [*FI_HEAD, *FI_TAIL] and docs[4].removals == []


# A Polish site: its furniture is learned whatever the language, and named by its text.
PL_HEAD = ["Strona główna", "Wiadomości › Kraj"]
PL_TAIL = ["Wspieraj lokalne media!", "Zapisz się na nasze powiadomienia push"]
PL_ARTICLES = [
    ["Sejm przyjął we wtorek ustawę o nowym systemie ciepłowniczym w dużych miastach."],
    ["Rada miasta zdecydowała o budowie trzech nowych szkół w ciągu pięciu lat."],
    ["Gospodarka rosła w ostatnim kwartale szybciej, niż oczekiwali ekonomiści."],
]


def test_learned_furniture_reasons_name_the_line_and_the_host_in_any_language(
    settings: Settings,
) -> None:
    docs = [
        make_doc(f"pl{i}", [*PL_HEAD, *article, *PL_TAIL], url=f"https://www.gazeta.example/{i}")
        for i, article in enumerate(PL_ARTICLES)
    ]
    docs, _ = run(docs, settings)
    for doc, article in zip(docs, PL_ARTICLES, strict=True):
        assert texts(doc) == article
        reasons = [r.reason for r in doc.removals]
        assert reasons[0].startswith("recurring line 'Strona główna' at the head of pages of ")
        assert reasons[-1].startswith(
            "recurring line 'Zapisz się na nasze powiadomienia push' at the tail of pages of "
            "gazeta.example,"
        )
        assert not any("group:" in r for r in reasons)


# A German site whose pages end with the same appeal; one of its articles was crawled twice
# (2023 and 2024, same URL), the later copy with the appeal and a drop capital in its first
# paragraph, as the taz.de pages of fundus's test fixtures hold it.
DE_TAIL = [
    "Links lesen, Rechts bekämpfen",
    "Gerade jetzt braucht es Zusammenhalt und Solidarität. Unterstützen Sie unabhängigen "
    "Journalismus mit einem freiwilligen Beitrag.",
]
DE_STANDFIRST = (
    "Das alte Gesetz ist endlich bald Geschichte. Das neue sollte nicht weiter verwässert werden."
)
DE_ARTICLE = [
    "Es gibt einen Referentenentwurf. Die Ministerien der Justiz und der Familie haben ihn am "
    "Freitag an Länder und Verbände verschickt, die nun Stellung nehmen können.",
    "Zum Hintergrund: Das Gesetz soll regeln, wie Vorname und Geschlechtseintrag geändert "
    "werden können. Bislang gilt ein Gesetz aus dem Jahr 1980.",
    "Mehrere Male hat das Verfassungsgericht das alte Gesetz als verfassungswidrig eingestuft, "
    "immer wieder wurde es nachgebessert.",
]
DE_OTHERS = [
    [
        "Der Senat will die Mieten in landeseigenen Wohnungen für zwei Jahre einfrieren.",
        "Die Opposition nennt den Plan ein Wahlgeschenk, das die Gesellschaften schwäche.",
        "Mieterverbände begrüßen den Schritt, fordern aber eine längere Frist.",
    ],
    [
        "Die Bahn streicht im Winter mehrere Nachtzüge nach Skandinavien und Italien.",
        "Fahrgastverbände kritisieren, die Strecken seien seit Monaten ausgebucht.",
        "Das Unternehmen verweist auf fehlende Schlafwagen und hohe Trassenpreise.",
    ],
]
DE_URL = "https://taz.de/Entwurf-des-Gesetzes/!5928990/"


def german_site(urls: tuple[str | None, str | None] = (DE_URL, DE_URL)) -> list[Document]:
    """Two copies of one article, then two other pages of the site."""
    crawled_2024 = [DE_STANDFIRST, "N " + DE_ARTICLE[0][1:], *DE_ARTICLE[1:], *DE_TAIL]
    return [
        make_doc("taz-2023", [DE_STANDFIRST, *DE_ARTICLE], url=urls[0]),
        make_doc("taz-2024", crawled_2024, url=urls[1]),
        *(
            make_doc(f"taz-other{n}", [*article, *DE_TAIL], url=f"https://taz.de/!59{n}/")
            for n, article in enumerate(DE_OTHERS)
        ),
    ]


def test_copies_of_one_page_count_once(settings: Settings) -> None:
    """The standfirst two copies of one article share is not the site's furniture; the
    appeal on three different pages is."""
    docs, outputs = run(german_site(), settings)
    assert texts(docs[0]) == [DE_STANDFIRST, *DE_ARTICLE]
    assert texts(docs[1])[:1] == [DE_STANDFIRST] and len(texts(docs[1])) == 4
    assert texts(docs[2]) == DE_OTHERS[0] and texts(docs[3]) == DE_OTHERS[1]
    for doc in docs[1:]:
        assert [r.text for r in doc.removals] == DE_TAIL
    learned = json.loads(outputs[STATE_FILE])["learned"]["taz.de"]
    assert sorted(line["text"] for line in learned) == sorted(DE_TAIL)
    # four documents, three pages: the appeal is on all three
    assert {line["evidence"] for line in learned} == {"seen in 3 of 3 pages of site taz.de"}


def test_copies_under_other_urls_are_known_by_their_text(settings: Settings) -> None:
    """The same article under its short URL, reached with a tracking parameter, both
    copies with the site's appeal and the second updated by a word: its text, not its URL,
    says it is a copy."""
    docs = german_site((DE_URL, "http://www.taz.de/!5928990?utm_source=rss"))
    docs[0].paragraphs += [Paragraph(line) for line in DE_TAIL]
    updated = docs[1].paragraphs[3].text.replace("Mehrere Male", "Dreimal")
    docs[1].paragraphs[3] = Paragraph(updated)
    docs, _ = run(docs, settings)
    assert texts(docs[0]) == [DE_STANDFIRST, *DE_ARTICLE]
    assert texts(docs[1])[0] == DE_STANDFIRST and texts(docs[1])[3] == updated
    for doc in docs:
        assert [r.text for r in doc.removals] == DE_TAIL


def test_a_copy_in_the_previous_version_counts_as_the_same_page(
    settings: Settings, tmp_path: Path
) -> None:
    """The 2023 copy was cleaned by an earlier version; the 2024 copy and the other pages
    arrive later: what the previous version kept of the first copy (its URL key and text's
    signature) still makes the two one page."""
    first, *later = german_site()
    _, outputs = run([first], settings)
    row = lines_of(outputs)["taz-2023"]
    assert row["url"] == _line_id("taz.de/Entwurf-des-Gesetzes/!5928990")
    assert len(bytes.fromhex(row["signature"])) == 4 * COPY_PERMUTATIONS
    keep(tmp_path, outputs)
    docs, outputs = run(later, settings, PreviousVersion("v1", tmp_path))
    assert texts(docs[0])[0] == DE_STANDFIRST
    assert [r.text for r in docs[1].removals] == DE_TAIL


def test_facts_of_a_version_without_copy_keys_are_still_read(
    settings: Settings, tmp_path: Path
) -> None:
    """furniture_lines.jsonl of version 1 has no URL key or signature: each of its documents
    is a page of its own, as then."""
    _, outputs = run(finnish_site(count=2), settings)
    header, *rows = outputs[LINES_FILE].decode("utf-8").splitlines()
    old_rows = []
    for row in map(json.loads, rows):
        del row["url"], row["signature"]
        old_rows.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
    old_header = {"format": json.loads(header)["format"], "version": 1}
    keep(tmp_path, outputs)
    (tmp_path / LINES_FILE).write_text("\n".join([json.dumps(old_header), *old_rows]) + "\n")
    [new], outputs = run(finnish_site(count=1, start=2), settings, PreviousVersion("v1", tmp_path))
    assert texts(new) == FI_ARTICLES[2]
    learned = json.loads(outputs[STATE_FILE])["learned"]["pohjolansanomat.example"]
    assert learned[0]["evidence"] == "seen in 3 of 3 pages of site pohjolansanomat.example"
    # the next version's rows of the old documents are spelled as this code spells them
    assert lines_of(outputs)["fi0"]["signature"] is None
    assert json.loads(outputs[LINES_FILE].splitlines()[0]) == LINES_HEADER


def test_url_key_names_the_page_however_it_was_reached() -> None:
    assert (
        url_key("https://www.taz.de/Entwurf/!5928990/?utm_medium=social&b=2&a=1#comments")
        == url_key("http://taz.de/Entwurf/!5928990?a=1&b=2")
        == "taz.de/Entwurf/!5928990?a=1&b=2"
    )
    assert url_key("https://taz.de/Entwurf/!5928990/") != url_key("https://taz.de/Andere/!5/")
    assert url_key(None) is None and url_key("not a url") is None


def test_a_url_that_cannot_be_read_is_no_url(settings: Settings) -> None:
    """A record's URL is the user's data: one urlsplit rejects must not fail the run."""
    unreadable = make_doc("bad", [QUOTE], url="http://[pohjolansanomat/uutiset/9")
    assert site_of(unreadable) is None and url_key(unreadable.source.url) is None
    cleaned, _ = run([*finnish_site(), unreadable], settings)
    assert [texts(doc) for doc in cleaned] == [*FI_ARTICLES, [QUOTE]]
