/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.linq4j.function.Strict;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sample;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code TABLESAMPLE BERNOULLI(p) REPEATABLE(s)} of a store's table as a filter on its items'
 * ids: an item is kept when a hash of its id and the seed, as a number in [0, 1), is below
 * p / 100. The choice depends on the item alone, so a condition of the same query (tested
 * before or after it) does not change which items the sample holds, and every table of a store
 * sampled with the same clause holds the same items, as a store's samples do; PostgreSQL
 * chooses by the row's place in the table, to the same effect. Calcite draws a random number
 * per row it meets, and a WHERE pushed below the sample changed which rows it met, so
 * {@code ... REPEATABLE(7) WHERE label = 3} was another sample than the one of all the labels.
 * Samples without a seed and of other tables stay Calcite's.
 */
public final class RepeatableBernoulli extends RelHomogeneousShuttle {
  /** {@code $BERNOULLI_KEEPS(id, seed, rate)}: whether the sample keeps the item. */
  static final SqlUserDefinedFunction KEEPS = new SqlUserDefinedFunction(
      new SqlIdentifier("$BERNOULLI_KEEPS", SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
      ReturnTypes.BOOLEAN_NULLABLE, InferTypes.RETURN_TYPE, null,
      ScalarFunctionImpl.create(RepeatableBernoulli.class, "keeps"));

  private RepeatableBernoulli() {
  }

  /** The plan with every repeatable BERNOULLI sample of a store's table a filter. */
  public static RelNode rewrite(RelNode rel) {
    return rel.accept(new RepeatableBernoulli());
  }

  /** Whether the sample of the given rate (in [0, 1]) and seed keeps the item of this id. */
  @Strict
  public static boolean keeps(long id, long seed, double rate) {
    // SplitMix64's finaliser of the id mixed with the seed: well spread for consecutive ids
    long z = id * 0x9E3779B97F4A7C15L + seed;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53 < rate;
  }

  /** Whether a condition is such a sample's test. */
  static boolean isSample(RexNode condition) {
    return condition instanceof RexCall call && call.getOperator() == KEEPS;
  }

  @Override public RelNode visit(RelNode other) {
    RelNode rel = super.visit(other).accept(new RexShuttle() {
      @Override public RexNode visitSubQuery(RexSubQuery subQuery) {
        return subQuery.clone(rewrite(subQuery.rel));
      }
    });
    if (!(rel instanceof Sample sample) || !sample.getSamplingParameters().isBernoulli()
        || !sample.getSamplingParameters().isRepeatable()
        || !(sample.getInput() instanceof BoundaryLogicalTableScan scan)) {
      return rel;
    }
    int id = -1;
    for (int i = 0; i < scan.columns().length; i++) {
      id = scan.columns()[i] == ItemColumn.ID.ordinal() ? i : id;
    }
    if (id < 0) {
      return rel;
    }
    RexBuilder rexBuilder = scan.getCluster().getRexBuilder();
    RexNode keeps = rexBuilder.makeCall(KEEPS, List.of(RexInputRef.of(id, scan.getRowType()),
        rexBuilder.makeExactLiteral(BigDecimal.valueOf(
            sample.getSamplingParameters().getRepeatableSeed())),
        rexBuilder.makeApproxLiteral(sample.getSamplingParameters().sampleRate)));
    return LogicalFilter.create(scan, keeps);
  }

  /** A condition without its sample tests; null if nothing else is left. */
  static RexNode withoutSample(RexBuilder rexBuilder, RexNode condition) {
    List<RexNode> rest = RelOptUtil.conjunctions(condition).stream()
        .filter(c -> !isSample(c)).toList();
    return rest.isEmpty() ? null : RexUtil.composeConjunction(rexBuilder, rest);
  }
}
