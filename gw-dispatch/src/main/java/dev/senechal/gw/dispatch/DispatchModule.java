package dev.senechal.gw.dispatch;

import com.google.inject.AbstractModule;
import dev.senechal.gw.dispatch.internal.DirectoryPluginDiscovery;
import dev.senechal.gw.dispatch.internal.RetryPolicy;
import dev.senechal.gw.dispatch.internal.SerialDispatcher;
import dev.senechal.gw.dispatch.internal.StoredCircuitBreakers;
import jakarta.inject.Singleton;

/**
 * Binds discovery, the plugin invoker, the dispatcher and the circuit breakers. The engine binds
 * {@link PluginRegistry}, {@link DispatchSettings}, {@link BreakerPolicies}, the queue and the
 * breaker store, the router, the process runner, the codec, a {@code Clock} and a {@code
 * RandomGenerator}.
 */
public final class DispatchModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(PluginDiscovery.class).to(DirectoryPluginDiscovery.class);
    bind(DirectoryPluginDiscovery.class).in(Singleton.class);
    bind(RetryPolicy.class).in(Singleton.class);
    bind(PluginInvoker.class).in(Singleton.class);
    bind(Dispatcher.class).to(SerialDispatcher.class);
    bind(CircuitBreakers.class).to(StoredCircuitBreakers.class);
    bind(StoredCircuitBreakers.class).in(Singleton.class);
    bind(SerialDispatcher.class).in(Singleton.class);
  }
}
