/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule that pushes a filter's comparisons of item columns with constants into the
 * {@link BoundaryLogicalTableScan} below it, as an {@link ItemFilter}; the other conjuncts stay in
 * the filter.
 */
public final class BoundaryFilterScanRule extends RelRule<BoundaryScanRuleConfig> {
  /** Matches a logical filter on a logical scan. */
  static final BoundaryScanRuleConfig DEFAULT_CONFIG = BoundaryScanRuleConfig.of(
      "BoundaryFilterScanRule", LogicalFilter.class, BoundaryFilterScanRule::new);

  BoundaryFilterScanRule(BoundaryScanRuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    LogicalFilter filter = call.rel(0);
    BoundaryLogicalTableScan scan = call.rel(1);
    List<ItemFilter.Condition> pushed = new ArrayList<>();
    List<RexNode> rest = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
      ItemFilter.Condition condition = condition(conjunct, scan.columns());
      if (condition != null) {
        pushed.add(condition);
      } else {
        rest.add(conjunct);
      }
    }
    if (pushed.isEmpty()) {
      return;
    }
    BoundaryLogicalTableScan filtered = scan.with(scan.columns(),
        scan.filter().and(ItemFilter.of(pushed)));
    call.transformTo(rest.isEmpty() ? filtered : filter.copy(filter.getTraitSet(), filtered,
        RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), rest)));
  }

  /**
   * The pushable form of one conjunct, or null: {@code column op literal} (either way round) on
   * an item column, {@code correct}, {@code NOT correct} and their {@code IS [NOT] TRUE/FALSE}.
   * {@code columns} are the whole table's positions of the scan's columns.
   */
  static ItemFilter.@Nullable Condition condition(RexNode node, int[] columns) {
    SqlKind kind = node.getKind();
    if (node instanceof RexInputRef ref) {
      return booleanColumn(ref, columns, true);
    }
    if (!(node instanceof RexCall call)) {
      return null;
    }
    if (call.getOperands().size() == 1 && call.getOperands().get(0) instanceof RexInputRef ref) {
      return switch (kind) {
        case NOT, IS_FALSE, IS_NOT_TRUE -> booleanColumn(ref, columns, false);
        case IS_TRUE, IS_NOT_FALSE -> booleanColumn(ref, columns, true);
        default -> null;
      };
    }
    ItemFilter.Op op = switch (kind) {
      case EQUALS -> ItemFilter.Op.EQ;
      case NOT_EQUALS -> ItemFilter.Op.NE;
      case LESS_THAN -> ItemFilter.Op.LT;
      case LESS_THAN_OR_EQUAL -> ItemFilter.Op.LE;
      case GREATER_THAN -> ItemFilter.Op.GT;
      case GREATER_THAN_OR_EQUAL -> ItemFilter.Op.GE;
      default -> null;
    };
    if (op == null || call.getOperands().size() != 2) {
      return null;
    }
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    if (right instanceof RexInputRef && left instanceof RexLiteral) {
      RexNode swap = left;
      left = right;
      right = swap;
      op = op.swapped();
    }
    if (!(left instanceof RexInputRef ref) || !(right instanceof RexLiteral literal)
        || literal.isNull()) {
      return null;
    }
    ItemColumn column = ItemColumn.at(columns[ref.getIndex()]);
    boolean equality = op == ItemFilter.Op.EQ || op == ItemFilter.Op.NE;
    if (column == ItemColumn.SPLIT
        && literal.getTypeName().getFamily() == SqlTypeName.CHAR.getFamily()) {
      return equality ? new ItemFilter.Condition(column, op, literal.getValueAs(String.class))
          : null;
    }
    if ((column == ItemColumn.ID || column == ItemColumn.LABEL
        || column == ItemColumn.PREDICTED) && literal.getValue() instanceof BigDecimal number) {
      try {
        return new ItemFilter.Condition(column, op, number.longValueExact());
      } catch (ArithmeticException e) {
        return null; // a fraction or a huge number: Calcite compares it
      }
    }
    if (column == ItemColumn.CORRECT && literal.getValue() instanceof Boolean bool && equality) {
      return new ItemFilter.Condition(column, op, bool);
    }
    return null;
  }

  private static ItemFilter.@Nullable Condition booleanColumn(RexInputRef ref, int[] columns,
      boolean value) {
    return ItemColumn.at(columns[ref.getIndex()]) == ItemColumn.CORRECT
        ? new ItemFilter.Condition(ItemColumn.CORRECT, ItemFilter.Op.EQ, value) : null;
  }
}
