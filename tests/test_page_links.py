from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsclean.page_links import BlockLinks, page_links


def links(html: str) -> dict[str, BlockLinks]:
    return page_links(LexborHTMLParser(html))


def test_a_block_gives_the_share_of_its_letters_inside_links() -> None:
    found = links(
        "<p>Lea <b>más</b>: <a href='/x'>Ronaldo vuelve al once</a><br>Publicidad</p>"
        "<ul><li><a href='/1'>Deportes</a></li><li>Hoy <a href='/2'>x</a> y mañana</li></ul>"
    )
    pointer = found["lea más ronaldo vuelve al once"]
    assert pointer.share == 19 / 25  # "Ronaldo vuelve al once" of "Lea más" and it
    # a line break ends a block; a list item is one
    assert found["publicidad"].share == 0.0
    assert found["deportes"].share == 1.0
    assert found["hoy x y mañana"].share == 1 / 11


def test_text_after_a_block_in_its_parent_is_a_block_of_its_own() -> None:
    found = links("<div>Antes<h2><a href='/t'>Titular enlazado</a></h2>Después</div>")
    assert found["titular enlazado"].heading and found["titular enlazado"].share == 1.0
    assert not found["después"].heading and found["después"].share == 0.0


def test_a_text_found_twice_keeps_its_least_linked_block() -> None:
    found = links("<h1>Seven parties admitted</h1><li><a href='/a'>Seven parties admitted</a>")
    assert found["seven parties admitted"].share == 0.0


def test_a_page_nested_deeper_than_the_stack_is_read() -> None:
    depth = 5000
    found = links("<div>" * depth + "<a href='/deep'>deep link</a>" + "</div>" * depth)
    assert found["deep link"].share == 1.0
