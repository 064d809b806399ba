/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sample;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.boundarysql.adapter.function.EstimateSource;
import org.boundarysql.estimate.EstimateBasis;
import org.boundarysql.store.SampleProvenance;
import org.boundarysql.store.Store;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An aggregate's input as its population: the same rows with every sample replaced by its
 * full table (a {@code TABLESAMPLE BOUNDARY} scan by its store's table, a table of a sampled
 * store written by {@code materialize} by its latent store's table of the same name, or by
 * its items, Calcite's {@code TABLESAMPLE} by its input), and the design the input's rows were
 * sampled with.
 *
 * <p>A sampled store's layer other than the latent one and the logits has no activations
 * beyond its sample: the population stands the latent store's latent layer in for them (where
 * the estimates read every item's auxiliaries from), which may flow into values the population
 * does not read (the aggregate's own arguments), and nowhere that decides which rows the
 * population holds or how they are grouped: there, the population is unknown and the query is
 * refused with a message that says why. So too for its design's item columns
 * ({@code stratum}, {@code inclusion_probability}), known for the sample only.
 *
 * <p>The estimates of a sampled store's rows are the model-assisted ones of its recorded
 * design ({@link EstimateSource#ofSampledStore}); a {@code TABLESAMPLE} of it gets none.
 */
final class PopulationInput {
  private final RelBuilder builder;
  /** The design of each sample found, by store and spec. */
  private final Map<String, String> samples = new LinkedHashMap<>();
  /** What each sample found gives the model-assisted estimates, by store and spec. */
  private final Map<String, EstimateSource> sources = new LinkedHashMap<>();
  /** The stores of the scans found, in order, for the Bernoulli samples above them. */
  private final List<Store> scanned = new ArrayList<>();
  /** The fields of each rebuilt relation that carry the placeholder of missing activations. */
  private final Map<RelNode, ImmutableBitSet> unknown = new IdentityHashMap<>();
  /** The layers whose activations are missing, for the message. */
  private final Set<String> missing = new LinkedHashSet<>();
  /** Why the population is unknown (see {@link #populationMissing()}), or null. */
  private @Nullable String populationMissing;
  private RelNode rel;

  private PopulationInput(RelBuilder builder) {
    this.builder = builder;
  }

  /** The population of {@code input} and its design, built with {@code builder}. */
  static PopulationInput of(RelNode input, RelBuilder builder) {
    PopulationInput population = new PopulationInput(builder);
    population.rel = population.strip(input);
    return population;
  }

  /** The population's rows: the input's, unsampled. */
  RelNode rel() {
    return rel;
  }

  /**
   * Why the population is unknown, or null if it is known: a sampled store's latent store is
   * not in the catalog, or a TABLESAMPLE samples a sampled store; the sample's own rows then
   * stand in for the population's, which only an estimate that gives none may read (it says
   * why).
   */
  @Nullable String populationMissing() {
    return populationMissing;
  }

  /**
   * Refuses a population whose given fields (group keys, filter flags) carry activations that
   * a sampled store does not have for every item.
   */
  void requireKnown(Iterable<Integer> fields, String use) {
    ImmutableBitSet bits = unknown.getOrDefault(rel, ImmutableBitSet.of());
    for (int field : fields) {
      if (bits.get(field)) {
        throw unknownPopulation(use);
      }
    }
  }

  /**
   * The design of the input's rows: {@link EstimateBasis#FULL} if it reads no sample, the
   * method of its one sample, or {@link EstimateBasis#MIXED} if it reads several.
   */
  String design() {
    return samples.isEmpty() ? EstimateBasis.FULL : samples.size() == 1
        ? samples.values().iterator().next() : EstimateBasis.MIXED;
  }

  /**
   * What the model-assisted estimates of the input's groups rest on: their exact means if it
   * reads no sample, its one sample's draw and store, or no estimate and why.
   */
  EstimateSource estimateSource() {
    return samples.isEmpty() ? EstimateSource.exact() : samples.size() > 1
        ? EstimateSource.none("the query reads several samples (" + String.join(", ",
            samples.keySet()) + ")")
        : sources.values().iterator().next();
  }

  private void sample(String key, String design, EstimateSource source) {
    samples.put(key, design);
    sources.put(key, source);
  }

  private RelNode strip(RelNode rel) {
    if (rel instanceof RelSubset subset) {
      return strip(subset.getOriginal());
    }
    if (rel instanceof BoundaryLogicalTableScan scan) {
      return population(scan);
    }
    if (rel instanceof TokensTableScan scan) {
      return population(scan);
    }
    if (rel instanceof Sample sample) {
      int before = scanned.size();
      RelNode input = strip(sample.getInput());
      boolean bernoulli = sample.getSamplingParameters().isBernoulli();
      sample("tablesample " + sample.getId(), bernoulli ? EstimateBasis.BERNOULLI : "system",
          bernoulli ? bernoulli(before, sample.getSamplingParameters().getSamplingPercentage())
              : EstimateSource.none("Calcite's TABLESAMPLE SYSTEM gives its items no known"
                  + " chance of being sampled"));
      return input;
    }
    if (rel instanceof Filter filter && RelOptUtil.conjunctions(filter.getCondition()).stream()
        .anyMatch(RepeatableBernoulli::isSample)) {
      int before = scanned.size();
      RelNode input = strip(filter.getInput());
      RelOptUtil.conjunctions(filter.getCondition()).stream()
          .filter(RepeatableBernoulli::isSample)
          .forEach(c -> sample("tablesample " + c, EstimateBasis.BERNOULLI, bernoulli(before,
              ((RexLiteral) ((RexCall) c).getOperands().get(2)).getValueAs(Double.class))));
      RexNode rest = RepeatableBernoulli.withoutSample(builder.getRexBuilder(),
          filter.getCondition());
      if (rest == null) {
        return input;
      }
      RelNode kept = filter.copy(filter.getTraitSet(), input, rest);
      ImmutableBitSet in = unknown.getOrDefault(input, ImmutableBitSet.of());
      if (!in.isEmpty()) {
        unknown.put(kept, unknownOutputs(kept, in));
      }
      return kept;
    }
    List<RelNode> inputs = new ArrayList<>();
    rel.getInputs().forEach(input -> inputs.add(strip(input)));
    RelNode copy = rel.copy(rel.getTraitSet(), inputs);
    ImmutableBitSet in = ImmutableBitSet.of();
    int offset = 0;
    for (RelNode input : inputs) {
      in = in.union(unknown.getOrDefault(input, ImmutableBitSet.of()).shift(offset));
      offset += input.getRowType().getFieldCount();
    }
    if (!in.isEmpty()) {
      unknown.put(copy, unknownOutputs(copy, in));
    }
    return copy;
  }

  /**
   * The fields of a relation that carry the placeholder, given those of its inputs (numbered
   * across its inputs); refuses a relation that filters, joins, groups or cuts on them.
   */
  private ImmutableBitSet unknownOutputs(RelNode rel, ImmutableBitSet in) {
    if (rel instanceof Project project) {
      ImmutableBitSet.Builder out = ImmutableBitSet.builder();
      for (int i = 0; i < project.getProjects().size(); i++) {
        if (RelOptUtil.InputFinder.bits(project.getProjects().get(i)).intersects(in)) {
          out.set(i);
        }
      }
      return out.build();
    }
    if (rel instanceof Filter filter) {
      requireKnown(filter.getCondition(), in, "a WHERE condition");
      return in;
    }
    if (rel instanceof Join join) {
      requireKnown(join.getCondition(), in, "a join condition");
      return join.getJoinType().projectsRight() ? in
          : in.intersect(ImmutableBitSet.range(join.getLeft().getRowType().getFieldCount()));
    }
    if (rel instanceof Aggregate aggregate) {
      if (aggregate.getGroupSet().intersects(in)) {
        throw unknownPopulation("a GROUP BY key");
      }
      ImmutableBitSet.Builder out = ImmutableBitSet.builder();
      int keys = aggregate.getGroupCount();
      for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
        AggregateCall call = aggregate.getAggCallList().get(i);
        if (call.filterArg >= 0 && in.get(call.filterArg)) {
          throw unknownPopulation("a FILTER condition");
        }
        if (call.getArgList().stream().anyMatch(in::get)) {
          out.set(keys + i);
        }
      }
      return out.build();
    }
    if (rel instanceof Sort sort && sort.fetch == null && sort.offset == null
        || rel instanceof Union union && union.all) {
      return in;
    }
    throw unknownPopulation("a " + rel.getRelTypeName());
  }

  private void requireKnown(RexNode condition, ImmutableBitSet in, String use) {
    if (RelOptUtil.InputFinder.bits(condition).intersects(in)) {
      throw unknownPopulation(use);
    }
  }

  /**
   * What a Bernoulli sample at {@code rate} gives the estimates, over the scans found since
   * the {@code first}-th: the store's auxiliaries if they all read one store.
   */
  private EstimateSource bernoulli(int first, double rate) {
    List<Store> stores = scanned.subList(first, scanned.size()).stream().distinct().toList();
    return stores.size() == 1 ? EstimateSource.bernoulli(stores.get(0), rate)
        : EstimateSource.none("a BERNOULLI sample over " + stores.size() + " stores");
  }

  private UnsupportedOperationException unknownPopulation(String use) {
    return new UnsupportedOperationException("POPULATION_COUNT and the error estimates need"
        + " the activations of every item where " + use + " reads them, and a sampled store"
        + " written by materialize holds them only for its sample (" + String.join(", ", missing)
        + "; its latent store holds every item's latent layer and logits)");
  }

  private RelNode population(BoundaryLogicalTableScan scan) {
    StoreTable table = scan.storeTable;
    scanned.add(table.store);
    String store = table.store.name();
    BoundaryLogicalTableScan full = scan;
    SampledRows sample = table.sample();
    if (sample != null) {
      StoreTable whole = table.restrictTo(null);
      // Named as StoreTable#toRel names a sampled table, in the sample macro's (null) schema.
      full = new BoundaryLogicalTableScan(scan.getCluster(),
          RelOptTableImpl.create(scan.getTable().getRelOptSchema(), scan.wholeTable.getRowType(),
              List.of(store, table.name()), whole, (Expression) null), whole)
          .with(scan.columns(), scan.filter());
    }
    Optional<SampleProvenance> provenance = SampleProvenance.of(table.store);
    if (provenance.isEmpty()) {
      if (sample != null) {
        sample(store + " " + sample.description(), sample.spec().method().methodName(),
            EstimateSource.of(table.store, sample.draw(), sample.spec().method().methodName()));
      }
      return full;
    }
    String latentStore = provenance.get().latentStore();
    if (sample != null) {
      // Its items' chances are those of two designs in turn, which no draw records, and
      // its population is unknown.
      String sampleOfSample = store + " is a sample (" + provenance.get().spec() + "), and a"
          + " TABLESAMPLE of it samples that sample: query " + store + " without TABLESAMPLE,"
          + " or " + latentStore + " with it";
      sample(store + " " + provenance.get().spec() + " " + sample.description(),
          EstimateBasis.MIXED, EstimateSource.none(sampleOfSample));
      populationMissing = sampleOfSample;
      return full;
    }
    BoundaryLogicalTableScan latentItems = find(full, latentStore, StoreSchema.ITEMS);
    sample(store + " " + provenance.get().spec(), provenance.get().method(),
        EstimateSource.ofSampledStore(table.store, provenance.get().method(),
            latentItems == null ? null : latentItems.storeTable.store, latentStore));
    if (latentItems == null) {
      // The estimates say why they give none; the others need the population.
      populationMissing = "the population of " + store + "." + table.name() + " is table "
          + latentStore + "." + StoreSchema.ITEMS + ", which this catalog does not hold";
      return full;
    }
    if (table instanceof LayerTable) {
      // The latent layer is in the latent store too, every item of it.
      BoundaryLogicalTableScan latent = find(full, latentStore, table.name());
      if (latent != null) {
        return latent.with(full.columns(), full.filter());
      }
      missing.add(store + "." + table.name());
    }
    return latentItems(full, latentItems, latentStore);
  }

  /**
   * Every token of a tokens table: of every item, whose tokens a store written by a sampled
   * capture or {@code materialize} does not have. Its sample took whole items, clusters of
   * rows ({@link EstimateBasis#CLUSTERS}).
   */
  private RelNode population(TokensTableScan scan) {
    TokensTable table = scan.tokensTable();
    String store = table.store().name();
    if (SampleProvenance.of(table.store()).isPresent()) {
      missing.add(store + "." + table.name());
      throw unknownPopulation("a tokens table");
    }
    SampledRows sample = table.sample();
    if (sample == null) {
      return scan;
    }
    samples.put(store + " " + sample.description() + " tokens", EstimateBasis.CLUSTERS);
    TokensTable whole = table.restrictTo(null);
    return new TokensTableScan(scan.getCluster(), RelOptTableImpl.create(
        scan.getTable().getRelOptSchema(), scan.getTable().getRowType(),
        List.of(store, table.name()), whole, (Expression) null), whole);
  }

  /**
   * The latent store's items as the rows of a sampled store's scan: the item columns (and the
   * extra columns of {@code items}) are the same; an activation column, unknown beyond the
   * sample, carries the latent store's latent layer instead, which the estimates' population
   * side reads the items' auxiliaries from (a placeholder of its type,
   * {@link MissingActivations}, if the latent store has no such table), and which
   * {@link #unknownOutputs} keeps out of what decides the population's rows.
   */
  private RelNode latentItems(BoundaryLogicalTableScan scan, BoundaryLogicalTableScan items,
      String latentStore) {
    boolean layer = scan.storeTable instanceof LayerTable;
    BoundaryLogicalTableScan latent = layer
        ? find(scan, latentStore, scan.storeTable.store.manifest().latentLayer()) : null;
    BoundaryLogicalTableScan rows = latent != null ? latent : items;
    builder.push(rows.with(BoundaryScan.allColumns(rows.getTable()), scan.filter()));
    List<RexNode> fields = new ArrayList<>();
    ImmutableBitSet.Builder placeholders = ImmutableBitSet.builder();
    RexBuilder rexBuilder = builder.getRexBuilder();
    for (int i = 0; i < scan.columns().length; i++) {
      int column = scan.columns()[i];
      RelDataTypeField field = scan.getRowType().getFieldList().get(i);
      // an item column the latent store lacks: the design's (stratum, inclusion_probability)
      RelDataTypeField same = layer ? null
          : rows.getRowType().getField(field.getName(), true, false);
      if (layer && column >= ItemColumn.COUNT && latent != null) {
        fields.add(builder.field(ItemColumn.COUNT));
        placeholders.set(i);
      } else if (layer && column >= ItemColumn.COUNT || !layer && same == null) {
        fields.add(MissingActivations.placeholder(rexBuilder, field.getType()));
        placeholders.set(i);
        missing.add(scan.storeTable.store.name() + "." + scan.storeTable.name() + "."
            + field.getName());
      } else {
        fields.add(builder.field(layer ? column : same.getIndex()));
      }
    }
    RelNode projected = LogicalProject.create(builder.build(), List.of(), fields,
        scan.getRowType().getFieldNames(), Set.of());
    unknown.put(projected, placeholders.build());
    return projected;
  }

  /**
   * A logical scan of every column of a store's table, found in the catalog of a scan; null if
   * the catalog has no such table.
   */
  private static @Nullable BoundaryLogicalTableScan find(BoundaryLogicalTableScan scan,
      String store, String tableName) {
    RelOptTable table = scan.getTable().getRelOptSchema() == null ? null
        : scan.getTable().getRelOptSchema().getTableForMember(List.of(store, tableName));
    StoreTable storeTable = table == null ? null : table.unwrap(StoreTable.class);
    return storeTable == null ? null
        : new BoundaryLogicalTableScan(scan.getCluster(), table, storeTable);
  }
}
