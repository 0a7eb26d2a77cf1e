package dev.senechal.gw.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Installs handlers for POSIX signals through {@code sun.misc.Signal} (module jdk.unsupported).
 *
 * <p>Reached by reflection because javac flags every direct use of that class with a warning that
 * cannot be suppressed, and the build treats warnings as errors. Handling TERM and INT ourselves
 * (rather than through a shutdown hook) lets the daemon exit 0 after a clean stop; handling HUP
 * keeps the JVM alive (an untrapped SIGHUP ends it with 129).
 */
final class PosixSignals {
  private PosixSignals() {}

  static void handle(String name, Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      InvocationHandler invocation =
          (Object proxy, Method method, Object[] args) -> {
            if (method.getName().equals("handle")) {
              action.run();
              return null;
            }
            if (method.getName().equals("toString")) {
              return "senechal-gw " + name + " handler";
            }
            if (method.getName().equals("hashCode")) {
              return System.identityHashCode(proxy);
            }
            if (method.getName().equals("equals")) {
              return proxy == args[0];
            }
            return null;
          };
      Object handler =
          Proxy.newProxyInstance(
              PosixSignals.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot install a handler for SIG" + name, e);
    }
  }
}
