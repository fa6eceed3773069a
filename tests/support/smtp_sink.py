"""A real SMTP server for the tests: every message it accepts becomes NNNN.eml (the bytes as
received) and NNNN.json (the envelope, and the client's port: one port, one connection) in the
directory given as the first argument.

Run with Debian's /usr/bin/python3 (python3-aiosmtpd). Prints "listening on PORT" once it
accepts connections on 127.0.0.1 and runs until SIGTERM.

  --fail-first N   answer 451 to the first N DATA commands (a temporary failure)
  --reject RCPT    answer 550 to RCPT TO for that address (a permanent failure); repeatable
"""

import argparse
import json
import os
import signal
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, fail_first, rejected):
        self.directory = directory
        self.fail_first = fail_first
        self.rejected = {address.lower() for address in rejected}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rejected:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_first > 0:
            self.fail_first -= 1
            return "451 4.3.0 Try again later"
        self.count += 1
        name = os.path.join(self.directory, "%04d" % self.count)
        envelope_json = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                         "client_port": session.peer[1]}
        # The envelope first, the message last: a test that sees NNNN.eml finds both complete.
        self.write(name + ".json", json.dumps(envelope_json).encode())
        self.write(name + ".eml", envelope.original_content)
        return "250 2.0.0 OK queued as %04d" % self.count

    @staticmethod
    def write(path, data):
        temporary = path + ".tmp"
        with open(temporary, "wb") as f:
            f.write(data)
        os.rename(temporary, path)


class EphemeralPortController(Controller):
    """A Controller bound to port 0: the kernel picks a free port, read back before aiosmtpd
    connects to its own server to start it (it would try port 0 otherwise)."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[])
    args = parser.parse_args()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    controller = EphemeralPortController(
        Sink(args.directory, args.fail_first, args.reject), hostname="127.0.0.1", port=0
    )
    controller.start()
    print("listening on %d" % controller.port, flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
