/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.metric.Combination;

/**
 * Which combinations a query-set accuracy averages over: all, or the correctly or the incorrectly
 * classified ones.
 */
enum Subset {
  ALL("all"),
  CORRECT("correct"),
  INCORRECT("incorrect");

  private final String label;

  Subset(String label) {
    this.label = label;
  }

  /** Returns whether a combination belongs to this subset. */
  boolean contains(Combination combination) {
    return this == ALL || combination.correct() == (this == CORRECT);
  }

  @Override public String toString() {
    return label;
  }
}
