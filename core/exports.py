"""What every CSV and XLSX export shares: cells a spreadsheet would run as a formula.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is read
by Excel and LibreOffice as a formula, so a name such as `=HYPERLINK("http://...")` typed into
a form would run on the official's machine who opens the export (OWASP "CSV injection").
Such a cell goes out with an apostrophe in front, which spreadsheets show as plain text.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value to write in an exported cell: text starting with a formula trigger gets a
    leading apostrophe; anything else (other text, numbers, dates, None) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def spreadsheet_safe_row(values) -> list:
    return [spreadsheet_safe(value) for value in values]
