package dev.senechal.gw.router;

import com.google.inject.AbstractModule;
import dev.senechal.gw.router.internal.ConfiguredRouter;

/** Binds the {@link Router}; the engine binds {@link RouteTable} and {@code Clock}. */
public final class RouterModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Router.class).to(ConfiguredRouter.class);
    bind(ConfiguredRouter.class);
  }
}
