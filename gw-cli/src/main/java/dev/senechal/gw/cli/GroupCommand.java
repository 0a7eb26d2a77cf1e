package dev.senechal.gw.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code job}, {@code config}): alone, it is a usage error. */
abstract class GroupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println(
        "senechal-gw " + spec.name() + ": a subcommand is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return Main.USAGE;
  }
}
