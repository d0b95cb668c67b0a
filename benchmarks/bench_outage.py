"""Outages of PostgreSQL and of Redis in the middle of a job: nothing lost, time to finish.

It starts a private PostgreSQL and Redis (``tests/faults/cluster.py``: initdb in a
temporary folder, redis-server without persistence, free ports), a Celery
worker (two processes) and beat with the default recovery settings, then:

1. submits a job and, once it is under way, stops PostgreSQL for ``--outage``
   seconds (default 300) and starts it again;
2. submits another, stops Redis for as long and starts it again *empty* (every
   queued chunk is gone), submitting a third job while Redis is down.

For each it checks that every item has exactly one result, equal to a fault-free
run's, no match stored twice and the audit verifies, and prints how long after
the service was back the job completed (the target: under 30 s).

    .venv/bin/python benchmarks/bench_outage.py            # 5-minute outages (about 12 min)
    .venv/bin/python benchmarks/bench_outage.py --quick    # CI smoke run: 15-second outages
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.faults.cluster import (  # noqa: E402
    Service,
    check_results,
    job_names,
    missing_servers,
    private_servers,
    wait_until,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="CI smoke run: short outages")
    parser.add_argument("--outage", type=float, default=None, help="seconds (default 300)")
    parser.add_argument("--names", type=int, default=None, help="names per job (default 2000)")
    args = parser.parse_args()
    outage = args.outage or (15.0 if args.quick else 300.0)
    count = args.names or (600 if args.quick else 2000)
    reason = missing_servers()
    if reason:
        print(f"skipped: {reason}")
        return
    with private_servers() as (pg, redis):
        service = Service(pg, redis, SCREENING_CHUNK_SIZE="50")
        try:
            service.prepare()
            worker = service.start_worker("worker", concurrency=2)
            service.start_beat()
            print(f"outages of {outage:.0f} s, jobs of {count} names, default recovery settings")

            names = job_names(count, seed=21)
            job_id = service.submit(names)
            wait_until(lambda: service.job(job_id).processed_count >= 50, 180, "job under way")
            done_before = service.job(job_id).processed_count
            pg.stop("fast")
            time.sleep(outage)
            pg.start()
            took = service.wait_completed(job_id, outage + 600)
            figures = check_results(service, job_id, names)
            print(
                f"PostgreSQL down {outage:.0f} s mid-job ({done_before} of {count} done): "
                f"completed {took:.1f} s after it was back; {figures['items']} items, "
                f"{figures['matches']} matches, none lost or doubled; audit verifies"
            )

            names = job_names(count, seed=22)
            job_id = service.submit(names)
            wait_until(lambda: service.job(job_id).processed_count >= 50, 180, "job under way")
            done_before = service.job(job_id).processed_count
            redis.kill()
            late_names = job_names(100, seed=23)
            late_id = service.submit(late_names)  # saved; its chunks cannot be sent
            time.sleep(max(0.0, outage - 3))
            redis.start()
            back = time.monotonic()
            took = service.wait_completed(job_id, outage + 600)
            service.wait_completed(late_id, 600)
            late_took = time.monotonic() - back
            figures = check_results(service, job_id, names)
            late = check_results(service, late_id, late_names)
            print(
                f"Redis down {outage:.0f} s, back empty, mid-job ({done_before} of {count} done): "
                f"completed {took:.1f} s after it was back; {figures['items']} items, "
                f"{figures['matches']} matches, none lost or doubled; audit verifies"
            )
            print(
                f"  a job submitted while Redis was down: completed {late_took:.1f} s after it "
                f"was back; {late['items']} items"
            )
            assert worker.popen.poll() is None, "the worker exited when it lost the broker"
            print("  the worker kept running through both outages")
        except BaseException:
            print(service.logs())
            raise
        finally:
            service.stop()


if __name__ == "__main__":
    main()
