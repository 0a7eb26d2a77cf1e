package dev.senechal.gw.engine.internal.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for misspelt keys and names. */
public final class KeySuggestions {
  private KeySuggestions() {}

  /**
   * The candidate closest to {@code wrong}, if close enough to be a plausible typo: at most one
   * edit for names under five characters, two otherwise, after ignoring case and treating {@code
   * tickInterval}, {@code tick-interval} and {@code tick_interval} alike. A swap of two neighbours
   * counts as one edit. Failing that, the longest candidate of three or more characters that {@code
   * wrong} starts with, or that starts with {@code wrong} ({@code warning}: {@code warn}).
   */
  public static Optional<String> closest(String wrong, Collection<String> candidates) {
    String normalized = normalize(wrong);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(normalized, normalize(candidate));
      int allowed = candidate.length() < 5 ? 1 : 2;
      if (distance <= allowed && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best == null) {
      for (String candidate : candidates) {
        String other = normalize(candidate);
        boolean prefix =
            Math.min(other.length(), normalized.length()) >= 3
                && (normalized.startsWith(other) || other.startsWith(normalized));
        if (prefix && (best == null || candidate.length() > best.length())) {
          best = candidate;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  static String normalize(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
        out.append('_');
      }
      out.append(c == '-' ? '_' : c);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
