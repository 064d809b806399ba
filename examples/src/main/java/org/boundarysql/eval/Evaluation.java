package org.boundarysql.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code ./boundary eval}: reproduces the paper's evaluation on one store and writes the CSV
 * files, {@code summary.md} and the charts into the output directory.
 *
 * <pre>
 * Evaluation [--store DIR] [--split test|all] [--methods m1,m2|all] [--fractions 0.05,...]
 *            [--repeats N[,method=N...]] [--j 0.7] [--k 10] [--out DIR]
 * </pre>
 *
 * <p>Default store: the example catalog's {@code mnist_lenet}; default output:
 * {@code docs/results/<store>/}.
 */
public final class Evaluation {
  private Evaluation() {
  }

  public static void main(String[] args) throws IOException {
    EvaluationOptions options = EvaluationOptions.parse(args);
    String started = ZonedDateTime.now().withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String loadAtStart = Machine.loadAverage();
    System.err.println("eval: opening " + options.store() + " (split " + options.split() + ")");
    EvaluationData data = EvaluationData.open(options.store(), options.split());
    Results results = EvaluationRun.run(options, data);
    Files.createDirectories(options.out());
    ResultsCsv.write(results, options.out());
    EvaluationCharts.write(results, options.out());
    SummaryReport.write(results, new SummaryReport.RunInfo(command(args), started,
        Machine.describe(), loadAtStart, Machine.loadAverage()), options.out());
    System.err.printf("eval: %d samples in %.0f s; results in %s%n", results.samples().size(),
        results.seconds(), options.out());
  }

  /** Returns the command line as it was typed, through the launcher or straight to this class. */
  static String command(String[] args) {
    String launcher = System.getProperty("sun.java.command", "");
    String arguments = Arrays.stream(args).map(a -> " " + (a.matches("[\\w./,=:+-]+") ? a
        : "'" + a.replace("'", "'\\''") + "'")).collect(Collectors.joining());
    return launcher.startsWith("org.boundarysql.server.BoundaryCli")
        ? "./boundary eval" + arguments
        : "java " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
            + " -cp ... " + Evaluation.class.getName() + arguments
            + "\n# the same as: ./boundary eval" + arguments;
  }
}
