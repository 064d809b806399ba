/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.util.Locale;

/**
 * What a query reads: the full store, or a BOUNDARY sample of it given by its fraction and the
 * rows it holds (ascending), which every engine uses alike.
 */
record Variant(String name, double fraction, int[] rows) {
  /** The sampling method of the benchmark's samples. */
  static final String METHOD = "maxmargin";

  static Variant full() {
    return new Variant("full", 1, null);
  }

  static Variant sample(double fraction, int[] rows) {
    return new Variant(percent(fraction), fraction, rows);
  }

  boolean isFull() {
    return rows == null;
  }

  /** The TABLESAMPLE clause of this variant, empty for the full store. */
  String tablesample() {
    return isFull() ? "" : String.format(Locale.ROOT, " tablesample boundary('%s', %s)", METHOD,
        fraction);
  }

  /** The DuckDB schema holding this variant's rows. */
  String duckSchema() {
    return isFull() ? "full_store" : "sample_" + Math.round(fraction * 100);
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }
}
