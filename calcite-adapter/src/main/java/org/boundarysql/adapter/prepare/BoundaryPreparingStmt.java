/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.Program;

import java.util.function.UnaryOperator;

/**
 * The preparation of one statement: validated by {@link BoundaryValidator}, converted to
 * relational algebra ({@link BoundarySqlToRelConverter}) without merging projections as it
 * goes, rewritten by the preparation before trimming ({@link BoundaryPrepare#beforeTrimming}),
 * planned by {@link BoundaryProgram}.
 */
final class BoundaryPreparingStmt extends CalcitePrepareImpl.CalcitePreparingStmt {
  /** The cluster, which Calcite's statement keeps to itself. */
  private final RelOptCluster cluster;

  BoundaryPreparingStmt(CalcitePrepareImpl prepare, CalcitePrepare.Context context,
      CalciteCatalogReader catalogReader, RelDataTypeFactory typeFactory, CalciteSchema schema,
      EnumerableRel.Prefer prefer, RelOptCluster cluster, Convention resultConvention,
      SqlRexConvertletTable convertletTable) {
    super(prepare, context, catalogReader, typeFactory, schema, prefer, cluster,
        resultConvention, convertletTable);
    this.cluster = cluster;
  }

  @Override protected SqlValidator createSqlValidator(Prepare.CatalogReader catalogReader,
      UnaryOperator<SqlValidator.Config> configTransform) {
    return BoundaryValidator.create(context, (CalciteCatalogReader) catalogReader,
        configTransform);
  }

  @Override protected SqlToRelConverter getSqlToRelConverter(SqlValidator validator,
      Prepare.CatalogReader catalogReader, SqlToRelConverter.Config config) {
    // Calcite 1.42 builds the projection of a SELECT list with a correlated sub-query twice,
    // the second time over the input the first one merged away, with the merged field
    // numbers (CALCITE-7405): an IN list beside a correlated scalar sub-query failed with
    // ArrayIndexOutOfBoundsException. Not merging projections while converting avoids it;
    // the planner merges them afterwards.
    return new BoundarySqlToRelConverter(this, validator, catalogReader, cluster,
        convertletTable, config.withTopDownGeneralDecorrelationEnabled(
            context.config().topDownGeneralDecorrelationEnabled())
            .addRelBuilderConfigTransform(c -> c.withBloat(-1)));
  }

  @Override protected RelRoot trimUnusedFields(RelRoot root) {
    return super.trimUnusedFields(root.withRel(NullComparisons.simplify(
        ((BoundaryPrepare) prepare).beforeTrimming(root.rel))));
  }

  @Override protected Program getProgram() {
    return BoundaryProgram.INSTANCE;
  }
}
