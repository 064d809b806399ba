/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;

/** Rule that converts a {@link BoundaryLogicalTableScan} to a {@link BoundaryTableScan}. */
public final class BoundaryTableScanRule extends ConverterRule {
  /** Converts from {@link Convention#NONE} to {@link EnumerableConvention}. */
  static final Config DEFAULT_CONFIG = Config.INSTANCE
      .withConversion(BoundaryLogicalTableScan.class, Convention.NONE,
          EnumerableConvention.INSTANCE, "BoundaryTableScanRule")
      .withRuleFactory(BoundaryTableScanRule::new);

  BoundaryTableScanRule(Config config) {
    super(config);
  }

  @Override public RelNode convert(RelNode rel) {
    return new BoundaryTableScan((BoundaryLogicalTableScan) rel);
  }
}
