package dev.senechal.gw.testkit.chain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A chain did not settle within the runner's timeout. The message names every job still queued or
 * running; {@link #tree()} is the tree as it stood then.
 */
public final class ChainTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ChainTree tree;

  ChainTimeoutException(ChainTree tree, Duration timeout) {
    super(message(requireNonNull(tree, "tree is null"), timeout));
    this.tree = tree;
  }

  /** The tree when the runner gave up: settled jobs and the ones still queued or running. */
  public ChainTree tree() {
    return tree;
  }

  private static String message(ChainTree tree, Duration timeout) {
    StringBuilder out =
        new StringBuilder("the chain from " + tree.root().label() + " did not settle within "
            + timeout.toMillis() + " ms; still unsettled:");
    for (ChainNode node : tree.unsettled()) {
      out.append("\n  ").append(node.describe());
      if (node.job().nextRetryAt() != null) {
        out.append(" (retry due at ").append(node.job().nextRetryAt()).append(')');
      }
    }
    out.append("\n").append(tree.describe());
    return out.toString();
  }
}
