/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.function;

import org.boundarysql.metric.QueryMetrics;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The accuracy scalars {@code TOPK_PRECISION(sample, full)}, {@code COSINE_DISTANCE(a, b)} and
 * {@code JS_DISTANCE(p, q)}, by {@link QueryMetrics}; null when either argument is null.
 */
public final class MetricExpression extends Expression
    implements CodegenFallback, Serializable {
  private static final long serialVersionUID = 1L;

  /** The metric a call computes. */
  public enum Metric {
    TOPK_PRECISION, COSINE_DISTANCE, JS_DISTANCE;

    /** The SQL name, e.g. {@code cosine_distance}. */
    public String sqlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Expression left;
  private final Expression right;
  private final Metric metric;

  /** Creates a call of {@code metric}. */
  public MetricExpression(Expression left, Expression right, Metric metric) {
    this.left = left;
    this.right = right;
    this.metric = metric;
  }

  @Override public Seq<Expression> children() {
    return CollectionConverters.asScala(List.of(left, right)).toList();
  }

  @Override public boolean nullable() {
    return true;
  }

  @Override public DataType dataType() {
    return DataTypes.DoubleType;
  }

  @Override public String prettyName() {
    return metric.sqlName();
  }

  @Override public TypeCheckResult checkInputDataTypes() {
    if (Activations.isNumericArray(left.dataType())
        && Activations.isNumericArray(right.dataType())) {
      return TypeCheckResult.TypeCheckSuccess$.MODULE$;
    }
    return new TypeCheckResult.TypeCheckFailure(metric.name() + " takes two numeric arrays, not "
        + left.dataType().sql() + " and " + right.dataType().sql());
  }

  @Override public Object eval(InternalRow input) {
    ArrayData x = (ArrayData) left.eval(input);
    ArrayData y = x == null ? null : (ArrayData) right.eval(input);
    if (y == null) {
      return null;
    }
    return switch (metric) {
      case TOPK_PRECISION -> QueryMetrics.topKPrecision(Activations.ints(x, left.dataType()),
          Activations.ints(y, right.dataType()));
      case COSINE_DISTANCE -> QueryMetrics.cosineDistance(
          Activations.doubles(x, left.dataType()), Activations.doubles(y, right.dataType()));
      case JS_DISTANCE -> QueryMetrics.jensenShannonDistance(
          Activations.doubles(x, left.dataType()), Activations.doubles(y, right.dataType()));
    };
  }

  @Override public ExprCode doGenCode(CodegenContext context, ExprCode code) {
    return CodegenFallback.super.doGenCode(context, code);
  }

  @Override public Expression withNewChildrenInternal(IndexedSeq<Expression> children) {
    return new MetricExpression(children.apply(0), children.apply(1), metric);
  }

  @Override public int productArity() {
    return 3;
  }

  @Override public Object productElement(int n) {
    return switch (n) {
      case 0 -> left;
      case 1 -> right;
      case 2 -> metric;
      default -> throw new IndexOutOfBoundsException(n);
    };
  }

  @Override public boolean canEqual(Object other) {
    return other instanceof MetricExpression;
  }
}
