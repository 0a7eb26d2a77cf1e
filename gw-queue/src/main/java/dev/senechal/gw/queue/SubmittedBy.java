package dev.senechal.gw.queue;

import java.util.Locale;

/** Who put a job into the queue (SPEC §4). */
public enum SubmittedBy {
  SCHEDULER,
  WEBHOOK,
  ROUTE,
  API,
  CLI;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SubmittedBy fromWireName(String name) {
    for (SubmittedBy by : values()) {
      if (by.wireName().equals(name)) {
        return by;
      }
    }
    throw new IllegalArgumentException("unknown submitter '" + name + "'");
  }
}
