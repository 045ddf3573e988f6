"""Who may use the grants pages. Staff with `manage_grants` record everything; officials with
`approve_grants` look and approve. Everyone else (a BLK admin, for one) gets 403. Which rows:
the selectors narrow to the user's districts, so another district's record answers 404."""

from accounts.access import user_check_required

MANAGE = "accounts.manage_grants"
APPROVE = "accounts.approve_grants"


def may_view(user) -> bool:
    return user.has_perm(MANAGE) or user.has_perm(APPROVE)


view_required = user_check_required(may_view)
manage_required = user_check_required(lambda user: user.has_perm(MANAGE))
approve_required = user_check_required(lambda user: user.has_perm(APPROVE))
