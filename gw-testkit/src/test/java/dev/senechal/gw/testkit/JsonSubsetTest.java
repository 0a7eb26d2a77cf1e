package dev.senechal.gw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonSubsetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void expectedIsASubsetOfActual() throws Exception {
    JsonNode actual = json("{\"a\":1,\"b\":{\"c\":[1,{\"d\":2,\"e\":3}]},\"extra\":true}");

    assertThat(JsonSubset.mismatches(json("{\"a\":1.0,\"b\":{\"c\":[1,{\"d\":2}]}}"), actual))
        .isEmpty();
    assertThat(JsonSubset.mismatches(json("{}"), actual)).isEmpty();
  }

  @Test
  void eachDepartureIsNamedByItsPath() throws Exception {
    JsonNode actual = json("{\"a\":1,\"b\":{\"c\":[1,2]},\"s\":\"x\"}");

    assertThat(JsonSubset.mismatches(
            json("{\"a\":2,\"b\":{\"c\":[1]},\"s\":\"y\",\"gone\":null}"), actual))
        .containsExactly(
            "$.a: expected 2, got 1",
            "$.b.c: expected 1 element(s), got [1,2]",
            "$.s: expected \"y\", got \"x\"",
            "$.gone: expected null, but it is missing");
  }

  @Test
  void theWildcardMatchesAnyPresentValueButNotAMissingOne() throws Exception {
    JsonNode actual = json("{\"id\":\"8c1f\",\"at\":12,\"nothing\":null}");

    assertThat(JsonSubset.mismatches(
            json("{\"id\":\"<any>\",\"at\":\"<any>\",\"nothing\":\"<any>\"}"), actual))
        .isEmpty();
    assertThat(JsonSubset.mismatches(json("{\"when\":\"<any>\"}"), actual))
        .containsExactly("$.when: expected a value, but it is missing");
  }
}
