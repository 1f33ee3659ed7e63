#!/usr/bin/env python3
"""A small Language Server Protocol client for testing unblock-clangd.

Python standard library only. Used as a module (LspClient, apply_edits) by
the benchmark in bench/clangd, and as a command by the lit tests:

  lsp_client.py cdb FILE -- COMPILER ARGS...
      writes compile_commands.json beside FILE with one entry for FILE

  lsp_client.py diagnostics --server S FILE
      opens FILE, waits for its diagnostics and prints one line each:
      FILE:LINE:COL: SEVERITY: MESSAGE [CODE]   (first line of the message)
      then the diagnostics published for other files (configuration files)
      until then, after "other file: "

  lsp_client.py code-action --server S FILE --code CODE [--apply TITLE]
                            [--compare-with FIXED]
      requests the code actions for the first diagnostic CODE and prints
      them; --apply applies the quick fix whose title contains TITLE and
      prints the edited text; --compare-with checks the quick fixes of the
      diagnostic against FIXED, the file as clang-tidy --fix leaves it: the
      server must offer a quick fix exactly when clang-tidy changes the
      file, and applying it must give FIXED.

  lsp_client.py reparse --server S FILE --run CMD [--run CMD ...]
      opens FILE and prints its diagnostics as "diagnostics" does; then, for
      each --run in turn, runs CMD through the shell (status 1 if it fails),
      sends the server FILE's unchanged text as a new version (didChange
      with clangd's "forceRebuild": clangd publishes nothing for a version
      whose text and compile command are those of the last one) and prints
      the diagnostics of that version after a line "--- after: CMD". The
      server keeps running throughout: it must notice by itself what CMD
      changed on disk.

The server is started with no arguments beyond --server-arg ones. Any
protocol error, time-out or failed expectation ends the command with
status 1 and a message on stderr.
"""

import argparse
import contextlib
import json
import os
import pathlib
import queue
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

DEFAULT_TIMEOUT = 300.0
SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}


class LspError(Exception):
    pass


def path_to_uri(path):
    return pathlib.Path(os.path.abspath(path)).as_uri()


def uri_to_path(uri):
    return urllib.parse.unquote(urllib.parse.urlparse(uri).path)


