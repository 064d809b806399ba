/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.avatica.util.ArrayImpl;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A connection whose statements and result sets throw the errors of {@link BoundaryErrors}:
 * one sentence and a SQLSTATE, and a SQLException (not an unchecked exception or an
 * AssertionError) when a function fails while {@link ResultSet#next()} computes a row or the
 * planner fails.
 */
final class SqlErrorConnection implements InvocationHandler {
  /** Interfaces whose values are wrapped, most specific first. */
  private static final List<Class<?>> WRAPPED = List.of(CallableStatement.class,
      PreparedStatement.class, Statement.class, ResultSet.class);

  private final Object target;
  /** The SQL of the statement (or of the statement of the result set), if known. */
  private final String sql;

  private SqlErrorConnection(Object target, String sql) {
    this.target = target;
    this.sql = sql;
  }

  static Connection wrap(Connection connection) {
    return proxy(Connection.class, connection, null);
  }

  private static <T> T proxy(Class<T> type, Object target, String sql) {
    return type.cast(Proxy.newProxyInstance(SqlErrorConnection.class.getClassLoader(),
        new Class<?>[] {type}, new SqlErrorConnection(target, sql)));
  }

  @Override public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String statementSql = args != null && args.length > 0 && args[0] instanceof String s
        && !method.getName().startsWith("get") ? s : sql;
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      // an AssertionError is Calcite's planner giving up on a plan: an internal error too
      if (cause instanceof SQLException || cause instanceof RuntimeException
          || cause instanceof AssertionError || cause instanceof OutOfMemoryError) {
        throw BoundaryErrors.toSqlException(cause, statementSql);
      }
      throw cause;
    }
    if (result == null || method.getName().equals("unwrap")) {
      return result;
    }
    if (result instanceof ListArray array && target instanceof ArrayImpl.Factory resultSet) {
      return array.in(resultSet);
    }
    for (Class<?> type : WRAPPED) {
      if (method.getReturnType() == type) {
        return proxy(type, result, statementSql);
      }
    }
    return result;
  }
}
