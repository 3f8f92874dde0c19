from __future__ import annotations

from newsclean.document import Document, Source
from newsclean.steps.normalise import normalise, normalise_text
from tests.conftest import SEEDS


def _doc(body: str) -> Document:
    return Document(id="x", source=Source("x.txt", "0" * 64, "text"), body=body)


def test_mojibake_is_repaired_and_counted(settings):
    doc = normalise(_doc("The cafÃ© served crÃ¨me brÃ»lÃ©e."), settings)
    assert doc.body == "The café served crème brûlée."
    assert [(c.rule, c.count) for c in doc.changes] == [("mojibake", 1)]


def test_typographic_quotes_and_dashes_are_kept(settings):
    text = "“Kazakhstan simply did not exist” – he said, ‘twice’ — «so»."
    assert normalise(_doc(text), settings).body == text


def test_nfc_and_odd_spaces_and_invisibles(settings):
    doc = normalise(
        _doc("Cafe\u0301\u00a0Astana\u200b\u00adcity\u202fnow\tand\u3000then"), settings
    )
    assert doc.body == "Café Astanacity now and then"
    assert {c.rule for c in doc.changes} == {"nfc", "odd-spaces", "invisible"}


def test_blank_line_runs_and_line_ends_fold(settings):
    doc = normalise(_doc("  first  line \r\n\r\n\r\n\n second\x07 line  \n\n\n"), settings)
    assert doc.body == "first line\n\nsecond line"


def test_zero_width_joiner_survives_for_scripts_that_need_it():
    assert normalise_text("می\u200cخواهم") == "می\u200cخواهم"


def test_lone_backslash_ending_a_seed_paragraph_is_removed(settings):
    raw = (SEEDS / "004_5bc39d07cea0893f.txt").read_text(encoding="utf-8")
    assert "the Kazakh politics lay.\\\n" in raw
    doc = normalise(_doc(raw), settings)
    assert "the Kazakh politics lay.\n" in doc.body
    assert "\\" not in doc.body
    assert [(c.rule, c.count) for c in doc.changes] == [("trailing-backslash", 1)]


def test_a_backslash_inside_a_line_is_text(settings):
    assert normalise(_doc(r"C:\path and a\b"), settings).body == r"C:\path and a\b"


def test_cheap_fixes_run_where_the_badness_check_finds_nothing(settings):
    # none of these looks bad to ftfy's check: before, they were published as they came
    doc = normalise(_doc("Ovo je korište\u01ccem i \ufb01nal, 10&micro;s, \u0149 ok."), settings)
    assert doc.body == "Ovo je korištenjem i final, 10µs, \u02bcn ok."
    assert sorted((c.rule, c.count) for c in doc.changes) == [
        ("html-entities", 1),
        ("ligatures", 1),
    ]


def test_c1_controls_for_cp1252_punctuation_are_read_as_cp1252(settings):
    # ftfy's check counts a C1 control as mojibake; its repair reads it as cp1252
    doc = normalise(_doc("He said \x93ok\x94 and \x92twice\x92."), settings)
    assert doc.body == "He said “ok” and ’twice’."


def test_an_entity_left_in_mis_decoded_text_is_decoded_before_the_repair(settings):
    doc = normalise(_doc("Latency fell to 10Î&frac14;s on the new chip."), settings)
    assert doc.body == "Latency fell to 10μs on the new chip."
    assert {c.rule for c in doc.changes} == {"html-entities", "mojibake"}


def test_entities_stay_in_text_with_markup(settings):
    text = "Write <b> as &lt;b&gt; in HTML."
    assert normalise(_doc(text), settings).body == text


# Cases of ftfy's own test suite (tests/test-cases/*.json in rspeer/python-ftfy, Apache 2.0),
# which its `fix_text` repairs whole.
FTFY_REPAIRED = [
    ("РґРѕСЂРѕРіРµ Р\u0098Р·-РїРѕРґ #С„СѓС‚Р±РѕР»", "дороге Из-под #футбол"),
    ("MĂĄm dost tĹ\u0099etĂ\u00adho tisĂ\u00adciletĂ\u00ad", "Mám dost třetího tisíciletí"),
    ("vedere Ă®nceĹŁoĹźatÄ\u0083", "vedere înceţoşată"),
]
# ftfy's negative cases: text that looks odd but is not mojibake, which `fix_text` leaves.
FTFY_NEGATIVE = [
    "Η ¨ανατροφή¨ δυστυχώς από τους προπονητές",
    "Bremer/Mccoy – DrÃ¥ber",
    "4288×…",
    "``toda produzida pronta pra assa aí´´",
    "HUHLL Õ…",
    "RETWEET SE VOCÊ…",
    "PARCE QUE SUR LEURS PLAQUES IL Y MARQUÉ…",
    "Ôôô VIDA MINHA",
    "2012—∞",
    "SENSЕ - Oleg Tsedryk",
    "OK??:( `¬´ ):",
    "( o¬ô )",
    "ESSE CARA AI QUEM É¿",
    "Offering 5×£35 pin ups",
    "NESTLÉ® requiere contratar personal para diferentes areas a nivel nacional",
    "Connect with Āø on Facebook",
    "C O N C L U S Ã O",
    "Oborzos, per. Vahbarz, frataraká§ 141",
    "(-1/2)! = √π",
    "├┤a┼┐a┼┐a┼┐a┼┐a",
]


def test_mojibake_with_c1_controls_inside_is_repaired_whole(settings):
    # a C1 control byte of the mojibake was read as cp1252 before the repair, which then
    # repaired only the part after it ("РґРѕСЂРѕРіРµ Р˜Р·-РїРѕРґ #футбол")
    for broken, fixed in FTFY_REPAIRED:
        article = "Новости дня.\n" + broken + "\nКонец."
        doc = normalise(_doc(article), settings)
        assert doc.body == "Новости дня.\n" + fixed + "\nКонец."
        assert "mojibake" in {c.rule for c in doc.changes}


def test_ftfys_negative_cases_are_left_alone(settings):
    for text in FTFY_NEGATIVE:
        doc = normalise(_doc(text), settings)
        assert doc.body == text
        assert not doc.changes, text
