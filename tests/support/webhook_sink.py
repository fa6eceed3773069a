"""A real HTTP receiver for the webhook tests: every POST it receives becomes NNNN.json (its
method, path and headers) and NNNN.body (the body as received) in the directory given as the
first argument.

Run with Debian's /usr/bin/python3. Prints "listening on PORT" once it accepts connections on
127.0.0.1 (port 0: the kernel picks a free one) and runs until SIGTERM.

  --fail-first N   answer 500 to the first N requests (a temporary failure)
  --status CODE    answer CODE to every request after those (default 200)
"""

import argparse
import http.server
import json
import os
import signal
import threading


def make_handler(directory, state):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with state["lock"]:
                state["count"] += 1
                count = state["count"]
                failing = state["fail_first"] > 0
                if failing:
                    state["fail_first"] -= 1
            name = os.path.join(directory, "%04d" % count)
            request = {"method": self.command, "path": self.path,
                       "headers": {k.lower(): v for k, v in self.headers.items()}}
            # The body first, the request last: a test that sees NNNN.json finds both complete.
            write(name + ".body", body)
            write(name + ".json", json.dumps(request).encode())
            status = 500 if failing else state["status"]
            answer = ("status %d for request %d\n" % (status, count)).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format, *args):
            pass

    return Handler


def write(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(data)
    os.rename(temporary, path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--status", type=int, default=200)
    args = parser.parse_args()

    state = {"lock": threading.Lock(), "count": 0, "fail_first": args.fail_first,
             "status": args.status}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             make_handler(args.directory, state))
    signal.signal(signal.SIGTERM, lambda signum, frame: threading.Thread(
        target=server.shutdown).start())
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
