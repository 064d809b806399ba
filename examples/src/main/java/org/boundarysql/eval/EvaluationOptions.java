package org.boundarysql.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.boundarysql.example.ExampleCatalog;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.sample.SampleSpec;

/**
 * The command line of the evaluation: which store and split, which methods, fractions and
 * repetitions, the sweeps' values, and where the results go.
 *
 * <p>{@code --repeats} takes a count for every random method and optional per-method overrides,
 * e.g. {@code 10,gmm_full=3}; deterministic methods always run once.
 */
public record EvaluationOptions(Path store, String split, List<SamplingMethod> methods,
    double[] fractions, int repeats, Map<SamplingMethod, Integer> repeatOverrides, double j,
    int k, double sweepFraction, double[] jValues, int[] kValues, Path out) {

  /** The usage line. */
  public static final String USAGE = "eval [--store DIR] [--split test|all] [--methods m1,m2|all]"
      + " [--fractions 0.05,0.1,...] [--repeats N[,method=N...]] [--j 0.7] [--k 10]"
      + " [--out DIR]";

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

  /** Parses the arguments; unknown options and bad values throw IllegalArgumentException. */
  public static EvaluationOptions parse(String... args) {
    Path store = null;
    String split = "test";
    List<SamplingMethod> methods = List.of(SamplingMethod.values());
    double[] fractions = DEFAULT_FRACTIONS;
    int repeats = 10;
    Map<SamplingMethod, Integer> overrides = new EnumMap<>(SamplingMethod.class);
    double j = SampleSpec.DEFAULT_J;
    int k = 10;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("-h") || option.equals("--help")) {
        throw new IllegalArgumentException("usage: " + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + option + "; usage: " + USAGE);
      }
      String value = args[++i];
      switch (option) {
        case "--store" -> store = Path.of(value);
        case "--split" -> split = value;
        case "--methods" -> methods = methods(value);
        case "--fractions" -> fractions = fractions(value);
        case "--repeats" -> {
          String[] parts = value.split(",");
          repeats = positive("--repeats", parts[0]);
          for (String part : Arrays.copyOfRange(parts, 1, parts.length)) {
            String[] pair = part.split("=");
            if (pair.length != 2) {
              throw new IllegalArgumentException("--repeats: expected method=N, got " + part);
            }
            overrides.put(SamplingMethod.forName(pair[0].trim()), positive("--repeats", pair[1]));
          }
        }
        case "--j" -> j = number("--j", value);
        case "--k" -> k = positive("--k", value);
        case "--out" -> out = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + option + "; usage: "
            + USAGE);
      }
    }
    if (store == null) {
      store = ExampleCatalog.defaultCatalog().resolve("mnist_lenet");
    }
    if (out == null) {
      out = Path.of("docs", "results", store.getFileName().toString());
    }
    if (!(j >= 0 && j <= 1)) {
      throw new IllegalArgumentException("--j must be in [0, 1]: " + j);
    }
    return new EvaluationOptions(store, split, methods, fractions, repeats, overrides, j, k,
        0.05, DEFAULT_J_VALUES, DEFAULT_K_VALUES, out);
  }

  private static List<SamplingMethod> methods(String value) {
    if (value.equalsIgnoreCase("all")) {
      return List.of(SamplingMethod.values());
    }
    List<SamplingMethod> methods = new ArrayList<>();
    for (String name : value.split(",")) {
      SamplingMethod method = SamplingMethod.forName(name.trim());
      if (!methods.contains(method)) {
        methods.add(method);
      }
    }
    return List.copyOf(methods);
  }

  private static double[] fractions(String value) {
    double[] fractions = Arrays.stream(value.split(",")).mapToDouble(
        s -> number("--fractions", s)).sorted().distinct().toArray();
    for (double f : fractions) {
      if (!(f > 0 && f <= 1)) {
        throw new IllegalArgumentException("--fractions must be in (0, 1]: " + f);
      }
    }
    return fractions;
  }

  private static double number(String option, String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a number: " + text);
    }
  }

  private static int positive(String option, String text) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + ": not a positive integer: " + text);
  }

  /** Returns the options as the command line that reproduces them. */
  public String commandLine() {
    StringBuilder line = new StringBuilder("--store ").append(store)
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

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
  }
}
