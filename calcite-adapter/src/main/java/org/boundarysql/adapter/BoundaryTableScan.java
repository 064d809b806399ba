/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;

import java.util.List;

/**
 * Enumerable scan of a {@link StoreTable}: the columns and filter its logical scan was given.
 * The table object itself is handed to the generated code, so tables made by the BOUNDARY
 * sample macro, which have no schema path, scan like any other; EXPLAIN shows the sample. A
 * scan of one column returns the value itself rather than a one-element array.
 */
public final class BoundaryTableScan extends BoundaryScan implements EnumerableRel {
  /** The enumerable scan of a logical one. */
  BoundaryTableScan(BoundaryLogicalTableScan logical) {
    this(logical.getCluster(), logical.getTraitSet().replace(EnumerableConvention.INSTANCE),
        logical.wholeTable, logical.storeTable, logical.columns, logical.filter);
  }

  private BoundaryTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      StoreTable storeTable, int[] columns, ItemFilter filter) {
    super(cluster, traits, table, storeTable, columns, filter);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new BoundaryTableScan(getCluster(), traitSet, wholeTable, storeTable, columns,
        filter);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    // Not optimized: Calcite would declare a row of no columns a LIST, and the scan gives
    // Object[] rows (a window over such a scan failed with a ClassCastException).
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        columns.length == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY, false);
    Expression table = implementor.stash(storeTable, StoreTable.class);
    LayerDemand demand = LayerDemand.of(implementor, storeTable,
        storeTable.computesOnDemand(columns));
    return implementor.result(physType,
        Blocks.toBlock(Expressions.call(table, "scan",
            implementor.stash(columns, int[].class),
            implementor.stash(filter, ItemFilter.class),
            demand == null ? Expressions.constant(null, LayerDemand.class)
                : implementor.stash(demand, LayerDemand.class))));
  }
}
