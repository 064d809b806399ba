/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.parser;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;

/**
 * Spark's parser with {@code TABLESAMPLE BOUNDARY} ({@link TablesampleBoundary}); every other
 * statement goes to Spark's parser unchanged.
 */
public final class BoundaryParser implements ParserInterface {
  private final SparkSession spark;
  private final ParserInterface delegate;

  /** Wraps Spark's parser of a session. */
  public BoundaryParser(SparkSession spark, ParserInterface delegate) {
    this.spark = spark;
    this.delegate = delegate;
  }

  private String rewrite(String sql) {
    return TablesampleBoundary.rewrite(sql, () -> spark.catalog().currentDatabase());
  }

  @Override public LogicalPlan parsePlan(String sql) throws ParseException {
    return delegate.parsePlan(rewrite(sql));
  }

  @Override public LogicalPlan parseQuery(String sql) throws ParseException {
    return delegate.parseQuery(rewrite(sql));
  }

  @Override public Expression parseExpression(String sql) throws ParseException {
    return delegate.parseExpression(sql);
  }

  @Override public TableIdentifier parseTableIdentifier(String sql) throws ParseException {
    return delegate.parseTableIdentifier(sql);
  }

  @Override public FunctionIdentifier parseFunctionIdentifier(String sql)
      throws ParseException {
    return delegate.parseFunctionIdentifier(sql);
  }

  @Override public Seq<String> parseMultipartIdentifier(String sql) throws ParseException {
    return delegate.parseMultipartIdentifier(sql);
  }

  @Override public StructType parseRoutineParam(String sql) throws ParseException {
    return delegate.parseRoutineParam(sql);
  }

  @Override public StructType parseTableSchema(String sql) throws ParseException {
    return delegate.parseTableSchema(sql);
  }

  @Override public DataType parseDataType(String sql) throws ParseException {
    return delegate.parseDataType(sql);
  }
}
