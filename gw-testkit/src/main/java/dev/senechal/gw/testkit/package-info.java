/**
 * The plugin author's testkit (SPEC §10): a harness that runs a plugin through the same process
 * runner the daemon uses, a JUnit 5 extension and conformance checks. It depends on gw-protocol
 * only, so a single-plugin test pulls no SQLite, Guice or Jetty. The harness arrives with the
 * "Plugin authors and embedders" issue.
 */
package dev.senechal.gw.testkit;
