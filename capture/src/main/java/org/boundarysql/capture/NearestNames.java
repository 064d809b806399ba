/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The names nearest to a mistyped one: those containing it first, then by edit distance. */
final class NearestNames {
  private NearestNames() {
  }

  /** Up to {@code limit} names of {@code names} nearest to {@code name}. */
  static List<String> of(String name, Collection<String> names, int limit) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return names.stream()
        .sorted(Comparator.comparingInt((String n) -> distance(wanted, n.toLowerCase(Locale.ROOT))
            - (n.toLowerCase(Locale.ROOT).contains(wanted) ? 1000 : 0)).thenComparing(n -> n))
        .limit(limit).toList();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
