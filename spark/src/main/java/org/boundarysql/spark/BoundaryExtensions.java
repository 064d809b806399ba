/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark;

import org.boundarysql.spark.function.ArgmaxDistFunction;
import org.boundarysql.spark.function.AvgActivationFunction;
import org.boundarysql.spark.function.LinearCkaFunction;
import org.boundarysql.spark.function.MetricExpression;
import org.boundarysql.spark.function.TopKNeuronsFunction;
import org.boundarysql.spark.parser.BoundaryParser;
import org.boundarysql.spark.sample.BoundarySampleFunction;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.types.DataTypes;
import scala.Function1;
import scala.Option;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Registers BoundarySQL's diagnosis functions, {@code boundary_sample} and the
 * {@code TABLESAMPLE BOUNDARY} syntax in a Spark session:
 * {@code spark.sql.extensions=org.boundarysql.spark.BoundaryExtensions} enables them in
 * spark-sql, the Thrift server or any Spark job.
 */
public final class BoundaryExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  @Override public BoxedUnit apply(SparkSessionExtensions extensions) {
    aggregate(extensions, "avg_activation", 1, "Element-wise mean of the activations.",
        arguments -> new AvgActivationFunction(arguments, 0, 0));
    aggregate(extensions, "argmax_dist", 1,
        "For each neuron i, the share of rows whose largest neuron is i.",
        arguments -> new ArgmaxDistFunction(arguments, 0, 0));
    aggregate(extensions, "topk_neurons", 2,
        "The k neurons (0-based) with the highest mean activation, highest first.",
        arguments -> new TopKNeuronsFunction(List.of(arguments.get(0), constantK(arguments.get(1))),
            0, 0));
    aggregate(extensions, "linear_cka", 2,
        "Linear centered kernel alignment of two representations of the same items.",
        arguments -> new LinearCkaFunction(arguments, 0, 0));
    for (MetricExpression.Metric metric : MetricExpression.Metric.values()) {
      register(extensions, metric.sqlName(), 2, "math_funcs", "The " + metric.sqlName()
          + " of two arrays, as in BoundarySQL.",
          arguments -> new MetricExpression(arguments.get(0), arguments.get(1), metric));
    }
    BoundarySampleFunction.register(extensions);
    extensions.injectParser(BoundaryParser::new);
    return BoxedUnit.UNIT;
  }

  private static void aggregate(SparkSessionExtensions extensions, String name, int arity,
      String usage, Function<List<Expression>, Expression> builder) {
    register(extensions, name, arity, "agg_funcs", usage, builder);
  }

  private static void register(SparkSessionExtensions extensions, String name, int arity,
      String group, String usage, Function<List<Expression>, Expression> builder) {
    Function1<Seq<Expression>, Expression> checked = children -> {
      List<Expression> arguments = CollectionConverters.asJava(children);
      if (arguments.size() != arity) {
        throw new IllegalArgumentException(name.toUpperCase(Locale.ROOT) + " takes " + arity
            + " argument(s), not " + arguments.size());
      }
      return builder.apply(arguments);
    };
    extensions.injectFunction(new Tuple3<>(identifier(name), info(name, usage, group),
        checked));
  }

  /** The k of TOPK_NEURONS: a constant integer of at least 1. */
  private static Expression constantK(Expression k) {
    if (!k.foldable() || !DataTypes.IntegerType.equals(k.dataType())
        && !DataTypes.LongType.equals(k.dataType())) {
      throw new IllegalArgumentException("TOPK_NEURONS: k must be a constant integer, not "
          + k.sql());
    }
    Object value = k.eval(null);
    if (value == null || ((Number) value).longValue() < 1) {
      throw new IllegalArgumentException("TOPK_NEURONS: k must be at least 1, got " + value);
    }
    return Literal.create(((Number) value).intValue(), DataTypes.IntegerType);
  }

  static FunctionIdentifier identifier(String name) {
    return new FunctionIdentifier(name, Option.empty(), Option.empty());
  }

  static ExpressionInfo info(String name, String usage, String group) {
    return new ExpressionInfo(BoundaryExtensions.class.getName(), null, name, usage, "", "", "",
        group, "", "", "java_udf");
  }
}
