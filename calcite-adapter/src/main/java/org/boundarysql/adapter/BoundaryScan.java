/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.sql.SqlExplainLevel;

import com.google.common.collect.ImmutableList;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;

/**
 * What the two scans of a {@link StoreTable} share: the table, the columns built, the filter on
 * the item columns, their cost and how EXPLAIN shows them. {@link BoundaryLogicalTableScan} is
 * the one the rules rewrite; {@link BoundaryTableScan} the enumerable one that runs.
 *
 * <p>A scan that builds fewer columns than the table has reports a {@link NarrowedTable}, so
 * that Calcite's metadata (keys, collations) is about the scan's own row.
 */
abstract class BoundaryScan extends TableScan {
  /** Guess of the share of rows that pass one pushed comparison, as Calcite guesses for "=". */
  private static final double SELECTIVITY = 0.15;
  /** Cost of testing one row against a pushed filter, relative to building a row. */
  private static final double TEST_COST = 0.05;

  final StoreTable storeTable;
  /** The whole table; {@link #table} is a {@link NarrowedTable} if the scan keeps fewer. */
  final RelOptTable wholeTable;
  final int[] columns;
  final ItemFilter filter;

  BoundaryScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      StoreTable storeTable, int[] columns, ItemFilter filter) {
    super(cluster, traits, ImmutableList.of(), Arrays.equals(columns, allColumns(table)) ? table
        : NarrowedTable.of(table, columns, cluster.getTypeFactory()));
    this.wholeTable = table;
    this.storeTable = storeTable;
    this.columns = columns;
    this.filter = filter;
  }

  static int[] allColumns(RelOptTable table) {
    int[] all = new int[table.getRowType().getFieldCount()];
    Arrays.setAll(all, i -> i);
    return all;
  }

  /**
   * Shows the table, sample, columns and filter; and, in EXPLAIN but not in the digest that
   * identifies the scan while planning, what it computes on demand before its first row.
   */
  @Override public RelWriter explainTerms(RelWriter pw) {
    SampledRows sample = storeTable.sample();
    super.explainTerms(pw)
        .itemIf("sample", sample, sample != null)
        .itemIf("columns", Arrays.toString(columns),
            !Arrays.equals(columns, allColumns(wholeTable)))
        .itemIf("filter", filter.describe(), filter != ItemFilter.ALL);
    if (pw.getDetailLevel() != SqlExplainLevel.DIGEST_ATTRIBUTES
        && storeTable.computesOnDemand(columns)) {
      pw.item("compute", storeTable.computation(filter));
    }
    return pw;
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
}
