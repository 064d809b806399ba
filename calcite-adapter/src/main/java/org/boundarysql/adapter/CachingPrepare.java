/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.avatica.Meta;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Hook;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * BoundarySQL's preparation of stores' tables ({@link StorePrepare}) with a plan cache in front:
 * a query whose SQL text was planned before, under the same connection settings and over the
 * same data, reuses that plan and its generated code, so that SQL sent again as a plain
 * statement (dashboards, re-runs, BI refreshes) costs what a prepared statement costs. The key
 * holds the text, the row type and row limit asked for, the default schema, every Calcite
 * connection setting, and the {@link PlanScope#planIdentity() identity} of every schema, which
 * changes when a store's files change (the catalog is then reopened). At most
 * {@link #CAPACITY} plans are kept, the least recently used dropped first, and none of a text
 * longer than {@link #LONGEST_TEXT}.
 *
 * <p>A plan keeps the fixed length of its array columns beside it (see {@link ArrayLengths}),
 * found once from the logical plan, for the endpoints that write arrays as fixed-size lists.
 */
public final class CachingPrepare extends StorePrepare {
  /** Plans kept. */
  static final int CAPACITY = 512;
  /**
   * Longest SQL text whose plan is kept: a longer one (a pasted list of thousands of ids) is
   * planned each time rather than keeping megabytes in the cache.
   */
  static final int LONGEST_TEXT = 65_536;
  private static final Map<List<Object>, Plan<?>> PLANS =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<List<Object>, Plan<?>> eldest) {
          return size() > CAPACITY;
        }
      };
  private static long hits;

  /**
   * A prepared query and, for each of its columns, the length of every array it holds (-1: not
   * an array of one length).
   */
  public record Plan<T>(CalciteSignature<T> signature, List<Integer> arrayLengths) { }

  @Override public <T> CalciteSignature<T> prepareSql(Context context, Query<T> query,
      Type elementType, long maxRowCount) {
    // JDBC's path only: the endpoints that take plan() read Calcite's own rows
    return ResultArrays.handedOver(plan(context, query, elementType, maxRowCount).signature());
  }

  /**
   * Prepares {@code sql} as JDBC would (rows asked as {@code Object[]}, no row limit), from
   * the cache when it can, with its array lengths.
   */
  public Plan<Object> plan(Context context, String sql) {
    return plan(context, Query.of(sql), Object[].class, -1);
  }

  private <T> Plan<T> plan(Context context, Query<T> query, Type elementType, long maxRowCount) {
    if (query.sql == null || query.sql.length() > LONGEST_TEXT || isExplain(query.sql)) {
      // EXPLAIN says what a query will compute on demand, which changes as rows are cached.
      return new Plan<>(super.prepareSql(context, query, elementType, maxRowCount),
          ArrayLengths.NONE);
    }
    List<Object> key = key(context, query.sql, elementType, maxRowCount);
    Plan<?> cached;
    synchronized (PLANS) {
      cached = PLANS.get(key);
      if (cached != null) {
        hits++;
      }
    }
    if (cached != null) {
      @SuppressWarnings("unchecked")
      Plan<T> plan = (Plan<T>) cached;
      return new Plan<>(rebound(plan.signature(), context.getRootSchema(), maxRowCount),
          plan.arrayLengths());
    }
    RelNode[] logical = new RelNode[1];
    CalciteSignature<T> signature;
    // The logical plan, trimmed to the fields the query uses, as the planner saw it last.
    try (Hook.Closeable ignored = Hook.TRIMMED.addThread((RelNode rel) -> logical[0] = rel)) {
      signature = super.prepareSql(context, query, elementType, maxRowCount);
    }
    Plan<T> plan = new Plan<>(signature, logical[0] == null ? ArrayLengths.NONE
        : ArrayLengths.of(logical[0], signature.columns));
    if (signature.statementType == Meta.StatementType.SELECT) {
      synchronized (PLANS) {
        PLANS.put(key, plan);
      }
    }
    return plan;
  }

  private static boolean isExplain(String sql) {
    return sql.stripLeading().regionMatches(true, 0, "explain", 0, "explain".length());
  }

  /** Calcite's JDBC driver, preparing through this cache; not registered with DriverManager. */
  public static Driver driver() {
    return new Driver().withPrepareFactory(CachingPrepare::new);
  }

  /** Number of plans answered from the cache so far; for tests and the benchmark. */
  public static long hits() {
    synchronized (PLANS) {
      return hits;
    }
  }

  /**
   * The cached plan, executed against the asking connection's root schema: the generated code
   * reads tables through the root schema of the data context made from the signature.
   */
  private static <T> CalciteSignature<T> rebound(CalciteSignature<T> plan, CalciteSchema root,
      long maxRowCount) {
    Bindable<T> bindable = plan::enumerable;
    return new CalciteSignature<>(plan.sql, plan.parameters, plan.internalParameters,
        plan.rowType, plan.columns, plan.cursorFactory, root, plan.getCollationList(),
        maxRowCount, bindable, plan.statementType);
  }

  private static List<Object> key(Context context, String sql, Type elementType,
      long maxRowCount) {
    List<Object> key = new ArrayList<>(List.of(sql, elementType, maxRowCount,
        context.getDefaultSchemaPath(), settings(context)));
    for (Map.Entry<String, CalciteSchema> schema
        : context.getRootSchema().getSubSchemaMap().entrySet()) {
      key.add(schema.getKey());
      key.add(schema.getValue().schema instanceof PlanScope scope ? scope.planIdentity()
          : schema.getValue().schema.getClass());
    }
    return key;
  }

  /**
   * The value of every Calcite connection property for the connection that prepares: each may
   * change how a text is parsed, validated or planned ({@code fun}, {@code quoting},
   * {@code conformance}, ...), and properties Calcite adds later are covered too.
   */
  private static Map<String, String> settings(Context context) {
    Map<String, String> given = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (context.getDataContext().getQueryProvider() instanceof CalciteConnection connection) {
      connection.getProperties().forEach((k, v) -> given.put(k.toString(), v.toString()));
    }
    Map<String, String> settings = new TreeMap<>();
    for (CalciteConnectionProperty property : CalciteConnectionProperty.values()) {
      String value = given.getOrDefault(property.camelName(), given.get(property.name()));
      settings.put(property.camelName(),
          value != null ? value : String.valueOf(property.defaultValue()));
    }
    return settings;
  }

  /** Creates a preparation; the cache is shared by all. */
  public CachingPrepare() {
  }
}
