"""
cfn-lint, started once for a whole jest run (test/support/cfnLint.ts starts it; jest's global teardown
stops it). A cfn-lint process spends 1.5 s to 2.5 s of CPU importing itself and loading its rules and
schemas before it lints anything; here that is paid once, and every lint request is served by a fork of
this warm process, which runs cfn-lint's own command line (cfnlint.runner.cli.main) with the request's
arguments, in the request's folder and environment, its stdout and stderr captured, and exits. Each
request runs in a fresh fork, so nothing one lint does reaches another, and two requests (two jest
workers) run at the same time.

Usage: cfn_lint_server.py SOCKET_PATH WATCHED_PID WARM_UP_TEMPLATE
  Listens on the Unix socket SOCKET_PATH. A request is one line of JSON,
  {"args": [...], "cwd": "...", "env": {...}}; the answer one line of JSON,
  {"status": exit code, "stdout": "...", "stderr": "..."}. Prints "ready: cfn-lint <version>" when it
  listens. Exits when WATCHED_PID (the jest run) is gone, so that a killed run leaves no server behind
  (nor its forks, nor the socket's folder), or on SIGTERM (jest's global teardown), after its forks; it
  then prints the CPU time it and its forks took (`CFN_LINT_SERVER_LOG=<file> npx jest` appends its
  output to <file>).
"""

import json
import os
import shutil
import signal
import socketserver
import sys
import tempfile
import traceback

import cfnlint.api
import cfnlint.rules
import cfnlint.runner.cli
import cfnlint.version


class Lint(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        # In the fork: this process is cfn-lint for this one request.
        request = json.loads(self.rfile.readline())
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            sys.argv = ["cfn-lint", *request["args"]]
            status = 0
            try:
                cfnlint.runner.cli.main()
            except SystemExit as exit:
                code = exit.code
                status = code if isinstance(code, int) else (0 if code is None else 1)
                if code is not None and not isinstance(code, int):
                    print(code, file=sys.stderr)
            except BaseException:  # what an uncaught exception does to the process: a traceback and 1
                traceback.print_exc()
                status = 1
            sys.stdout.flush()
            sys.stderr.flush()
            out.seek(0)
            err.seek(0)
            answer = {"status": status, "stdout": out.read().decode("utf-8", "replace"), "stderr": err.read().decode("utf-8", "replace")}
        self.wfile.write(json.dumps(answer).encode("utf-8") + b"\n")


class Server(socketserver.ForkingMixIn, socketserver.UnixStreamServer):
    pass


def prebuild_rules() -> None:
    """
    cfn-lint builds its rules anew in each run (Runner._get_rules): it imports each of its 322 rule modules
    from its rules folder again and the rules read their data files, about 0.5 s of CPU per lint. Built
    once here, they reach each fork as that fork's own copy (a fork copies the memory), as fresh as if it
    had built them itself: no rule has run, and building them reads neither the folder nor the environment
    of a request. A fork is handed them once; any other rules folder (`-a`) the fork loads itself, as before.
    """
    built_in = os.path.join(os.path.dirname(cfnlint.__file__), "rules")
    prebuilt = cfnlint.rules.Rules.create_from_directory(built_in)
    server = os.getpid()
    build = cfnlint.rules.Rules.create_from_directory.__func__
    handed_out = False

    def create_from_directory(cls, rulesdir: str):
        nonlocal handed_out
        if os.getpid() != server and not handed_out and os.path.expanduser(rulesdir) == built_in:
            handed_out = True
            return prebuilt
        return build(cls, rulesdir)

    cfnlint.rules.Rules.create_from_directory = classmethod(create_from_directory)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def main() -> None:
    socket_path, watched, warm_up = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    # Lint a template once, here: the schemas of what it holds (a state machine, its roles, a rule, a log
    # group) are then loaded in every fork (about 0.3 s of CPU less per lint; its findings are not used).
    with open(warm_up, encoding="utf-8") as template:
        cfnlint.api.lint(template.read(), regions=["us-east-1"])
    prebuild_rules()
    server = Server(socket_path, Lint)
    # Stopped by its process ID (jest's global teardown): it ends its loop, waits for its forks and exits.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.timeout = 1  # handle_request returns at least once a second, to look at the jest run
    print(f"ready: cfn-lint {cfnlint.version.__version__} ({sys.executable})", flush=True)
    try:
        while alive(watched):
            server.handle_request()
            server.collect_children()
    finally:
        orphaned = not alive(watched)
        if orphaned:  # the jest run is gone (killed): no one waits for an answer, nor runs the teardown
            for pid in list(server.active_children or ()):
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        server.server_close()
        try:
            os.unlink(socket_path)
        except FileNotFoundError:
            pass
        times = os.times()
        print(f"cpu: {times.user + times.system + times.children_user + times.children_system:.2f} s", flush=True)
        if orphaned:
            shutil.rmtree(os.path.dirname(socket_path), ignore_errors=True)


if __name__ == "__main__":
    main()
