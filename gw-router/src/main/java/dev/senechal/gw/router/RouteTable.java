package dev.senechal.gw.router;

import java.util.List;

/**
 * Where the router reads the routes in force. The engine implements it over the current config
 * snapshot, so a reload changes the routes of the next settle, never of one under way.
 */
public interface RouteTable {
  List<Route> routes();

  /** How many attempts a job for {@code plugin} gets. */
  int maxAttempts(String plugin);
}
