"""NIK, No. KK and Kemendagri region codes (data-contracts §1): the one place they are checked."""


def mask_nik(nik: str) -> str:
    """Show the first six and last two digits only (3201011234567890 -> 320101********90)."""
    if not nik:
        return ""
    nik = str(nik)
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:6] + "*" * (len(nik) - 8) + nik[-2:]
