/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import org.boundarysql.bench.report.NumberText;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.sample.cache.SampleCache;
import org.boundarysql.store.Store;

import java.util.Locale;

/**
 * What a query reads: the full store, or a BOUNDARY sample of it given by its fraction and the
 * rows it holds (ascending), which every engine uses alike.
 */
record Variant(String name, double fraction, int[] rows) {
  /** The sampling method of the benchmark's samples. */
  static final SamplingMethod METHOD = SamplingMethod.MAXMARGIN;
  /** The fraction of the growth curve's samples. */
  static final double FRACTION = 0.05;

  static Variant full() {
    return new Variant("full", 1, null);
  }

  /**
   * The sample {@code TABLESAMPLE BOUNDARY(METHOD, fraction)} reads, from the sample cache of
   * the JDBC connections ({@code cache=} of their URL), so that both read one sample file.
   */
  static Variant sample(SampleCache samples, Store store, double fraction) {
    return new Variant(NumberText.percent(fraction), fraction,
        samples.get(store, spec(fraction)).rows());
  }

  /** A sample at a fraction whose rows another engine chooses (Spark): its SQL only. */
  static Variant ofFraction(double fraction) {
    return new Variant(NumberText.percent(fraction), fraction, new int[0]);
  }

  /** The spec of the sample at a fraction: the default j and seed, as TABLESAMPLE's. */
  static SampleSpec spec(double fraction) {
    return SampleSpec.of(METHOD, fraction);
  }

  boolean isFull() {
    return rows == null;
  }

  /** The TABLESAMPLE clause of this variant, empty for the full store. */
  String tablesample() {
    return isFull() ? "" : String.format(Locale.ROOT, " tablesample boundary('%s', %s)",
        METHOD.methodName(), fraction);
  }

  /** The DuckDB schema holding this variant's rows. */
  String duckSchema() {
    return isFull() ? "full_store" : "sample_" + Math.round(fraction * 100);
  }
}
