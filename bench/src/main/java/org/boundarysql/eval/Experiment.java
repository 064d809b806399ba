/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

/** The experiments of the evaluation, named as in the CSV files. */
enum Experiment {
  /** Every method at every fraction, j and K fixed: the paper's Figures 4 and 5. */
  FRACTION("fraction"),
  /** The sweep fraction's samples scored with every K, the default K included: Figure 6. */
  K("k"),
  /** The boundary methods at the sweep fraction with several j: Figure 7. */
  J("j"),
  /**
   * A deterministic method's sweep-fraction sample drawn again, once per further seed, to time
   * its creation as often as a random method's (Figure 13); not scored.
   */
  TIME("time");

  private final String label;

  Experiment(String label) {
    this.label = label;
  }

  @Override public String toString() {
    return label;
  }
}
