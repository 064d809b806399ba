/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Registers the diagnosis aggregates and scalar functions in a schema (the root schema, so
 * that they resolve from every schema).
 */
public final class DiagnosisFunctions {
  private DiagnosisFunctions() {
  }

  public static void addTo(SchemaPlus schema) {
    schema.add("TOPK_NEURONS", TypedAggregateFunction.of(TopKNeuronsFunction.class,
        SqlTypeName.INTEGER));
    schema.add("ARGMAX_DIST", TypedAggregateFunction.of(ArgmaxDistFunction.class,
        SqlTypeName.DOUBLE));
    schema.add("AVG_ACTIVATION", TypedAggregateFunction.of(AvgActivationFunction.class,
        SqlTypeName.DOUBLE));
    schema.add("LINEAR_CKA", org.apache.calcite.schema.impl.AggregateFunctionImpl.create(
        LinearCkaFunction.class));
    schema.add("ARGMAX", ScalarFunctionImpl.create(DiagnosisScalars.class, "argmax"));
    schema.add("TOPK_PRECISION", ScalarFunctionImpl.create(DiagnosisScalars.class,
        "topkPrecision"));
    schema.add("COSINE_DISTANCE", ScalarFunctionImpl.create(DiagnosisScalars.class,
        "cosineDistance"));
    schema.add("JS_DISTANCE", ScalarFunctionImpl.create(DiagnosisScalars.class,
        "jsDistance"));
  }
}
