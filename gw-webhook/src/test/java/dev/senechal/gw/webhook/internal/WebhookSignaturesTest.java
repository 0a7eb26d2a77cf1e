package dev.senechal.gw.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.webhook.DeliveryRejection;
import dev.senechal.gw.webhook.SignatureScheme;
import dev.senechal.gw.webhook.WebhookEndpoint;
import dev.senechal.gw.webhook.internal.WebhookSignatures.Accepted;
import dev.senechal.gw.webhook.internal.WebhookSignatures.Rejected;
import dev.senechal.gw.webhook.internal.WebhookSignatures.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors for every scheme. GitHub's and standard-webhooks' are the examples published
 * in their documentation; the stripe, slack and hmac-sha256 ones were computed independently with
 * {@code openssl dgst -sha256 -hmac SECRET} over the signed string when this test was written.
 */
class WebhookSignaturesTest {

  private static Verdict verify(
      SignatureScheme scheme,
      String header,
      String secret,
      String body,
      long nowSeconds,
      Map<String, String> headers) {
    WebhookEndpoint endpoint = WebhookEndpoint.of("/hook", "p", "handle", secret, scheme, header, 1 << 20);
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    return WebhookSignatures.verify(
        endpoint, byName::get, body.getBytes(StandardCharsets.UTF_8), Instant.ofEpochSecond(nowSeconds));
  }

  private static DeliveryRejection reason(Verdict verdict) {
    assertThat(verdict).isInstanceOf(Rejected.class);
    return ((Rejected) verdict).reason();
  }

