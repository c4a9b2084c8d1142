"""The county under load: gunicorn with 4 workers, 20 clients for 60 s, on loopback only.

    make bench-load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhibutong_scale \\
        .venv/bin/python bench/load_bench.py [--duration 60] [--clients 20] [--workers 4]
        [--worker-class sync|gthread] [--threads 4]

It starts gunicorn itself on a free port of 127.0.0.1 against the county database that
``manage.py seed_scale`` builds (DATABASE_URL; APP_ENV=test, so DEBUG is off), logs in the three
people of ``bench/scale_bench.py`` with real sessions, and lets the clients GET the pages of
``scale_bench.PAGES`` with a ``/healthz`` after every few pages, for a fixed time. It then asks
only ``/healthz`` for a short while with the same number of clients: the floor that the pages
are compared with. It prints per page the number of answers, the median, the 95th percentile,
the maximum and the errors, and the two ratios. Pages are only read; the one write is the
login's session (and the logout that removes it). See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import math
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale_bench import PAGES, PERSONAS  # noqa: E402

HOST = "127.0.0.1"
PASSWORD = "scale-pass-2024"
HEALTHZ = "/healthz"
LARGE_BRANCH = next(code for _who, username, code in PERSONAS if username == "sec-scale-big")
TIMEOUT = 120  # seconds a single answer may take before it counts as an error


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``q`` of them at or
    below it (``q`` between 0 and 1)."""
    if not values:
        raise ValueError("no values")
    if not 0 < q <= 1:
        raise ValueError(f"percentile {q} outside (0, 1]")
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    errors: int = 0

    def summary(self) -> dict:
        times = self.seconds or [math.nan]
        return {
            "count": len(self.seconds),
            "median": statistics.median(times) * 1000,
            "p95": percentile(times, 0.95) * 1000 if self.seconds else math.nan,
            "max": max(times) * 1000,
            "errors": self.errors,
        }


class Results:
    def __init__(self) -> None:
        self.by_label: dict[str, Sample] = defaultdict(Sample)
        self.lock = threading.Lock()
        self.failures: dict[str, int] = defaultdict(int)

    def add(self, label: str, seconds: float, error: str | None) -> None:
        with self.lock:
            sample = self.by_label[label]
            if error:
                sample.errors += 1
                self.failures[f"{label}: {error}"] += 1
            else:
                sample.seconds.append(seconds)

    def pages(self) -> list[float]:
        return [s for label, sample in self.by_label.items() if label != HEALTHZ
                for s in sample.seconds]  # fmt: skip

    def errors(self) -> int:
        return sum(sample.errors for sample in self.by_label.values())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of the page mix")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument(
        "--healthz-every", type=int, default=4, help="one /healthz in this many requests"
    )
    parser.add_argument(
        "--healthz-seconds", type=float, default=20, help="seconds of /healthz alone"
    )
    parser.add_argument("--warmup", type=float, default=10, help="seconds not counted")
    parser.add_argument("--page", action="append", help="only this page (repeatable)")
    parser.add_argument(
        "--write-every",
        type=float,
        default=0,
        help="seconds between audited writes in the 300-member branch (0: none)",
    )
    args = parser.parse_args(argv)
    limits = {
        "--duration": (args.duration, 1, 600),
        "--clients": (args.clients, 1, 100),
        "--workers": (args.workers, 1, 16),
        "--threads": (args.threads, 1, 32),
        "--healthz-every": (args.healthz_every, 2, 100),
        "--healthz-seconds": (args.healthz_seconds, 1, 600),
        "--warmup": (args.warmup, 0, 120),
        "--write-every": (args.write_every, 0, 600),
    }
    for name, (value, low, high) in limits.items():
        if not low <= value <= high:
            parser.error(f"{name} 须在 {low} 与 {high} 之间，现为 {value}")
    known = {label for label, _name, _extra in PAGES}
    for page in args.page or []:
        if page not in known:
            parser.error(f"--page：没有名为“{page}”的页面（可选：{'、'.join(sorted(known))}）")
    if args.worker_class == "sync" and args.threads != 1:
        parser.error("--threads 只适用于 --worker-class gthread")
    return args


def page_urls(pages: list[str] | None) -> dict[str, list[tuple[str, str]]]:
    """For each login, the (label, path) of the pages it opens, as scale_bench.run does."""
    from django.urls import reverse
    from django.utils import timezone

    urls: dict[str, list[tuple[str, str]]] = {}
    for persona, username, code in PERSONAS:
        urls[username] = []
        for label, name, extra in PAGES:
            if pages and label not in pages:
                continue
            if name == "reports:editor" and code != "scale-big":
                continue  # the report is a branch's
            kwargs = {"org_code": code}
            if extra.get("year") == "last":
                kwargs["year"] = timezone.localdate().year - 1
            urls[username].append((f"{label} — {persona}", reverse(name, kwargs=kwargs)))
    return urls


