"""The HTML dossier: what a reader sees and can do with the highlighted article and people panel."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from test_report_story import build_story, find

from veracity.model import Document, Metadata, Person, Quote, QuoteContent, Span, SpeakerRef
from veracity.report import render_html

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr", "source"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def ancestors(self) -> list[Element]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class TreeBuilder(HTMLParser):
    """Parses a page into elements, failing on any close tag that does not match its opening."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root
        self.elements: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag: str) -> None:
        assert tag == self.current.tag, f"</{tag}> closes <{self.current.tag}>: markup not nested"
        assert self.current.parent is not None
        self.current = self.current.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(page: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, "some element is never closed"
    return builder


def marks(tree: TreeBuilder, quote_id: str | None = None) -> list[Element]:
    return [
        e for e in tree.elements
        if e.tag == "mark" and (quote_id is None or e.attrs.get("data-quote") == quote_id)
    ]


def colour_of(element: Element) -> str:
    (colour,) = [c for c in element.classes if c.startswith("sp-")]
    return colour


@pytest.fixture(scope="module")
def story_page() -> str:
    return render_html(build_story())


@pytest.fixture(scope="module")
def story_tree(story_page: str) -> TreeBuilder:
    return parse(story_page)


@pytest.mark.unit
def test_header_shows_title_site_author_date_topics_and_warnings(story_tree: TreeBuilder) -> None:
    header = next(e for e in story_tree.elements if e.tag == "header").text()
    for expected in ("Hospital will stay open, minister says", "Riverton Gazette", "Sam Reed",
                     "2024-03-05", "health", "local government", "speaker of one quote not found"):
        assert expected in header


@pytest.mark.unit
def test_missing_date_is_said_plainly() -> None:
    page = render_html(Document(text="Nothing was said.", metadata=Metadata(title="Quiet day")))
    assert "publication date unknown" in page


@pytest.mark.unit
def test_article_keeps_every_word_in_paragraphs(story_tree: TreeBuilder) -> None:
    article = next(e for e in story_tree.elements if e.tag == "article")
    paragraphs = [e.text() for e in article.children if isinstance(e, Element)]
    assert paragraphs == build_story().text.split("\n\n")


@pytest.mark.unit
def test_quotes_are_coloured_by_speaker(story_tree: TreeBuilder) -> None:
    diaz = {colour_of(m) for q in ("q-open", "q-false") for m in marks(story_tree, q)}
    berg = {colour_of(m) for m in marks(story_tree, "q-ward")}
    kim = {colour_of(m) for m in marks(story_tree, "q-saved")}
    banner = {colour_of(m) for m in marks(story_tree, "q-banner")}
    assert len(diaz) == len(berg) == len(kim) == 1
    assert len(diaz | berg | kim) == 3, "three speakers need three colours"
    assert banner == {"sp-none"}
    style = next(e for e in story_tree.elements if e.tag == "style").text()
    for colour in diaz | berg | kim | banner:
        rule = rf"\.{colour} \{{ --bg: #[0-9a-f]{{6}}; --edge: #[0-9a-f]{{6}}; \}}"
        assert re.search(rule, style)


@pytest.mark.unit
def test_discontinuous_quote_is_several_marks_with_one_anchor(story_tree: TreeBuilder) -> None:
    ward = marks(story_tree, "q-ward")
    texts = [m.text() for m in ward]
    assert texts[0] == "The ward,"
    assert "".join(texts[1:]) == "closes in May, because the director told us it cannot be saved."
    assert [m.attrs.get("id") for m in ward].count("q-q-ward") == 1


@pytest.mark.unit
def test_nested_quote_sits_inside_its_parent_with_a_border(story_tree: TreeBuilder) -> None:
    (inner,) = marks(story_tree, "q-saved")
    assert inner.text() == "it cannot be saved"
    assert "nested" in inner.classes
    assert any(a.attrs.get("data-quote") == "q-ward" for a in inner.ancestors() if a.tag == "mark")
    style = next(e for e in story_tree.elements if e.tag == "style").text()
    assert re.search(r"mark\.q\.nested \{[^}]*border:", style)


@pytest.mark.unit
def test_cue_is_underlined_and_source_bold(story_tree: TreeBuilder) -> None:
    annotated = [e for e in story_tree.elements if e.attrs.get("data-quote")]
    cues = [e.text() for e in annotated if "cue" in e.classes]
    sources = [e.text() for e in annotated if "source" in e.classes]
    assert cues == ["told", "said", "told", "denied", "read"]
    assert "union leader Tom Berg" in sources and "the director" in sources
    style = next(e for e in story_tree.elements if e.tag == "style").text()
    assert re.search(r"\.cue \{[^}]*underline", style)
    assert re.search(r"\.source \{[^}]*font-weight: 700", style)


@pytest.mark.unit
def test_every_mark_is_focusable_and_describes_its_quote(story_tree: TreeBuilder) -> None:
    ids = {e.attrs["id"] for e in story_tree.elements if "id" in e.attrs}
    for mark in marks(story_tree):
        assert mark.attrs["tabindex"] == "0"
        assert mark.attrs["aria-describedby"] in ids
    (denial,) = marks(story_tree, "q-false")
    for expected in ("Speaker: Clara Diaz", "Cue: denied", "Medium: Facebook", "Kind: partial",
                     "Denial: yes"):
        assert expected in denial.attrs["title"]
        assert expected in denial.attrs["data-tip"]
    assert "denial" in denial.classes
    (opening,) = marks(story_tree, "q-open")
    assert "Addressee: reporters" in opening.attrs["title"]
    style = next(e for e in story_tree.elements if e.tag == "style").text()
    assert "mark.q:focus::after" in style and "attr(data-tip)" in style


@pytest.mark.unit
def test_people_panel_lists_people_mentions_and_linked_quotes(story_tree: TreeBuilder) -> None:
    panel = next(e for e in story_tree.elements if e.tag == "aside")
    sections = [e for e in panel.children if isinstance(e, Element) and e.tag == "section"]
    headings = [next(c for c in s.children if isinstance(c, Element)) for s in sections]
    names = [heading.text().split()[:2] for heading in headings]
    assert names[:4] == [["Clara", "Diaz"], ["Tom", "Berg"], ["Ann", "Kim"], ["Health", "Workers"]]
    assert "ORG" in sections[3].text() and "No quotes." in sections[3].text()
    assert "Health minister Clara Diaz" in sections[0].text()
    assert "Unattributed" in sections[-1].text() and "Hands off our ward." in sections[-1].text()
    anchors = {e.attrs["id"] for e in story_tree.elements if "id" in e.attrs}
    links = [e for e in story_tree.elements if e.tag == "a" and "quote-link" in e.classes]
    assert {link.attrs["href"] for link in links} == {
        "#q-q-open", "#q-q-ward", "#q-q-saved", "#q-q-false", "#q-q-banner"
    }
    assert all(link.attrs["href"][1:] in anchors for link in links)
    diaz = sections[0].text()
    assert "denial" in diaz and "Facebook" in diaz and "reporters" in diaz


@pytest.mark.unit
def test_panel_links_a_quote_nested_in_another_speakers_quote(story_tree: TreeBuilder) -> None:
    headings = [e for e in story_tree.elements if e.tag == "h3"]
    kim_section = next(h.parent for h in headings if "Ann Kim" in h.text())
    berg_section = next(h.parent for h in headings if "Tom Berg" in h.text())
    inside = [e for e in story_tree.elements if e.tag == "a" and e.attrs.get("href") == "#q-q-ward"
              and "a quote by" in e.text()]
    assert inside and kim_section in inside[0].ancestors()
    assert "Inside a quote by Tom Berg" in " ".join(kim_section.text().split())
    assert "Contains a quote by Ann Kim" in " ".join(berg_section.text().split())


@pytest.mark.unit
def test_panel_nests_a_quote_under_the_same_speakers_quote() -> None:
    text = 'Lee said: "As I told the board, the budget is safe."'
    lee = SpeakerRef("person-lee", "Jo Lee")
    outer = Quote("q-outer", QuoteContent("As I told the board, the budget is safe.",
                  [find(text, "As I told the board, the budget is safe.")]),
                  Span("said", *find(text, "said")), None, lee, None, None, "direct")
    inner = Quote("q-inner", QuoteContent("the budget is safe", [find(text, "the budget is safe")]),
                  Span("told", *find(text, "told")), None, lee, None, None, "indirect",
                  parent="q-outer")
    lee_person = Person("person-lee", "Jo Lee", "PERSON")
    doc = Document(text=text, quotes=[outer, inner], people=[lee_person])
    tree = parse(render_html(doc))
    (inner_link,) = [e for e in tree.elements if e.attrs.get("href") == "#q-q-inner"]
    outer_items = [a for a in inner_link.ancestors() if a.tag == "li"]
    assert len(outer_items) == 2, "the inner quote's item sits inside the outer quote's item"
    assert "As I told the board" in outer_items[1].text()


@pytest.mark.unit
def test_overlapping_spans_give_well_formed_markup() -> None:
    text = "Alpha beta gamma delta epsilon zeta eta theta."
    first = Quote("q-a", QuoteContent("", [find(text, "Alpha beta gamma delta")]),
                  Span("beta", *find(text, "beta")), None, SpeakerRef("p-1", "One"), None, None,
                  "direct")
    second = Quote("q-b", QuoteContent("", [find(text, "gamma delta epsilon zeta")]),
                   Span("zeta eta", *find(text, "zeta eta")),
                   Span("delta epsilon", *find(text, "delta epsilon")),
                   SpeakerRef("p-2", "Two"), None, None, "indirect")
    tree = parse(render_html(Document(text=text, quotes=[first, second])))
    article = next(e for e in tree.elements if e.tag == "article")
    assert article.text().strip() == text
    assert "".join(m.text() for m in marks(tree, "q-a")) == "Alpha beta gamma delta"
    assert "".join(m.text() for m in marks(tree, "q-b")) == "gamma delta epsilon zeta"
    assert len(marks(tree, "q-b")) >= 2, "the overlap splits one quote's mark"


@pytest.mark.unit
def test_out_of_range_and_empty_spans_are_ignored() -> None:
    text = "Short text."
    broken = Quote("q-x", QuoteContent("?", [(5, 5), (8, 400)]), Span("x", 90, 95), None, None,
                   None, None, "direct")
    empty = Quote("q-y", QuoteContent("", []), None, None, None, None, None, "direct")
    tree = parse(render_html(Document(text=text, quotes=[broken, empty])))
    assert [m.text() for m in marks(tree)] == ["xt."]
    assert not [e for e in tree.elements if e.attrs.get("href") == "#q-q-y"]


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
]


