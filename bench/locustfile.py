"""The official's dashboard under load, for locust (`make bench-dashboards` builds the province
and runs its own equivalent driver; this file is the same load for locust once it is installed):

    .venv/bin/locust -f bench/locustfile.py --headless -u 20 -r 20 -t 60s --host http://127.0.0.1:8117

Each simulated user logs in as one of the province's officials (bench/dashboards.py creates them,
password PASSWORD there) and reads the first page, the funnel and the breakdowns, waiting 1–2 s
between pages like a reader. locust prints the median and the 95th percentile per page."""

import itertools
import re

from locust import HttpUser, between, task

from bench.dashboards import PASSWORD, PROVINCE_PARAMS

YEAR = PROVINCE_PARAMS.first_year + PROVINCE_PARAMS.years - 1
# The first ten kabupaten/kota of East Kalimantan by code, as bench/indicators.py generates them.
DISTRICTS = ["64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74"]
ACCOUNTS = itertools.cycle([f"pejabat.{code.replace('.', '')}" for code in DISTRICTS] + ["pejabat.kaltim"])


class Official(HttpUser):
    wait_time = between(1, 2)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post("/accounts/login/", name="login", allow_redirects=False,
                         data={"username": next(ACCOUNTS), "password": PASSWORD, "csrfmiddlewaretoken": token},
                         headers={"Referer": f"{self.host}/accounts/login/"})

    @task
    def first_paint(self):
        self.client.get(f"/?year={YEAR}", name="first paint")

    @task
    def funnel(self):
        self.client.get(f"/dashboards/funnel/?year={YEAR}", name="funnel")

    @task
    def breakdowns(self):
        for dimension in ("subdistrict", "sex", "package"):
            self.client.get(f"/dashboards/breakdowns/?year={YEAR}&dimension={dimension}", name=f"by {dimension}")
