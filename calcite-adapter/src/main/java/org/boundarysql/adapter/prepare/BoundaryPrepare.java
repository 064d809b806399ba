/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.lang.reflect.Type;

/**
 * Calcite's preparation of a statement with BoundarySQL's SQL semantics: the
 * {@link BoundaryConformance} to parse and validate with, the {@link BoundaryValidator}, and a
 * planner without the rules behind Calcite 1.42's wrong answers, run by {@link BoundaryProgram}.
 * A subclass adds what the tables it serves need ({@link #registerRules},
 * {@link #beforeTrimming}).
 */
public class BoundaryPrepare extends CalcitePrepareImpl {
  /** Creates a preparation. */
  public BoundaryPrepare() {
  }

  @Override protected SqlParser createParser(String sql, SqlParser.Config parserConfig) {
    return super.createParser(sql,
        parserConfig.withConformance(BoundaryConformance.of(parserConfig.conformance())));
  }

  @Override protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext,
      org.apache.calcite.plan.@Nullable Context externalContext,
      @Nullable RelOptCostFactory costFactory) {
    RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
    // A merge join claims its output sorted on the right input's keys too, which a LEFT join's
    // nulls and an inner join's repeated keys break; a second merge join on them then misses
    // matches (CALCITE-4809): hash joins only.
    planner.removeRule(EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE);
    // A WHERE pushed below TABLESAMPLE BERNOULLI(p) REPEATABLE(s) samples the rows that pass it
    // instead of the table (CALCITE-6031 added the rule): another sample for the same seed.
    planner.removeRule(CoreRules.FILTER_SAMPLE_TRANSPOSE);
    planner.removeRule(EnumerableRules.ENUMERABLE_VALUES_RULE);
    planner.addRule(StashedValuesRule.INSTANCE);
    registerRules(planner);
    return planner;
  }

  /** Registers the rules of the tables queried; none here. */
  protected void registerRules(RelOptPlanner planner) {
  }

  /**
   * Rewrites a converted plan before its unused fields are trimmed (which may trim away
   * fields a rewrite needs); as it is here.
   */
  protected RelNode beforeTrimming(RelNode rel) {
    return rel;
  }

  @Override protected SqlRexConvertletTable createConvertletTable() {
    return BoundaryConvertletTable.INSTANCE;
  }

  @Override protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context,
      Type elementType, CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    // As Calcite's own, with BoundaryPreparingStmt
    return new BoundaryPreparingStmt(this, context, catalogReader, context.getTypeFactory(),
        context.getRootSchema(),
        elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM,
        createCluster(planner, new RexBuilder(context.getTypeFactory())),
        enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE,
        createConvertletTable());
  }
}
