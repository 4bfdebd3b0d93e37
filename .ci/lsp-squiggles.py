#!/usr/bin/env python3
"""Opens the repository's solution in a real language server, as an editor would, and waits for a diagnostic.

lsp-squiggles.py SERVER FILE RULE LINE [TIMEOUT]

Starts SERVER (csharp-ls) in the repository root over stdio, with its analyzers on (csharp.analyzersEnabled), opens
FILE as an editor does (didOpen with the file's text) and asks for its diagnostics until one with code RULE is on
LINE (1-based) or TIMEOUT seconds (default 300) pass. Exit 0 when found, 1 when not (printing what it saw).
"""
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request


def main(server, path, rule, line, timeout=300):
    root = os.getcwd()
    path = os.path.abspath(path)
    uri = "file://" + urllib.request.pathname2url(path)
    proc = subprocess.Popen([server, "--solution", "TcpKata.sln", "--loglevel", "info"], cwd=root,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    lock = threading.Lock()
    seen = {}            # uri -> latest diagnostics
    responses = {}       # id -> result
    settings = {"csharp": {"analyzersEnabled": True, "solution": "TcpKata.sln"}}

    def send(message):
        body = json.dumps(message).encode()
        with lock:
            proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            proc.stdin.flush()

    def read():
        while True:
            header = {}
            while True:
                raw = proc.stdout.readline()
                if not raw:
                    return
                raw = raw.decode().strip()
                if not raw:
                    break
                key, _, value = raw.partition(":")
                header[key.lower()] = value.strip()
            message = json.loads(proc.stdout.read(int(header["content-length"])))
            if "method" in message and "id" in message:      # a request from the server
                method = message["method"]
                if method == "workspace/configuration":
                    result = [settings.get(item.get("section", "").split(".")[0], {}) if item.get("section") else settings
                              for item in message["params"]["items"]]
                else:
                    result = None
                send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            elif message.get("method") == "textDocument/publishDiagnostics":
                seen[message["params"]["uri"]] = message["params"]["diagnostics"]
            elif "id" in message:
                responses[message["id"]] = message.get("result")

    threading.Thread(target=read, daemon=True).start()
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": "file://" + urllib.request.pathname2url(root),
        "initializationOptions": settings,
        "capabilities": {"workspace": {"configuration": True},
                         "textDocument": {"publishDiagnostics": {}, "diagnostic": {"dynamicRegistration": False}}}}})
    deadline = time.time() + timeout
    while 1 not in responses and time.time() < deadline:
        time.sleep(0.2)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
    with open(path, encoding="utf-8") as f:
        text = f.read()
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "csharp", "version": 1, "text": text}}})

    next_id, last = 100, []
    while time.time() < deadline:
        # Pull diagnostics (LSP 3.17) and take pushed ones too: servers differ in which they use.
        next_id += 1
        send({"jsonrpc": "2.0", "id": next_id, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}})
        time.sleep(3)
        pulled = responses.get(next_id)
        diagnostics = (pulled or {}).get("items", []) if isinstance(pulled, dict) else []
        diagnostics += seen.get(uri, [])
        last = diagnostics
        for d in diagnostics:
            if d.get("code") == rule and d["range"]["start"]["line"] + 1 == line:
                print(f"{os.path.relpath(path, root)}({line}): {rule}: {d['message']}")
                proc.kill()
                return 0
    print(f"no {rule} on line {line} of {path} within {timeout} s; the server reported:")
    for d in last:
        print(f"  line {d['range']['start']['line'] + 1}: {d.get('code')}: {d['message']}")
    proc.kill()
    return 1


if __name__ == "__main__":
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), *(int(a) for a in sys.argv[5:])))
