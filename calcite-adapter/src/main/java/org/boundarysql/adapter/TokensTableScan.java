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
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.sql.SqlExplainLevel;

import java.util.List;

/**
 * Scan of a {@link TokensTable}: every column of its rows, of every item or a sample's, whose
 * items pass the table's filter; EXPLAIN (not the digest) says what it computes on demand.
 */
final class TokensTableScan extends TableScan implements EnumerableRel {
  private final TokensTable tokensTable;

  TokensTableScan(RelOptCluster cluster, RelOptTable table, TokensTable tokensTable) {
    this(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), table, tokensTable);
  }

  private TokensTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      TokensTable tokensTable) {
    super(cluster, traits, List.of(), table);
    this.tokensTable = tokensTable;
  }

  /** The table scanned. */
  TokensTable tokensTable() {
    return tokensTable;
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new TokensTableScan(getCluster(), traitSet, table, tokensTable);
  }

  /** The sample and filter are in the digest: scans of other rows of a table differ. */
  @Override public RelWriter explainTerms(RelWriter pw) {
    SampledRows sample = tokensTable.sample();
    ItemFilter filter = tokensTable.filter();
    super.explainTerms(pw)
        .itemIf("sample", sample == null ? "" : sample.description(), sample != null)
        .itemIf("filter", filter.describe(), filter != ItemFilter.ALL);
    if (pw.getDetailLevel() != SqlExplainLevel.DIGEST_ATTRIBUTES) {
      String computation = tokensTable.computation();
      pw.itemIf("compute", computation, computation != null);
    }
    return pw;
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        JavaRowFormat.ARRAY);
    LayerDemand demand = tokensTable.demand(implementor);
    return implementor.result(physType, Blocks.toBlock(Expressions.call(
        implementor.stash(tokensTable, TokensTable.class), "scan",
        demand == null ? Expressions.constant(null, LayerDemand.class)
            : implementor.stash(demand, LayerDemand.class))));
  }
}
