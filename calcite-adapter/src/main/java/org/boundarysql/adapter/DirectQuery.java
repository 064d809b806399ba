/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.SchemaPlus;

import org.checkerframework.checker.nullness.qual.Nullable;

import java.math.BigDecimal;
import java.sql.Types;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A query on a Calcite connection of this adapter, planned through the plan cache
 * ({@link CachingPrepare}) and run without JDBC's result set: its rows come as Calcite holds
 * them, an activation as the store's {@link org.boundarysql.store.ActivationRow} view, for an
 * endpoint that writes columns in bulk (a JDBC result set copies every array element into a
 * boxed value). Statements that are not queries are the caller's to refuse first: Calcite runs
 * DDL while preparing it.
 */
public final class DirectQuery {
  private static final CachingPrepare PREPARE = new CachingPrepare();

  private final CalcitePrepare.Context context;
  private final CachingPrepare.Plan<Object> plan;

  private DirectQuery(CalcitePrepare.Context context, CachingPrepare.Plan<Object> plan) {
    this.context = context;
    this.plan = plan;
  }

  /**
   * Plans {@code sql} on {@code connection}, a connection opened with
   * {@link BoundaryConnectionProperties}; throws what Calcite throws for a bad query.
   */
  public static DirectQuery prepare(CalciteConnection connection, String sql) {
    CalcitePrepare.Context context = connection.createPrepareContext();
    return new DirectQuery(context, PREPARE.plan(context, sql));
  }

  public String sql() {
    return plan.signature().sql;
  }

  /** The result's row type, as Calcite's planner typed it. */
  public RelDataType rowType() {
    return plan.signature().rowType;
  }

  /** The result's columns, as JDBC describes them. */
  public List<ColumnMetaData> columns() {
    return plan.signature().columns;
  }

  /** The length of every array of each result column, or -1 (see {@link ArrayLengths}). */
  public int arrayLength(int column) {
    List<Integer> lengths = plan.arrayLengths();
    return column < lengths.size() ? lengths.get(column) : -1;
  }

  /** The query's parameters ({@code ?}), as JDBC describes them. */
  public List<AvaticaParameter> parameters() {
    return plan.signature().parameters;
  }

  /**
   * Runs the query with {@code values} for its parameters, as JDBC's {@code setObject} takes
   * them (a number of any class for a numeric parameter); each row comes as an
   * {@code Object[]} of Calcite's values. The caller closes the enumerator.
   */
  public Enumerator<Object[]> execute(List<?> values) {
    List<AvaticaParameter> parameters = parameters();
    if (values.size() != parameters.size()) {
      throw new IllegalArgumentException("the query has " + parameters.size()
          + " parameters, " + values.size() + " values were given");
    }
    Map<String, Object> variables = new HashMap<>(plan.signature().internalParameters);
    for (int i = 0; i < values.size(); i++) {
      variables.put("?" + i, local(parameters.get(i), values.get(i)));
    }
    variables.put(DataContext.Variable.CANCEL_FLAG.camelName, new AtomicBoolean());
    Enumerator<Object> rows = plan.signature()
        .enumerable(new QueryContext(context.getDataContext(), variables)).enumerator();
    return new Rows(rows, plan.signature().cursorFactory.style);
  }

  /** A parameter value as Calcite's generated code reads it: the parameter's own class. */
  private static @Nullable Object local(AvaticaParameter parameter, @Nullable Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      switch (parameter.parameterType) {
      case Types.TINYINT:
        return number.byteValue();
      case Types.SMALLINT:
        return number.shortValue();
      case Types.INTEGER:
        return number.intValue();
      case Types.BIGINT:
        return number.longValue();
      case Types.REAL:
        return number.floatValue();
      case Types.FLOAT:
      case Types.DOUBLE:
        return number.doubleValue();
      case Types.DECIMAL:
      case Types.NUMERIC:
        return number instanceof BigDecimal decimal ? decimal
            : new BigDecimal(number.toString());
      default:
        break;
      }
    }
    if (value instanceof CharSequence text) {
      return text.toString();
    }
    return TypedValue.ofJdbc(value, Calendar.getInstance(TimeZone.getTimeZone("UTC"),
        Locale.ROOT)).toLocal();
  }

  /** Calcite's variables of one execution (time, locale, user), with the query's own. */
  private static final class QueryContext implements DataContext {
    private final DataContext connection;
    private final Map<String, Object> variables;

    QueryContext(DataContext connection, Map<String, Object> variables) {
      this.connection = connection;
      this.variables = variables;
    }

    @Override public @Nullable SchemaPlus getRootSchema() {
      return connection.getRootSchema();
    }

    @Override public JavaTypeFactory getTypeFactory() {
      return connection.getTypeFactory();
    }

    @Override public QueryProvider getQueryProvider() {
      return connection.getQueryProvider();
    }

    @Override public @Nullable Object get(String name) {
      return variables.containsKey(name) ? variables.get(name) : connection.get(name);
    }
  }

  /** Rows as {@code Object[]}, whatever shape the plan gives them. */
  private static final class Rows implements Enumerator<Object[]> {
    private final Enumerator<Object> rows;
    private final Meta.Style style;

    Rows(Enumerator<Object> rows, Meta.Style style) {
      this.rows = rows;
      this.style = style;
    }

    @Override public Object[] current() {
      Object row = rows.current();
      return switch (style) {
      case ARRAY -> (Object[]) row;
      case LIST -> ((List<?>) row).toArray();
      case OBJECT -> new Object[] {row};
      default -> throw new IllegalStateException("rows of style " + style);
      };
    }

    @Override public boolean moveNext() {
      return rows.moveNext();
    }

    @Override public void reset() {
      rows.reset();
    }

    @Override public void close() {
      rows.close();
    }
  }
}
