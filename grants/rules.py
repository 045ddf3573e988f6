"""The rules of grants, as pure functions over plain values: no ORM, no I/O. Services,
selectors and views call these; nothing else restates them.

- Four eyes: whoever entered or submitted a proposal never verifies, approves or rejects it,
  and each check (verification, approval, second approval) is by another person.
- Approval levels by amount: above the scheme's threshold, a second official approves.
- The budget: remaining = ceiling - committed (approved, not yet paid) - disbursed; an approval
  that would take the remaining below zero is refused.
- Who may receive a scheme: a graduate (enrolment completed) of one of the scheme's cycles, of
  the scheme's district, assessed competent when the scheme asks for it.
- Monitoring: a visit is due so many months after the handover; it is overdue the day after.
- Survival: the share of grants, among those that reached a month, whose visit of that month
  found the business active or growing.
"""

import calendar
from datetime import date

COMPLETED = "completed"
COMPETENT = "kompeten"

# The workflow's steps, each with the statuses it starts from.
SUBMIT_FROM = ("draft",)
VERIFY_FROM = ("submitted",)
APPROVE_FROM = ("verified", "first_approved")
REJECT_FROM = ("submitted", "verified", "first_approved")

NOT_YOUR_OWN = "not_your_own"
ALREADY_CHECKED = "already_checked"


def four_eyes_refusal(*, user_id: int, proposed_by_id: int | None, submitted_by_id: int | None = None,
                      earlier_checker_ids=()) -> str | None:
    """Why `user_id` may not take the next check of a proposal, or None. NOT_YOUR_OWN for the
    person who entered or submitted it; ALREADY_CHECKED for someone who verified or approved it
    at an earlier step."""
    if user_id in {proposed_by_id, submitted_by_id}:
        return NOT_YOUR_OWN
    if user_id in set(earlier_checker_ids):
        return ALREADY_CHECKED
    return None


def needs_second_approval(*, amount: int, threshold: int | None) -> bool:
    """Approval levels by amount: a grant of more than `threshold` needs two officials."""
    return threshold is not None and amount > threshold


def budget_remaining(*, ceiling: int | None, committed: int, disbursed: int) -> int | None:
    """What is left of the ceiling (None: no ceiling, e.g. a KUR referral)."""
    if ceiling is None:
        return None
    return ceiling - committed - disbursed


def fits_budget(*, remaining: int | None, amount: int) -> bool:
    return remaining is None or amount <= remaining


def eligibility_problems(*, enrolment_status: str, assessment: str, require_competent: bool,
                         cycle_eligible: bool, same_district: bool) -> list[str]:
    """Codes of what keeps a training record from a scheme: NOT_COMPLETED, NOT_COMPETENT,
    OTHER_CYCLE, OTHER_DISTRICT."""
    problems = []
    if enrolment_status != COMPLETED:
        problems.append("NOT_COMPLETED")
    if require_competent and assessment != COMPETENT:
        problems.append("NOT_COMPETENT")
    if not cycle_eligible:
        problems.append("OTHER_CYCLE")
    if not same_district:
        problems.append("OTHER_DISTRICT")
    return problems


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day (31 May + 3
    months is 31 Aug; 30 Nov + 3 is 28 or 29 Feb). PostgreSQL's `date + interval` agrees."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def visit_state(*, due_on: date, done: bool, today: date) -> str:
    """'done', 'overdue' (due before today and not done), 'due' (due today or within a week),
    or 'upcoming'."""
    if done:
        return "done"
    if due_on < today:
        return "overdue"
    if (due_on - today).days <= 7:
        return "due"
    return "upcoming"


def milestone_reached(*, delivered_on: date, months: int, today: date) -> bool:
    return add_months(delivered_on, months) <= today


def percentage(numerator: int, denominator: int) -> float | None:
    """numerator / denominator in percent, rounded down to one decimal (as §12 does); None
    when nothing can be counted yet."""
    if denominator <= 0:
        return None
    return (numerator * 1000 // denominator) / 10


def outcome_for_business(business_status: str) -> str:
    """The graduate outcome a visit suggests: a running business means self-employed; a
    stopped one suggests nothing (the officer asks)."""
    return "self_employed" if business_status in ("active", "growing", "moved") else ""


def asset_tag(*, regency_code: str, year: int, grant_id: int, position: int) -> str:
    """An item's asset tag, unique across the portal: BNT-6401-2026-000123-01."""
    return f"BNT-{regency_code.replace('.', '')}-{year}-{grant_id:06d}-{position:02d}"


def training_key(text: str) -> str:
    """What village-need lines are grouped by: lower case, single spaces."""
    return " ".join((text or "").split()).lower()


def clean_tags(text: str) -> list[str]:
    """Tags typed as 'rotan, kelapa sawit; perikanan': split on commas and semicolons, lower
    case, each once, in the order typed."""
    tags = []
    for raw in (text or "").replace(";", ",").split(","):
        tag = " ".join(raw.split()).lower()[:50]
        if tag and tag not in tags:
            tags.append(tag)
    return tags
