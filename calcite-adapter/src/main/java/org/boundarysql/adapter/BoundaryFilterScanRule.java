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
import org.apache.calcite.util.Sarg;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule that pushes a filter's comparisons of item columns with constants into the
 * {@link BoundaryLogicalTableScan} below it, as an {@link ItemFilter}; the other conjuncts stay in
 * the filter.
 */
public final class BoundaryFilterScanRule extends RelRule<BoundaryScanRuleConfig> {
  /** Matches a logical filter on a logical scan. */
  private static final BigDecimal MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

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
   * an item column, {@code correct}, {@code NOT correct} and their {@code IS [NOT] TRUE/FALSE},
   * and the {@code SEARCH} Calcite makes of {@code IN}, {@code BETWEEN} and ranges of an integer
   * item column.
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
    if (kind == SqlKind.SEARCH) {
      return search(call, columns);
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

  /**
   * {@code SEARCH(column, Sarg)} on {@code id}, {@code label} or {@code predicted} as the whole
   * numbers its ranges hold. Item columns hold no nulls, so the Sarg's answer for null does not
   * matter.
   */
  private static ItemFilter.@Nullable Condition search(RexCall call, int[] columns) {
    if (!(call.getOperands().get(0) instanceof RexInputRef ref)
        || !(call.getOperands().get(1) instanceof RexLiteral literal)) {
      return null;
    }
    ItemColumn column = ItemColumn.at(columns[ref.getIndex()]);
    Sarg<?> sarg = literal.getValueAs(Sarg.class);
    if (column != ItemColumn.ID && column != ItemColumn.LABEL && column != ItemColumn.PREDICTED
        || sarg == null) {
      return null;
    }
    List<Long> bounds = new ArrayList<>();
    for (Range<?> range : sarg.rangeSet.asRanges()) {
      if (range.hasLowerBound() && !(range.lowerEndpoint() instanceof BigDecimal)
          || range.hasUpperBound() && !(range.upperEndpoint() instanceof BigDecimal)) {
        return null;
      }
      // the whole numbers of the range, within those of a long: (2.5, 7] holds 3 to 7
      BigDecimal lo = !range.hasLowerBound() ? MIN : MIN.max(lowest(
          (BigDecimal) range.lowerEndpoint(), range.lowerBoundType() == BoundType.CLOSED));
      BigDecimal hi = !range.hasUpperBound() ? MAX : MAX.min(highest(
          (BigDecimal) range.upperEndpoint(), range.upperBoundType() == BoundType.CLOSED));
      if (lo.compareTo(hi) <= 0) {
        bounds.add(lo.longValueExact());
        bounds.add(hi.longValueExact());
      }
    }
    return new ItemFilter.Condition(column, ItemFilter.Op.IN,
        new ItemFilter.Ranges(bounds.stream().mapToLong(Long::longValue).toArray()));
  }

  /** The least whole number above {@code bound} (or equal to it, if {@code closed}). */
  private static BigDecimal lowest(BigDecimal bound, boolean closed) {
    return closed ? bound.setScale(0, RoundingMode.CEILING)
        : bound.setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE);
  }

  /** The greatest whole number below {@code bound} (or equal to it, if {@code closed}). */
  private static BigDecimal highest(BigDecimal bound, boolean closed) {
    return closed ? bound.setScale(0, RoundingMode.FLOOR)
        : bound.setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE);
  }

  private static ItemFilter.@Nullable Condition booleanColumn(RexInputRef ref, int[] columns,
      boolean value) {
    return ItemColumn.at(columns[ref.getIndex()]) == ItemColumn.CORRECT
        ? new ItemFilter.Condition(ItemColumn.CORRECT, ItemFilter.Op.EQ, value) : null;
  }
}
