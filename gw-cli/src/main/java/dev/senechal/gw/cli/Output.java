package dev.senechal.gw.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.senechal.gw.protocol.ProtocolCodec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the read commands print: pretty JSON for {@code --json}, aligned tables and relative times
 * for people.
 */
final class Output {
  static final ObjectMapper JSON =
      ProtocolCodec.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Output() {}

  static void json(PrintWriter out, JsonNode node) {
    try {
      out.println(JSON.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** A stored JSON text as a node; text that is not JSON (it should not happen) stays a string. */
  static JsonNode parsed(String json) {
    if (json == null) {
      return NullNode.getInstance();
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(json);
    }
  }

  static JsonNode instant(Instant instant) {
    return instant == null ? NullNode.getInstance() : TextNode.valueOf(instant.toString());
  }

  /** "12s ago", "in 3m", "just now", "-" for none. */
  static String relative(Instant instant, Instant now) {
    if (instant == null) {
      return "-";
    }
    Duration d = Duration.between(instant, now);
    if (d.abs().toSeconds() < 1) {
      return "just now";
    }
    boolean past = !d.isNegative();
    String span = span(d.abs());
    return past ? span + " ago" : "in " + span;
  }

  static String span(Duration d) {
    long s = d.toSeconds();
    if (s < 1) {
      return d.toMillis() + "ms";
    }
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172800) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }

  /** One line, at most {@code max} characters, for a table cell. */
  static String cell(String text, int max) {
    if (text == null || text.isEmpty()) {
      return "-";
    }
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  /** Columns padded to their widest cell, two spaces apart; the last column is not padded. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header);
    }

    Table row(String... cells) {
      rows.add(cells);
      return this;
    }

    boolean isEmpty() {
      return rows.size() == 1;
    }

    void print(PrintWriter out) {
      int columns = rows.get(0).length;
      int[] width = new int[columns];
      for (String[] row : rows) {
        for (int i = 0; i < columns; i++) {
          width[i] = Math.max(width[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns; i++) {
          line.append(row[i]);
          if (i < columns - 1) {
            line.append(" ".repeat(width[i] - row[i].length() + 2));
          }
        }
        out.println(line.toString().stripTrailing());
      }
    }
  }
}