class Server:
    """gunicorn serving branch.wsgi on a loopback port, its output in a temporary file."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str]) -> None:
        self.port = free_port()
        # open while the server runs, closed and removed by stop()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="load-bench-", suffix=".log", delete=False
        )
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "branch.wsgi:application",
            "--config", str(ROOT / "gunicorn.conf.py"),
            "--bind", f"{HOST}:{self.port}",
            "--workers", str(args.workers),
            "--worker-class", args.worker_class,
            "--threads", str(args.threads),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start:\n{self.tail()}")
            try:
                status, _body, _headers = request(self.port, "GET", HEALTHZ)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz within {seconds:.0f} s")

    def tail(self, lines: int = 30) -> str:
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        os.unlink(self.log.name)


def request(
    port: int, method: str, path: str, *, cookies: str = "", body: str = "",
    conn: http.client.HTTPConnection | None = None,
) -> tuple[int, bytes, http.client.HTTPMessage]:  # fmt: skip
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    headers = {"Host": "localhost"}
    if cookies:
        headers["Cookie"] = cookies
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body or None, headers=headers)
        response = conn.getresponse()
        content = response.read()
        return response.status, content, response.headers
    finally:
        if own:
            conn.close()


def _cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    found = {}
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def login(port: int, username: str) -> str:
    """A real session through the login form: the Cookie header that carries it."""
    status, body, headers = request(port, "GET", "/accounts/login/")
    csrf = _cookies(headers).get("csrftoken")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not csrf or not token:
        raise RuntimeError(f"the login page answered {status} without a CSRF token")
    form = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    )
    status, _body, headers = request(
        port, "POST", "/accounts/login/", cookies=f"csrftoken={csrf}", body=form
    )
    session = _cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"{username} could not log in (answer {status})")
    return f"csrftoken={csrf}; sessionid={session}"


def logout(port: int, cookies: str) -> None:
    csrf = dict(part.split("=", 1) for part in cookies.split("; "))["csrftoken"]
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf})
    request(port, "POST", "/accounts/logout/", cookies=cookies, body=form)


def client_loop(
    *, port: int, cookies: str, paths: list[tuple[str, str]], healthz_every: int,
    until: float, record_from: float, results: Results, seed: int,
) -> None:  # fmt: skip
    """One client: its login's pages in a shuffled cycle, a /healthz after every
    ``healthz_every - 1`` of them, until the deadline; answers before ``record_from`` are
    not counted (the warm-up)."""
    rng = random.Random(seed)
    order = list(paths)
    rng.shuffle(order)
    pages = itertools.cycle(order)
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    for n in itertools.count():
        if time.monotonic() >= until:
            break
        if paths and n % healthz_every != healthz_every - 1:
            label, path = next(pages)
        else:
            label, path = HEALTHZ, HEALTHZ
        started = time.monotonic()
        error = None
        try:
            status, _body, _headers = request(port, "GET", path, cookies=cookies, conn=conn)
            if status != 200:
                error = f"HTTP {status}"
        except (OSError, http.client.HTTPException) as exc:
            error = exc.__class__.__name__
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
        if started >= record_from:
            results.add(label, time.monotonic() - started, error)
    conn.close()


class Writer(threading.Thread):
    """Every ``seconds``, an audit entry in the 300-member branch, as a secretary's record
    leaves one: what a page of that branch, its township or the county shows may have changed,
    so their kept pages are computed afresh on the next visit (branch/page_cache.py). The
    entries are removed at the end; the records stay as they were."""

    def __init__(self, seconds: float, until: float) -> None:
        super().__init__()
        self.seconds, self.until, self.ids = seconds, until, []

    def run(self) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        from branch.audit import Action
        from branch.models import AuditEntry, Organization

        branch = Organization.objects.get(code=LARGE_BRANCH)
        kind = ContentType.objects.get_for_model(Organization)
        try:
            while time.monotonic() + self.seconds < self.until:
                time.sleep(self.seconds)
                entry = AuditEntry.objects.create(
                    organization=branch, action=Action.UPDATE, content_type=kind,
                    object_id=str(branch.pk), object_repr="load benchmark", changes={},
                )  # fmt: skip
                self.ids.append(entry.pk)
        finally:
            connection.close()

    def remove(self) -> None:
        from branch.models import AuditEntry

        AuditEntry.objects.filter(pk__in=self.ids).delete()


def run_clients(
    *, port: int, sessions: dict[str, str], urls: dict[str, list[tuple[str, str]]],
    clients: int, seconds: float, warmup: float, healthz_every: int,
) -> Results:  # fmt: skip
    results = Results()
    start = time.monotonic()
    record_from, until = start + warmup, start + warmup + seconds
    usernames = [username for _persona, username, _code in PERSONAS]
    threads = []
    for i in range(clients):
        username = usernames[i % len(usernames)]
        thread = threading.Thread(
            target=client_loop,
            kwargs={
                "port": port,
                "cookies": sessions[username],
                "paths": urls[username],
                "healthz_every": healthz_every,
                "until": until,
                "record_from": record_from,
                "results": results,
                "seed": i,
            },
        )
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return results


def report(mix: Results, alone: Results, seconds: float) -> str:
    lines = [
        "| page — who | answers | median ms | p95 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label in sorted(mix.by_label, key=lambda label: (label == HEALTHZ, label)):
        s = mix.by_label[label].summary()
        lines.append(
            f"| {label} | {s['count']} | {s['median']:.0f} | {s['p95']:.0f} | {s['max']:.0f} "
            f"| {s['errors']} |"
        )
    pages = mix.pages()
    answers = sum(len(sample.seconds) for sample in mix.by_label.values())
    page_p95 = percentile(pages, 0.95) * 1000 if pages else math.nan
    floor = mix.by_label[HEALTHZ].summary()["p95"]
    alone_p95 = alone.by_label[HEALTHZ].summary()["p95"]
    median = statistics.median(pages or [math.nan]) * 1000
    lines += [
        "",
        f"page mix: {len(pages)} answers, median {median:.0f} ms, p95 {page_p95:.0f} ms; "
        f"{answers / seconds:.1f} answers/s; errors {mix.errors()}",
        f"/healthz among the pages (the queueing floor): p95 {floor:.0f} ms",
        f"/healthz alone: p95 {alone_p95:.0f} ms, "
        f"{len(alone.by_label[HEALTHZ].seconds)} answers, errors {alone.errors()}",
        f"ratio page-mix p95 / healthz-alone p95: {page_p95 / alone_p95:.1f} (goal ≤ 3)",
        f"ratio page-mix p95 / healthz-in-mix p95: {page_p95 / floor:.1f}",
    ]
    for failure, count in sorted({**mix.failures, **alone.failures}.items()):
        lines.append(f"error: {failure} × {count}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Set DATABASE_URL to the county's PostgreSQL database (see docs/benchmarks.md).")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "branch.settings")
    os.environ.setdefault("APP_ENV", "test")  # DEBUG off, the key the county was seeded with
    import django

    django.setup()
    from branch.models import Organization

    if not Organization.objects.filter(code="scale-county").exists():
        print("No county here: run `make bench-scale` (or `manage.py seed_scale`) first.")
        return 2
    from django.conf import settings
    from django.db import connection

    connection.close()  # the server has its own connections

    urls = page_urls(args.page)
    env = {**os.environ, "DEBUG": "0"}
    server = Server(args, env)
    try:
        server.wait_ready()
        sessions = {username: login(server.port, username) for _p, username, _c in PERSONAS}
        load = os.getloadavg()[0]
        writer = None
        if args.write_every:
            writer = Writer(args.write_every, time.monotonic() + args.warmup + args.duration)
            writer.start()
        mix = run_clients(
            port=server.port, sessions=sessions, urls=urls, clients=args.clients,
            seconds=args.duration, warmup=args.warmup, healthz_every=args.healthz_every,
        )  # fmt: skip
        if writer is not None:
            writer.join()
            writer.remove()
        alone = run_clients(
            port=server.port, sessions=sessions, urls={u: [] for u in urls},
            clients=args.clients, seconds=args.healthz_seconds, warmup=2, healthz_every=2,
        )  # fmt: skip
        for cookies in sessions.values():
            logout(server.port, cookies)
    except RuntimeError as exc:
        print(f"load benchmark: {exc}\n{server.tail()}", file=sys.stderr)
        return 1
    finally:
        server.stop()
    threads = f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    print(
        f"load benchmark — {connection.display_name} {connection.settings_dict['NAME']}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load {load:.2f} at the "
        f"start; gunicorn {args.workers} {args.worker_class} workers{threads}, "
        f"{args.clients} clients, {args.duration:.0f} s after {args.warmup:.0f} s of warm-up, "
        f"one /healthz in {args.healthz_every} requests; /healthz alone for "
        f"{args.healthz_seconds:.0f} s; "
        + (f"an audited write every {args.write_every:g} s" if args.write_every else "no writes")
        + f"; page cache {'on' if settings.PAGE_CACHE else 'off'}"
    )
    print(report(mix, alone, args.duration))
    return 0 if mix.errors() + alone.errors() == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
