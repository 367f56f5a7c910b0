#!/usr/bin/env python3
"""Start Odoo's server on a listening socket with a deep queue (socket activation).

Usage: python3 deploy/listen.py ODOO_SCRIPT [odoo server options...]

ODOO_SCRIPT is a file that Python can run to start Odoo: the ``odoo`` console script or
``odoo-bin``. Odoo's multi-process server re-runs it (``sys.argv[0]``) to start its
websocket (gevent) process, which ``python3 -m odoo`` cannot do.

Odoo's multi-process server listens with a queue of 8 x workers connections; a burst of
people opening screens at once overflows it. This wrapper binds the HTTP address and port
that Odoo would (read from the same options and configuration file, by Odoo's own
parser), listens with a queue of SG_LISTEN_BACKLOG connections (default 1024; the kernel
caps it at net.core.somaxconn), and replaces itself with Odoo, passing the socket as
systemd does (sd_listen_fds: descriptor 3, LISTEN_FDS=1, LISTEN_PID=its own pid, kept
through exec). Odoo then takes that socket instead of making its own (``socket
activation`` in odoo/service/server.py); its workers accept from it, and its websocket
process binds gevent_port itself.

It is what systemd's odoo.socket unit does (deploy/systemd/), without systemd, and
without ``systemd-socket-activate``'s wait: that tool starts its command only at the
first connection. When socket activation does not apply (HTTP disabled, a one-shot
command, an IPv6 address, SG_LISTEN_BACKLOG=0) it says why and starts Odoo unchanged.
"""

import os
import socket
import sys

SD_LISTEN_FDS_START = 3
DEFAULT_BACKLOG = 1024


def say(message):
    print(f"listen.py: {message}", file=sys.stderr, flush=True)


def start_odoo(script, args):
    """Replace this process with Odoo (the pid, and so LISTEN_PID, stay the same)."""
    os.execv(sys.executable, [sys.executable, script, *args])


def somaxconn():
    try:
        with open("/proc/sys/net/core/somaxconn", encoding="ascii") as handle:
            return int(handle.read())
    except (OSError, ValueError):
        return None


def http_address(args):
    """(enabled, interface, port, one_shot) as Odoo reads them from these options."""
    from odoo.tools import config

    config._parse_config(list(args))
    one_shot = bool(config["stop_after_init"])
    return (
        config["http_enable"],
        config["http_interface"] or "0.0.0.0",
        config["http_port"],
        one_shot,
    )


def main(argv):
    if len(argv) < 1:
        sys.exit("usage: listen.py ODOO_SCRIPT [odoo server options...]")
    script, args = argv[0], argv[1:]
    if not os.path.isfile(script):
        sys.exit(f"listen.py: {script} is not a file Python can run to start Odoo")
    try:
        backlog = int(os.environ.get("SG_LISTEN_BACKLOG") or DEFAULT_BACKLOG)
    except ValueError:
        sys.exit("listen.py: SG_LISTEN_BACKLOG must be a whole number")
    if backlog <= 0:
        say("SG_LISTEN_BACKLOG=0: no socket activation, Odoo listens with its own queue")
        start_odoo(script, args)
    if args and not args[0].startswith("-"):
        # an Odoo command (shell, db, ...) rather than the server's options
        start_odoo(script, args)
    try:
        enabled, interface, port, one_shot = http_address(args)
    except (Exception, SystemExit) as error:
        # Odoo reports bad options itself, with its usage
        say(f"could not read Odoo's options ({error!r}): no socket activation")
        start_odoo(script, args)
    if not enabled or one_shot:
        start_odoo(script, args)
    if ":" in interface:
        say(
            f"{interface} is an IPv6 address and Odoo takes an activated socket as IPv4: "
            "no socket activation, Odoo listens with its own queue of 8 x workers"
        )
        start_odoo(script, args)
    limit = somaxconn()
    if limit is not None and backlog > limit:
        say(f"the kernel caps the queue at net.core.somaxconn = {limit} (asked {backlog})")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((interface, port))
    except OSError as error:
        sys.exit(
            f"listen.py: cannot listen on {interface}:{port}: {error.strerror} "
            "(is another Odoo, or ./bin/run, already serving on it?)"
        )
    sock.listen(backlog)
    if sock.fileno() != SD_LISTEN_FDS_START:
        os.dup2(sock.fileno(), SD_LISTEN_FDS_START)  # inheritable by default
        sock.close()
    else:
        os.set_inheritable(SD_LISTEN_FDS_START, True)
    os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()), LISTEN_FDNAMES="http")
    say(f"listening on {interface}:{port} with a queue of {backlog} (socket activation)")
    start_odoo(script, args)


if __name__ == "__main__":
    main(sys.argv[1:])
