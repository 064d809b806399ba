/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.eval.Calibration;
import org.boundarysql.eval.EstimateCalibration;
import org.boundarysql.eval.Evaluation;
import org.boundarysql.eval.EvaluationOptions;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./boundary eval [--store S] [--methods …] [--fractions …] [--repeats N[,m=N…]] …}: the
 * paper's evaluation on a store, by default the example catalog's {@code mnist_lenet}.
 */
final class EvalCommand implements Command {
  @Override public String name() {
    return "eval";
  }

  @Override public String usage() {
    return "eval [--store DIR|NAME] [--split test|all] [--methods m1,m2|all]"
        + " [--fractions 0.05,0.1,...] [--repeats N[,method=N...]] [--j 0.7] [--k 10]"
        + " [--out DIR] [--calibration [--estimates]]   reproduce the paper's evaluation on a"
        + " store, or with --calibration measure the error estimates against the true error"
        + " (with --estimates: the model-assisted estimates of the probability designs)";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("store", "split", "methods", "fractions", "repeats", "j", "k",
        "out"), Set.of("calibration", "estimates"));
  }

  @Override public int run(Arguments arguments) throws Exception {
    List<String> repeats = arguments.list("repeats", List.of("10"));
    Map<SamplingMethod, Integer> overrides = new EnumMap<>(SamplingMethod.class);
    for (String part : repeats.subList(1, repeats.size())) {
      String[] pair = part.split("=");
      if (pair.length != 2) {
        throw new IllegalArgumentException("--repeats: expected method=N, got " + part);
      }
      overrides.put(SamplingMethod.forName(pair[0].strip()), positive("repeats", pair[1]));
    }
    EvaluationOptions options = EvaluationOptions.of(
        Catalogs.store(arguments.get("store", "mnist_lenet")),
        arguments.get("split", "test"), methods(arguments.list("methods", List.of("all"))),
        fractions(arguments.list("fractions", null)), positive("repeats", repeats.get(0)),
        overrides, arguments.number("j", SampleSpec.DEFAULT_J),
        positive("k", arguments.get("k", "10")), arguments.path("out", null));
    if (arguments.flag("estimates") && !arguments.flag("calibration")) {
      throw new IllegalArgumentException("--estimates goes with --calibration");
    }
    if (arguments.flag("calibration") && arguments.flag("estimates")) {
      EstimateCalibration.run(options);
    } else if (arguments.flag("calibration")) {
      Calibration.run(options);
    } else {
      Evaluation.run(options);
    }
    return 0;
  }

  private static List<SamplingMethod> methods(List<String> names) {
    if (names.size() == 1 && names.get(0).equalsIgnoreCase("all")) {
      return List.of(SamplingMethod.values());
    }
    List<SamplingMethod> methods = new ArrayList<>();
    for (String name : names) {
      SamplingMethod method = SamplingMethod.forName(name);
      if (!methods.contains(method)) {
        methods.add(method);
      }
    }
    return List.copyOf(methods);
  }

  private static double[] fractions(List<String> values) {
    if (values == null) {
      return EvaluationOptions.DEFAULT_FRACTIONS;
    }
    return values.stream().mapToDouble(v -> {
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--fractions: not a number: " + v);
      }
    }).sorted().distinct().toArray();
  }

  private static int positive(String option, String text) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + option + ": not a positive integer: " + text);
  }
}
