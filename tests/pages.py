"""Reading rendered pages in tests: the rows a user sees in a table."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Row:
    """One body row of a table: its attributes and the text of each cell (whitespace collapsed)."""

    attrs: dict[str, str]
    cells: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.cells)


# Elements that start a new line (or, in a <select>, a new option) inside a cell: their text is
# a separate word, as a reader sees it.
_BREAKS = {"br", "div", "p", "li", "option"}


class _TableRows(HTMLParser):
    def __init__(self, testid: str | None):
        super().__init__(convert_charrefs=True)
        self.testid = testid
        self.tables = 0  # tables matching `testid` (or all tables, without one)
        self.depth = 0  # open <table> elements inside the one being read (1 = its own level)
        self.in_body = False
        self.rows: list[Row] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if self.cell is not None and tag in _BREAKS:
            self.cell.append(" ")
        attrs = {name: value or "" for name, value in attrs}
        if tag == "table":
            if self.depth:
                self.depth += 1
            elif self.testid is None or attrs.get("data-testid") == self.testid:
                self.tables += 1
                self.depth = 1
            return
        if self.depth != 1:
            return
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append(Row(attrs))
        elif tag in ("td", "th") and self.in_body and self.rows:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self.depth:
            self.depth -= 1
            self.in_body = self.in_body and self.depth > 0
        elif self.depth == 1 and tag == "tbody":
            self.in_body = False
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].cells.append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, testid: str | None = None) -> list[Row]:
    """The body rows of the page's table marked data-testid=`testid` (without `testid`, of the
    page's only table). Fails when the page has no such table, or more than one."""
    parser = _TableRows(testid)
    parser.feed(html)
    parser.close()
    assert parser.tables == 1, f"expected one table {testid or ''}, found {parser.tables}"
    return parser.rows
