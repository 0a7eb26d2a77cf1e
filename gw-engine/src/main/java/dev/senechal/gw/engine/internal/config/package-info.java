/**
 * How the configuration is read: {@link dev.senechal.gw.engine.internal.config.YamlComposer}
 * composes the YAML into a node tree with line marks (nothing is constructed, so duplicate keys
 * survive to be reported), {@link dev.senechal.gw.engine.internal.config.GatewayConfigReader} walks
 * it section by section through a {@link dev.senechal.gw.engine.internal.config.NodeReader} that
 * interpolates and types each scalar, recording a problem and carrying on at every bad value.
 * Records are built only for sections that read cleanly; the first problem never hides the others.
 */
package dev.senechal.gw.engine.internal.config;
