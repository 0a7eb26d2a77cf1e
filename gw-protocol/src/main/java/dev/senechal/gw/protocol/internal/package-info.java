/**
 * Implementation of the protocol module: the POSIX process runner, {@code /proc} reading and the
 * protocol JSON mapper. Public only for wiring; no other module imports it.
 */
package dev.senechal.gw.protocol.internal;
