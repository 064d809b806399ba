/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Warm timings of a repeated action: the median, the fastest and the number of timed runs, in
 * milliseconds. Warm-up runs come first and are not counted.
 */
record Timing(double median, double min, int runs) {
  /** Turns each action gets in {@link #interleaved}. */
  static final int ROUNDS = 3;

  /**
   * How long to repeat an action: warm-up runs for at least {@code warmupSeconds} (and at least
   * two), then timed runs until both {@code minRuns} and {@code seconds} are reached, at most
   * {@code maxRuns}. An action slower than 3 s per run gets 3 timed runs.
   */
  record Budget(double warmupSeconds, int minRuns, int maxRuns, double seconds) {
    /** The benchmark's budget. */
    static final Budget STANDARD = new Budget(1.0, 9, 201, 2.0);
    /** For trying the command out: a few runs. */
    static final Budget QUICK = new Budget(0.1, 3, 5, 0.1);
  }

  /** An action to time; returns something so that no work can be skipped. */
  @FunctionalInterface
  interface Action {
    Object run() throws Exception;
  }

  /**
   * Runs the warm-ups, then timed runs until both the run count and the time are reached. A
   * full garbage collection first, so that no collection of the previous measurement's garbage
   * (some queries allocate 20 MB per run) runs concurrently with this one on a small machine.
   */
  static Timing measure(Action action, Budget budget) throws Exception {
    System.gc();
    long warmupStart = System.nanoTime();
    double slowest = 0;
    for (int i = 0; i < 2 || (System.nanoTime() - warmupStart) / 1e9 < budget.warmupSeconds();
        i++) {
      slowest = Math.max(slowest, once(action));
    }
    int minRuns = slowest > 3000 ? Math.min(3, budget.minRuns()) : budget.minRuns();
    double[] millis = new double[budget.maxRuns()];
    int runs = 0;
    double total = 0;
    while (runs < budget.maxRuns() && (runs < minRuns || total < budget.seconds() * 1e3)) {
      millis[runs] = once(action);
      total += millis[runs++];
    }
    return of(Arrays.copyOf(millis, runs));
  }

  /**
   * Times several actions that answer the same question, taking turns: all warm up, then
   * {@link #ROUNDS} rounds in which each runs for its share of the budget. A slow spell of the
   * machine (other processes, a collection) then falls on every action, not on one.
   */
  static List<Timing> interleaved(List<Action> actions, Budget budget) throws Exception {
    System.gc();
    double[] slowest = new double[actions.size()];
    for (int a = 0; a < actions.size(); a++) {
      long warmupStart = System.nanoTime();
      for (int i = 0; i < 2 || (System.nanoTime() - warmupStart) / 1e9 < budget.warmupSeconds();
          i++) {
        slowest[a] = Math.max(slowest[a], once(actions.get(a)));
      }
    }
    List<List<Double>> millis = new ArrayList<>();
    actions.forEach(a -> millis.add(new ArrayList<>()));
    for (int round = 0; round < ROUNDS; round++) {
      for (int a = 0; a < actions.size(); a++) {
        int minRuns = slowest[a] > 3000 ? 1 : (budget.minRuns() + ROUNDS - 1) / ROUNDS;
        int maxRuns = Math.max(minRuns, budget.maxRuns() / ROUNDS);
        double total = 0;
        for (int runs = 0; runs < maxRuns && (runs < minRuns || total < budget.seconds() * 1e3
            / ROUNDS); runs++) {
          double t = once(actions.get(a));
          millis.get(a).add(t);
          total += t;
        }
      }
    }
    List<Timing> timings = new ArrayList<>();
    for (List<Double> m : millis) {
      timings.add(of(m.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return timings;
  }

  /** Times one run of an action. */
  static double once(Action action) throws Exception {
    long start = System.nanoTime();
    action.run();
    return (System.nanoTime() - start) / 1e6;
  }

  /** The median, minimum and count of some timings. */
  static Timing of(double... millis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Timing(median, sorted[0], n);
  }
}
