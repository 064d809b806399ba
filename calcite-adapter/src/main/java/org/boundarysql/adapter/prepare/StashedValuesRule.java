/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableValues;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.logical.LogicalValues;

/**
 * Rule that makes logical values enumerable: {@link StashedValues} when they are many, which
 * no generated method could hold, Calcite's {@link EnumerableValues} otherwise.
 */
final class StashedValuesRule extends ConverterRule {
  /** Values, counted over all rows and columns, that Calcite's code holds comfortably. */
  static final int INLINE_VALUES = 100;

  /** The rule. */
  static final StashedValuesRule INSTANCE = new StashedValuesRule(Config.INSTANCE
      .withConversion(LogicalValues.class, Convention.NONE, EnumerableConvention.INSTANCE,
          "StashedValuesRule")
      .withRuleFactory(StashedValuesRule::new));

  private StashedValuesRule(Config config) {
    super(config);
  }

  @Override public RelNode convert(RelNode rel) {
    Values values = (Values) rel;
    RelTraitSet traits = values.getTraitSet().replace(EnumerableConvention.INSTANCE);
    int count = values.getTuples().size() * Math.max(1, values.getRowType().getFieldCount());
    StashedValues stashed = count > INLINE_VALUES && values.getRowType().getFieldCount() > 0
        ? StashedValues.of(values, traits) : null;
    if (stashed != null) {
      return stashed;
    }
    EnumerableValues enumerable = EnumerableValues.create(values.getCluster(),
        values.getRowType(), values.getTuples());
    return enumerable.copy(traits, enumerable.getInputs());
  }
}
