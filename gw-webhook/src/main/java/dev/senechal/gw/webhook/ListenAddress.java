package dev.senechal.gw.webhook;

import static java.util.Objects.requireNonNull;

/** Where a listener binds: a host (name or literal address) and a port; port 0 picks a free one. */
public record ListenAddress(String host, int port) {
  public ListenAddress {
    requireNonNull(host, "host is null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0-65535");
    }
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
