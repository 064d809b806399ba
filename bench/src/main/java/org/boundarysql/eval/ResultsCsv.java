/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the results as CSV: {@value #MEASUREMENTS} (one row per sample, K and subset of the
 * combinations) and {@value #SAMPLES} (one row per sample drawn: size, correct and incorrect
 * items, creation time).
 */
final class ResultsCsv {
  static final String MEASUREMENTS = "measurements.csv";
  static final String SAMPLES = "samples.csv";

  private ResultsCsv() {
  }

  static void write(Results results, Path dir) throws IOException {
    try (Writer out = Files.newBufferedWriter(dir.resolve(MEASUREMENTS))) {
      out.write("experiment,method,seed,fraction,j,k,subset,sample_size,combinations,"
          + "empty_combinations,s1,s2,s3\n");
      for (Measurement m : results.measurements()) {
        out.write(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%d,%s,%d,%d,%d,%.6f,%.6f,%.6f%n",
            m.experiment(), m.method(), m.seed(), m.fraction(), m.j(), m.k(), m.subset(),
            m.sampleSize(), m.combinations(), m.emptyCombinations(), m.s1(), m.s2(), m.s3()));
      }
    }
    try (Writer out = Files.newBufferedWriter(dir.resolve(SAMPLES))) {
      out.write("experiment,method,seed,fraction,j,size,correct,incorrect,fit_seconds,"
          + "select_seconds,create_seconds\n");
      for (DrawnSample s : results.samples()) {
        out.write(String.format(Locale.ROOT, "%s,%s,%d,%s,%s,%d,%d,%d,%.6f,%.6f,%.6f%n",
            s.experiment(), s.method(), s.seed(), s.fraction(), s.j(), s.size(), s.correct(),
            s.incorrect(), s.fitSeconds(), s.selectSeconds(), s.createSeconds()));
      }
    }
  }
}
