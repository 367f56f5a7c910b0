"""Browser benchmark: how long a person waits for the threshold matrix to open.

Starts Odoo on the generated database, opens a referral of the largest catalogue in
headless Chromium as the database's administrator, presses "Open threshold matrix"
and measures, in the page, the time until every indicator's checkbox is on screen
(the action's request, the matrix's payload and its rendering). Prints the median.

    python3 -m benchmarks.browser --db sg_bench_l --size L
"""

import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar

from benchmarks.common import (
    DEFAULT_CONFIG,
    REPO_ROOT,
    database_parser,
    environment,
    open_registry_of,
)

TARGET_MS = 300
CHECKBOXES = ".o_sg_indicator_matrix input[type=checkbox]"
OPEN_BUTTON = "button[name=action_open_indicator_matrix]"
INDICATORS_TAB = ".o_notebook .nav-link[name=indicators]"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def benchmark_referral(args):
    """A draft referral of the framework with the most indicators (made once)."""
    registry = open_registry_of(args)
    with environment(registry) as env:
        framework = max(
            env["safeguarding.framework"].search([]),
            key=lambda framework: framework.indicator_count,
        )
        Referral = env["safeguarding.referral"]
        referral = Referral.search(
            [("referrer_name", "=", "Browser benchmark"), ("framework_id", "=", framework.id)],
            limit=1,
        ) or Referral.create({"referrer_name": "Browser benchmark", "framework_id": framework.id})
        env.cr.commit()
        return referral.id, framework.name, framework.indicator_count


@contextmanager
def odoo_server(args, port):
    command = [
        sys.executable, "-m", "odoo", "-c", args.config or str(DEFAULT_CONFIG), "-d", args.db,
        "--db-filter", f"^{args.db}$", "--http-port", str(port),
        "--gevent-port", str(free_port()), "--workers", "0", "--log-level", "warn",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL)
    try:
        for _attempt in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=2)
                break
            except OSError:
                time.sleep(1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def session_id(base, db, login, password):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = json.dumps(
        {"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}}
    ).encode()
    request = urllib.request.Request(
        f"{base}/web/session/authenticate", body, {"Content-Type": "application/json"}
    )
    opener.open(request, timeout=30).read()
    return next(cookie.value for cookie in jar if cookie.name == "session_id")


class Chromium:
    """Enough of the DevTools protocol to load a page and evaluate a script."""

    def __init__(self):
        import websocket  # noqa: PLC0415 - only the browser benchmark needs it

        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        port = free_port()
        self.profile = tempfile.mkdtemp(prefix="sg-bench-chromium-")
        self.process = subprocess.Popen(
            [
                binary, "--headless=new", "--no-sandbox", "--disable-gpu",
                f"--remote-debugging-port={port}", f"--user-data-dir={self.profile}",
                "--window-size=1366,900", "about:blank",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _attempt in range(60):
            try:
                pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
                url = next(page for page in pages if page["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.5)
        self.socket = websocket.create_connection(url["webSocketDebuggerUrl"], timeout=120)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.profile, ignore_errors=True)


# in the page: wait for CONDITION, or press the open button first (CLICK), and resolve
# with the milliseconds it took
MEASURE = """
(() => {
    const started = performance.now();
    CLICK;
    return new Promise((resolve, reject) => {
        const poll = () => {
            if (CONDITION) {
                resolve(performance.now() - started);
            } else if (performance.now() - started > 30000) {
                reject("timed out");
            } else {
                requestAnimationFrame(poll);
            }
        };
        poll();
    });
})()
"""


def measure(browser, condition, click=""):
    return browser.evaluate(MEASURE.replace("CONDITION", condition).replace("CLICK", click))


def open_matrix_once(browser, base, referral_id, indicators):
    browser.call("Page.navigate", url=f"{base}/odoo/safeguarding.referral/{referral_id}")
    measure(browser, f"document.querySelector('{INDICATORS_TAB}')")
    browser.evaluate(f"document.querySelector('{INDICATORS_TAB}').click()")
    measure(browser, f"document.querySelector('{OPEN_BUTTON}')")
    time.sleep(0.5)  # the form settles; the measure starts at the click
    return measure(
        browser,
        f"document.querySelectorAll('{CHECKBOXES}').length >= {indicators}",
        click=f"document.querySelector('{OPEN_BUTTON}').click()",
    )


def main(argv=None):
    parser = database_parser(__doc__.split("\n")[0], default_size="?")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args(argv)
    referral_id, framework, indicators = benchmark_referral(args)
    port = free_port()
    with odoo_server(args, port) as base:
        browser = Chromium()
        try:
            browser.call("Page.enable")
            browser.call(
                "Network.setCookie",
                name="session_id",
                value=session_id(base, args.db, args.login, args.password),
                url=base,
            )
            timings = [
                open_matrix_once(browser, base, referral_id, indicators)
                for _run in range(args.repeat + 1)
            ][1:]  # the first run loads the assets
        finally:
            browser.close()
    median = statistics.median(timings)
    print(
        f"| Open the threshold matrix in the browser, {framework} ({indicators} indicators) "
        f"| {median:.0f} ms | <= {TARGET_MS} ms | {'yes' if median <= TARGET_MS else 'no'} |"
    )
    print(f"  runs: {', '.join(f'{t:.0f}' for t in timings)} ms (size {args.size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