@pytest.mark.unit
def test_document_text_can_never_become_markup() -> None:
    payload = " ".join(HOSTILE)
    text = f'Eve said "{payload}" loudly.'
    speaker = SpeakerRef(f"id{HOSTILE[2]}", f"Eve {HOSTILE[1]}")
    q = Quote(f"q{HOSTILE[2]}", QuoteContent(payload, [find(text, payload)]),
              Span("said", *find(text, "said")), Span("Eve", *find(text, "Eve")), speaker,
              None, None, "direct")
    doc = Document(
        text=text,
        metadata=Metadata(title=HOSTILE[0], author=HOSTILE[1], site_name=HOSTILE[2],
                          url="javascript:alert(1)", published=HOSTILE[2]),
        topics=[HOSTILE[0]], warnings=[HOSTILE[1]], quotes=[q],
        people=[Person(speaker.id, speaker.name, "PERSON")],
    )
    page = render_html(doc)
    for raw in HOSTILE:
        assert raw not in page
        assert html.escape(raw) in page
    assert 'href="javascript:' not in page.lower()
    assert "javascript:alert(1)" in page, "the unsafe URL is still shown, as text"
    tree = parse(page)
    assert [e.tag for e in tree.elements].count("script") == 1, "only the page's own script"
    assert not [e for e in tree.elements if e.tag == "img"]
    assert not [e for e in tree.elements if any(a.startswith("on") for a in e.attrs)]


@pytest.mark.unit
def test_page_is_self_contained(story_page: str) -> None:
    tree = parse(story_page)
    assert not [e for e in tree.elements if e.tag in {"link", "img", "iframe"} or "src" in e.attrs]
    assert "@import" not in story_page and "url(" not in story_page
    assert not re.search(r"https?://", story_page)


@pytest.mark.unit
def test_web_url_of_the_article_is_a_link() -> None:
    doc = Document(text="Text.", metadata=Metadata(url="https://example.org/a?b=1&c=2"))
    assert 'href="https://example.org/a?b=1&amp;c=2"' in render_html(doc)
