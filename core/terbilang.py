"""Amounts in Indonesian words (terbilang), as official documents write them beside the figures:
1.500.000 is "satu juta lima ratus ribu". Pure functions, no I/O.

The irregular forms: 10 sepuluh, 11 sebelas, 12–19 "... belas", 100 seratus, 1.000 seribu (but
1.000.000 is "satu juta"); then ribu, juta, miliar, triliun."""

_ONES = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
_SCALES = [(10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")]


def _below_thousand(number: int) -> str:
    words = []
    hundreds, rest = divmod(number, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words.append(f"{_ONES[hundreds]} ratus")
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words.append(f"{_ONES[rest - 10]} belas")
    elif rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(f"{_ONES[tens]} puluh")
        if ones:
            words.append(_ONES[ones])
    elif rest:
        words.append(_ONES[rest])
    return " ".join(words)


def terbilang(number: int) -> str:
    """A whole number in Indonesian words: 0 "nol", 11 "sebelas", 1000 "seribu",
    2_500_000_000 "dua miliar lima ratus juta"."""
    number = int(number)
    if number < 0:
        return f"minus {terbilang(-number)}"
    if number == 0:
        return _ONES[0]
    words = []
    for value, name in _SCALES:
        count, number = divmod(number, value)
        if not count:
            continue
        if value == 1000 and count == 1:
            words.append("seribu")
        else:
            words.append(f"{terbilang(count) if count >= 1000 else _below_thousand(count)} {name}")
    if number:
        words.append(_below_thousand(number))
    return " ".join(words)


def rupiah_terbilang(amount: int) -> str:
    """An amount of rupiah in words: 1_500_000 -> "satu juta lima ratus ribu rupiah"."""
    return f"{terbilang(amount)} rupiah"
