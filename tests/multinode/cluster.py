#!/usr/bin/python3
"""Three `embargo serve` on one PostgreSQL database behind nginx, round-robin, and one of them
killed with SIGKILL under load (issue 18).

The instance is made with the command line on a database of its own of the test run's PostgreSQL
server (EMBARGO_TEST_POSTGRES, tests/postgres/server.sh): the Company and PySpector programs,
mail to a real SMTP sink (tests/support/smtp_sink.py), a PySpector advisory scheduled a few
seconds ahead. Each server gets a copy of the data directory (the instance key), as separate
machines would. Reporters submit through nginx from several threads while a handler reads the
queue with an API token; meanwhile the server that holds the outbox job is found in
pg_stat_activity and killed with SIGKILL. Then:

- every report a client was told was stored (201) is in the database, and every 201 came with
  an id no other answer had;
- every mail queued (the reporters' receipts) reached the sink at least once;
- the scheduled advisory was published once, by one server;
- the servers left running answered every request: the only failures are nginx's 502s for
  requests that were on the killed server's connections;
- with the database taking no connections, the queue is answered 503 with Retry-After (a
  browser's page request a 503 page), and answered again once the database is back.

Prints the figures (submissions per second, queue reads' latency); `--seconds` sets how long
the load runs (default 6, with the kill half-way).

  cluster.py --embargo BIN --source DIR [--seconds N]
"""

import argparse
import email
import glob
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

RUNNING = []  # processes to stop whatever happens
LOGS = []     # the servers' logs, whose errors a failure shows


def fail(message):
    print(f"FAIL: {message}", flush=True)
    for path in LOGS:
        with open(path, errors="replace") as f:
            errors = [line for line in f if "[error]" in line or "[warning]" in line
                      or " 500 " in line]
        for line in errors[:20]:
            print(f"{os.path.basename(path)}: {line}", end="")
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(argv, stdin=None, check=True):
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True)
    if check and done.returncode != 0:
        fail(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
    return done


def psql(url, sql):
    return run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql]).stdout.strip()


def start(argv, log_path, env=None):
    log = open(log_path, "w")
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env,
                               start_new_session=True)
    RUNNING.append(process)
    return process


