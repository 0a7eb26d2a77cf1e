/**
 * The chain runner (SPEC §10): {@link dev.senechal.gw.testkit.chain.ChainRunner} loads a config's
 * plugins and routes into the real engine on a throw-away store, starts one job, waits until its
 * whole tree has settled and returns it as a {@link dev.senechal.gw.testkit.chain.ChainTree} for
 * assertions. It lives apart from gw-testkit because it brings the engine (SQLite, Guice, Jetty)
 * that single-plugin tests must not pull.
 */
package dev.senechal.gw.testkit.chain;
