package dev.senechal.gw.engine.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRedactionTest {

  @Test
  void masksTheValuesAtThePointers() {
    String json = "{\"a\":\"s1\",\"b\":{\"c\":[\"x\",\"s2\"]},\"d\":\"keep\"}";

    assertThat(JsonRedaction.redact(json, List.of("/a", "/b/c/1"), "***"))
        .isEqualTo("{\"a\":\"***\",\"b\":{\"c\":[\"x\",\"***\"]},\"d\":\"keep\"}");
  }

  @Test
  void ignoresPointersThatLeadNowhere() {
    assertThat(JsonRedaction.redact("{\"a\":1}", List.of("/b", "/a/0", "/z/9"), "***"))
        .isEqualTo("{\"a\":1}");
  }

  @Test
  void masksTextThatIsNotJsonAsAWhole() {
    assertThat(JsonRedaction.redact("password=hunter2", List.of("/a"), "***")).isEqualTo("***");
  }
}
