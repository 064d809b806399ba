/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.boundarysql.estimate.Auxiliaries;
import org.boundarysql.materialize.SampledStore;
import org.boundarysql.sample.Draw;
import org.boundarysql.store.ActivationRow;
import org.boundarysql.store.InputComponents;
import org.boundarysql.store.Items;
import org.boundarysql.store.Layer;
import org.boundarysql.store.LayerSpec;
import org.boundarysql.store.SampleProvenance;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the model-assisted estimates of a query need beyond its rows: the store whose latent
 * layer and logits (and, if it keeps float-fed inputs, their principal component scores) are
 * the auxiliaries of every item, and the draw that gives each sampled item its stratum and
 * inclusion probability; or why the query's groups get no estimate.
 *
 * <p>A plan refers to its source by a key (a SQL literal cannot hold the store), registered by
 * the planner rule and looked up as the aggregates run; the {@value #KEPT} sources used last
 * are kept: twice the plans the server caches ({@code CachingPrepare.CAPACITY}), so a source
 * is dropped only after more new ones than would have dropped its cached plan too.
 */
public final class EstimateSource {
  /** Label of a group whose estimate is the model-assisted one. */
  public static final String MODEL_ASSISTED = "model_assisted";
  /** Label of a group whose estimate is its exact mean: every item of it was read. */
  public static final String EXACT = "exact";
  /** The fewest sampled items of a group an estimate is given for. */
  public static final int MIN_ITEMS = 5;

  private static final int KEPT = 1024;
  private static final Map<String, EstimateSource> REGISTERED =
      Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, EstimateSource> e) {
          return size() > KEPT;
        }
      });

  private final @Nullable Store store;
  private final @Nullable Layer latent;
  private final @Nullable Layer logits;
  /**
   * Whether the store's items' scores on its inputs' principal components are auxiliaries
   * (found, and on first use computed, only when an estimate reads them).
   */
  private final boolean withInputs;
  /** The widths of the latent layer and the logits (a layer computes its width per call). */
  private final int latentWidth;
  private final int logitWidth;
  /** The draw of a sample of the store; null for a Bernoulli sample (every row drawn). */
  private final @Nullable Draw draw;
  /** A Bernoulli sample's rate, every item's inclusion probability. */
  private final double rate;
  private final @Nullable String reason;
  /** Whose latent layer and logits are the population's auxiliaries, if not this one's. */
  private @Nullable EstimateSource population;

  private EstimateSource(@Nullable Store store, @Nullable Layer latent, @Nullable Layer logits,
      boolean withInputs, @Nullable Draw draw, double rate, @Nullable String reason) {
    this.store = store;
    this.latent = latent;
    this.logits = logits;
    this.withInputs = withInputs;
    this.latentWidth = latent == null ? 0 : latent.width();
    this.logitWidth = logits == null ? 0 : logits.width();
    this.draw = draw;
    this.rate = rate;
    this.reason = reason;
  }

  /**
   * The source of a query whose rows were read without a sample: every group's estimate is
   * its exact mean.
   */
  public static EstimateSource exact() {
    return new EstimateSource(null, null, null, false, null, Double.NaN, null);
  }

  /** A source that gives no estimate, for the reason given. */
  public static EstimateSource none(String reason) {
    return new EstimateSource(null, null, null, false, null, Double.NaN, reason);
  }

  /**
   * The source of a sample of a store: an estimate if the design knows its inclusion
   * probabilities and the store has a latent layer and logits, else the reason why not. The
   * store's input scores are auxiliaries too if it keeps float-fed inputs.
   */
  public static EstimateSource of(Store store, Draw draw, String method) {
    if (!draw.hasProbabilities()) {
      return none(method + " gives its items no known chance of being sampled");
    }
    return auxiliaries(store, draw, Double.NaN, true);
  }

  /**
   * The source of a sampled store (written by materialize or a sampled capture: the store is
   * the sample): its rows are all drawn, each with the stratum and inclusion probability its
   * items record, its own latent layer and logits are the sampled items' auxiliaries, and the
   * latent store written with it ({@code population}, null if the catalog has none of that
   * name) gives the population's; or the reason there is no estimate. A latent store keeps no
   * inputs, so the input scores are not auxiliaries here.
   */
  public static EstimateSource ofSampledStore(Store sampled, String method,
      @Nullable Store population, String populationName) {
    Items items = sampled.items();
    Items.ExtraColumn strata = extraColumn(items, SampledStore.STRATUM);
    Items.ExtraColumn probabilities = extraColumn(items, SampledStore.INCLUSION_PROBABILITY);
    if (strata == null || probabilities == null) {
      return none(method + " gives its items no known chance of being sampled (" + sampled.name()
          + " records no " + SampledStore.INCLUSION_PROBABILITY + ")");
    }
    if (population == null) {
      return none("the population of " + sampled.name() + " is its latent store "
          + populationName + ", which this catalog does not hold");
    }
    if (!SampleProvenance.sameOrigin(sampled, population)) {
      return none("the latent store " + populationName + " was not written with "
          + sampled.name() + " (their " + SampleProvenance.FILE_NAME + " name other sources)");
    }
    int n = items.size();
    int[] rows = new int[n];
    int[] stratum = new int[n];
    double[] probability = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
      stratum[i] = ((Number) strata.value(i)).intValue();
      probability[i] = ((Number) probabilities.value(i)).doubleValue();
    }
    EstimateSource sample = auxiliaries(sampled, new Draw(rows, stratum, probability),
        Double.NaN, false);
    if (sample.reason != null) {
      return sample;
    }
    Layer latent = population.layer(sample.latent.name()).orElse(null);
    Layer logits = population.layer(sample.logits.name()).orElse(null);
    if (latent == null || logits == null || latent.width() != sample.latentWidth
        || logits.width() != sample.logitWidth) {
      return none("the latent store " + populationName + " holds no layer "
          + (latent == null ? sample.latent.name() : sample.logits.name()) + " of "
          + sampled.name() + " (latent stores written before they kept the logits do not:"
          + " write the sample again)");
    }
    sample.population = new EstimateSource(population, latent, logits, false, null, Double.NaN,
        null);
    return sample;
  }

  private static Items.@Nullable ExtraColumn extraColumn(Items items, String name) {
    return items.extraColumns().stream().filter(c -> c.name().equals(name)
        && c.type() != Items.ExtraType.VARCHAR).findFirst().orElse(null);
  }

  /**
   * The source of a Bernoulli sample of a store's table at {@code rate}: every item had that
   * chance, independently (one stratum).
   */
  public static EstimateSource bernoulli(Store store, double rate) {
    return auxiliaries(store, null, rate, true);
  }

  private static EstimateSource auxiliaries(Store store, @Nullable Draw draw, double rate,
      boolean withInputs) {
    Layer latent = store.latentLayer().orElse(null);
    if (latent == null) {
      return none("store " + store.name() + " has no latent layer");
    }
    String name = store.manifest().logits().map(LayerSpec::name).orElse(null);
    if (name == null) {
      return none("store " + store.name() + " stores no layer of one value per class (the"
          + " logits)");
    }
    return new EstimateSource(store, latent, store.layer(name).orElseThrow(),
        withInputs && InputComponents.applies(store), draw, rate,
        null);
  }

  /** Registers a source for the plans that name it by the returned key. */
  public String register() {
    String key = store == null ? String.valueOf(reason)
        : System.identityHashCode(store) + " " + store.name() + " " + (population == null ? ""
            : System.identityHashCode(population.store) + " ") + (draw == null
            ? "bernoulli " + rate
            : Integer.toHexString(draw.hashCode()) + " " + draw.rows().length);
    REGISTERED.put(key, this);
    return key;
  }

  /** The source registered under a key. */
  static EstimateSource lookup(String key) {
    EstimateSource source = REGISTERED.get(key);
    return source != null ? source
        : none("the plan's sample is no longer known to the server; run the query again");
  }

  /**
   * The source whose store holds the population's rows and auxiliaries: this one, or the
   * latent store of a sampled store.
   */
  EstimateSource population() {
    return population == null ? this : population;
  }

  /** Why no estimate is given, or null if one is. */
  @Nullable String reason() {
    return reason;
  }

  /** Whether the groups' estimates are their exact means (the query read no sample). */
  boolean isExact() {
    return store == null && reason == null;
  }

  /**
   * Whether a row is an activation of this source's store, stored or computed on demand (a
   * lazy view: nothing is computed until its values are read), so its item is known.
   */
  boolean holds(Object activation) {
    if (!(activation instanceof ActivationRow row) || store == null) {
      return false;
    }
    for (Layer layer : store.layers()) {
      if (layer == row.layer()) {
        return true;
      }
    }
    return store.manifest().onDemandLayers().stream().anyMatch(spec -> spec
        == row.layer().spec());
  }

  /** The latent layer read for the auxiliaries. */
  Layer latent() {
    return latent;
  }

  /** The logits read for the auxiliaries. */
  Layer logits() {
    return logits;
  }

  /**
   * The input scores read for the auxiliaries, computed on first use; null if they are not
   * among them.
   */
  @Nullable Layer inputScores() {
    return withInputs && store != null ? store.inputComponents().orElse(null) : null;
  }

  /**
   * What {@code ESTIMATE_BASIS()} says of a model-assisted estimate: {@value #MODEL_ASSISTED},
   * and which auxiliaries if the input scores are among them.
   */
  String modelAssisted() {
    return MODEL_ASSISTED + Auxiliaries.label(withInputs);
  }

  /**
   * A reader of rows' auxiliaries ({@link Auxiliaries}: latent, logits, softmax, input scores)
   * that reuses its buffers: one per aggregate over many rows.
   */
  final class Reader {
    private final float[] latentRow = new float[latentWidth];
    private final float[] logitRow = new float[logitWidth];
    private final @Nullable Layer inputScores = inputScores();
    private final float[] scoreRow = new float[inputScores == null ? 0 : inputScores.width()];
    private final double[] auxiliaries =
        new double[Auxiliaries.width(latentWidth, logitWidth, scoreRow.length)];

    /** The auxiliaries of {@code row}, valid until the next read. */
    double[] read(int row) {
      latent.read(row, latentRow);
      logits.read(row, logitRow);
      if (inputScores != null) {
        inputScores.read(row, scoreRow);
      }
      Auxiliaries.into(latentRow, logitRow, scoreRow, auxiliaries);
      return auxiliaries;
    }
  }

  /**
   * The position of a row in the draw; negative if the sample does not hold it (a Bernoulli
   * sample holds every row its query reads: position 0).
   */
  int drawn(int row) {
    return draw == null ? 0 : Arrays.binarySearch(draw.rows(), row);
  }

  /** The draw of the sample; null for a Bernoulli sample. */
  @Nullable Draw draw() {
    return draw;
  }

  /** The stratum of the draw's i-th row. */
  int stratum(int i) {
    return draw == null ? 0 : draw.strata()[i];
  }

  /** The inclusion probability of the draw's i-th row. */
  double probability(int i) {
    return draw == null ? rate : draw.probabilities()[i];
  }
}
