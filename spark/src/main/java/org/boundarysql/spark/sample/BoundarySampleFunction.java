/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.sample;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.spark.store.ParquetStore;
import org.boundarysql.task.ProgressListener;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.Option;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code boundary_sample(store, method, fraction [, j [, seed]])}: the table {@code (id, row)}
 * of the sampled items of a registered store (a database made by
 * {@link ParquetStore#register}), e.g.
 * {@code select ... from mnist.fc2 where id in (select id from
 * boundary_sample('mnist', 'maxmargin', 0.05))}.
 */
public final class BoundarySampleFunction {
  /** The function's name. */
  public static final String NAME = "boundary_sample";
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false).add("row", DataTypes.IntegerType, false);

  private BoundarySampleFunction() {
  }

  /** Registers the table function. */
  public static void register(SparkSessionExtensions extensions) {
    Function1<Seq<Expression>, LogicalPlan> builder = arguments ->
        plan(CollectionConverters.asJava(arguments));
    extensions.injectTableFunction(new Tuple3<>(
        new FunctionIdentifier(NAME, Option.empty(), Option.empty()),
        new ExpressionInfo(BoundarySampleFunction.class.getName(), null, NAME,
            "boundary_sample(store, method, fraction [, j [, seed]]) - the sampled items' ids",
            "", "", "", "table_funcs", "", "", "java_udf"),
        builder));
  }

  private static LogicalPlan plan(List<Expression> arguments) {
    if (arguments.size() < 3 || arguments.size() > 5) {
      throw new IllegalArgumentException("BOUNDARY_SAMPLE takes (store, method, fraction"
          + " [, j [, seed]]), not " + arguments.size() + " argument(s)");
    }
    Object[] values = new Object[arguments.size()];
    for (int i = 0; i < values.length; i++) {
      if (!arguments.get(i).foldable()) {
        throw new IllegalArgumentException("BOUNDARY_SAMPLE: argument " + (i + 1)
            + " must be a constant, not " + arguments.get(i).sql());
      }
      values[i] = arguments.get(i).eval(null);
    }
    SampleSpec spec = SampleSpec.of(SamplingMethod.forName(String.valueOf(values[1])),
        number(values[2]), values.length > 3 ? number(values[3]) : SampleSpec.DEFAULT_J,
        values.length > 4 ? (long) number(values[4]) : SampleSpec.DEFAULT_SEED);
    SparkSession spark = SparkSession.active();
    ParquetStore store = ParquetStore.ofDatabase(spark, String.valueOf(values[0]));
    BoundarySample sample = BoundarySample.of(store, spec, ProgressListener.NONE);
    List<Row> rows = new ArrayList<>(sample.rows().length);
    for (int i = 0; i < sample.rows().length; i++) {
      rows.add(RowFactory.create(sample.ids()[i], sample.rows()[i]));
    }
    return spark.createDataFrame(rows, SCHEMA).queryExecution().logical();
  }

  private static double number(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Decimal decimal) {
      return decimal.toDouble();
    }
    throw new IllegalArgumentException("BOUNDARY_SAMPLE: expected a number, got " + value);
  }
}
