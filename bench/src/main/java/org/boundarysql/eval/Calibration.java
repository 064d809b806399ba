/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import java.io.IOException;
import java.util.List;

/**
 * The calibration behind {@code ./boundary eval --calibration}: how well the error estimates
 * of the sampled answers ({@code TOPK_NEURONS_ERROR}, {@code AVG_ACTIVATION_ERROR},
 * {@code ARGMAX_DIST_ERROR}) predict the true error, on one store; writes
 * {@code calibration.csv}, {@code calibration.md} and {@code calibration.png}.
 */
public final class Calibration {
  private Calibration() {
  }

  /** Runs the calibration the options describe and writes its results. */
  public static void run(EvaluationOptions options) throws IOException {
    long start = System.nanoTime();
    System.err.println("eval: opening " + options.store() + " (split " + options.split() + ")");
    EvaluationData data = EvaluationData.open(options.store(), options.split());
    List<CalibrationPoint> points = CalibrationRun.run(options, data);
    CalibrationReport.write(options, data, points, options.commandLine() + " --calibration",
        options.out());
    System.err.printf("eval: %d estimates in %.0f s; results in %s%n", points.size(),
        (System.nanoTime() - start) / 1e9, options.out());
  }
}
