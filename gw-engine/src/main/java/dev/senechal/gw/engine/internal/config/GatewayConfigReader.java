package dev.senechal.gw.engine.internal.config;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.engine.config.ApiConfig;
import dev.senechal.gw.engine.config.ApiTokenConfig;
import dev.senechal.gw.engine.config.CircuitBreakerConfig;
import dev.senechal.gw.engine.config.ConfigException;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.config.HostPort;
import dev.senechal.gw.engine.config.LogFormat;
import dev.senechal.gw.engine.config.LogLevel;
import dev.senechal.gw.engine.config.PluginConfig;
import dev.senechal.gw.engine.config.RetryConfig;
import dev.senechal.gw.engine.config.RouteConfig;
import dev.senechal.gw.engine.config.ScheduleConfig;
import dev.senechal.gw.engine.config.Secret;
import dev.senechal.gw.engine.config.ServiceConfig;
import dev.senechal.gw.engine.config.StateConfig;
import dev.senechal.gw.engine.config.Synchronous;
import dev.senechal.gw.engine.config.TimeoutsConfig;
import dev.senechal.gw.engine.config.WebhookEndpointConfig;
import dev.senechal.gw.engine.config.WebhookScheme;
import dev.senechal.gw.engine.config.WebhooksConfig;
import dev.senechal.gw.engine.config.WindowConfig;
import dev.senechal.gw.scheduler.Every;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The schema of SPEC §3: walks the composed YAML tree section by section, types every value, checks
 * ranges and cross-references, and collects every problem before giving up.
 */
public final class GatewayConfigReader {
  static final List<String> ROOT_KEYS =
      List.of("service", "state", "plugins_dir", "plugins", "routes", "webhooks", "api");
  static final List<String> SERVICE_KEYS =
      List.of(
          "name",
          "tick_interval",
          "log_level",
          "log_format",
          "dedupe_ttl",
          "job_log_retention",
          "shutdown_grace");
  static final List<String> STATE_KEYS = List.of("path", "synchronous");
  static final List<String> PLUGIN_KEYS =
      List.of(
          "enabled",
          "schedule",
          "config",
          "retry",
          "timeouts",
          "circuit_breaker",
          "max_outstanding_polls",
          "env",
          "inherit_env");
  static final List<String> SCHEDULE_KEYS =
      List.of("every", "jitter", "preferred_window", "payload", "command");
  static final List<String> WINDOW_KEYS = List.of("start", "end");
  static final List<String> RETRY_KEYS = List.of("max_attempts", "backoff_base");
  static final List<String> BREAKER_KEYS = List.of("threshold", "reset_after");
  static final List<String> ROUTE_KEYS = List.of("from", "event_type", "to", "command");
  static final List<String> WEBHOOKS_KEYS = List.of("listen", "endpoints");
  static final List<String> ENDPOINT_KEYS =
      List.of("path", "plugin", "command", "secret", "signature_header", "scheme", "max_body_size");
  static final List<String> API_KEYS = List.of("listen", "tokens");
  static final List<String> TOKEN_KEYS = List.of("name", "key", "scopes");

  /** Keys written one level too high, and where they belong. */
  static final Map<String, String> ROOT_HINTS = rootHints();

  static final Map<String, String> PLUGIN_HINTS =
      Map.ofEntries(
          Map.entry("every", "schedule.every"),
          Map.entry("jitter", "schedule.jitter"),
          Map.entry("preferred_window", "schedule.preferred_window"),
          Map.entry("payload", "schedule.payload"),
          Map.entry("max_attempts", "retry.max_attempts"),
          Map.entry("backoff_base", "retry.backoff_base"),
          Map.entry("threshold", "circuit_breaker.threshold"),
          Map.entry("reset_after", "circuit_breaker.reset_after"),
          Map.entry("poll", "timeouts.poll"),
          Map.entry("handle", "timeouts.handle"),
          Map.entry("health", "timeouts.health"),
          Map.entry("init", "timeouts.init"));

  static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final String COMMAND_RULE =
      "letters, digits, '_', '.' and '-', starting with a letter or digit, at most 64 characters";
  static final String PLUGIN_NAME_RULE =
      "lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64"
          + " characters";
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final String ENV_NAME_RULE = "letters, digits and '_', not starting with a digit";
  static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  static final String HEADER_RULE = "an HTTP header name: letters, digits and '-'";
  static final int MIN_TOKEN_KEY_LENGTH = 16;
  static final int MAX_ATTEMPTS = 100;
  static final List<String> FIXED_SCOPES = List.of("read", "admin", "trigger:*");
  static final String SCOPE_FORMS =
      "a scope is read, admin, trigger:*, trigger:<plugin> or trigger:<plugin>:<command>";

