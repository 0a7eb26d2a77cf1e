#!/usr/bin/env bash
# {{name}}: a senechal-gw plugin. One process per command: the request is one JSON object on
# stdin, the response one JSON object on stdout (nothing else on stdout; talk to humans on stderr).
request=$(cat)

field() { # field NAME: the first string or number value of "NAME" in the request (no jq needed)
  [[ $request =~ \"$1\"[[:space:]]*:[[:space:]]*\"?([^\",}]*) ]] && printf '%s' "${BASH_REMATCH[1]}"
}

# A protocol this plugin does not speak: exit 78 (EX_CONFIG), which the daemon never retries.
protocol=$(field protocol)
if [ "$protocol" != "2" ]; then
  echo "{{name}}: protocol ${protocol:-?} is not supported (only 2)" >&2
  exit 78
fi

case "$(field command)" in
  poll)
    polls=$(( $(field polls || echo 0) + 1 ))
    # Emit events with "events":[{"type":"...","payload":{...}}]; state_updates are merged into
    # the stored state, which the next request carries in "state".
    printf '{"status":"ok","events":[],"state_updates":{"polls":%d},"result":"{{name}}: poll %d"}\n' \
      "$polls" "$polls"
    ;;
  health)
    echo '{"status":"ok","result":"{{name}} is healthy"}'
    ;;
  *)
    # A failure: status error; "retry":false makes it permanent, exit 78 says so too.
    echo "{{name}}: unknown command" >&2
    echo '{"status":"error","error":"unknown command","retry":false}'
    exit 78
    ;;
esac
