package dev.senechal.gw.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The matching rule of fixtures: {@code expected} is a subset of {@code actual}. An object matches
 * when every key it has is in the actual object with a matching value (extra actual keys are
 * fine); an array matches an array of the same length element by element; any other value must be
 * equal (numbers by value). The string {@value #ANY} matches any present value, for ids and times.
 */
public final class JsonSubset {
  /** Matches any value that is present (for ids, timestamps, pids). */
  public static final String ANY = "<any>";

  private JsonSubset() {}

  /** Where {@code actual} departs from {@code expected}, one line each; empty when it matches. */
  public static List<String> mismatches(JsonNode expected, JsonNode actual) {
    List<String> out = new ArrayList<>();
    compare("$", expected, actual, out);
    return out;
  }

  private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
    if (expected.isTextual() && expected.asText().equals(ANY)) {
      if (actual == null || actual.isMissingNode()) {
        out.add(path + ": expected a value, but it is missing");
      }
      return;
    }
    if (actual == null || actual.isMissingNode()) {
      out.add(path + ": expected " + expected + ", but it is missing");
      return;
    }
    if (expected.isObject()) {
      if (!actual.isObject()) {
        out.add(path + ": expected an object, got " + actual);
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        compare(path + "." + field.getKey(), field.getValue(), actual.get(field.getKey()), out);
      }
      return;
    }
    if (expected.isArray()) {
      if (!actual.isArray() || actual.size() != expected.size()) {
        out.add(path + ": expected " + expected.size() + " element(s), got " + actual);
        return;
      }
      for (int i = 0; i < expected.size(); i++) {
        compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
      }
      return;
    }
    boolean equal =
        expected.isNumber() && actual.isNumber()
            ? expected.decimalValue().compareTo(actual.decimalValue()) == 0
            : expected.equals(actual);
    if (!equal) {
      out.add(path + ": expected " + expected + ", got " + actual);
    }
  }
}
