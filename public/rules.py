"""What the public pages say, as pure functions: a cycle's rules in plain words, the anonymous
pre-check and an application's status for its applicant. No ORM, no I/O, no date.today().

The pre-check calls the §6 rule functions of verification.rules that need only what a resident
can tell about themselves (age, school status, education, kabupaten); the real run calls the same
functions through `evaluate`, so the two cannot disagree on those criteria. DTKS is never looked
up here: a cycle that requires it says that Dinas Sosial will check it."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.values import EDUCATION_LABELS, value_label
from verification.rules import (
    CycleRules,
    age_reasons,
    education_reasons,
    region_reasons,
    school_status_reasons,
)

# How a resident says their school status, not how a form labels it.
_SCHOOL_STATUS_WORDS = {
    "masih_sekolah": gettext_lazy("still in school"),
    "putus_sekolah": gettext_lazy("no longer in school (dropped out)"),
    "lulus": gettext_lazy("finished school and not continuing"),
}
_OR = gettext_lazy(" or ")


def _school_statuses(codes) -> str:
    return str(_OR).join(str(_SCHOOL_STATUS_WORDS.get(code, code)) for code in sorted(codes))


def _regions(codes, region_names: dict[str, str]) -> str:
    names = sorted(region_names.get(code, code) for code in codes)
    return ", ".join(names[:-1]) + str(_OR) + names[-1] if len(names) > 1 else names[0]


def rules_in_plain_words(rules: CycleRules, *, region_names: dict[str, str]) -> list[str]:
    """Who may join a cycle, one line per rule, in words a resident understands ("usia paling
    tinggi 20 tahun pada 31 Jul 2026"). `region_names` names the kabupaten codes of the rules."""
    lines = []
    ref = date_format(rules.reference_date)
    if rules.min_age is not None and rules.max_age is not None:
        lines.append(_("aged %(min_age)s to %(max_age)s years on %(date)s")
                     % {"min_age": rules.min_age, "max_age": rules.max_age, "date": ref})
    elif rules.max_age is not None:
        lines.append(_("aged at most %(max_age)s years on %(date)s") % {"max_age": rules.max_age, "date": ref})
    elif rules.min_age is not None:
        lines.append(_("aged at least %(min_age)s years on %(date)s") % {"min_age": rules.min_age, "date": ref})
    if rules.school_status:
        lines.append(_school_statuses(rules.school_status))
    if rules.min_education is not None:
        lines.append(_("highest education at least %(education)s")
                     % {"education": value_label(EDUCATION_LABELS, rules.min_education)})
    if rules.require_dtks:
        if rules.max_desil is not None:
            lines.append(_("registered in DTKS (the social welfare data), in desil 1 to %(max_desil)s")
                         % {"max_desil": rules.max_desil})
        else:
            lines.append(_("registered in DTKS (the social welfare data)"))
    if rules.regions:
        lines.append(_("KTP address in %(regions)s") % {"regions": _regions(rules.regions, region_names)})
    if not lines:
        lines.append(_("open to every resident"))
    return lines


# The pre-check's answer for a kabupaten no open cycle takes applicants from: no kabupaten code,
# so region_reasons finds it outside every cycle limited to districts.
OTHER_REGENCY = "other"


@dataclass(frozen=True, slots=True)
class PrecheckAnswer:
    """What a resident said about themselves on the pre-check form."""

    birth_date: date
    school_status: str
    education: str
    regency_code: str


def precheck_reasons(answer: PrecheckAnswer, rules: CycleRules) -> tuple[str, ...]:
    """The §6 reason codes the resident's answers raise under `rules`, in alphabetical order as
    `evaluate` gives them; DTKS and desil are left to Dinas Sosial."""
    reasons = (
        age_reasons(birth_date=answer.birth_date, ref=rules.reference_date,
                    min_age=rules.min_age, max_age=rules.max_age)
        + school_status_reasons(school_status=answer.school_status, allowed=rules.school_status)
        + education_reasons(education=answer.education, min_education=rules.min_education)
        + region_reasons(regency_code=answer.regency_code, regions=rules.regions)
    )
    return tuple(sorted(reasons))


def reasons_in_plain_words(reasons, rules: CycleRules, *, region_names: dict[str, str]) -> list[str]:
    """Why a resident does not qualify, one sentence per reason code."""
    ref = date_format(rules.reference_date)
    words = {
        "AGE_BELOW_MIN": lambda: _("You are younger than %(min_age)s years on %(date)s.")
        % {"min_age": rules.min_age, "date": ref},
        "AGE_ABOVE_MAX": lambda: _("You are older than %(max_age)s years on %(date)s.")
        % {"max_age": rules.max_age, "date": ref},
        "SCHOOL_STATUS": lambda: _("This program is only for residents who are %(statuses)s.")
        % {"statuses": _school_statuses(rules.school_status)},
        "EDUCATION_BELOW_MIN": lambda: _("Your highest education must be at least %(education)s.")
        % {"education": value_label(EDUCATION_LABELS, rules.min_education or "")},
        "OUTSIDE_REGION": lambda: _("This program is only for residents with a KTP address in %(regions)s.")
        % {"regions": _regions(rules.regions, region_names) if rules.regions else ""},
        "NOT_IN_DTKS": lambda: _("Your data was not found in DTKS (the social welfare data)."),
        "DESIL_ABOVE_MAX": lambda: _("Your DTKS welfare decile (desil) is above %(max_desil)s.")
        % {"max_desil": rules.max_desil},
    }
    return [words[code]() for code in reasons if code in words]


def what_to_bring(rules: CycleRules) -> list[str]:
    """The papers to bring to the registration place. KTP and Kartu Keluarga always (the NIK, the
    No. KK and the KTP address are what the application records). An SKTM (surat keterangan
    tidak mampu) only where the cycle requires DTKS: it is what Dinas Sosial looks at when a poor
    household is not (yet) found in DTKS; without the rule nobody asks about income. Proof of
    leaving school where the cycle admits only residents out of school, and the last diploma
    where it has a minimum education."""
    items = [_("KTP (identity card)"), _("Kartu Keluarga (KK)")]
    if rules.require_dtks:
        items.append(_("SKTM (letter of low income) from the desa/kelurahan, if you have one"))
    if rules.school_status and "masih_sekolah" not in rules.school_status:
        items.append(_("proof of leaving school (letter from the school or the last report card)"))
    if rules.min_education is not None:
        items.append(_("your last diploma (ijazah)"))
    return items


# --- the status of one application, for its applicant ------------------------------------------

@dataclass(frozen=True, slots=True)
class StatusWords:
    code: str  # registered, checking, eligible, ineligible, in_training, completed, left_training
    headline: str
    next_step: str
    reasons: tuple[str, ...] = ()


def status_in_plain_words(
    *, automatic: str | None, decision: str | None, enrolment: str | None, reasons=(), rules: CycleRules,
    region_names: dict[str, str], registration_closes: date,
) -> StatusWords:
    """An application's status as its applicant reads it, and what to do next. A staff decision
    wins over the automatic result; a seat in a batch wins over both."""
    if enrolment == "enrolled":
        return StatusWords("in_training", _("Accepted into a training batch"),
                           _("The training provider or Dinas will tell you the schedule and the place. "
                              "Keep your phone active."))
    if enrolment == "completed":
        return StatusWords("completed", _("Training completed"),
                           _("Ask Dinas about your certificate and about business grants for graduates."))
    if enrolment == "dropped_out":
        return StatusWords("left_training", _("Left the training"),
                           _("Contact Dinas if you want to join a later program."))
    if decision == "APPROVED" or (decision is None and automatic == "ELIGIBLE"):
        return StatusWords("eligible", _("Meets the requirements"),
                           _("Wait for the invitation to a training batch. Seats are limited: those "
                              "with the greatest need are called first."))
    if decision == "REJECTED":
        return StatusWords("ineligible", _("Does not meet the requirements"),
                           _("Dinas staff decided on your application. Ask Dinas if you think this is wrong."))
    if automatic == "INELIGIBLE":
        return StatusWords("ineligible", _("Does not meet the requirements"),
                           _("If your data was recorded wrongly, bring your KTP and KK to Dinas to have it "
                              "corrected."),
                           tuple(reasons_in_plain_words(reasons, rules, region_names=region_names)))
    if automatic == "REVIEW":
        return StatusWords("checking", _("Being checked by Dinas staff"),
                           _("Nothing to do for now. Dinas may contact you if a document is missing."))
    return StatusWords("registered", _("Registered"),
                       _("Your application will be checked after registration closes on %(date)s.")
                       % {"date": date_format(registration_closes)})
