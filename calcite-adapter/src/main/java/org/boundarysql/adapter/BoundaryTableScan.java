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
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;

import com.google.common.collect.ImmutableList;

import java.util.List;

/**
 * Scan of a {@link StoreTable} in enumerable convention. The table object itself is handed to
 * the generated code, so tables made by the BOUNDARY sample macro, which have no schema path,
 * scan like any other; EXPLAIN shows the sample.
 */
public final class BoundaryTableScan extends TableScan implements EnumerableRel {
  private final StoreTable storeTable;

  BoundaryTableScan(RelOptCluster cluster, RelOptTable table, StoreTable storeTable) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), ImmutableList.of(), table);
    this.storeTable = storeTable;
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    SampledRows sample = storeTable.sample();
    return super.explainTerms(pw).itemIf("sample", sample, sample != null);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        JavaRowFormat.ARRAY);
    Expression table = implementor.stash(storeTable, StoreTable.class);
    return implementor.result(physType,
        Blocks.toBlock(Expressions.call(table, "scan")));
  }
}
