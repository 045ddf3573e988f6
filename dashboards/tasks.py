from celery import shared_task

from .figures_cache import REFRESH_SECONDS, figures_refresh, figures_refresh_stale


@shared_task(name="dashboards.refresh_figures", ignore_result=True)
def refresh_figures(key: str) -> None:
    """Recompute one entry of the figures cache whose data changed (a page showed it stale)."""
    figures_refresh(key)


@shared_task(name="dashboards.refresh_stale_figures", ignore_result=True, expires=REFRESH_SECONDS)
def refresh_stale_figures() -> None:
    """Recompute every recently asked entry whose data changed (beat, every REFRESH_SECONDS)."""
    figures_refresh_stale()
