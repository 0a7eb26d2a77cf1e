/**
 * A small helper for plugins written in Java (SPEC §6): {@link PluginMain} reads the request from
 * stdin, hands it to a {@link PluginHandler}, writes the response to stdout and turns the outcome
 * into the exit code the daemon understands. {@link ResponseBuilder} assembles a response, {@link
 * PluginFailureException} reports a temporary or configuration failure.
 *
 * <p>A plugin's {@code main} passes its handler to {@link PluginMain#run} and ends the JVM with
 * the exit code it returns (see {@code plugins/java-hello} for the complete program). This package
 * never ends the JVM itself, so it can be tested and embedded.
 */
package dev.senechal.gw.protocol.plugin;
