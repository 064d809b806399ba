/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.apache.calcite.schema.Function;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.boundarysql.kernel.ArgmaxDist;
import org.boundarysql.kernel.AvgActivation;
import org.boundarysql.kernel.RowAccumulator;
import org.boundarysql.kernel.TopKNeurons;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.function.IntFunction;

/**
 * An aggregate that a scan computes itself from a group's rows of a layer, with no row built
 * for it: {@code COUNT} and the diagnosis aggregates of one activation, through the kernels
 * that the aggregate functions ({@link AvgActivationFunction} and the others) use.
 *
 * @param kind which aggregate
 * @param k the {@code k} of {@code TOPK_NEURONS}, 0 for the others
 */
public record ScanAggregate(Kind kind, int k) {
  /**
   * The aggregates a scan computes: the plain ones from kernels, the model-assisted estimates
   * from the group's sampled rows and population ({@link ScanEstimates}).
   */
  public enum Kind {
    COUNT, AVG_ACTIVATION, TOPK_NEURONS, ARGMAX_DIST, AVG_ACTIVATION_ESTIMATE,
    TOPK_NEURONS_ESTIMATE, ARGMAX_DIST_ESTIMATE;

    /** Whether this is a model-assisted estimate, which no kernel computes. */
    public boolean isEstimate() {
      return this == AVG_ACTIVATION_ESTIMATE || this == TOPK_NEURONS_ESTIMATE
          || this == ARGMAX_DIST_ESTIMATE;
    }
  }

  /**
   * The kind of an aggregate function, or null if a scan cannot compute it. The diagnosis
   * aggregates are recognised by their registered implementation, not their name, so a
   * user's function of the same name in another schema is not taken for one.
   */
  public static @Nullable Kind kindOf(SqlAggFunction function) {
    if (function.getKind() == SqlKind.COUNT) {
      return Kind.COUNT;
    }
    if (!(function instanceof SqlUserDefinedAggFunction udaf)) {
      return null;
    }
    for (Kind kind : Kind.values()) {
      if (kind != Kind.COUNT && udaf.function == registered(kind)) {
        return kind;
      }
    }
    return null;
  }

  private static Function registered(Kind kind) {
    return DiagnosisFunctions.ALL.stream().filter(e -> e.name().equals(kind.name()))
        .findFirst().orElseThrow().function();
  }

  /** Makes the kernel of one group, given the row width; null for {@code COUNT} and estimates. */
  public @Nullable IntFunction<? extends RowAccumulator<?>> kernels() {
    return switch (kind) {
      case COUNT, AVG_ACTIVATION_ESTIMATE, TOPK_NEURONS_ESTIMATE, ARGMAX_DIST_ESTIMATE -> null;
      case AVG_ACTIVATION -> AvgActivation::new;
      case TOPK_NEURONS -> width -> TopKNeuronsFunction.kernel(k, width);
      case ARGMAX_DIST -> ArgmaxDist::new;
    };
  }

  /**
   * The aggregate of a group of {@code count} rows whose activations went into {@code kernel}
   * (made by {@link #kernels}; null for {@code COUNT} and for no rows, whose diagnosis
   * aggregates are null as the aggregate functions give). An estimate, which needs more than
   * a kernel, is null here and computed by {@link ScanEstimates}.
   */
  public @Nullable Object result(@Nullable RowAccumulator<?> kernel, int count) {
    if (kind == Kind.COUNT) {
      return (long) count;
    }
    if (kernel == null) {
      return null;
    }
    return switch (kind) {
      case AVG_ACTIVATION -> Activations.list(((AvgActivation) kernel).mean());
      case TOPK_NEURONS -> Activations.list(((TopKNeurons) kernel).indices());
      case ARGMAX_DIST -> Activations.list(((ArgmaxDist) kernel).shares());
      case COUNT, AVG_ACTIVATION_ESTIMATE, TOPK_NEURONS_ESTIMATE, ARGMAX_DIST_ESTIMATE ->
          throw new AssertionError(kind);
    };
  }

  @Override public String toString() {
    return kind == Kind.TOPK_NEURONS || kind == Kind.TOPK_NEURONS_ESTIMATE
        ? kind + "(" + k + ")" : kind.name();
  }
}
