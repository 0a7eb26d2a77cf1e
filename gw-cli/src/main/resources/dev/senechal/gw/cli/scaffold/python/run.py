#!/usr/bin/env python3
"""{{name}}: a senechal-gw plugin. One process per command: the request is one JSON object on
stdin, the response one JSON object on stdout (nothing else on stdout; talk to humans on stderr).
Standard library only."""
import json
import sys

EX_TEMPFAIL = 75  # a temporary failure: retried with backoff
EX_CONFIG = 78    # a permanent failure (bad config, unsupported protocol): never retried


def poll(request):
    polls = (request.get("state") or {}).get("polls", 0) + 1
    # Emit events with "events": [{"type": "...", "payload": {...}, "event_id": "stable-id"}];
    # state_updates are merged into the stored state, which the next request carries in "state".
    return {"status": "ok", "events": [], "state_updates": {"polls": polls},
            "result": "{{name}}: poll %d" % polls}


def health(request):
    return {"status": "ok", "result": "{{name}} is healthy"}


def main():
    request = json.load(sys.stdin)
    if request.get("protocol") != 2:
        print("{{name}}: protocol %s is not supported (only 2)" % request.get("protocol"),
              file=sys.stderr)
        return EX_CONFIG
    handlers = {"poll": poll, "health": health}
    handler = handlers.get(request.get("command"))
    if handler is None:
        print("{{name}}: unknown command %s" % request.get("command"), file=sys.stderr)
        json.dump({"status": "error", "error": "unknown command", "retry": False}, sys.stdout)
        return EX_CONFIG
    json.dump(handler(request), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
