/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.tools.RelBuilderFactory;

import java.util.function.Function;

/**
 * Configuration of a rule that matches a logical node on a {@link BoundaryLogicalTableScan},
 * written out because Calcite's own rules use generated Immutables classes.
 *
 * <p>The rules rewrite logical scans: a logical parent's input is the logical subset of its
 * input's set, so a scan that a rule produced in enumerable convention would be invisible to
 * the next rule.
 */
record BoundaryScanRuleConfig(String description, RelRule.OperandTransform operandSupplier,
    RelBuilderFactory relBuilderFactory, Function<BoundaryScanRuleConfig, RelOptRule> factory)
    implements RelRule.Config {
  /** The configuration of a rule matching a {@code parent} on a logical scan. */
  static BoundaryScanRuleConfig of(String description, Class<? extends RelNode> parent,
      Function<BoundaryScanRuleConfig, RelOptRule> factory) {
    return new BoundaryScanRuleConfig(description,
        b -> b.operand(parent).oneInput(
            s -> s.operand(BoundaryLogicalTableScan.class).trait(Convention.NONE).noInputs()),
        RelFactories.LOGICAL_BUILDER, factory);
  }

  @Override public RelOptRule toRule() {
    return factory.apply(this);
  }

  /** The rule, as ConverterRule.Config makes one of a known class. */
  <R extends RelOptRule> R toRule(Class<R> ruleClass) {
    return ruleClass.cast(toRule());
  }

  @Override public RelRule.Config withRelBuilderFactory(RelBuilderFactory f) {
    return new BoundaryScanRuleConfig(description, operandSupplier, f, factory);
  }

  @Override public RelRule.Config withDescription(String d) {
    return new BoundaryScanRuleConfig(d, operandSupplier, relBuilderFactory, factory);
  }

  @Override public RelRule.Config withOperandSupplier(RelRule.OperandTransform t) {
    return new BoundaryScanRuleConfig(description, t, relBuilderFactory, factory);
  }
}
