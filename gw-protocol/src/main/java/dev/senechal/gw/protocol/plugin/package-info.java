/**
 * A small helper for plugins written in Java (SPEC §6): {@link PluginMain} reads the request from
 * stdin, hands it to a {@link PluginHandler}, writes the response to stdout and turns the outcome
 * into the exit code the daemon understands. {@link ResponseBuilder} assembles a response, {@link
 * PluginFailureException} reports a temporary or configuration failure.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   System.exit(PluginMain.run(request -> ResponseBuilder.ok().result("hello").build()));
 * }
 * }</pre>
 *
 * <p>This package never calls {@code System.exit} itself: the plugin's {@code main} does, with the
 * code {@link PluginMain#run} returns.
 */
package dev.senechal.gw.protocol.plugin;