  private final Path file;
  private final Path baseDirectory;
  private final ProblemCollector problems;
  private final NodeReader reader;
  private final YamlJson json;
  private final Set<String> pluginNames = new LinkedHashSet<>();

  /**
   * @param file the config file (its directory anchors relative paths)
   * @param environment what {@code ${VAR}} reads
   */
  public GatewayConfigReader(Path file, Map<String, String> environment) {
    this.file = requireNonNull(file, "file is null");
    Path absolute = file.toAbsolutePath().normalize();
    this.baseDirectory = absolute.getParent() == null ? absolute.getRoot() : absolute.getParent();
    this.problems = new ProblemCollector(file);
    this.reader = new NodeReader(problems, new Interpolator(environment));
    this.json = new YamlJson(reader);
  }

  /**
   * Reads the whole configuration.
   *
   * @param root the document's root node; {@code null} for an empty file
   * @throws ConfigException with every problem found
   */
  public GatewayConfig read(Node root) {
    Node real = NodeReader.unwrap(root);
    if (NodeReader.isNull(real)) {
      problems.add(
          "",
          real == null ? 1 : ProblemCollector.line(real),
          "the file is empty: expected a mapping with the sections "
              + String.join(", ", ROOT_KEYS));
      throw new ConfigException(problems.sorted());
    }
    if (!(real instanceof MappingNode)) {
      problems.add(
          "",
          real,
          "expected a mapping with the sections "
              + String.join(", ", ROOT_KEYS)
              + ", got "
              + NodeReader.describe(real, true));
      throw new ConfigException(problems.sorted());
    }
    Mapping mapping = reader.mapping("", real, "a mapping", ROOT_KEYS, ROOT_HINTS);
    Map<String, PluginConfig> plugins = readPlugins(mapping); // first: others refer to plugins
    ServiceConfig service = readService(mapping);
    StateConfig state = readState(mapping);
    Path pluginsDir =
        mapping
            .get("plugins_dir")
            .map(n -> path(mapping.child("plugins_dir"), n))
            .orElse(baseDirectory.resolve(GatewayConfig.DEFAULT_PLUGINS_DIR).normalize());
    List<RouteConfig> routes = readRoutes(mapping);
    WebhooksConfig webhooks = mapping.has("webhooks") ? readWebhooks(mapping) : null;
    ApiConfig api = mapping.has("api") ? readApi(mapping) : null;
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.sorted());
    }
    return new GatewayConfig(
        file.toAbsolutePath().normalize(),
        service,
        state,
        pluginsDir,
        plugins,
        routes,
        webhooks,
        api);
  }

  // ---- service, state ----------------------------------------------------------------------

  private ServiceConfig readService(Mapping root) {
    int before = problems.count();
    Mapping m =
        reader.mapping(
            "service",
            root.get("service").orElse(null),
            "a mapping of service settings",
            SERVICE_KEYS);
    String name =
        m.get("name")
            .map(n -> reader.text(m.child("name"), n, "a name"))
            .orElse(ServiceConfig.DEFAULT_NAME);
    Duration tick = duration(m, "tick_interval", ServiceConfig.DEFAULT_TICK_INTERVAL, true);
    LogLevel level =
        m.get("log_level")
            .map(
                n ->
                    reader.choice(
                        m.child("log_level"),
                        n,
                        LogLevel.values(),
                        LogLevel::wireName,
                        LogLevel::fromWireName))
            .orElse(LogLevel.INFO);
    LogFormat format =
        m.get("log_format")
            .map(
                n ->
                    reader.choice(
                        m.child("log_format"),
                        n,
                        LogFormat.values(),
                        LogFormat::wireName,
                        LogFormat::fromWireName))
            .orElse(LogFormat.JSON);
    Duration dedupe = duration(m, "dedupe_ttl", ServiceConfig.DEFAULT_DEDUPE_TTL, false);
    Duration retention =
        duration(m, "job_log_retention", ServiceConfig.DEFAULT_JOB_LOG_RETENTION, true);
    Duration grace = duration(m, "shutdown_grace", ServiceConfig.DEFAULT_SHUTDOWN_GRACE, false);
    return build(
        before,
        "service",
        m.line(),
        () -> new ServiceConfig(name, tick, level, format, dedupe, retention, grace));
  }

  private StateConfig readState(Mapping root) {
    int before = problems.count();
    Mapping m =
        reader.mapping(
            "state", root.get("state").orElse(null), "a mapping of state settings", STATE_KEYS);
    Path path =
        m.get("path")
            .map(n -> path(m.child("path"), n))
            .orElse(baseDirectory.resolve(StateConfig.DEFAULT_PATH).normalize());
    Synchronous synchronous =
        m.get("synchronous")
            .map(
                n ->
                    reader.choice(
                        m.child("synchronous"),
                        n,
                        Synchronous.values(),
                        Synchronous::wireName,
                        Synchronous::fromWireName))
            .orElse(Synchronous.FULL);
    return build(before, "state", m.line(), () -> new StateConfig(path, synchronous));
  }

  private Path path(String keyPath, Node node) {
    String text = reader.text(keyPath, node, "a path");
    if (text == null) {
      return null;
    }
    if (text.startsWith("~")) {
      problems.add(
          keyPath,
          node,
          "'"
              + text
              + "' starts with '~', which is not expanded: write an absolute path or one"
              + " relative to the config file's directory");
      return null;
    }
    try {
      return baseDirectory.resolve(Path.of(text)).normalize();
    } catch (InvalidPathException e) {
      problems.add(keyPath, node, "'" + text + "' is not a valid path: " + e.getReason());
      return null;
    }
  }

  // ---- plugins -----------------------------------------------------------------------------

  private Map<String, PluginConfig> readPlugins(Mapping root) {
    Node node = NodeReader.unwrap(root.get("plugins").orElse(null));
    Map<String, PluginConfig> plugins = new LinkedHashMap<>();
    if (node instanceof SequenceNode) {
      problems.add(
          "plugins",
          node,
          "expected a mapping of plugin name to its settings, got a list: write each plugin as"
              + " 'name:' with its settings indented below, not as '- name'");
      return plugins;
    }
    Mapping entries =
        reader.namedEntries("plugins", node, "a mapping of plugin name to its settings", false);
    for (Map.Entry<String, NodeTuple> entry : entries.entries().entrySet()) {
      String name = entry.getKey();
      String path = entries.child(name);
      pluginNames.add(name);
      int before = problems.count();
      if (!PluginConfig.NAME.matcher(name).matches()) {
        problems.add(
            path,
            entry.getValue().getKeyNode(),
            "'" + name + "' is not a valid plugin name: " + PLUGIN_NAME_RULE);
      }
      PluginConfig plugin = readPlugin(name, path, entry.getValue().getValueNode(), before);
      if (plugin != null) {
        plugins.put(name, plugin);
      }
    }
    return plugins;
  }

  private PluginConfig readPlugin(String name, String path, Node node, int before) {
    Mapping m =
        reader.mapping(path, node, "a mapping of the plugin's settings", PLUGIN_KEYS, PLUGIN_HINTS);
    boolean enabled = m.get("enabled").map(n -> reader.bool(m.child("enabled"), n)).orElse(true);
    ScheduleConfig schedule =
        m.get("schedule").map(n -> readSchedule(m.child("schedule"), n)).orElse(null);
    List<String> secretPaths = new ArrayList<>();
    String config =
        m.get("config").map(n -> json.objectText(m.child("config"), n, secretPaths)).orElse("{}");
    RetryConfig retry =
        m.get("retry").map(n -> readRetry(m.child("retry"), n)).orElse(RetryConfig.DEFAULT);
    TimeoutsConfig timeouts =
        m.get("timeouts")
            .map(n -> readTimeouts(m.child("timeouts"), n))
            .orElse(TimeoutsConfig.DEFAULT);
    CircuitBreakerConfig breaker =
        m.get("circuit_breaker")
            .map(n -> readBreaker(m.child("circuit_breaker"), n))
            .orElse(CircuitBreakerConfig.DEFAULT);
    int maxOutstandingPolls = integer(m, "max_outstanding_polls", 1, 1, 1_000_000);
    Map<String, String> env = m.get("env").map(n -> readEnv(m.child("env"), n)).orElse(Map.of());
    List<String> inheritEnv =
        m.get("inherit_env")
            .map(
                n ->
                    reader.names(
                        m.child("inherit_env"),
                        n,
                        "an environment variable name",
                        ENV_NAME,
                        ENV_NAME_RULE))
            .orElse(List.of());
    return build(
        before,
        path,
        m.line(),
        () ->
            new PluginConfig(
                name,
                enabled,
                schedule,
                config,
                retry,
                timeouts,
                breaker,
                maxOutstandingPolls,
                env,
                inheritEnv,
                secretPaths));
  }

  private ScheduleConfig readSchedule(String path, Node node) {
    int before = problems.count();
    Mapping m =
        reader.mapping(
            path,
            node,
            "a mapping with every: and optionally jitter, preferred_window, payload, command",
            SCHEDULE_KEYS);
    Every every =
        reader
            .required(m, "every", "the interval, e.g. 30m, 6h, hourly or daily")
            .map(n -> every(m.child("every"), n))
            .orElse(null);
    Duration jitter = duration(m, "jitter", Duration.ZERO, false);
    if (every != null && jitter != null && jitter.compareTo(every.nominalLength()) >= 0) {
      problems.add(
          m.child("jitter"),
          m.get("jitter").orElse(null),
          "must be smaller than the interval (every: "
              + every
              + "), got "
              + DurationFormat.format(jitter));
    }
    WindowConfig window =
        m.get("preferred_window").map(n -> readWindow(m.child("preferred_window"), n)).orElse(null);
    String payload =
        m.get("payload")
            .map(n -> json.objectText(m.child("payload"), n, new ArrayList<>()))
            .orElse("{}");
    String command =
        m.get("command")
            .map(
                n ->
                    reader.matching(m.child("command"), n, "a command name", COMMAND, COMMAND_RULE))
            .orElse(ScheduleConfig.DEFAULT_COMMAND);
    return build(
        before, path, m.line(), () -> new ScheduleConfig(every, jitter, window, payload, command));
  }

  private Every every(String path, Node node) {
    NodeReader.Scalar scalar = reader.scalar(path, node, "an interval like 6h or daily", false);
    if (scalar == null) {
      return null;
    }
    try {
      return Every.parse(scalar.value());
    } catch (IllegalArgumentException e) {
      problems.add(path, node, e.getMessage());
      return null;
    }
  }

  private WindowConfig readWindow(String path, Node node) {
    int before = problems.count();
    Mapping m = reader.mapping(path, node, "a mapping with start and end (\"HH:MM\")", WINDOW_KEYS);
    LocalTime start =
        reader
            .required(m, "start", "the local time the window opens, e.g. \"06:00\"")
            .map(n -> reader.time(m.child("start"), n))
            .orElse(null);
    LocalTime end =
        reader
            .required(m, "end", "the local time the window closes, e.g. \"22:00\"")
            .map(n -> reader.time(m.child("end"), n))
            .orElse(null);
    if (start != null && start.equals(end)) {
      problems.add(
          path,
          node,
          "start and end are both "
              + start
              + ": a window needs two different times (it may wrap midnight, e.g. 22:00 to"
              + " 06:00)");
    }
    return build(before, path, m.line(), () -> new WindowConfig(start, end));
  }

  private RetryConfig readRetry(String path, Node node) {
    int before = problems.count();
    Mapping m =
        reader.mapping(path, node, "a mapping with max_attempts and backoff_base", RETRY_KEYS);
    int maxAttempts =
        integer(m, "max_attempts", RetryConfig.DEFAULT.maxAttempts(), 1, MAX_ATTEMPTS);
    Duration backoffBase = duration(m, "backoff_base", RetryConfig.DEFAULT.backoffBase(), false);
    return build(before, path, m.line(), () -> new RetryConfig(maxAttempts, backoffBase));
  }

  private CircuitBreakerConfig readBreaker(String path, Node node) {
    int before = problems.count();
    Mapping m =
        reader.mapping(path, node, "a mapping with threshold and reset_after", BREAKER_KEYS);
    int threshold = integer(m, "threshold", CircuitBreakerConfig.DEFAULT.threshold(), 1, 1_000_000);
    Duration resetAfter =
        duration(m, "reset_after", CircuitBreakerConfig.DEFAULT.resetAfter(), true);
    return build(before, path, m.line(), () -> new CircuitBreakerConfig(threshold, resetAfter));
  }

  private TimeoutsConfig readTimeouts(String path, Node node) {
    int before = problems.count();
    Mapping m = reader.namedEntries(path, node, "a mapping of command name to timeout", false);
    TimeoutsConfig defaults = TimeoutsConfig.DEFAULT;
    Map<String, Duration> standard = new HashMap<>();
    Map<String, Duration> other = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> entry : m.entries().entrySet()) {
      String command = entry.getKey();
      String childPath = m.child(command);
      if (!COMMAND.matcher(command).matches()) {
        problems.add(
            childPath,
            entry.getValue().getKeyNode(),
            "'" + command + "' is not a command name: " + COMMAND_RULE);
        continue;
      }
      Duration timeout = reader.duration(childPath, entry.getValue().getValueNode(), true);
      if (timeout == null) {
        continue;
      }
      if (TimeoutsConfig.STANDARD_COMMANDS.contains(command)) {
        standard.put(command, timeout);
      } else {
        other.put(command, timeout);
      }
    }
    return build(
        before,
        path,
        m.line(),
        () ->
            new TimeoutsConfig(
                standard.getOrDefault("poll", defaults.poll()),
                standard.getOrDefault("handle", defaults.handle()),
                standard.getOrDefault("health", defaults.health()),
                standard.getOrDefault("init", defaults.init()),
                other));
  }

  private Map<String, String> readEnv(String path, Node node) {
    int before = problems.count();
    Mapping m = reader.namedEntries(path, node, "a mapping of variable name to value", true);
    Map<String, String> env = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> entry : m.entries().entrySet()) {
      String name = entry.getKey();
      if (!ENV_NAME.matcher(name).matches()) {
        problems.add(
            m.child(name),
            entry.getValue().getKeyNode(),
            "'" + name + "' is not an environment variable name: " + ENV_NAME_RULE);
        continue;
      }
      NodeReader.Scalar value =
          reader.scalar(m.child(name), entry.getValue().getValueNode(), "a single value", true);
      if (value != null) {
        env.put(name, value.value());
      }
    }
    return problems.count() > before ? null : env;
  }

  // ---- routes ------------------------------------------------------------------------------

  private List<RouteConfig> readRoutes(Mapping root) {
    List<Node> items =
        reader.sequence(
            "routes",
            root.get("routes").orElse(null),
            "a list of routes (- { from: …, event_type: …, to: … })");
    List<RouteConfig> routes = new ArrayList<>();
    Map<RouteConfig, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String path = NodeReader.index("routes", i);
      Node item = items.get(i);
      int before = problems.count();
      Mapping m = reader.mapping(path, item, "a route with from, event_type and to", ROUTE_KEYS);
      String from =
          reader
              .required(m, "from", "the plugin that emits the events")
              .map(n -> pluginReference(m.child("from"), n))
              .orElse(null);
      String eventType =
          reader
              .required(m, "event_type", "the event type to match")
              .map(n -> reader.text(m.child("event_type"), n, "an event type"))
              .orElse(null);
      String to =
          reader
              .required(m, "to", "the plugin that receives matching events")
              .map(n -> pluginReference(m.child("to"), n))
              .orElse(null);
      String command =
          m.get("command")
              .map(
                  n ->
                      reader.matching(
                          m.child("command"), n, "a command name", COMMAND, COMMAND_RULE))
              .orElse(RouteConfig.DEFAULT_COMMAND);
      RouteConfig route =
          build(before, path, m.line(), () -> new RouteConfig(from, eventType, to, command));
      if (route == null) {
        continue;
      }
      Integer first = seen.putIfAbsent(route, i);
      if (first != null) {
        problems.add(
            path,
            item,
            "repeats "
                + NodeReader.index("routes", first)
                + " (same from, event_type, to and command): remove one");
        continue;
      }
      routes.add(route);
    }
    return routes;
  }

  /** A plugin name that must be configured under {@code plugins}. */
  private String pluginReference(String path, Node node) {
    String name = reader.text(path, node, "a plugin name");
    return name != null && knownPlugin(path, node, name) ? name : null;
  }

  private boolean knownPlugin(String path, Node node, String name) {
    if (pluginNames.contains(name)) {
      return true;
    }
    String detail =
        KeySuggestions.closest(name, pluginNames)
            .map(close -> " (did you mean '" + close + "'?)")
            .orElse(
                pluginNames.isEmpty()
                    ? " (no plugins are configured)"
                    : " (configured: " + String.join(", ", pluginNames) + ")");
    problems.add(
        path, node, "names plugin '" + name + "', which is not configured under plugins:" + detail);
    return false;
  }

  // ---- webhooks ----------------------------------------------------------------------------

  private WebhooksConfig readWebhooks(Mapping root) {
    int before = problems.count();
    Mapping m =
        reader.mapping(
            "webhooks",
            root.get("webhooks").orElse(null),
            "a mapping with listen and endpoints",
            WEBHOOKS_KEYS);
    HostPort listen =
        reader
            .required(m, "listen", "the address to listen on, e.g. 127.0.0.1:8081")
            .map(n -> reader.hostPort(m.child("listen"), n))
            .orElse(null);
    List<Node> items =
        m.get("endpoints")
            .map(n -> reader.sequence(m.child("endpoints"), n, "a list of endpoints"))
            .orElse(List.of());
    Map<String, Integer> paths = new HashMap<>();
    List<WebhookEndpointConfig> endpoints = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      WebhookEndpointConfig endpoint =
          readEndpoint(NodeReader.index(m.child("endpoints"), i), items.get(i), i, paths);
      if (endpoint != null) {
        endpoints.add(endpoint);
      }
    }
    return build(before, "webhooks", m.line(), () -> new WebhooksConfig(listen, endpoints));
  }

  private WebhookEndpointConfig readEndpoint(
      String path, Node node, int index, Map<String, Integer> paths) {
    int before = problems.count();
    Mapping m =
        reader.mapping(
            path, node, "an endpoint with path, plugin, secret and scheme", ENDPOINT_KEYS);
    String urlPath =
        reader
            .required(m, "path", "where deliveries are posted, e.g. /hook/github")
            .map(n -> endpointPath(m.child("path"), n))
            .orElse(null);
    if (urlPath != null) {
      requireUnique(paths, urlPath, index, m, "path", "webhooks.endpoints", "endpoint");
    }
    String plugin =
        reader
            .required(m, "plugin", "the plugin that receives the deliveries")
            .map(n -> pluginReference(m.child("plugin"), n))
            .orElse(null);
    String command =
        m.get("command")
            .map(
                n ->
                    reader.matching(m.child("command"), n, "a command name", COMMAND, COMMAND_RULE))
            .orElse(WebhookEndpointConfig.DEFAULT_COMMAND);
    Secret secret =
        reader
            .required(m, "secret", "the shared signing secret, e.g. ${GITHUB_WEBHOOK_SECRET}")
            .map(n -> reader.secret(m.child("secret"), n, "the signing secret"))
            .orElse(null);
    WebhookScheme scheme =
        reader
            .required(m, "scheme", "one of github, stripe, slack, standard-webhooks, hmac-sha256")
            .map(
                n ->
                    reader.choice(
                        m.child("scheme"),
                        n,
                        WebhookScheme.values(),
                        WebhookScheme::wireName,
                        WebhookScheme::fromWireName))
            .orElse(null);
    if (scheme == WebhookScheme.STANDARD_WEBHOOKS && secret != null && !secret.isEmpty()) {
      checkStandardWebhooksSecret(m.child("secret"), m.get("secret").orElseThrow(), secret);
    }
    String header;
    if (m.has("signature_header")) {
      header =
          reader.matching(
              m.child("signature_header"),
              m.get("signature_header").orElseThrow(),
              "a header name",
              HEADER,
              HEADER_RULE);
    } else {
      header = scheme == null ? null : scheme.defaultSignatureHeader().orElse(null);
      if (scheme != null && header == null) {
        problems.add(
            m.child("signature_header"),
            m.line(),
            "is missing (required for scheme "
                + scheme
                + ": the header that carries the signature)");
      }
    }
    long maxBodySize =
        m.get("max_body_size")
            .map(n -> maxBodySize(m.child("max_body_size"), n))
            .orElse(WebhookEndpointConfig.DEFAULT_MAX_BODY_SIZE);
    return build(
        before,
        path,
        m.line(),
        () ->
            new WebhookEndpointConfig(
                urlPath, plugin, command, secret, header, scheme, maxBodySize));
  }

  /** {@code max_body_size}: a size of at most 1 MB, the largest payload a job can take. */
  private Long maxBodySize(String path, Node node) {
    Long bytes = reader.size(path, node);
    if (bytes != null && bytes > WebhookEndpointConfig.MAX_MAX_BODY_SIZE) {
      problems.add(
          path,
          node,
          "must be at most 1MB (the largest payload a job takes), got "
              + bytes
              + " bytes");
      return null;
    }
    return bytes;
  }

  /**
   * A standard-webhooks secret written {@code whsec_…} is the base64 of the key (that
   * specification's convention); anything else after the prefix is a copy-paste error, reported
   * without showing the secret.
   */
  private void checkStandardWebhooksSecret(String path, Node node, Secret secret) {
    String text = secret.reveal();
    if (!text.startsWith("whsec_")) {
      return;
    }
    String encoded = text.substring("whsec_".length());
    boolean valid;
    try {
      byte[] key =
          encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(encoded)
              : Base64.getDecoder().decode(encoded);
      valid = key.length > 0;
    } catch (IllegalArgumentException e) {
      valid = false;
    }
    if (!valid) {
      problems.add(
          path,
          node,
          "is not a standard-webhooks secret: after 'whsec_' must come the base64 of the key"
              + " (copy the whole secret as the sender shows it)");
    }
  }

  private String endpointPath(String path, Node node) {
    String text = reader.text(path, node, "a URL path like /hook/github");
    if (text == null) {
      return null;
    }
    if (!text.startsWith("/")) {
      problems.add(path, node, "'" + text + "' must start with '/', e.g. /hook/github");
      return null;
    }
    if (text.chars().anyMatch(c -> Character.isWhitespace(c) || c == '?' || c == '#')) {
      problems.add(path, node, "'" + text + "' must be a plain path: no spaces, '?' or '#'");
      return null;
    }
    if (text.equals("/healthz") || text.equals("/api") || text.startsWith("/api/")) {
      problems.add(
          path,
          node,
          "'" + text + "' is reserved (/healthz and /api/… are served by the gateway itself)");
      return null;
    }
    return text;
  }

  // ---- api ---------------------------------------------------------------------------------

  private ApiConfig readApi(Mapping root) {
    int before = problems.count();
    Mapping m =
        reader.mapping(
            "api", root.get("api").orElse(null), "a mapping with listen and tokens", API_KEYS);
    HostPort listen =
        reader
            .required(m, "listen", "the address to listen on, e.g. 127.0.0.1:8080")
            .map(n -> reader.hostPort(m.child("listen"), n))
            .orElse(null);
    List<Node> items =
        m.get("tokens")
            .map(n -> reader.sequence(m.child("tokens"), n, "a list of tokens"))
            .orElse(List.of());
    List<ApiTokenConfig> tokens = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    List<Secret> keys = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ApiTokenConfig token =
          readToken(NodeReader.index(m.child("tokens"), i), items.get(i), i, names, keys);
      if (token != null) {
        tokens.add(token);
      }
    }
    return build(before, "api", m.line(), () -> new ApiConfig(listen, tokens));
  }

  /**
   * Records that item {@code index} of {@code list} uses {@code value} for {@code key}; a value an
   * earlier item already uses is a problem at this item's key naming that item.
   */
  private void requireUnique(
      Map<String, Integer> taken,
      String value,
      int index,
      Mapping m,
      String key,
      String list,
      String item) {
    Integer first = taken.putIfAbsent(value, index);
    if (first != null) {
      problems.add(
          m.child(key),
          m.get(key).orElse(null),
          "'" + value + "' is already the " + key + " of " + NodeReader.index(list, first)
              + ": each " + item + " needs its own " + key);
    }
  }

  private ApiTokenConfig readToken(
      String path, Node node, int index, Map<String, Integer> names, List<Secret> keys) {
    int before = problems.count();
    Mapping m = reader.mapping(path, node, "a token with name, key and scopes", TOKEN_KEYS);
    String name =
        reader
            .required(m, "name", "a label shown in logs instead of the key")
            .map(n -> reader.text(m.child("name"), n, "a token name"))
            .orElse(null);
    if (name != null) {
      requireUnique(names, name, index, m, "name", "api.tokens", "token");
    }
    Secret key =
        reader
            .required(m, "key", "the bearer token, e.g. ${GW_API_TOKEN}")
            .map(n -> reader.secret(m.child("key"), n, "the bearer token"))
            .orElse(null);
    keys.add(key);
    if (key != null) {
      Node keyNode = m.get("key").orElse(null);
      if (key.length() < MIN_TOKEN_KEY_LENGTH) {
        problems.add(
            m.child("key"),
            keyNode,
            "is too weak: a token key needs at least "
                + MIN_TOKEN_KEY_LENGTH
                + " characters (e.g. the output of 'openssl rand -hex 32')");
      }
      for (int j = 0; j < index; j++) {
        if (key.equals(keys.get(j))) {
          problems.add(
              m.child("key"),
              keyNode,
              "is the same as the key of "
                  + NodeReader.index("api.tokens", j)
                  + ": give each token its own key");
          break;
        }
      }
    }
    List<String> scopes =
        reader
            .required(m, "scopes", "what the token may do: " + SCOPE_FORMS)
            .map(n -> readScopes(m.child("scopes"), n))
            .orElse(List.of());
    return build(before, path, m.line(), () -> new ApiTokenConfig(name, key, scopes));
  }

  private List<String> readScopes(String path, Node node) {
    List<Node> items = reader.sequence(path, node, "a list of scopes");
    if (items.isEmpty()) {
      problems.add(path, node, "is empty: list at least one scope (" + SCOPE_FORMS + ")");
      return List.of();
    }
    Map<String, Integer> scopes = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = NodeReader.index(path, i);
      Node item = items.get(i);
      String scope = reader.text(itemPath, item, "a scope");
      if (scope == null || !validScope(itemPath, item, scope)) {
        continue;
      }
      Integer first = scopes.putIfAbsent(scope, i);
      if (first != null) {
        problems.add(
            itemPath,
            item,
            "'" + scope + "' is listed twice (first at " + NodeReader.index(path, first) + ")");
      }
    }
    return List.copyOf(scopes.keySet());
  }

  private boolean validScope(String path, Node node, String scope) {
    if (FIXED_SCOPES.contains(scope)) {
      return true;
    }
    if (scope.startsWith("trigger:")) {
      String[] parts = scope.substring("trigger:".length()).split(":", -1);
      if (parts.length <= 2) {
        String plugin = parts[0];
        if (!PluginConfig.NAME.matcher(plugin).matches()) {
          problems.add(
              path,
              node,
              "'"
                  + scope
                  + "' names '"
                  + plugin
                  + "', which is not a plugin name: "
                  + PLUGIN_NAME_RULE);
          return false;
        }
        if (!knownPlugin(path, node, plugin)) {
          return false;
        }
        if (parts.length == 2 && !COMMAND.matcher(parts[1]).matches()) {
          problems.add(
              path,
              node,
              "'"
                  + scope
                  + "' names '"
                  + parts[1]
                  + "', which is not a command name: "
                  + COMMAND_RULE);
          return false;
        }
        return true;
      }
    }
    String suggestion =
        KeySuggestions.closest(scope, FIXED_SCOPES)
            .map(close -> " (did you mean '" + close + "'?)")
            .orElse("");
    problems.add(path, node, "unknown scope '" + scope + "'" + suggestion + "; " + SCOPE_FORMS);
    return false;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private Duration duration(Mapping m, String key, Duration fallback, boolean positive) {
    return m.get(key).map(n -> reader.duration(m.child(key), n, positive)).orElse(fallback);
  }

  private int integer(Mapping m, String key, int fallback, int min, int max) {
    return m.get(key).map(n -> reader.integer(m.child(key), n, min, max)).orElse(fallback);
  }

  /**
   * Builds a record when reading its section found no problem; the record's own checks are a safety
   * net whose failures become problems too.
   */
  private <T> T build(int before, String path, int line, Supplier<T> supplier) {
    if (problems.count() > before) {
      return null;
    }
    try {
      return supplier.get();
    } catch (IllegalArgumentException e) {
      problems.add(path, line, e.getMessage());
      return null;
    }
  }

  private static Map<String, String> rootHints() {
    Map<String, String> hints = new HashMap<>();
    SERVICE_KEYS.forEach(key -> hints.put(key, "service." + key));
    STATE_KEYS.forEach(key -> hints.put(key, "state." + key));
    hints.put("listen", "webhooks.listen' or 'api.listen");
    hints.put("endpoints", "webhooks.endpoints");
    hints.put("tokens", "api.tokens");
    return Map.copyOf(hints);
  }
}
