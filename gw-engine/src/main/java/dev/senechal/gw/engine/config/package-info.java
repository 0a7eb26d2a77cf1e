/**
 * The configuration file (SPEC §3) as validated records: {@link
 * dev.senechal.gw.engine.config.ConfigLoader} reads one YAML file into a {@link
 * dev.senechal.gw.engine.config.GatewayConfig}, or throws a {@link
 * dev.senechal.gw.engine.config.ConfigException} listing every {@link
 * dev.senechal.gw.engine.config.ConfigProblem} at once, each with file, line and key path.
 *
 * <p>Every key, its type, default and the errors it can raise are described in {@code
 * docs/configuration.md}. In short: {@code ${VAR}} and {@code ${VAR:-default}} are expanded in
 * every scalar before it is typed ({@code $${} is a literal {@code ${}); durations are {@code
 * 250ms 30s 5m 6h 1d} or combinations such as {@code 1h30m}; sizes are {@code 512B 64KB 1MB 1GB}
 * with 1KB = 1024 bytes; relative paths resolve against the config file's directory; secrets
 * ({@link dev.senechal.gw.engine.config.Secret}, a plugin's {@code config} and {@code env}) are
 * never shown in messages or {@code toString()}.
 */
package dev.senechal.gw.engine.config;
