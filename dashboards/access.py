"""Who may use the report pages of the dashboards: anyone with `view_dashboards` reads (the
selectors narrow to their districts); only an official (or a system administrator) publishes
the year's official figures."""

from accounts.access import user_check_required
from accounts.roles import Role

VIEW = "accounts.view_dashboards"


def may_view(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW)


def may_publish(user) -> bool:
    return may_view(user) and (user.role == Role.OFFICIAL or user.is_system_admin)


view_required = user_check_required(may_view)
publish_required = user_check_required(may_publish)
