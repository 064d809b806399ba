/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.util.List;

/**
 * Calcite's conversion of a validated statement to relational algebra, with the statement's
 * columns as nullable as the validator said. The validator takes a key of every grouping set
 * as nullable when it contains a key of some sets only ({@code f(x)} in
 * {@code GROUPING SETS ((f(x)), (x, f(x)))}), the conversion as never null, and Calcite then
 * fails ("Conversion to relational algebra failed to preserve datatypes"); the converted column
 * is cast to the validator's nullable type.
 */
final class BoundarySqlToRelConverter extends SqlToRelConverter {
  private final SqlValidator validator;

  BoundarySqlToRelConverter(RelOptTable.ViewExpander viewExpander, SqlValidator validator,
      Prepare.CatalogReader catalogReader, RelOptCluster cluster,
      SqlRexConvertletTable convertletTable, Config config) {
    super(viewExpander, validator, catalogReader, cluster, convertletTable, config);
    this.validator = validator;
  }

  @Override protected RelRoot convertQueryRecursive(SqlNode query, boolean top,
      @Nullable RelDataType targetRowType) {
    RelRoot root = super.convertQueryRecursive(query, top, targetRowType);
    if (!top || query.isA(SqlKind.DML)) {
      return root;
    }
    List<RelDataTypeField> validated = validator.getValidatedNodeType(query).getFieldList();
    List<RelDataTypeField> converted = root.rel.getRowType().getFieldList();
    if (converted.size() < validated.size()) {
      return root;
    }
    RelDataTypeFactory typeFactory = root.rel.getCluster().getTypeFactory();
    RelDataTypeFactory.Builder widened = typeFactory.builder();
    boolean widen = false;
    for (int i = 0; i < converted.size(); i++) {
      RelDataType type = converted.get(i).getType();
      if (i < validated.size() && validated.get(i).getType().isNullable() && !type.isNullable()
          && validated.get(i).getType().equals(
              typeFactory.createTypeWithNullability(type, true))) {
        type = validated.get(i).getType();
        widen = true;
      }
      widened.add(converted.get(i).getName(), type);
    }
    return widen ? root.withRel(RelOptUtil.createCastRel(root.rel, widened.build(), false))
        : root;
  }
}
