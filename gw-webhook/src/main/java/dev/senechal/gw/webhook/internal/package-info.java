/** Implementation of the HTTP side: the Javalin listeners, webhook verification, the API. */
package dev.senechal.gw.webhook.internal;
