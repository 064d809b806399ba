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
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlExplainLevel;
import org.boundarysql.adapter.function.ScanAggregate;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.Arrays;
import java.util.List;

/**
 * An aggregate that the scan of a {@link StoreTable} computes itself: the rows that pass the
 * scan's filter, grouped by item columns, with {@code COUNT} and the diagnosis aggregates of
 * the table's activation. No row is built per item and no Calcite aggregate runs: the rows
 * are grouped on the item columns' arrays ({@link ItemGroups}), and each aggregate's kernel
 * reads its group's rows from the layer file on every core; the model-assisted estimates of a
 * sample are one weighted pass over each group's rows ({@code ScanEstimates}). Made by
 * {@link BoundaryTableAggregateRule}; EXPLAIN shows the groups and aggregates.
 */
public final class BoundaryTableAggregate extends AbstractRelNode implements EnumerableRel {
  /** Share of the input's cost an aggregate computed by the scan costs: less than any plan. */
  private static final double COST_SHARE = 0.1;

  /** The scan whose table, sample and filter this computes on. */
  private final BoundaryScan input;
  private final ItemColumn[] keys;
  private final ScanAggregate[] aggregates;

  BoundaryTableAggregate(RelTraitSet traits, BoundaryScan input, ItemColumn[] keys,
      ScanAggregate[] aggregates, RelDataType rowType) {
    super(input.getCluster(), traits);
    this.input = input;
    this.keys = keys;
    this.aggregates = aggregates;
    this.rowType = rowType;
  }

  @Override protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    SampledRows sample = input.storeTable.sample();
    super.explainTerms(pw)
        .item("table", input.wholeTable.getQualifiedName())
        .itemIf("sample", sample, sample != null)
        .itemIf("filter", input.filter.describe(), input.filter != ItemFilter.ALL)
        .item("group", String.join(", ", Arrays.stream(keys).map(ItemColumn::columnName)
            .toList()));
    List<String> names = rowType.getFieldNames();
    for (int i = 0; i < aggregates.length; i++) {
      pw.item(names.get(keys.length + i), aggregates[i]);
    }
    if (pw.getDetailLevel() != SqlExplainLevel.DIGEST_ATTRIBUTES && readsActivations()) {
      String computation = input.storeTable.computation(input.filter);
      pw.itemIf("compute", computation, computation != null);
    }
    return pw;
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return keys.length == 0 ? 1 : Math.max(1, input.estimateRowCount(mq) * COST_SHARE);
  }

  @Override public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner,
      RelMetadataQuery mq) {
    RelOptCost scan = input.computeSelfCost(planner, mq);
    return scan == null ? null : scan.multiplyBy(COST_SHARE);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        rowType.getFieldCount() == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY);
    Expression table = implementor.stash(input.storeTable, StoreTable.class);
    LayerDemand demand = LayerDemand.of(implementor, input.storeTable, readsActivations());
    return implementor.result(physType,
        Blocks.toBlock(Expressions.call(table, "aggregate",
            implementor.stash(keys, ItemColumn[].class),
            implementor.stash(aggregates, ScanAggregate[].class),
            implementor.stash(input.filter, ItemFilter.class),
            demand == null ? Expressions.constant(null, LayerDemand.class)
                : implementor.stash(demand, LayerDemand.class))));
  }

  /** Whether some aggregate reads the activations (not only COUNT). */
  private boolean readsActivations() {
    return Arrays.stream(aggregates).anyMatch(a -> a.kernels() != null || a.kind().isEstimate());
  }
}