class LspClient:
    """One server process spoken to over stdin/stdout (JSON-RPC 2.0)."""

    def __init__(self, server, args=(), cwd=None, timeout=DEFAULT_TIMEOUT,
                 user_config=False):
        self.timeout = timeout
        self.log = tempfile.TemporaryFile(mode="w+b")
        if os.sep in server:
            server = os.path.abspath(server)  # cwd changes below
        env = dict(os.environ)
        if not user_config:
            # clangd reads $XDG_CONFIG_HOME/clangd/config.yaml: keep the
            # user's own configuration out of the tests.
            self.config_home = tempfile.TemporaryDirectory()
            env["XDG_CONFIG_HOME"] = self.config_home.name
        self.proc = subprocess.Popen(
            [server, *args], cwd=cwd, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self.log, env=env)
        self.next_id = 1
        self.inbox = queue.Queue()
        self.notifications = []
        self.reader = threading.Thread(target=self._read_loop, daemon=True)
        self.reader.start()

    # -- transport ---------------------------------------------------------

    def _read_loop(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.decode("ascii").strip()
                if not line:
                    break
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body.decode("utf-8")))

    def _write(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _next_message(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise LspError("timed out waiting for the server")
        try:
            message = self.inbox.get(timeout=left)
        except queue.Empty:
            raise LspError("timed out waiting for the server") from None
        if message is None:
            raise LspError("the server closed its output (exit status %s)"
                           % self.proc.poll())
        if "method" in message and "id" in message:
            # A request from the server (progress, configuration, ...):
            # answer it so that the server is never kept waiting.
            self._write({"id": message["id"], "result": None})
        elif "method" in message:
            self.notifications.append(message)
        return message

    # -- requests and notifications -----------------------------------------

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self._write({"id": request_id, "method": method, "params": params})
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._next_message(deadline)
            if message.get("id") == request_id and "method" not in message:
                if "error" in message:
                    raise LspError("%s failed: %s" % (method, message["error"]))
                return message.get("result")

    def notify(self, method, params):
        self._write({"method": method, "params": params})

    def wait_notification(self, predicate, timeout=None):
        """Returns the first notification (already received or coming) for
        which predicate(message) holds, and forgets it."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for i, message in enumerate(self.notifications):
                if predicate(message):
                    del self.notifications[i]
                    return message
            self._next_message(deadline)

    # -- the protocol steps the tests use ------------------------------------

    def initialize(self, root):
        result = self.request("initialize", {
            "processId": os.getpid(),
            "rootUri": path_to_uri(root),
            "capabilities": {
                "textDocument": {
                    "publishDiagnostics": {"relatedInformation": True},
                    "codeAction": {
                        "codeActionLiteralSupport": {
                            "codeActionKind": {"valueSet": [
                                "", "quickfix", "refactor", "source"]}}},
                },
            },
        })
        self.notify("initialized", {})
        return result

    def open(self, path, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": path_to_uri(path), "languageId": "cpp",
            "version": version, "text": text}})

    def change(self, path, text, version, force_rebuild=False):
        params = {
            "textDocument": {"uri": path_to_uri(path), "version": version},
            "contentChanges": [{"text": text}]}
        if force_rebuild:
            # clangd's extension: parse again even if neither the text nor
            # the compile command changed (clangd would publish nothing).
            params["forceRebuild"] = True
        self.notify("textDocument/didChange", params)

    def diagnostics(self, path, version=None, timeout=None):
        """Waits for the diagnostics of path (of that version, if given)."""
        uri = path_to_uri(path)

        def matches(message):
            if message.get("method") != "textDocument/publishDiagnostics":
                return False
            params = message["params"]
            if params["uri"] != uri:
                return False
            return version is None or params.get("version") == version

        message = self.wait_notification(matches, timeout)
        return message["params"]["diagnostics"]

    def code_actions(self, path, diagnostic):
        return self.request("textDocument/codeAction", {
            "textDocument": {"uri": path_to_uri(path)},
            "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]},
        }) or []

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=30)
        except (LspError, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()

    def server_log(self, lines=40):
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace").splitlines()
        return "\n".join(text[-lines:])


# -- text edits ----------------------------------------------------------------

def _offset(text, position):
    """Offset in text of an LSP position (line, UTF-16 code unit)."""
    lines = text.split("\n")
    line = position["line"]
    if line >= len(lines):
        return len(text)
    start = sum(len(l) + 1 for l in lines[:line])
    units = 0
    col = 0
    for ch in lines[line]:
        if units >= position["character"]:
            break
        units += 2 if ord(ch) > 0xFFFF else 1
        col += 1
    return start + col


def apply_edits(text, edits):
    """Applies LSP TextEdits (all relative to the original text)."""
    spans = sorted(((_offset(text, e["range"]["start"]),
                     _offset(text, e["range"]["end"]), e["newText"])
                    for e in edits), key=lambda s: (s[0], s[1]), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def edits_for(workspace_edit, uri):
    """The TextEdits of a WorkspaceEdit for one document."""
    edits = list(workspace_edit.get("changes", {}).get(uri, []))
    for change in workspace_edit.get("documentChanges", []) or []:
        if change.get("textDocument", {}).get("uri") == uri:
            edits.extend(change["edits"])
    return edits


def edited_uris(workspace_edit):
    uris = set(workspace_edit.get("changes", {}))
    for change in workspace_edit.get("documentChanges", []) or []:
        uris.add(change.get("textDocument", {}).get("uri"))
    return uris


def _where(uri_or_path, position):
    return "%s:%d:%d" % (os.path.basename(uri_or_path), position["line"] + 1,
                         position["character"] + 1)


def describe(path, diagnostic):
    """One line for the diagnostic, then one per note ("note: FILE:L:C: ...")."""
    message = diagnostic["message"].split("\n")[0]
    code = diagnostic.get("code")
    lines = ["%s: %s: %s%s" % (
        _where(path, diagnostic["range"]["start"]),
        SEVERITY.get(diagnostic.get("severity"), "?"), message,
        " [%s]" % code if code else "")]
    for note in diagnostic.get("relatedInformation") or []:
        location = note["location"]
        lines.append("note: %s: %s" % (
            _where(uri_to_path(location["uri"]), location["range"]["start"]),
            note["message"].split("\n")[0]))
    return "\n".join(lines)


def is_quick_fix_for(action, diagnostic):
    """True for a CodeAction (not a bare Command) that fixes diagnostic."""
    if "edit" not in action or action.get("kind") != "quickfix":
        return False
    return any(d.get("range") == diagnostic["range"]
               and d.get("code") == diagnostic.get("code")
               for d in action.get("diagnostics", []))


# -- commands ------------------------------------------------------------------

def open_session(args):
    path = os.path.abspath(args.file)
    client = LspClient(args.server, args.server_arg, cwd=os.path.dirname(path),
                       timeout=args.timeout)
    client.initialize(os.path.dirname(path))
    text = pathlib.Path(path).read_text()
    client.open(path, text)
    return client, path, text


@contextlib.contextmanager
def session(args):
    """A server with FILE open, for one command: (client, path, text). A
    protocol error carries the server's log; the server is always stopped."""
    client, path, text = open_session(args)
    try:
        yield client, path, text
    except LspError as e:
        e.server_log = client.server_log()
        raise
    finally:
        sys.stdout.flush()
        client.close()


def sorted_diagnostics(diagnostics):
    return sorted(diagnostics, key=lambda d: (
        d["range"]["start"]["line"], d["range"]["start"]["character"],
        str(d.get("code")), d["message"]))


def cmd_cdb(args):
    path = os.path.abspath(args.file)
    if not args.command:
        raise LspError("cdb: give the compiler and its arguments after --")
    entry = {"directory": os.path.dirname(path), "file": path,
             "arguments": [*args.command, "-c", path]}
    out = os.path.join(os.path.dirname(path), "compile_commands.json")
    pathlib.Path(out).write_text(json.dumps([entry], indent=2) + "\n")
    print("wrote %s: %s" % (os.path.basename(out), shlex.join(entry["arguments"])))


def print_diagnostics(client, path, version):
    """Waits for the diagnostics of path's version and prints them, then
    those published for other files until then (and forgets these)."""
    diagnostics = client.diagnostics(path, version=version)
    for d in sorted_diagnostics(diagnostics):
        print(describe(path, d))
    print("%d diagnostics" % len(diagnostics))
    # Diagnostics of other files published before those of FILE: the
    # server's complaints about configuration files (.clangd).
    published = [m for m in client.notifications
                 if m.get("method") == "textDocument/publishDiagnostics"]
    for message in published:
        if message["params"]["uri"] == path_to_uri(path):
            continue  # an earlier version's, superseded
        other = uri_to_path(message["params"]["uri"])
        for d in sorted_diagnostics(message["params"]["diagnostics"]):
            print("other file: " + describe(other, d))
    client.notifications = [m for m in client.notifications
                            if not any(m is p for p in published)]


def cmd_diagnostics(args):
    with session(args) as (client, path, _):
        print_diagnostics(client, path, 1)


def cmd_reparse(args):
    with session(args) as (client, path, text):
        print_diagnostics(client, path, 1)
        for version, command in enumerate(args.run, start=2):
            sys.stdout.flush()
            done = subprocess.run(command, shell=True)
            if done.returncode != 0:
                raise LspError("'%s' failed (exit status %d)"
                               % (command, done.returncode))
            if client.proc.poll() is not None:
                raise LspError("the server exited (status %d) during '%s'"
                               % (client.proc.returncode, command))
            client.change(path, text, version, force_rebuild=True)
            print("--- after: %s" % command)
            print_diagnostics(client, path, version)


def cmd_code_action(args):
    with session(args) as (client, path, text):
        uri = path_to_uri(path)
        diagnostics = sorted_diagnostics(client.diagnostics(path, version=1))
        wanted = [d for d in diagnostics if d.get("code") == args.code]
        if not wanted:
            raise LspError("no %s diagnostic among: %s" % (
                args.code, "; ".join(describe(path, d) for d in diagnostics)))
        diagnostic = wanted[0]
        print("diagnostic: " + describe(path, diagnostic))
        actions = client.code_actions(path, diagnostic)
        fixes = [a for a in actions if is_quick_fix_for(a, diagnostic)]
        for action in actions:
            print("action: %s: %s%s" % (
                action.get("kind", "command"), action["title"],
                " (quick fix for this diagnostic)" if action in fixes else ""))

        if args.compare_with is not None:
            fixed = pathlib.Path(args.compare_with).read_text()
            if fixed == text:
                if fixes:
                    raise LspError(
                        "clang-tidy --fix leaves the file unchanged, but the "
                        "server offers a quick fix: %s" % fixes[0]["title"])
                print("%s: no fix-it: clang-tidy --fix changes nothing and "
                      "the server offers no quick fix" % args.code)
            else:
                if len(fixes) != 1:
                    raise LspError(
                        "clang-tidy --fix changes the file; expected one quick "
                        "fix for the diagnostic, got %d" % len(fixes))
                if edited_uris(fixes[0]["edit"]) - {uri}:
                    raise LspError("the quick fix edits other files: %s"
                                   % sorted(edited_uris(fixes[0]["edit"])))
                result = apply_edits(text, edits_for(fixes[0]["edit"], uri))
                if result != fixed:
                    sys.stdout.write("--- quick fix gives:\n" + result)
                    raise LspError("the quick fix differs from clang-tidy --fix")
                print("%s: quick fix '%s' gives the text clang-tidy --fix gives"
                      % (args.code, fixes[0]["title"]))
                for needle in args.fix_contains:
                    if needle not in result:
                        raise LspError("the fixed text lacks '%s'" % needle)

        if args.apply is not None:
            chosen = [a for a in fixes if args.apply in a["title"]]
            if len(chosen) != 1:
                raise LspError("expected one quick fix titled '*%s*' for the "
                               "diagnostic, got %d" % (args.apply, len(chosen)))
            result = apply_edits(text, edits_for(chosen[0]["edit"], uri))
            print("applied: %s" % chosen[0]["title"])
            for line in result.split("\n"):
                print("edited| " + line)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command_name", required=True)

    cdb = sub.add_parser("cdb", help="write compile_commands.json")
    cdb.add_argument("file")
    cdb.add_argument("command", nargs=argparse.REMAINDER)

    def session(p):
        p.add_argument("--server", required=True)
        p.add_argument("--server-arg", action="append", default=[])
        p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
        p.add_argument("file")

    diag = sub.add_parser("diagnostics", help="print the diagnostics of a file")
    session(diag)

    reparse = sub.add_parser(
        "reparse", help="diagnostics again after commands, same server")
    session(reparse)
    reparse.add_argument("--run", action="append", default=[], required=True,
                         metavar="CMD")

    action = sub.add_parser("code-action", help="code actions of a diagnostic")
    session(action)
    action.add_argument("--code", required=True)
    action.add_argument("--apply")
    action.add_argument("--compare-with")
    action.add_argument("--fix-contains", action="append", default=[])

    args = parser.parse_args(argv)
    if args.command_name == "cdb" and args.command and args.command[0] == "--":
        args.command = args.command[1:]
    handler = {"cdb": cmd_cdb, "diagnostics": cmd_diagnostics,
               "reparse": cmd_reparse,
               "code-action": cmd_code_action}[args.command_name]
    try:
        handler(args)
    except LspError as e:
        print("lsp_client: error: %s" % e, file=sys.stderr)
        if getattr(e, "server_log", None):
            print("lsp_client: the server's last messages:\n" + e.server_log,
                  file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
