package dev.senechal.gw.dispatch;

/**
 * The plugin catalog in force. The engine swaps it on reload; the dispatcher reads it once per
 * job, so a running job finishes under the snapshot it started with.
 */
@FunctionalInterface
public interface PluginRegistry {
  PluginCatalog current();
}
