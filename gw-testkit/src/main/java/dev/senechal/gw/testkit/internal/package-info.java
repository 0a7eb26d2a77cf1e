/** Implementation of the testkit. */
package dev.senechal.gw.testkit.internal;
