/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.ModelAssistedMean;
import org.boundarysql.estimate.ModelAssistedMean.Basis;
import org.boundarysql.kernel.Lanes;
import org.boundarysql.kernel.RowSource;
import org.boundarysql.kernel.TopKNeurons;
import org.boundarysql.sample.Draw;
import org.boundarysql.store.Layer;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The model-assisted estimates that the scan of a sample computes itself, beside the plain
 * aggregates ({@link ScanAggregate}): {@code AVG_ACTIVATION_ESTIMATE},
 * {@code TOPK_NEURONS_ESTIMATE} and {@code ARGMAX_DIST_ESTIMATE}. A group's estimate is
 * Σ_i g_i y_i, and its weights g_i depend only on its sampled items, their design and its
 * population's auxiliary moments, all kept between queries ({@link EstimateBases},
 * {@link PopulationMoments}); so the scan reads the group's rows from the layer once, adding
 * each, weighted, to the sums, with no row built, no join with the population and no Calcite
 * aggregate. The numbers are those of {@link EstimateFunctions} on the same rows: same basis,
 * same λ, the same pass in the same order.
 */
public final class ScanEstimates {
  private final EstimateSource source;
  private final RowSource activations;

  private ScanEstimates(EstimateSource source, RowSource activations) {
    this.source = source;
    this.activations = activations;
  }

  /**
   * Whether a scan can compute the estimates of a sample of {@code store} drawn by
   * {@code method}: its design knows every item's inclusion probability and the store has a
   * latent layer and logits. Otherwise the aggregate functions say why there is none.
   */
  public static boolean serves(Store store, Draw draw, String method) {
    return EstimateSource.of(store, draw, method).reason() == null;
  }

  /** The estimates of a sample that {@link #serves} allows, over its rows' activations. */
  public static ScanEstimates of(Store store, Draw draw, String method, RowSource activations) {
    EstimateSource source = EstimateSource.of(store, draw, method);
    if (source.reason() != null) {
      throw new IllegalStateException(source.reason());
    }
    return new ScanEstimates(source, activations);
  }

  /**
   * A group's population: its rows (ascending), and the moments of their auxiliaries once an
   * estimate asked for them (the same for every sample of the store, so kept with the rows).
   */
  public static final class Population {
    private final int[] rows;
    private volatile double @Nullable [] moments;
    /** The basis of the group's sampled rows of a draw, the last estimated. */
    private volatile @Nullable Fitted fitted;

    public Population(int[] rows) {
      this.rows = rows;
    }

    /** The number of rows. */
    public int size() {
      return rows.length;
    }

    private double[] moments(EstimateSource source) {
      double[] m = moments;
      if (m == null) {
        m = PopulationMoments.of(source, rows, rows.length);
        moments = m;
      }
      return m;
    }

    /**
     * The basis of the group's {@code sampled} rows of the source's draw: the last one again
     * if it was of the same rows of the same draw, else found or fitted by
     * {@link EstimateBases}.
     */
    private Basis basis(EstimateSource source, int[] sampled) {
      Fitted f = fitted;
      if (f != null && f.draw() == source.draw() && Arrays.equals(f.sampled(), sampled)) {
        return f.basis();
      }
      int[] drawn = new int[sampled.length];
      for (int i = 0; i < drawn.length; i++) {
        drawn[i] = source.drawn(sampled[i]);
      }
      Basis basis = EstimateBases.of(source, sampled, drawn, moments(source));
      fitted = new Fitted(source.draw(), sampled, basis);
      return basis;
    }
  }

  /** A basis and the sampled rows of the draw it was fitted on. */
  private record Fitted(@Nullable Draw draw, int[] sampled, Basis basis) { }

  /**
   * Each estimate's result for a group, null for the other aggregates: the group's sampled
   * rows (ascending) and its population, which holds them, decide it. A group whose every item
   * was sampled gets its exact mean, one of fewer than {@value EstimateSource#MIN_ITEMS}
   * sampled items none.
   */
  public @Nullable Object[] results(ScanAggregate[] aggregates, int[] sampled,
      Population population) {
    Object[] results = new Object[aggregates.length];
    Map<EstimatedGroup.Target, double[]> means = new EnumMap<>(EstimatedGroup.Target.class);
    for (int i = 0; i < aggregates.length; i++) {
      ScanAggregate aggregate = aggregates[i];
      if (!aggregate.kind().isEstimate() || sampled.length == 0) {
        continue;
      }
      EstimatedGroup.Target target =
          aggregate.kind() == ScanAggregate.Kind.ARGMAX_DIST_ESTIMATE
          ? EstimatedGroup.Target.ARGMAX : EstimatedGroup.Target.ACTIVATION;
      if (aggregate.kind() == ScanAggregate.Kind.TOPK_NEURONS_ESTIMATE) {
        TopKNeuronsFunction.checkK("TOPK_NEURONS_ESTIMATE", aggregate.k(), activations.width());
      }
      double[] mean = means.computeIfAbsent(target, t -> mean(t, sampled, population));
      results[i] = mean == null ? null : switch (aggregate.kind()) {
        case AVG_ACTIVATION_ESTIMATE -> Activations.list(mean);
        case TOPK_NEURONS_ESTIMATE -> Activations.list(TopKNeurons.indices(mean, aggregate.k()));
        case ARGMAX_DIST_ESTIMATE -> Activations.list(ModelAssistedMean.shares(mean));
        default -> throw new AssertionError(aggregate.kind());
      };
    }
    return results;
  }

  /** The estimate of the group's mean of the targets, as {@link EstimatedGroup#mean()}. */
  private double @Nullable [] mean(EstimatedGroup.Target target, int[] sampled,
      Population population) {
    int n = sampled.length;
    double[] sums = new double[activations.width()];
    if (n == population.size()) {
      activations.forEach(sampled, 0, n, (i, row) -> Lanes.addTo(sums, target.values(row)));
      for (int c = 0; c < sums.length; c++) {
        sums[c] /= n;
      }
      return sums;
    }
    if (n < EstimateSource.MIN_ITEMS) {
      return null;
    }
    Basis basis = population.basis(source, sampled);
    double penalty = activations instanceof Layer layer
        ? basis.penalty(() -> targets(target, sampled), EstimatedGroup.targetsName(layer, target))
        : basis.penalty(targets(target, sampled));
    double[] g = basis.weights(penalty);
    activations.forEach(sampled, 0, n,
        (i, row) -> Lanes.addScaled(sums, g[i], target.values(row)));
    return sums;
  }

  /** The group's targets in memory, for GCV to choose λ. */
  private float[][] targets(EstimatedGroup.Target target, int[] sampled) {
    float[][] y = new float[sampled.length][];
    activations.forEach(sampled, 0, sampled.length, (i, row) -> {
      float[] values = target.values(row);
      y[i] = values == row ? row.clone() : values;
    });
    return y;
  }
}
