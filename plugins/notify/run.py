#!/usr/bin/env python3
"""The notify plugin: an idempotent sink. `handle` appends one JSON line per event to a file and
skips an event whose event_id is already in it, so a redelivered job (the queue delivers at
least once: a crash after the write but before the job settled runs it again) writes nothing
twice. Standard library only.

Config:  file   where to write: absolute, or relative to the plugin directory. Its directory
                must exist; the file is created on first write.
Line:    {"event_id", "type", "source", "timestamp", "payload"} as one JSON object per line
Exit:    0 with the response; 78 for a bad config (permanent) or a protocol other than 2;
         75 when the file cannot be written for a reason that may pass (disk full, ...).
"""
import errno
import fcntl
import json
import os
import sys

EX_TEMPFAIL = 75
EX_CONFIG = 78


class Failure(Exception):
    def __init__(self, message, exit_code):
        super().__init__(message)
        self.exit_code = exit_code


def target(request):
    path = (request.get("config") or {}).get("file")
    if not isinstance(path, str) or not path.strip():
        raise Failure("config key 'file' is missing: set it to the file to append to", EX_CONFIG)
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise Failure("config key 'file': directory %s does not exist" % directory, EX_CONFIG)
    return path


def already_written(f, event_id):
    f.seek(0)
    for line in f:
        try:
            if json.loads(line).get("event_id") == event_id:
                return True
        except (ValueError, AttributeError):
            continue  # a line someone else wrote; not ours to judge
    return False


def handle(request):
    path = target(request)
    event = request.get("event")
    if not isinstance(event, dict) or not event.get("event_id"):
        raise Failure("handle needs an event with an event_id", EX_CONFIG)
    event_id = event["event_id"]
    line = json.dumps({
        "event_id": event_id,
        "type": event.get("type"),
        "source": event.get("source"),
        "timestamp": event.get("timestamp"),
        "payload": event.get("payload"),
    }, sort_keys=False, separators=(",", ":")) + "\n"
    try:
        with open(path, "a+", encoding="utf-8") as f:
            fcntl.flock(f, fcntl.LOCK_EX)  # the check and the append are one step
            if already_written(f, event_id):
                result = "skipped event %s: already in %s" % (event_id, path)
            else:
                f.write(line)
                f.flush()
                os.fsync(f.fileno())  # on disk before we answer ok
                result = "wrote event %s to %s" % (event_id, path)
    except OSError as e:
        code = EX_CONFIG if e.errno in (errno.EACCES, errno.EISDIR, errno.EROFS) else EX_TEMPFAIL
        raise Failure("cannot write %s: %s" % (path, e.strerror), code)
    return {"status": "ok", "result": result, "logs": [{"level": "info", "message": result}]}


def health(request):
    path = target(request)
    writable = os.access(path, os.W_OK) if os.path.exists(path) \
        else os.access(os.path.dirname(os.path.abspath(path)), os.W_OK)
    if not writable:
        raise Failure("%s is not writable" % path, EX_CONFIG)
    return {"status": "ok", "result": "%s is writable" % path}


def main():
    try:
        request = json.loads(sys.stdin.read())
    except ValueError as e:
        print("notify: the request is not JSON: %s" % e, file=sys.stderr)
        return 1
    protocol = request.get("protocol") if isinstance(request, dict) else None
    if protocol != 2:
        print("notify: protocol %s is not supported (only 2)" % protocol, file=sys.stderr)
        return EX_CONFIG
    command = request.get("command")
    handlers = {"handle": handle, "health": health}
    try:
        if command not in handlers:
            raise Failure("unknown command %r (this plugin knows handle and health)" % command,
                          EX_CONFIG)
        response, code = handlers[command](request), 0
    except Failure as e:
        print("notify: %s" % e, file=sys.stderr)
        response = {"status": "error", "error": str(e), "retry": e.exit_code != EX_CONFIG}
        code = e.exit_code
    json.dump(response, sys.stdout)
    sys.stdout.write("\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
