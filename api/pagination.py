from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """{"count", "next", "previous", "results"}; ?page=N&page_size=M (at most API_MAX_PAGE_SIZE)."""

    page_size_query_param = "page_size"

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE
