/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter.function;

import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.AggregateFunction;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.List;
import java.util.Locale;

/**
 * The registry of the diagnosis aggregates and scalar functions: {@link #addTo} registers
 * them in a schema (the root schema, so that they resolve from every schema), and
 * {@link #ALL} describes them, for the {@code boundary.functions} table that lists them to
 * clients that cannot ask for JDBC's {@code getFunctions} (Avatica has no such request).
 */
public final class DiagnosisFunctions {
  /** Kind of a function: an aggregate or a scalar function. */
  public enum Kind {
    AGGREGATE, SCALAR;

    /** The kind's name as {@code boundary.functions} shows it: {@code aggregate}, ... */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One function: its SQL name, kind, implementation, parameters ("name TYPE", as a user
   * passes them) and a one-sentence description.
   */
  public record Entry(String name, Kind kind, Function function, List<String> parameters,
      String description) {
    public Entry {
      parameters = List.copyOf(parameters);
      if (function.getParameters().size() != parameters.size()) {
        throw new IllegalStateException(name + " takes " + function.getParameters().size()
            + " arguments but its entry describes " + parameters.size());
      }
    }

    /**
     * The call with its parameters and result type, e.g.
     * {@code TOPK_NEURONS(activation REAL ARRAY, k INTEGER) RETURNS INTEGER ARRAY}; the
     * result type is the one the function declares to Calcite.
     */
    public String signature() {
      JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl();
      RelDataType returnType = typeFactory.toSql(function instanceof AggregateFunction aggregate
          ? aggregate.getReturnType(typeFactory)
          : ((ScalarFunction) function).getReturnType(typeFactory));
      return name + "(" + String.join(", ", parameters) + ") RETURNS " + sqlType(returnType);
    }

    private static String sqlType(RelDataType type) {
      RelDataType component = type.getComponentType();
      return component == null ? type.getSqlTypeName().getName()
          : sqlType(component) + " ARRAY";
    }
  }

