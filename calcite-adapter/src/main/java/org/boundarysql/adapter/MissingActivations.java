/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

import java.util.List;

/**
 * The placeholder {@link PopulationInput} puts where a sampled store has no activations: an
 * empty activation of the column's type, which the planner can neither fold nor drop the type
 * of. It never reaches a result; the population's rows never depend on it.
 */
public final class MissingActivations {
  private MissingActivations() {
  }

  /** The placeholder's value. */
  public static List<Float> none() {
    return List.of();
  }

  /** A call that stands for a column of activations of the given type. */
  static RexNode placeholder(RexBuilder rexBuilder, RelDataType type) {
    SqlUserDefinedFunction function = new SqlUserDefinedFunction(
        new SqlIdentifier("$MISSING_ACTIVATIONS", SqlParserPos.ZERO), SqlKind.OTHER_FUNCTION,
        ReturnTypes.explicit(type), InferTypes.RETURN_TYPE, null,
        ScalarFunctionImpl.create(MissingActivations.class, "none")) {
      @Override public boolean isDeterministic() {
        return false; // or the planner would compute it once and fold it into a constant
      }
    };
    return rexBuilder.makeCall(type, function, List.of());
  }
}
