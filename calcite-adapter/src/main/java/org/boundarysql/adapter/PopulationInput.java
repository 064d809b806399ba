/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sample;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.tools.RelBuilder;
import org.boundarysql.estimate.EstimateBasis;
import org.boundarysql.store.SampleProvenance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An aggregate's input as its population: the same rows with every sample replaced by its
 * full table (a {@code TABLESAMPLE BOUNDARY} scan by its store's table, a table of a sampled
 * store written by {@code materialize} by its latent store's items, Calcite's
 * {@code TABLESAMPLE} by its input), and the design the input's rows were sampled with.
 */
final class PopulationInput {
  private final RelBuilder builder;
  /** The design of each sample found, by store and spec. */
  private final Map<String, String> samples = new LinkedHashMap<>();
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
   * The design of the input's rows: {@link EstimateBasis#FULL} if it reads no sample, the
   * method of its one sample, or {@link EstimateBasis#MIXED} if it reads several.
   */
  String design() {
    return samples.isEmpty() ? EstimateBasis.FULL : samples.size() == 1
        ? samples.values().iterator().next() : EstimateBasis.MIXED;
  }

  private RelNode strip(RelNode rel) {
    if (rel instanceof RelSubset subset) {
      return strip(subset.getOriginal());
    }
    if (rel instanceof BoundaryLogicalTableScan scan) {
      return population(scan);
    }
    if (rel instanceof Sample sample) {
      samples.put("tablesample " + sample.getId(), sample.getSamplingParameters().isBernoulli()
          ? EstimateBasis.BERNOULLI : "system");
      return strip(sample.getInput());
    }
    List<RelNode> inputs = new ArrayList<>();
    rel.getInputs().forEach(input -> inputs.add(strip(input)));
    return rel.copy(rel.getTraitSet(), inputs);
  }

  private RelNode population(BoundaryLogicalTableScan scan) {
    StoreTable table = scan.storeTable;
    String store = table.store.name();
    BoundaryLogicalTableScan full = scan;
    SampledRows sample = table.sample();
    if (sample != null) {
      samples.put(store + " " + sample.description(), sample.spec().method().methodName());
      StoreTable whole = table.restrictTo(null);
      // Named as StoreTable#toRel names a sampled table, in the sample macro's (null) schema.
      full = new BoundaryLogicalTableScan(scan.getCluster(),
          RelOptTableImpl.create(scan.getTable().getRelOptSchema(), scan.wholeTable.getRowType(),
              List.of(store, table.name()), whole, (Expression) null), whole)
          .with(scan.columns(), scan.filter());
    }
    Optional<SampleProvenance> provenance = SampleProvenance.of(table.store);
    if (provenance.isEmpty()) {
      return full;
    }
    samples.put(store + " " + provenance.get().spec(), provenance.get().method());
    return latentItems(full, provenance.get().latentStore());
  }

  /**
   * The latent store's items as the rows of a sampled store's scan: the item columns (and the
   * extra columns of {@code items}) are the same; an activation column is null.
   */
  private RelNode latentItems(BoundaryLogicalTableScan scan, String latentStore) {
    BoundaryLogicalTableScan items = scan(scan, latentStore, StoreSchema.ITEMS);
    builder.push(items.with(BoundaryScan.allColumns(items.getTable()), scan.filter()));
    boolean layer = scan.storeTable instanceof LayerTable;
    List<RexNode> fields = new ArrayList<>();
    for (int i = 0; i < scan.columns().length; i++) {
      int column = scan.columns()[i];
      fields.add(layer && column >= ItemColumn.COUNT
          ? builder.getRexBuilder().makeNullLiteral(scan.getRowType().getFieldList().get(i)
              .getType())
          : builder.field(column));
    }
    return builder.project(fields, scan.getRowType().getFieldNames(), true).build();
  }

  /** A logical scan of every column of a store's table, found in the catalog of a scan. */
  private static BoundaryLogicalTableScan scan(BoundaryLogicalTableScan scan, String store,
      String tableName) {
    RelOptTable table = scan.getTable().getRelOptSchema() == null ? null
        : scan.getTable().getRelOptSchema().getTableForMember(List.of(store, tableName));
    StoreTable storeTable = table == null ? null : table.unwrap(StoreTable.class);
    if (storeTable == null) {
      throw new IllegalArgumentException("the population of " + scan.storeTable.store.name()
          + "." + scan.storeTable.name() + " is table " + store + "." + tableName
          + ", which this catalog does not hold");
    }
    return new BoundaryLogicalTableScan(scan.getCluster(), table, storeTable);
  }
}