  /** Every diagnosis function, in the order {@code boundary.functions} lists them. */
  public static final List<Entry> ALL = List.of(
      new Entry("TOPK_NEURONS", Kind.AGGREGATE,
          TypedAggregateFunction.of(TopKNeuronsFunction.class, SqlTypeName.INTEGER),
          List.of("activation REAL ARRAY", "k INTEGER"),
          "The k neurons (0-based) with the highest mean activation over the group, highest"
              + " first, ties to the lower index."),
      new Entry("ARGMAX_DIST", Kind.AGGREGATE,
          TypedAggregateFunction.of(ArgmaxDistFunction.class, SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY"),
          "For each neuron i, the share of the group's rows whose largest neuron is i."),
      new Entry("AVG_ACTIVATION", Kind.AGGREGATE,
          TypedAggregateFunction.of(AvgActivationFunction.class, SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY"),
          "Element-wise mean of the activations over the group."),
      new Entry("LINEAR_CKA", Kind.AGGREGATE,
          AggregateFunctionImpl.create(LinearCkaFunction.class),
          List.of("a REAL ARRAY", "b REAL ARRAY"),
          "Linear centered kernel alignment of two representations of the group's items,"
              + " in [0, 1]; 1 means the same up to rotation and scale."),
      new Entry("POPULATION_COUNT", Kind.AGGREGATE,
          PopulationAggregate.of("POPULATION_COUNT", PopulationCountFunction.class,
              SqlTypeName.BIGINT),
          List.of(),
          "Items of the group in the population (every sample of the query replaced by its"
              + " full table); beside COUNT(*), the group's coverage."),
      new Entry("TOPK_NEURONS_ERROR", Kind.AGGREGATE,
          PopulationAggregate.ofArray("TOPK_NEURONS_ERROR", TopKNeuronsErrorFunction.class,
              SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY", "k INTEGER"),
          "[expected, low, high]: top-k precision of TOPK_NEURONS on the sample against the"
              + " population, 90% interval; null where ERROR_ESTIMATOR() is 'none'."),
      new Entry("AVG_ACTIVATION_ERROR", Kind.AGGREGATE,
          PopulationAggregate.ofArray("AVG_ACTIVATION_ERROR", AvgActivationErrorFunction.class,
              SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY"),
          "[expected, low, high]: cosine distance of AVG_ACTIVATION on the sample to the"
              + " population's, 90% interval; null where ERROR_ESTIMATOR() is 'none'."),
      new Entry("ARGMAX_DIST_ERROR", Kind.AGGREGATE,
          PopulationAggregate.ofArray("ARGMAX_DIST_ERROR", ArgmaxDistErrorFunction.class,
              SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY"),
          "[expected, 0, high]: Jensen-Shannon distance of ARGMAX_DIST on the sample to the"
              + " population's, one-sided 95% bound; null where ERROR_ESTIMATOR() is 'none'."),
      new Entry("ERROR_ESTIMATOR", Kind.AGGREGATE,
          PopulationAggregate.of("ERROR_ESTIMATOR", ErrorEstimatorFunction.class,
              SqlTypeName.VARCHAR),
          List.of(),
          "What the group's error figures rest on: 'exact' (every item of the group read),"
              + " 'bootstrap' (random within the group) or 'none' (no honest estimate)."),
      new Entry("AVG_ACTIVATION_ESTIMATE", Kind.AGGREGATE,
          estimate("AVG_ACTIVATION_ESTIMATE", EstimateFunctions.AvgActivationEstimate.class,
              SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY"),
          "Model-assisted estimate of the group's full AVG_ACTIVATION (regression on the latent"
              + " layer and logits of every item); null where ESTIMATE_BASIS() is 'none: ...'."),
      new Entry("AVG_ACTIVATION_LOW", Kind.AGGREGATE,
          estimate("AVG_ACTIVATION_LOW", EstimateFunctions.AvgActivationLow.class,
              SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY"),
          "Per neuron, the lower end of the 90% interval of AVG_ACTIVATION_ESTIMATE."),
      new Entry("AVG_ACTIVATION_LOW", Kind.AGGREGATE,
          estimate("AVG_ACTIVATION_LOW", EstimateFunctions.AvgActivationLowAtLevel.class,
              SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY", "level DOUBLE"),
          "Per neuron, the lower end of the interval of AVG_ACTIVATION_ESTIMATE at a level in"
              + " (0, 1)."),
      new Entry("AVG_ACTIVATION_HIGH", Kind.AGGREGATE,
          estimate("AVG_ACTIVATION_HIGH", EstimateFunctions.AvgActivationHigh.class,
              SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY"),
          "Per neuron, the upper end of the 90% interval of AVG_ACTIVATION_ESTIMATE."),
      new Entry("AVG_ACTIVATION_HIGH", Kind.AGGREGATE,
          estimate("AVG_ACTIVATION_HIGH", EstimateFunctions.AvgActivationHighAtLevel.class,
              SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY", "level DOUBLE"),
          "Per neuron, the upper end of the interval of AVG_ACTIVATION_ESTIMATE at a level in"
              + " (0, 1)."),
      new Entry("TOPK_NEURONS_ESTIMATE", Kind.AGGREGATE,
          estimate("TOPK_NEURONS_ESTIMATE", EstimateFunctions.TopKNeuronsEstimate.class,
              SqlTypeName.INTEGER),
          List.of("activation REAL ARRAY", "k INTEGER"),
          "The k largest neurons of AVG_ACTIVATION_ESTIMATE, highest first, ties to the lower"
              + " index."),
      new Entry("ARGMAX_DIST_ESTIMATE", Kind.AGGREGATE,
          estimate("ARGMAX_DIST_ESTIMATE", EstimateFunctions.ArgmaxDistEstimate.class,
              SqlTypeName.DOUBLE),
          List.of("activation REAL ARRAY"),
          "Model-assisted estimate of the group's full ARGMAX_DIST (the estimate of the argmax"
              + " indicators, clipped to [0, 1] and renormalised)."),
      new Entry("ESTIMATE_BASIS", Kind.AGGREGATE,
          PopulationAggregate.of("ESTIMATE_BASIS", EstimateFunctions.EstimateBasis.class,
              SqlTypeName.VARCHAR, PopulationAggregate.ESTIMATE_BASIS_ARGUMENTS),
          List.of(),
          "What the group's *_ESTIMATE, _LOW and _HIGH rest on: 'model_assisted', 'exact'"
              + " (every item of the group read) or 'none: ' and why there is no estimate."),
      new Entry("ARGMAX", Kind.SCALAR,
          ScalarFunctionImpl.create(DiagnosisScalars.class, "argmax"),
          List.of("activation REAL ARRAY"),
          "Index (0-based) of the largest activation, ties to the lower index."),
      new Entry("TOPK_PRECISION", Kind.SCALAR,
          ScalarFunctionImpl.create(DiagnosisScalars.class, "topkPrecision"),
          List.of("sample INTEGER ARRAY", "full INTEGER ARRAY"),
          "Share of the neurons in full that sample also names, e.g. TOPK_NEURONS on a"
              + " sample against the full table."),
      new Entry("COSINE_DISTANCE", Kind.SCALAR,
          ScalarFunctionImpl.create(DiagnosisScalars.class, "cosineDistance"),
          List.of("a DOUBLE ARRAY", "b DOUBLE ARRAY"),
          "Cosine distance 1 - a.b / (|a| |b|) of two vectors of the same length."),
      new Entry("JS_DISTANCE", Kind.SCALAR,
          ScalarFunctionImpl.create(DiagnosisScalars.class, "jsDistance"),
          List.of("p DOUBLE ARRAY", "q DOUBLE ARRAY"),
          "Jensen-Shannon distance (base-2 logarithms, in [0, 1]) of two distributions of the"
              + " same length, e.g. ARGMAX_DIST on a sample and on the full table."),
      new Entry("ACTIVATION_BYTES", Kind.SCALAR,
          ScalarFunctionImpl.create(DiagnosisScalars.class, "activationBytes"),
          List.of("activation REAL ARRAY"),
          "The activation as little-endian float32 bytes (4 per neuron), the fast way to fetch"
              + " many activations remotely: decode with numpy.frombuffer(b, '<f4') or"
              + " ByteBuffer.order(LITTLE_ENDIAN).asFloatBuffer()."));

  private DiagnosisFunctions() {
  }

  /** A model-assisted estimate returning an array of {@code elementType}. */
  private static PopulationAggregate estimate(String name, Class<?> implementation,
      SqlTypeName elementType) {
    return PopulationAggregate.ofArray(name, implementation, elementType,
        PopulationAggregate.ESTIMATE_ARGUMENTS);
  }

  public static void addTo(SchemaPlus schema) {
    for (Entry entry : ALL) {
      schema.add(entry.name(), entry.function());
    }
  }
}
