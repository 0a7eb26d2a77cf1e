/**
 * The plugin protocol (SPEC §6): the wire envelopes of protocol 1 and 2 ({@link PluginRequest},
 * {@link PluginResponse} and their parts) with their codec, the manifest model and parser, exit
 * codes, and the plugin process runner that spawns one process per command with caps, a deadline
 * and a process-group kill. How a plugin is invoked is part of the protocol, so it lives here too.
 *
 * <p>Opaque JSON values (config, state, payloads, context) travel as JSON text so that no Jackson
 * type appears in this API. This module has no Guice dependency: the engine binds its classes, and
 * the plugin-author testkit builds on it without pulling Guice in.
 */
package dev.senechal.gw.protocol;
