"""What every file the portal hands out (XLSX, CSV) shares.

Spreadsheet formula injection (CSV/XLSX injection): a cell whose text starts with = + - @, a tab
or a carriage return is run as a formula by Excel or LibreOffice when the file is opened, so a
name typed as `=HYPERLINK(...)` in a form would turn into a link or worse on an officer's
computer. Every text cell of an export goes through `spreadsheet_safe`, which puts an apostrophe
in front: the spreadsheet then shows the text as it was typed."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value to write into a spreadsheet cell: text that a spreadsheet would read as a
    formula gets a leading apostrophe; numbers, dates and other text are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def spreadsheet_safe_row(values) -> list:
    return [spreadsheet_safe(value) for value in values]