def wait_for_line(path, needle, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(path) as f:
            for line in f:
                if needle in line:
                    return line
        if process.poll() is not None:
            fail(f"{path}: the process ended: {open(path).read()[-2000:]}")
        time.sleep(0.05)
    fail(f"{path}: no '{needle}' within {timeout} s: {open(path).read()[-2000:]}")


def request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


NGINX_CONF = """
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  upstream embargo {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://embargo;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      client_max_body_size 80m;
    }}
  }}
}}
"""


class Load:
    """Reporters submitting and a handler reading the queue, through nginx, until stopped."""

    def __init__(self, port, token):
        self.port = port
        self.token = token
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged = []  # (id, reporter email)
        self.refused = {}       # status -> count
        self.queue_ms = []

    def reporter(self, number):
        i = 0
        while not self.stop.is_set():
            i += 1
            address = f"reporter-{number}-{i}@example.net"
            body = json.dumps({
                "vulnerability_type": f"Stored cross-site scripting {number}-{i}",
                "affected_component": "https://shop.example.com/reviews",
                "requirements": "A customer account",
                "steps_to_reproduce": "1. Post a review with a script tag.\n2. Open it.",
                "impact": "Session theft.", "reporter_email": address,
                "credit": {"kind": "anonymous"}, "consent": True})
            try:
                status, answer = request(self.port, "POST", "/api/v1/programs/company/reports",
                                         body, {"Content-Type": "application/json"})
            except OSError as e:
                status, answer = f"connection: {e.__class__.__name__}", b""
            with self.lock:
                if status == 201:
                    self.acknowledged.append((json.loads(answer)["id"], address))
                else:
                    self.refused[status] = self.refused.get(status, 0) + 1

    def handler(self):
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                status, _ = request(self.port, "GET", "/api/v1/reports?limit=50",
                                    headers={"Authorization": f"Bearer {self.token}"})
            except OSError as e:
                status = f"connection: {e.__class__.__name__}"
            with self.lock:
                if status == 200:
                    self.queue_ms.append((time.monotonic() - started) * 1000)
                else:
                    self.refused[f"queue {status}"] = self.refused.get(f"queue {status}", 0) + 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--embargo", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--reporters", type=int, default=8)
    args = parser.parse_args()
    embargo = args.embargo
    policies = os.path.join(args.source, "examples", "policies")

    server_url = open(os.environ["EMBARGO_TEST_POSTGRES"]).read().strip()
    name = "cluster_%08x" % random.getrandbits(32)
    psql(server_url, f"CREATE DATABASE {name}")
    work = tempfile.mkdtemp(prefix="embargo-cluster-")
    try:
        check(args, embargo, policies, server_url, name, work)
    finally:
        for process in RUNNING:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        run(["psql", "-X", "-q", server_url, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
            check=False)
        shutil.rmtree(work, ignore_errors=True)


def check(args, embargo, policies, server_url, name, work):
    url = server_url.replace("/postgres?", f"/{name}?", 1)
    data = os.path.join(work, "data")
    nginx_port = free_port()
    public = f"http://127.0.0.1:{nginx_port}"

    # The SMTP sink.
    sink_dir = os.path.join(work, "sink")
    os.mkdir(sink_dir)
    sink_log = os.path.join(work, "sink.log")
    sink = start(["/usr/bin/python3", os.path.join(args.source, "tests", "support", "smtp_sink.py"),
                  sink_dir], sink_log)
    smtp_port = wait_for_line(sink_log, "listening on", sink).split()[-1]

    # The instance, made once, then a copy of its directory for each server.
    run([embargo, "init", "--data", data, "--database", url, "--email", "owner@example.org"])
    run([embargo, "program", "apply", "--data", data, "--database", url,
         os.path.join(policies, "company.toml"), os.path.join(policies, "pyspector.toml")])
    run([embargo, "settings", "mail", "--data", data, "--database", url, "--smtp-url",
         f"smtp://127.0.0.1:{smtp_port}", "--from", "security@example.org", "--public-url", public])
    run([embargo, "user", "add", "--data", data, "--database", url, "--email",
         "handler@example.org", "--password-stdin"], stdin="a long enough password\n")
    run([embargo, "member", "add", "--data", data, "--database", url, "--program", "company",
         "--email", "handler@example.org", "--role", "handler"])
    token = run([embargo, "token", "create", "--data", data, "--database", url, "--user",
                 "handler@example.org", "--scope", "read", "--name", "cluster"]).stdout.strip()
    advisory = schedule_advisory(embargo, data, url, work)

    servers = []
    for n in range(3):
        node = os.path.join(work, f"node{n}")
        shutil.copytree(data, node)
        log = os.path.join(work, f"node{n}.log")
        LOGS.append(log)
        process = start([embargo, "serve", "--data", node, "--database", url, "--listen",
                         "127.0.0.1:0", "--public-url", public, "--trusted-proxy", "127.0.0.1",
                         "--submission-rate-limit", "0"], log)
        line = wait_for_line(log, "listening on http://", process)
        port = int(line.split("listening on http://127.0.0.1:")[1].split()[0])
        servers.append({"process": process, "port": port, "log": log})

    nginx_dir = os.path.join(work, "nginx")
    os.mkdir(nginx_dir)
    with open(os.path.join(nginx_dir, "nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(dir=nginx_dir, port=nginx_port, servers="\n".join(
            f"    server 127.0.0.1:{s['port']} max_fails=1 fail_timeout=2s;" for s in servers)))
    nginx = start(["nginx", "-p", nginx_dir, "-c", os.path.join(nginx_dir, "nginx.conf"), "-g",
                   "daemon off;"], os.path.join(work, "nginx.log"))
    deadline = time.monotonic() + 10
    while True:
        try:
            if request(nginx_port, "GET", "/healthz")[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or nginx.poll() is not None:
            fail("nginx did not start: " + open(os.path.join(work, "nginx.log")).read())
        time.sleep(0.05)

    check_program_key_on_every_server(embargo, url, work, servers)

    load = Load(nginx_port, token)
    threads = [threading.Thread(target=load.reporter, args=(n,)) for n in range(args.reporters)]
    threads.append(threading.Thread(target=load.handler))
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(args.seconds / 2)
    victim = job_holder(url, servers, "outbox")
    os.killpg(victim["process"].pid, signal.SIGKILL)
    victim["process"].wait()
    killed_at = len(load.acknowledged)
    time.sleep(args.seconds / 2)
    load.stop.set()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started

    # Every acknowledged report is stored, under the id it was acknowledged with.
    ids = [i for i, _ in load.acknowledged]
    if len(set(ids)) != len(ids):
        fail("two submissions were acknowledged with the same id")
    stored = set(psql(url, "SELECT public_id FROM reports").split())
    missing = [i for i in ids if i not in stored]
    if missing:
        fail(f"{len(missing)} acknowledged reports are missing, e.g. {missing[:3]}")
    if killed_at == 0 or len(ids) == killed_at:
        fail(f"the load did not run on both sides of the kill ({killed_at} then {len(ids)})")
    refused = {k: v for k, v in load.refused.items() if k not in (502, "queue 502")}
    if refused:
        fail(f"requests failed other than on the killed server's connections: {refused}")

    # Every queued mail is sent at least once: the outbox empties, and the sink has each.
    deadline = time.monotonic() + 120
    while psql(url, "SELECT count(*) FROM outbox WHERE state = 'queued'") != "0":
        if time.monotonic() > deadline:
            fail("the outbox still holds queued mail two minutes after the load")
        time.sleep(0.2)
    failed = psql(url, "SELECT count(*) FROM outbox WHERE state <> 'sent'")
    if failed != "0":
        fail(f"{failed} outbox entries were not sent")
    queued = set(psql(url, "SELECT message_id FROM outbox WHERE channel = 'mail'").split())
    received = {}
    for path in glob.glob(os.path.join(sink_dir, "*.eml")):
        with open(path, "rb") as f:
            message_id = email.message_from_binary_file(f)["Message-ID"].strip("<> \n")
        received[message_id] = received.get(message_id, 0) + 1
    unsent = [m for m in queued if m not in received]
    if unsent:
        fail(f"{len(unsent)} queued mails never reached the sink, e.g. {unsent[:2]}")
    receipts = int(psql(url, "SELECT count(*) FROM outbox WHERE event = 'report.received'"))
    if receipts < len(ids):
        fail(f"{len(ids)} reports but {receipts} receipts queued")
    twice = sum(1 for m in queued if received.get(m, 0) > 1)

    # The scheduled advisory was published once.
    deadline = time.monotonic() + 30
    while psql(url, f"SELECT state FROM advisories WHERE public_id = '{advisory}'") != "published":
        if time.monotonic() > deadline:
            fail("the scheduled advisory was not published")
        time.sleep(0.2)
    revisions = psql(url, "SELECT count(*) FROM advisory_revisions")
    published = psql(url, "SELECT count(*) FROM audit_events WHERE action = 'advisory.published'")
    if revisions != "1" or published != "1":
        fail(f"the advisory was published {published} times ({revisions} revisions)")

    # The database away: the servers answer 503 with Retry-After, then serve again once it is back.
    psql(server_url, f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
    psql(server_url, f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     f" WHERE datname = '{name}'")
    connection = http.client.HTTPConnection("127.0.0.1", nginx_port, timeout=30)
    connection.request("GET", "/api/v1/reports?limit=5", headers={"Authorization": f"Bearer {token}"})
    away = connection.getresponse()
    away_body = away.read()
    connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", nginx_port, timeout=30)
    connection.request("GET", "/p/pyspector/report", headers={"Accept": "text/html"})
    page = connection.getresponse()
    page_body = page.read().decode(errors="replace")
    connection.close()
    psql(server_url, f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    if page.status != 503 or "text/html" not in (page.getheader("Content-Type") or "") or \
            "the database is unavailable" not in page_body:
        fail(f"with the database away a browser's page answered {page.status} "
             f"({page.getheader('Content-Type')}): {page_body[:200]}")
    if away.status != 503 or away.getheader("Retry-After") != "5" or \
            json.loads(away_body)["error"]["code"] != "unavailable":
        fail(f"with the database away the queue answered {away.status} "
             f"(Retry-After {away.getheader('Retry-After')}): {away_body[:200]}")
    status, _ = request(nginx_port, "GET", "/api/v1/reports?limit=5", None,
                        {"Authorization": f"Bearer {token}"})
    if status != 200:
        fail(f"once the database was back the queue answered {status}")

    latencies = sorted(load.queue_ms)
    p50 = latencies[len(latencies) // 2] if latencies else 0
    p99 = latencies[int(len(latencies) * 0.99)] if latencies else 0
    print(f"three servers behind nginx, one killed with SIGKILL after {killed_at} reports: "
          f"{len(ids)} reports acknowledged and stored in {elapsed:.1f} s "
          f"({len(ids) / elapsed:.0f}/s), {load.refused.get(502, 0)} submissions answered 502 "
          f"by nginx; {len(queued)} mails queued, all sent ({twice} twice); queue reads "
          f"{len(latencies)}, median {p50:.1f} ms, 99th percentile {p99:.1f} ms; the advisory "
          f"published once", flush=True)
    print("all checks passed")


def check_program_key_on_every_server(embargo, url, work, servers):
    """A program key generated with one server's data directory while the servers run signs the
    program's security.txt on every server: the others take the key pair from the store, sealed
    with the instance key they share; no GnuPG home is copied."""
    generated = run([embargo, "program", "key", "generate", "company", "--data",
                     os.path.join(work, "node0"), "--database", url]).stdout
    fingerprint = generated.split()[2]
    public_key = run([embargo, "program", "key", "export", "company", "--data",
                      os.path.join(work, "node0"), "--database", url]).stdout
    verifier = tempfile.mkdtemp(prefix="embargo-verify-", dir=work)
    os.chmod(verifier, 0o700)
    gpg = ["gpg", "--homedir", verifier, "--batch", "--status-fd", "1"]
    run(gpg + ["--import"], stdin=public_key)
    for n, server in enumerate(servers):
        status, body = request(server["port"], "GET", "/p/company/security.txt")
        if status != 200 or not body.startswith(b"-----BEGIN PGP SIGNED MESSAGE-----"):
            fail(f"server {n} answered security.txt {status} unsigned: {body[:200]!r}")
        verified = run(gpg + ["--verify"], stdin=body.decode(), check=False)
        if f"VALIDSIG {fingerprint}" not in verified.stdout:
            fail(f"server {n}'s security.txt is not signed by {fingerprint}: {verified.stderr}")
    run(["gpgconf", "--homedir", verifier, "--kill", "all"], check=False)
    print(f"security.txt signed by the key generated on server 0 on all {len(servers)} servers")


def schedule_advisory(embargo, data, url, work):
    """A fixed PySpector report with an advisory scheduled four seconds ahead."""
    report_file = os.path.join(work, "report.json")
    with open(report_file, "w") as f:
        json.dump({"reporter_name": "Ada Lovelace", "reporter_email": "ada@example.net",
                   "title": "OS command injection in cli.py",
                   "affected_versions": "0.1.3b0", "severity": "high",
                   "description": "CWE-78: the --rules path reaches a shell.",
                   "impact": "Arbitrary commands.", "steps_to_reproduce": "1. run 2. observe",
                   "credit": {"kind": "anonymous"}, "consent": True}, f)
    out = run([embargo, "report", "submit", "--data", data, "--database", url, "--program",
               "pyspector", "--json", report_file]).stdout
    report = json.loads(out)["id"]
    for state in ("acknowledged", "accepted", "fixed"):
        run([embargo, "report", "transition", "--data", data, "--database", url, report, "--to",
             state, "--actor", "owner@example.org"])
    draft = os.path.join(work, "draft.json")
    with open(draft, "w") as f:
        json.dump({"summary": "OS command injection through the --rules path",
                   "details": "Upgrade to 0.1.4.",
                   "affected": [{"ecosystem": "PyPI", "name": "pyspector",
                                 "ranges": [">= 0.1.0, < 0.1.4"]}]}, f)
    advisory = run([embargo, "advisory", "create", "--data", data, "--database", url,
                    "--program", "pyspector", "--report", report, "--draft",
                    draft]).stdout.strip()
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 4))
    run([embargo, "advisory", "schedule", "--data", data, "--database", url, advisory, "--at", at])
    return advisory


def job_holder(url, servers, job):
    """The server whose connection holds the job's advisory lock (pg_locks, application_name)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        holder = psql(url, "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a"
                           " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                           f" AND l.classid = 1701667425 AND l.objid = hashtext('{job}')::oid")
        for server in servers:
            if holder == f"embargo {server['process'].pid}":
                return server
        time.sleep(0.1)
    fail(f"no server holds the {job} job")


if __name__ == "__main__":
    main()
