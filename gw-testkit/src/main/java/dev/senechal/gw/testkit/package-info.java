/**
 * The plugin author's testkit (SPEC §10). {@link dev.senechal.gw.testkit.PluginHarness} runs a
 * plugin through the same process runner, request rules and response classification the daemon
 * uses; {@link dev.senechal.gw.testkit.PluginRun} holds the outcome with assertion helpers. It
 * depends on gw-protocol only, so a single-plugin test pulls no SQLite, Guice or Jetty. The chain
 * runner, which needs the whole engine, is the separate module gw-testkit-chain.
 */
package dev.senechal.gw.testkit;
