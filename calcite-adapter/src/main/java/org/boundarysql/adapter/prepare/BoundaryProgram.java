/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.prepare;

import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

import java.util.List;

/**
 * Calcite's standard program ({@link Programs#standard()}) with BoundarySQL's rewrites of the
 * logical plan before cost-based planning:
 * <ul>
 * <li>{@link ConstantKeys}: an aggregate of constant keys is one group of a non-empty input;
 * <li>a correlated plan that Calcite's decorrelator fails on runs correlated;
 * <li>{@link InputRefTypes}: the projections Calcite makes of repeated grouping sets read
 *     their fields with the fields' types;
 * <li>{@link GroupingArguments}: {@code GROUPING(k)} reads the key {@code k};
 * <li>{@link GrandTotal}: {@code ROLLUP}, {@code CUBE} and {@code GROUPING SETS} with the
 *     empty set return its row over no rows too;
 * <li>{@link SignedZeros}: -0.0 and 0.0 are one value wherever rows are grouped, sorted,
 *     joined or compared as sets.
 * </ul>
 */
final class BoundaryProgram implements Program {
  /** The program every statement is planned with. */
  static final Program INSTANCE = new BoundaryProgram();

  private static final Program DECORRELATE = Programs.decorrelate();

  /** From the converted plan to the logical plan to optimise. */
  private final Program logical = Programs.sequence(
      (planner, rel, traits, materializations, lattices) -> InputRefTypes.repair(rel),
      (planner, rel, traits, materializations, lattices) -> GroupingArguments.repair(rel),
      Programs.subQuery(DefaultRelMetadataProvider.INSTANCE),
      (planner, rel, traits, materializations, lattices) -> ConstantKeys.rewrite(rel),
      BoundaryProgram::decorrelate,
      Programs.measure(DefaultRelMetadataProvider.INSTANCE),
      (planner, rel, traits, materializations, lattices) -> GrandTotal.complete(rel),
      (planner, rel, traits, materializations, lattices) -> SignedZeros.canonical(rel));
  /** From the logical plan to the enumerable one. */
  private final Program physical = Programs.sequence(
      Programs.trim(),
      BoundaryProgram::costBased,
      Programs.calc(DefaultRelMetadataProvider.INSTANCE));

  private BoundaryProgram() {
  }

  @Override public RelNode run(RelOptPlanner planner, RelNode rel, RelTraitSet requiredOutputTraits,
      List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
    RelNode rewritten = logical.run(planner, rel, requiredOutputTraits, materializations,
        lattices);
    // The statement's ORDER BY is a sort on canonical copies of REAL and DOUBLE keys now
    // (SignedZeros); asked of the result too, it would sort again on the keys themselves.
    RelTraitSet traits = requiredOutputTraits;
    RelCollation order = traits.getCollation();
    if (order != null && order.getFieldCollations().stream().anyMatch(key ->
        SignedZeros.isApproximate(rewritten.getRowType().getFieldList()
            .get(key.getFieldIndex()).getType()))) {
      traits = traits.replace(RelCollations.EMPTY);
    }
    return physical.run(planner, rewritten, traits, materializations, lattices);
  }

  /**
   * Calcite's decorrelation, or the correlated plan as it is where the decorrelator fails
   * ("Decorrelation produced a relation with a different type" for a constant group key it
   * rebuilds with another type; an IllegalArgumentException for constant ROLLUP keys): the
   * correlated plan runs as nested loops, slower but right.
   */
  private static RelNode decorrelate(RelOptPlanner planner, RelNode rel,
      RelTraitSet requiredOutputTraits, List<RelOptMaterialization> materializations,
      List<RelOptLattice> lattices) {
    try {
      return DECORRELATE.run(planner, rel, requiredOutputTraits, materializations, lattices);
    } catch (AssertionError | RuntimeException e) {
      return rel;
    }
  }

  /** The cost-based step of {@link Programs#standard()}, as Calcite writes it. */
  private static RelNode costBased(RelOptPlanner planner, RelNode rel,
      RelTraitSet requiredOutputTraits, List<RelOptMaterialization> materializations,
      List<RelOptLattice> lattices) {
    materializations.forEach(planner::addMaterialization);
    lattices.forEach(planner::addLattice);
    planner.setRoot(rel);
    RelNode root = rel.getTraitSet().equals(requiredOutputTraits) ? rel
        : planner.changeTraits(rel, requiredOutputTraits);
    planner.setRoot(root);
    return planner.chooseDelegate().findBestExp();
  }
}
