/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.sample.SamplingMethod;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of the evaluation: which store and split, which methods, fractions and
 * repetitions, the sweeps' values, and where the results go.
 *
 * <p>Random methods run {@code repeats} times unless {@code repeatOverrides} says otherwise;
 * deterministic methods always run once.
 */
public record EvaluationOptions(Path store, String split, List<SamplingMethod> methods,
    double[] fractions, int repeats, Map<SamplingMethod, Integer> repeatOverrides, double j,
    int k, double sweepFraction, double[] jValues, int[] kValues, Path out) {

  /** The paper's fractions. */
  public static final double[] DEFAULT_FRACTIONS = {0.05, 0.1, 0.2, 0.4, 0.8};
  /** The paper's j sweep. */
  public static final double[] DEFAULT_J_VALUES = {0, 0.25, 0.5, 0.75, 1};
  /** The paper's K sweep. */
  public static final int[] DEFAULT_K_VALUES = {5, 10, 20, 50, 100};

  /** Returns the number of repetitions of a method: 1 if it is deterministic. */
  public int repeats(SamplingMethod method) {
    return method.isRandom() ? repeatOverrides.getOrDefault(method, repeats) : 1;
  }

  /** Returns the store's name, the name of its directory. */
  public String storeName() {
    return store.getFileName().toString();
  }

  /**
   * The options of a run of {@code methods} at {@code fractions} with the paper's sweeps
   * (5% sample; j and K values above); {@code out} defaults to {@code docs/results/<store>}.
   */
  public static EvaluationOptions of(Path store, String split, List<SamplingMethod> methods,
      double[] fractions, int repeats, Map<SamplingMethod, Integer> repeatOverrides, double j,
      int k, Path out) {
    if (!(j >= 0 && j <= 1)) {
      throw new IllegalArgumentException("--j must be in [0, 1]: " + j);
    }
    for (double f : fractions) {
      if (!(f > 0 && f <= 1)) {
        throw new IllegalArgumentException("--fractions must be in (0, 1]: " + f);
      }
    }
    return new EvaluationOptions(store, split, methods, fractions, repeats, repeatOverrides, j,
        k, 0.05, DEFAULT_J_VALUES, DEFAULT_K_VALUES,
        out != null ? out : Path.of("docs", "results", store.getFileName().toString()));
  }

  /** Returns the options as the command line that reproduces them. */
  public String commandLine() {
    StringBuilder line = new StringBuilder("./boundary eval --store ").append(store)
        .append(" --split ").append(split)
        .append(" --methods ").append(String.join(",",
            methods.stream().map(SamplingMethod::methodName).toList()))
        .append(" --fractions ").append(String.join(",",
            Arrays.stream(fractions).mapToObj(EvaluationOptions::format).toList()))
        .append(" --repeats ").append(repeats);
    repeatOverrides.forEach((m, n) -> line.append(',').append(m).append('=').append(n));
    return line.append(" --j ").append(format(j)).append(" --k ").append(k)
        .append(" --out ").append(out).toString();
  }

  /** A number without a needless ".0". */
  public static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
  }
}
