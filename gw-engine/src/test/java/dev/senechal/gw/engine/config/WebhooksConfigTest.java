package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.failure;
import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhooksConfigTest {
  private static final String PLUGINS = "plugins: { gh: {}, pay: {} }\n";
  private static final Map<String, String> ENV = Map.of("GH_SECRET", "s3cr3t-gh-value");

  @Test
  void absentUnlessConfigured() {
    GatewayConfig config = parse(PLUGINS);

    assertThat(config.webhooks()).isNull();
    assertThat(config.webhooksSection()).isEmpty();
  }

  @Test
  void anEndpointNeedsOnlyPathPluginSecretAndScheme() {
    WebhooksConfig webhooks =
        parse(
                PLUGINS
                    + """
webhooks:
  listen: 127.0.0.1:0
  endpoints:
    - { path: /hook/github, plugin: gh, secret: "${GH_SECRET}", scheme: github }
""",
                ENV)
            .webhooks();

    assertThat(webhooks.listen()).isEqualTo(new HostPort("127.0.0.1", 0));
    WebhookEndpointConfig endpoint = webhooks.endpoints().get(0);
    assertThat(endpoint.command()).isEqualTo("handle");
    assertThat(endpoint.signatureHeader()).isEqualTo("X-Hub-Signature-256");
    assertThat(endpoint.maxBodySize()).isEqualTo(1024 * 1024);
    assertThat(endpoint.secret().reveal()).isEqualTo("s3cr3t-gh-value");
    assertThat(endpoint.toString()).doesNotContain("s3cr3t-gh-value");
  }

  @Test
  void eachSchemeHasItsDefaultHeader() {
    WebhooksConfig webhooks =
        parse(
                """
                plugins: { p: {} }
                webhooks:
                  listen: "[::1]:8081"
                  endpoints:
                    - { path: /a, plugin: p, secret: x, scheme: github }
                    - { path: /b, plugin: p, secret: x, scheme: stripe }
                    - { path: /c, plugin: p, secret: x, scheme: slack }
                    - { path: /d, plugin: p, secret: x, scheme: standard-webhooks }
                """)
            .webhooks();

    assertThat(webhooks.listen()).isEqualTo(new HostPort("::1", 8081));
    assertThat(webhooks.endpoints())
        .extracting(WebhookEndpointConfig::scheme, WebhookEndpointConfig::signatureHeader)
        .containsExactly(
            tuple(WebhookScheme.GITHUB, "X-Hub-Signature-256"),
            tuple(WebhookScheme.STRIPE, "Stripe-Signature"),
            tuple(WebhookScheme.SLACK, "X-Slack-Signature"),
            tuple(WebhookScheme.STANDARD_WEBHOOKS, "webhook-signature"));
  }

  @Test
  void readsEveryKey() {
    WebhookEndpointConfig endpoint =
        parse(
                PLUGINS
                    + """
                      webhooks:
                        listen: localhost:9000
                        endpoints:
                          - path: /hook/pay
                            plugin: pay
                            command: payment
                            secret: whsec_abc
                            signature_header: X-Signature
                            scheme: hmac-sha256
                            max_body_size: 64KB
                      """)
            .webhooks()
            .endpoints()
            .get(0);

    assertThat(endpoint)
        .isEqualTo(
            new WebhookEndpointConfig(
                "/hook/pay",
                "pay",
                "payment",
                Secret.of("whsec_abc"),
                "X-Signature",
                WebhookScheme.HMAC_SHA256,
                64 * 1024));
  }

  @Test
  void anUnknownKeyIsReportedWithTheKeyItResembles() {
    ConfigProblem problem =
        onlyProblem(
            PLUGINS
                + """
                  webhooks:
                    listen: 127.0.0.1:8081
                    endpoints:
                      - { path: /a, plugin: gh, secret: x, scheme: github, max_body: 1MB }
                  """);

    assertThat(problem.keyPath()).isEqualTo("webhooks.endpoints[0].max_body");
    assertThat(problem.line()).isEqualTo(5);
    assertThat(problem.message()).contains("did you mean 'max_body_size'?");
  }

  @Test
  void everyEndpointRuleIsChecked() {
    ConfigException e =
        failure(
            PLUGINS
                + """
                  webhooks:
                    endpoints:
                      - { path: hook, plugin: gh, secret: x, scheme: github }
                      - { path: /dup, plugin: nobody, secret: "", scheme: github }
                      - { path: /dup, plugin: gh, scheme: hmac-sha256 }
                      - { path: /api/x, plugin: gh, secret: x, scheme: gitlab, max_body_size: 0 }
                      - { path: /e, plugin: gh, secret: "${UNSET_SECRET:-}", scheme: slack }
                      - { path: /big, plugin: gh, secret: x, scheme: github, max_body_size: 2MB }
                  """);

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly(
            tuple(
                "webhooks.listen",
                "is missing (required: the address to listen on, e.g." + " 127.0.0.1:8081)"),
            tuple("webhooks.endpoints[0].path", "'hook' must start with '/', e.g. /hook/github"),
            tuple(
                "webhooks.endpoints[1].plugin",
                "names plugin 'nobody', which is not configured under plugins: (configured: gh,"
                    + " pay)"),
            tuple("webhooks.endpoints[1].secret", "is empty: expected the signing secret"),
            tuple(
                "webhooks.endpoints[2].path",
                "'/dup' is already the path of webhooks.endpoints[1]: each endpoint needs its own"
                    + " path"),
            tuple(
                "webhooks.endpoints[2].secret",
                "is missing (required: the shared signing secret, e.g. ${GITHUB_WEBHOOK_SECRET})"),
            tuple(
                "webhooks.endpoints[2].signature_header",
                "is missing (required for scheme hmac-sha256: the header that carries the"
                    + " signature)"),
            tuple(
                "webhooks.endpoints[3].path",
                "'/api/x' is reserved (/healthz and /api/… are served by the gateway itself)"),
            tuple(
                "webhooks.endpoints[3].scheme",
                "expected one of github, stripe, slack, standard-webhooks, hmac-sha256, got"
                    + " 'gitlab' (did you mean 'github'?)"),
            tuple("webhooks.endpoints[3].max_body_size", "must be at least 1B, got '0'"),
            tuple(
                "webhooks.endpoints[4].secret",
                "is empty: expected the signing secret (its environment variable is set to"
                    + " nothing)"),
            tuple(
                "webhooks.endpoints[5].max_body_size",
                "must be at most 1MB (the largest payload a job takes), got 2097152 bytes"));
  }

  @Test
  void aStandardWebhooksWhsecSecretMustBeBase64AfterThePrefix() {
    ConfigProblem problem =
        onlyProblem(
            PLUGINS
                + """
                  webhooks:
                    listen: 127.0.0.1:8081
                    endpoints:
                      - { path: /a, plugin: gh, secret: whsec_not*base64!, scheme: standard-webhooks }
                      - { path: /b, plugin: gh, secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, scheme: standard-webhooks }
                      - { path: /c, plugin: gh, secret: plain-bytes, scheme: standard-webhooks }
                      - { path: /d, plugin: gh, secret: whsec_not*base64!, scheme: stripe }
                  """);

    assertThat(problem.keyPath()).isEqualTo("webhooks.endpoints[0].secret");
    assertThat(problem.message())
        .contains("after 'whsec_' must come the base64 of the key")
        .doesNotContain("not*base64");
  }

  @Test
  void anEmptySectionStillNeedsListen() {
    assertThat(onlyProblem(PLUGINS + "webhooks:\n"))
        .extracting(ConfigProblem::keyPath)
        .isEqualTo("webhooks.listen");
  }

  @Test
  void listenMustBeHostAndPort() {
    assertThat(onlyProblem(PLUGINS + "webhooks: { listen: 8081 }\n").message())
        .isEqualTo("expected host:port like 127.0.0.1:8081 (IPv6 as [::1]:8081), got '8081'");
    assertThat(onlyProblem(PLUGINS + "webhooks: { listen: 'localhost:70000' }\n").message())
        .isEqualTo("'localhost:70000' has port 70000, outside 0-65535");
  }
}
