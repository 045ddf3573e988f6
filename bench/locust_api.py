"""The API clients of `make bench-api` (bench/api.py starts locust with this file). Each has its
own token (BENCH_API_TOKENS, comma-separated) and reads /api/v1/applications/ as a system that
copies them would: page after page of 50 through all of its districts' applications (wrapping
round at the end), now and then one status of the cycle or one district, waiting BENCH_API_THINK
seconds (MIN-MAX) between requests. What it learns first (its districts, how many pages) is
asked outside locust's figures."""

import itertools
import os
import random

import requests
from locust import HttpUser, between, task

TOKENS = itertools.cycle(os.environ.get("BENCH_API_TOKENS", "").split(","))
THINK = tuple(float(x) for x in os.environ.get("BENCH_API_THINK", "0.5-1.5").split("-", 1))
PAGE_SIZE = 50
STATUSES = ("ELIGIBLE", "INELIGIBLE", "REVIEW")


def _pages(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


class ApiClient(HttpUser):
    wait_time = between(*THINK)

    def on_start(self):
        token = next(TOKENS)
        self.client.headers["Authorization"] = f"Token {token}"
        ask = requests.Session()
        ask.headers["Authorization"] = f"Token {token}"

        def count(**params):
            answer = ask.get(f"{self.host}/api/v1/applications/", params={**params, "page_size": 1}, timeout=60)
            answer.raise_for_status()
            return answer.json()["count"]

        me = ask.get(f"{self.host}/api/v1/me/", timeout=60).json()
        self.district = random.choice(me["districts"] or ["64.72"])
        self.pages = _pages(count())
        self.status_pages = {status: _pages(count(cycle="KALTIM-2026", status=status)) for status in STATUSES}
        self.district_pages = _pages(count(district=self.district))
        self.next_page = random.randint(1, self.pages)

    @task(4)
    def applications(self):
        self.client.get(f"/api/v1/applications/?page={self.next_page}&page_size={PAGE_SIZE}",
                        name="/api/v1/applications/?page=N")
        self.next_page = self.next_page % self.pages + 1

    @task(2)
    def by_cycle_and_status(self):
        status = random.choice(STATUSES)
        page = random.randint(1, self.status_pages[status])
        self.client.get(f"/api/v1/applications/?cycle=KALTIM-2026&status={status}&page={page}",
                        name="/api/v1/applications/?cycle&status")

    @task(1)
    def by_district(self):
        page = random.randint(1, self.district_pages)
        self.client.get(f"/api/v1/applications/?district={self.district}&page={page}",
                        name="/api/v1/applications/?district")
