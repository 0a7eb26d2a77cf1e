package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

/**
 * A listen address such as {@code 127.0.0.1:8081}, {@code localhost:8080} or {@code [::1]:8080}.
 * Port 0 asks the system for a free port (tests).
 */
public record HostPort(String host, int port) {
  public HostPort {
    requireNonNull(host, "host is null");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0-65535");
    }
  }

  /**
   * Parses {@code host:port}; an IPv6 host is written in brackets ({@code [::1]:8080}).
   *
   * @throws IllegalArgumentException saying what is expected
   */
  public static HostPort parse(String text) {
    requireNonNull(text, "text is null");
    String value = text.trim();
    String host;
    String port;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(expected(text));
      }
      host = value.substring(1, close);
      port = value.substring(close + 2);
    } else {
      int colon = value.lastIndexOf(':');
      if (colon < 0 || value.indexOf(':') != colon) {
        throw new IllegalArgumentException(expected(text));
      }
      host = value.substring(0, colon);
      port = value.substring(colon + 1);
    }
    if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(expected(text));
    }
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException(expected(text));
    }
    int number = Integer.parseInt(port);
    if (number > 65535) {
      throw new IllegalArgumentException("'" + text + "' has port " + number + ", outside 0-65535");
    }
    return new HostPort(host, number);
  }

  private static String expected(String text) {
    return "expected host:port like 127.0.0.1:8081 (IPv6 as [::1]:8081), got '" + text + "'";
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