  // GitHub: docs.github.com "Validating webhook deliveries", the example secret and payload.
  private static final String GITHUB_SECRET = "It's a Secret to Everybody";
  private static final String GITHUB_BODY = "Hello, World!";
  private static final String GITHUB_SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void githubPublishedExampleIsAcceptedKeyedOnItsMacAndShowingItsDeliveryId() {
    Verdict verdict =
        verify(SignatureScheme.GITHUB, "X-Hub-Signature-256", GITHUB_SECRET, GITHUB_BODY, 0,
            Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE,
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"));
    assertThat(verdict)
        .as("X-GitHub-Delivery is not signed: it is shown, the MAC keys replays")
        .isEqualTo(new Accepted("mac:" + GITHUB_SIGNATURE.substring(7),
            "72d3162e-cc78-11e3-81ab-4c9367dc0958"));
  }

  @Test
  void githubUpperCaseHexIsTheSameSignatureAndAnotherBodyIsNot() {
    assertThat(
            verify(SignatureScheme.GITHUB, "X-Hub-Signature-256", GITHUB_SECRET, GITHUB_BODY, 0,
                Map.of("X-Hub-Signature-256", "sha256=" + GITHUB_SIGNATURE.substring(7).toUpperCase())))
        .isInstanceOf(Accepted.class);
    assertThat(
            reason(verify(SignatureScheme.GITHUB, "X-Hub-Signature-256", GITHUB_SECRET,
                "Hello, World?", 0, Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE))))
        .isEqualTo(DeliveryRejection.SIGNATURE_MISMATCH);
    assertThat(
            reason(verify(SignatureScheme.GITHUB, "X-Hub-Signature-256", "another secret",
                GITHUB_BODY, 0, Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE))))
        .isEqualTo(DeliveryRejection.SIGNATURE_MISMATCH);
  }

  @Test
  void githubWithoutDeliveryHeaderIsKnownByItsMacWhateverTheHexCase() {
    Verdict verdict =
        verify(SignatureScheme.GITHUB, "X-Hub-Signature-256", GITHUB_SECRET, GITHUB_BODY, 0,
            Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE.toUpperCase().replace("SHA256=", "sha256=")));
    assertThat(verdict)
        .isEqualTo(new Accepted("mac:" + GITHUB_SIGNATURE.substring(7)));
  }

  // Stripe: openssl over "1700000000." + body with the secret as given (Stripe's convention).
  private static final String STRIPE_SECRET = "whsec_test_secret";
  private static final String STRIPE_BODY = "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\"}";
  private static final String STRIPE_V1 =
      "c0475716eb2200f1fe97fcf35a3c05d1fd4f8ba9a07a596730c8d18bb87c0672";
  private static final long STRIPE_T = 1_700_000_000L;

  private static Verdict stripe(String header, long now) {
    return verify(SignatureScheme.STRIPE, "Stripe-Signature", STRIPE_SECRET, STRIPE_BODY, now,
        Map.of("Stripe-Signature", header));
  }

  @Test
  void stripeAcceptsAnyOfSeveralV1AndIgnoresOtherSchemes() {
    String wrong = "0".repeat(64);
    assertThat(stripe("t=" + STRIPE_T + ",v1=" + STRIPE_V1, STRIPE_T)).isInstanceOf(Accepted.class);
    assertThat(stripe("t=" + STRIPE_T + ",v1=" + wrong + ",v1=" + STRIPE_V1 + ",v0=" + wrong,
            STRIPE_T))
        .isInstanceOf(Accepted.class);
    assertThat(reason(stripe("t=" + STRIPE_T + ",v1=" + wrong, STRIPE_T)))
        .isEqualTo(DeliveryRejection.SIGNATURE_MISMATCH);
    assertThat(reason(stripe("t=" + (STRIPE_T + 1) + ",v1=" + STRIPE_V1, STRIPE_T)))
        .as("the timestamp is signed")
        .isEqualTo(DeliveryRejection.SIGNATURE_MISMATCH);
  }

  @Test
  void stripeTimestampsUpToFiveMinutesEitherWayAreAccepted() {
    String header = "t=" + STRIPE_T + ",v1=" + STRIPE_V1;
    assertThat(stripe(header, STRIPE_T + 300)).isInstanceOf(Accepted.class);
    assertThat(stripe(header, STRIPE_T - 300)).isInstanceOf(Accepted.class);
    assertThat(reason(stripe(header, STRIPE_T + 301))).isEqualTo(DeliveryRejection.STALE_TIMESTAMP);
    assertThat(reason(stripe(header, STRIPE_T - 301))).isEqualTo(DeliveryRejection.FUTURE_TIMESTAMP);
  }

  @Test
  void stripeMalformedHeaders() {
    assertThat(reason(stripe("v1=" + STRIPE_V1, STRIPE_T))).isEqualTo(DeliveryRejection.MALFORMED_HEADER);
    assertThat(reason(stripe("t=soon,v1=" + STRIPE_V1, STRIPE_T)))
        .isEqualTo(DeliveryRejection.MALFORMED_HEADER);
    assertThat(reason(stripe("t=" + STRIPE_T + ",v1=xyz", STRIPE_T)))
        .isEqualTo(DeliveryRejection.MALFORMED_HEADER);
  }

  // Slack: openssl over "v0:1531420618:" + body (the secret and time of Slack's docs example).
  private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String SLACK_BODY = "token=xyz&team_id=T1&command=%2Fweather&text=94070";
  private static final String SLACK_SIGNATURE =
      "v0=6fbf5c2f03917b298e98f79bac27e7007750471f3287e2cada6e81a8454ab38b";
  private static final long SLACK_TS = 1_531_420_618L;

  @Test
  void slackSignsVersionTimestampAndBody() {
    Verdict ok =
        verify(SignatureScheme.SLACK, "X-Slack-Signature", SLACK_SECRET, SLACK_BODY, SLACK_TS,
            Map.of("X-Slack-Signature", SLACK_SIGNATURE,
                "X-Slack-Request-Timestamp", String.valueOf(SLACK_TS)));
    assertThat(ok).isInstanceOf(Accepted.class);
    assertThat(
            reason(verify(SignatureScheme.SLACK, "X-Slack-Signature", SLACK_SECRET, SLACK_BODY,
                SLACK_TS, Map.of("X-Slack-Signature", SLACK_SIGNATURE))))
        .isEqualTo(DeliveryRejection.MISSING_HEADER);
    assertThat(
            reason(verify(SignatureScheme.SLACK, "X-Slack-Signature", SLACK_SECRET, SLACK_BODY,
                SLACK_TS, Map.of("X-Slack-Signature", "v1=" + SLACK_SIGNATURE.substring(3),
                    "X-Slack-Request-Timestamp", String.valueOf(SLACK_TS)))))
        .isEqualTo(DeliveryRejection.MALFORMED_HEADER);
  }

  // standard-webhooks: the example of the specification's reference libraries.
  private static final String STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String STANDARD_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long STANDARD_TS = 1_614_265_330L;
  private static final String STANDARD_BODY = "{\"test\": 2432232314}";
  private static final String STANDARD_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static Verdict standard(String signature, long now) {
    return verify(SignatureScheme.STANDARD_WEBHOOKS, "webhook-signature", STANDARD_SECRET,
        STANDARD_BODY, now,
        Map.of("webhook-id", STANDARD_ID, "webhook-timestamp", String.valueOf(STANDARD_TS),
            "webhook-signature", signature));
  }

  @Test
  void standardWebhooksPublishedExampleWithWhsecBase64Secret() {
    assertThat(standard(STANDARD_SIGNATURE, STANDARD_TS)).isEqualTo(new Accepted(STANDARD_ID));
    assertThat(standard("v1a,abc v1,AAAA" + " " + STANDARD_SIGNATURE, STANDARD_TS))
        .as("one of several signatures, other versions ignored")
        .isEqualTo(new Accepted(STANDARD_ID));
    assertThat(reason(standard("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", STANDARD_TS)))
        .isEqualTo(DeliveryRejection.SIGNATURE_MISMATCH);
    assertThat(reason(standard("v2,abc", STANDARD_TS))).isEqualTo(DeliveryRejection.MALFORMED_HEADER);
    assertThat(reason(standard(STANDARD_SIGNATURE, STANDARD_TS - 301)))
        .isEqualTo(DeliveryRejection.FUTURE_TIMESTAMP);
    assertThat(reason(standard(STANDARD_SIGNATURE, STANDARD_TS + 301)))
        .isEqualTo(DeliveryRejection.STALE_TIMESTAMP);
  }

  // hmac-sha256: openssl dgst -sha256 -hmac s3cret over the body, as hex and as base64.
  private static final String HMAC_BODY = "{\"hello\":\"world\"}";
  private static final String HMAC_HEX = "d5d644dccc0b0763243db8acd3c44bab4adda9a2511ed24f2ba86379ff0f8a66";
  private static final String HMAC_BASE64 = "1dZE3MwLB2MkPbis08RLq0rdqaJRHtJPK6hjef8PimY=";

  private static Verdict hmac(String signature) {
    return verify(SignatureScheme.HMAC_SHA256, "X-Signature", "s3cret", HMAC_BODY, 0,
        Map.of("X-Signature", signature));
  }

  @Test
  void hmacSha256TakesHexBase64OrSha256Prefix() {
    assertThat(hmac(HMAC_HEX)).isInstanceOf(Accepted.class);
    assertThat(hmac(HMAC_BASE64)).isInstanceOf(Accepted.class);
    assertThat(hmac("sha256=" + HMAC_HEX)).isInstanceOf(Accepted.class);
    assertThat(reason(hmac("d5d644dc"))).isEqualTo(DeliveryRejection.MALFORMED_HEADER);
    assertThat(reason(hmac(HMAC_HEX.replace('d', 'e')))).isEqualTo(DeliveryRejection.SIGNATURE_MISMATCH);
    assertThat(((Accepted) hmac(HMAC_HEX)).deliveryId())
        .as("no id header: every encoding of the same signature is the same delivery")
        .isEqualTo("mac:" + HMAC_HEX)
        .isEqualTo(((Accepted) hmac(HMAC_BASE64)).deliveryId())
        .isEqualTo(((Accepted) hmac("sha256=" + HMAC_HEX.toUpperCase())).deliveryId());
  }

  @Test
  void aMissingOrBlankSignatureHeaderIsMissing() {
    assertThat(reason(verify(SignatureScheme.GITHUB, "X-Hub-Signature-256", GITHUB_SECRET,
            GITHUB_BODY, 0, Map.of())))
        .isEqualTo(DeliveryRejection.MISSING_HEADER);
    assertThat(reason(verify(SignatureScheme.GITHUB, "X-Hub-Signature-256", GITHUB_SECRET,
            GITHUB_BODY, 0, Map.of("X-Hub-Signature-256", "  "))))
        .isEqualTo(DeliveryRejection.MISSING_HEADER);
    assertThat(reason(verify(SignatureScheme.GITHUB, "X-Hub-Signature-256", GITHUB_SECRET,
            GITHUB_BODY, 0, Map.of("X-Hub-Signature-256", "sha1=" + GITHUB_SIGNATURE.substring(7)))))
        .isEqualTo(DeliveryRejection.MALFORMED_HEADER);
  }
}
