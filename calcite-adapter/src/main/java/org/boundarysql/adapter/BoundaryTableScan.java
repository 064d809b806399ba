/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.util.mapping.Mappings;

import com.google.common.collect.ImmutableList;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scan of a {@link StoreTable}, logical until the planner converts it to enumerable convention.
 * The table object itself is handed to the generated code, so tables made by the BOUNDARY
 * sample macro, which have no schema path, scan like any other; EXPLAIN shows the sample.
 *
 * <p>The {@link BoundaryRules} push work into the scan: the columns a projection or an
 * aggregate uses (only those are built) and the comparisons of item columns with constants in
 * a filter (tested on the store's arrays before a row is built). A scan of one column returns
 * the value itself rather than a one-element array.
 */
public final class BoundaryTableScan extends TableScan implements EnumerableRel {
  /** Guess of the share of rows that pass one pushed comparison, as Calcite guesses for "=". */
  private static final double SELECTIVITY = 0.15;
  /** Cost of testing one row against a pushed filter, relative to building a row. */
  private static final double TEST_COST = 0.05;

  private final StoreTable storeTable;
  /** The whole table; {@link #table} is a {@link NarrowedTable} if the scan keeps fewer. */
  private final RelOptTable wholeTable;
  private final int[] columns;
  private final ItemFilter filter;

  /** A logical scan of every column; the planner converts it to the enumerable scan. */
  BoundaryTableScan(RelOptCluster cluster, RelOptTable table, StoreTable storeTable) {
    this(cluster, cluster.traitSetOf(Convention.NONE), table, storeTable, allColumns(table),
        ItemFilter.ALL);
  }

  private BoundaryTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      StoreTable storeTable, int[] columns, ItemFilter filter) {
    super(cluster, traits, ImmutableList.of(), Arrays.equals(columns, allColumns(table)) ? table
        : NarrowedTable.of(table, columns, cluster.getTypeFactory()));
    this.wholeTable = table;
    this.storeTable = storeTable;
    this.columns = columns;
    this.filter = filter;
  }

  private static int[] allColumns(RelOptTable table) {
    int[] all = new int[table.getRowType().getFieldCount()];
    Arrays.setAll(all, i -> i);
    return all;
  }

  private boolean allColumns() {
    return Arrays.equals(columns, allColumns(wholeTable));
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new BoundaryTableScan(getCluster(), traitSet, wholeTable, storeTable, columns, filter);
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    SampledRows sample = storeTable.sample();
    return super.explainTerms(pw)
        .itemIf("sample", sample, sample != null)
        .itemIf("columns", Arrays.toString(columns), !allColumns())
        .itemIf("filter", filter.describe(), filter != ItemFilter.ALL);
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return storeTable.rowCount() * Math.pow(SELECTIVITY, filter.conditions().size());
  }

  /** Rows tested cost little; rows built cost in proportion to their columns. */
  @Override public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner,
      RelMetadataQuery mq) {
    double tested = filter == ItemFilter.ALL ? 0 : TEST_COST * storeTable.rowCount();
    double built = estimateRowCount(mq) * (columns.length + 2D)
        / (wholeTable.getRowType().getFieldCount() + 2D);
    return planner.getCostFactory().makeCost(tested + built, tested + built, 0);
  }

  @Override public void register(RelOptPlanner planner) {
    // Calcite's AGGREGATE_PROJECT_MERGE folds the projection below an aggregate into it: a
    // second plan of the aggregate, over the unprojected scan, whose row count Calcite
    // estimates from that wider input; in the benchmark it won against the narrow scan
    // (docs/results/bench/README.md). The project and aggregate rules narrow the scan
    // themselves, so the merge is not needed; sql-tests' plans.iq pins the resulting plan.
    planner.removeRule(CoreRules.AGGREGATE_PROJECT_MERGE);
    BoundaryRules.RULES.forEach(planner::addRule);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        columns.length == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY);
    Expression table = implementor.stash(storeTable, StoreTable.class);
    return implementor.result(physType,
        Blocks.toBlock(Expressions.call(table, "scan",
            implementor.stash(columns, int[].class),
            implementor.stash(filter, ItemFilter.class))));
  }

  /** The positions in the whole table of the columns this scan builds, in its row's order. */
  int[] columns() {
    return columns;
  }

  /** The filter this scan applies on the item columns. */
  ItemFilter filter() {
    return filter;
  }

  /** This scan building other columns with another filter. */
  BoundaryTableScan with(int[] columns, ItemFilter filter) {
    return new BoundaryTableScan(getCluster(), traitSet, wholeTable, storeTable, columns, filter);
  }

  /** The mapping from this scan's row positions to a row of only the {@code kept} ones. */
  Mappings.TargetMapping keeping(int[] kept) {
    Map<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < kept.length; i++) {
      position.put(kept[i], i);
    }
    return Mappings.target(position, columns.length, kept.length);
  }

  /** This scan building only the columns at the {@code kept} positions of its row. */
  BoundaryTableScan narrowedTo(int[] kept) {
    int[] narrow = new int[kept.length];
    for (int i = 0; i < kept.length; i++) {
      narrow[i] = columns[kept[i]];
    }
    return with(narrow, filter);
  }
}
