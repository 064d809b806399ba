/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.bench.report.Machine;

import java.io.IOException;
import java.nio.file.Files;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The evaluation behind {@code ./boundary eval}: reproduces the paper's evaluation on one store
 * and writes the CSV files, {@code summary.md} and the charts into the output directory.
 */
public final class Evaluation {
  private Evaluation() {
  }

  /** Runs the evaluation the options describe and writes its results. */
  public static void run(EvaluationOptions options) throws IOException {
    String started = ZonedDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String loadAtStart = Machine.loadAverage();
    System.err.println("eval: opening " + options.store() + " (split " + options.split() + ")");
    EvaluationData data = EvaluationData.open(options.store(), options.split());
    Results results = EvaluationRun.run(options, data);
    Files.createDirectories(options.out());
    ResultsCsv.write(results, options.out());
    EvaluationCharts.write(results, options.out());
    SummaryReport.write(results, new SummaryReport.RunInfo(options.commandLine(), started,
        Machine.current(), loadAtStart, Machine.loadAverage()), options.out());
    System.err.printf("eval: %d samples in %.0f s; results in %s%n", results.samples().size(),
        results.seconds(), options.out());
  }
}
