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
 * An aggregate that a {@link TokensTable} computes itself, as {@link BoundaryTableAggregate}
 * does for the layer tables: its token rows (of every item or a sample's, of the items that
 * pass its filter) grouped by columns before the activation ({@link TokenGroups}), with
 * {@code COUNT} and the diagnosis aggregates of the activation through their kernels; no row
 * is built per token. Made by {@link TokensAggregateRule}.
 */
final class TokensAggregate extends AbstractRelNode implements EnumerableRel {
  /** Share of the scan's cost an aggregate computed by the table costs: less than any plan. */
  private static final double COST_SHARE = 0.1;

  private final TokensTableScan input;
  private final int[] keys;
  private final ScanAggregate[] aggregates;

  TokensAggregate(RelTraitSet traits, TokensTableScan input, int[] keys,
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
    SampledRows sample = input.tokensTable().sample();
    List<String> columns = input.getRowType().getFieldNames();
    super.explainTerms(pw)
        .item("table", input.getTable().getQualifiedName())
        .itemIf("sample", sample == null ? "" : sample.description(), sample != null)
        .itemIf("filter", input.tokensTable().filter().describe(),
            input.tokensTable().filter() != ItemFilter.ALL)
        .item("group", String.join(", ", Arrays.stream(keys).mapToObj(columns::get).toList()));
    List<String> names = rowType.getFieldNames();
    for (int i = 0; i < aggregates.length; i++) {
      pw.item(names.get(keys.length + i), aggregates[i]);
    }
    if (pw.getDetailLevel() != SqlExplainLevel.DIGEST_ATTRIBUTES && readsActivations()) {
      String computation = input.tokensTable().computation();
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
    LayerDemand demand = readsActivations() ? input.tokensTable().demand(implementor) : null;
    return implementor.result(physType, Blocks.toBlock(Expressions.call(
        implementor.stash(input.tokensTable(), TokensTable.class), "aggregate",
        implementor.stash(keys, int[].class),
        implementor.stash(aggregates, ScanAggregate[].class),
        demand == null ? Expressions.constant(null, LayerDemand.class)
            : implementor.stash(demand, LayerDemand.class))));
  }

  private boolean readsActivations() {
    return Arrays.stream(aggregates).anyMatch(a -> a.kernels() != null);
  }
}
