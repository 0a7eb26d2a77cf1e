/** Implementation of the HTTP side; empty until the HTTP issue. */
package dev.senechal.gw.webhook.internal;
