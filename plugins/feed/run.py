#!/usr/bin/env python3
"""The feed plugin: polls an RSS 2.0 or Atom feed and emits one `new_item` event per entry it has
not seen before. Standard library only.

Request on stdin, response on stdout (nothing else on stdout), diagnostics on stderr.
Config:  url        a path relative to the plugin directory, a file: URL, or an http(s) URL
         max_items  most events per poll (default 20); the rest wait for the next poll
State:   seen       ids of the entries already emitted, newest first, at most SEEN_LIMIT
Exit:    0 with an ok or error response; 75 for a network error (retried); 78 for a bad config
         (permanent) or a protocol other than 2.
"""
import hashlib
import json
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

SEEN_LIMIT = 1000
DEFAULT_MAX_ITEMS = 20
FETCH_TIMEOUT_SECONDS = 20
ATOM = "{http://www.w3.org/2005/Atom}"
EX_TEMPFAIL = 75
EX_CONFIG = 78


class Failure(Exception):
    def __init__(self, message, exit_code):
        super().__init__(message)
        self.exit_code = exit_code


def log(message):
    print("feed: " + message, file=sys.stderr)


def config_of(request):
    config = request.get("config") or {}
    url = config.get("url")
    if not isinstance(url, str) or not url.strip():
        raise Failure("config key 'url' is missing: set it to a feed URL or file path", EX_CONFIG)
    max_items = config.get("max_items", DEFAULT_MAX_ITEMS)
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1:
        raise Failure("config key 'max_items' must be a whole number of at least 1, got %r"
                      % (max_items,), EX_CONFIG)
    return url.strip(), max_items


def fetch(url):
    """The feed's bytes. A missing file is a config problem; a network error is temporary."""
    if url.startswith(("http://", "https://")):
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "senechal-gw-feed/1.0"})
            with urllib.request.urlopen(req, timeout=FETCH_TIMEOUT_SECONDS) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            if 400 <= e.code < 500 and e.code not in (408, 429):
                raise Failure("fetching %s: HTTP %d %s" % (url, e.code, e.reason), EX_CONFIG)
            raise Failure("fetching %s: HTTP %d %s" % (url, e.code, e.reason), EX_TEMPFAIL)
        except (urllib.error.URLError, OSError) as e:
            raise Failure("fetching %s: %s" % (url, getattr(e, "reason", e)), EX_TEMPFAIL)
    if "://" in url and not url.startswith("file://"):
        raise Failure("config key 'url': unsupported scheme in %s (use http, https, file or a path)"
                      % url, EX_CONFIG)
    path = url[len("file://"):] if url.startswith("file://") else url
    path = path[len("file:"):] if path.startswith("file:") else path
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise Failure("config key 'url': cannot read %s: %s" % (path, e.strerror), EX_CONFIG)


def text(element, *names):
    for name in names:
        found = element.find(name)
        if found is not None and (found.text or "").strip():
            return found.text.strip()
    return None


def parse(data, url):
    """(feed title, entries) with entries as dicts, in document order (usually newest first)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise Failure("%s is not XML: %s" % (url, e), EX_TEMPFAIL)
    entries = []
    if root.tag == ATOM + "feed":
        title = text(root, ATOM + "title")
        for entry in root.findall(ATOM + "entry"):
            link = None
            for candidate in entry.findall(ATOM + "link"):
                if candidate.get("rel", "alternate") == "alternate":
                    link = candidate.get("href")
                    break
            entries.append({
                "id": text(entry, ATOM + "id") or link,
                "title": text(entry, ATOM + "title"),
                "link": link,
                "published": text(entry, ATOM + "published", ATOM + "updated"),
                "summary": text(entry, ATOM + "summary", ATOM + "content"),
            })
    elif root.tag == "rss" and root.find("channel") is not None:
        channel = root.find("channel")
        title = text(channel, "title")
        for item in channel.findall("item"):
            link = text(item, "link")
            entries.append({
                "id": text(item, "guid") or link or text(item, "title"),
                "title": text(item, "title"),
                "link": link,
                "published": text(item, "pubDate"),
                "summary": text(item, "description"),
            })
    else:
        raise Failure("%s is neither RSS 2.0 nor Atom (root element %s)" % (url, root.tag),
                      EX_TEMPFAIL)
    return title, [e for e in entries if e["id"]]


def event_key(url, entry_id):
    """A stable id per (feed, entry): a re-emitted entry (say, after a retry) is the same event."""
    return "feed:" + hashlib.sha256((url + "\n" + entry_id).encode("utf-8")).hexdigest()[:32]


def poll(request):
    url, max_items = config_of(request)
    title, entries = parse(fetch(url), url)
    seen = (request.get("state") or {}).get("seen") or []
    seen_set = set(seen)
    fresh = [e for e in entries if e["id"] not in seen_set]
    fresh.reverse()  # oldest first, so downstream sees them in the order they were published
    emitted = fresh[:max_items]
    events = []
    for entry in emitted:
        key = event_key(url, entry["id"])
        payload = dict(entry, feed_title=title, feed_url=url)
        events.append({"type": "new_item", "payload": payload, "event_id": key, "dedupe_key": key})
    newly_seen = [e["id"] for e in reversed(emitted)]
    kept = (newly_seen + [s for s in seen if s not in set(newly_seen)])[:SEEN_LIMIT]
    waiting = len(fresh) - len(emitted)
    result = "%d new of %d entries in %s" % (len(emitted), len(entries), title or url)
    if waiting:
        result += " (%d more next poll)" % waiting
    return {
        "status": "ok",
        "events": events,
        "state_updates": {"seen": kept},
        "logs": [{"level": "info", "message": result}],
        "result": result,
    }


def health(request):
    url, _ = config_of(request)
    title, entries = parse(fetch(url), url)
    return {"status": "ok", "result": "%s: %d entries" % (title or url, len(entries))}


def main():
    raw = sys.stdin.read()
    try:
        request = json.loads(raw)
    except ValueError as e:
        log("the request is not JSON: %s" % e)
        return 1
    protocol = request.get("protocol") if isinstance(request, dict) else None
    if protocol != 2:
        log("protocol %s is not supported (only 2)" % protocol)
        return EX_CONFIG
    command = request.get("command")
    handlers = {"poll": poll, "health": health}
    try:
        if command not in handlers:
            raise Failure("unknown command %r (this plugin knows poll and health)" % command,
                          EX_CONFIG)
        response, code = handlers[command](request), 0
    except Failure as e:
        log(str(e))
        response = {"status": "error", "error": str(e), "retry": e.exit_code != EX_CONFIG}
        code = e.exit_code
    json.dump(response, sys.stdout)
    sys.stdout.write("\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
