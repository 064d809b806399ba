/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;

/**
 * A connection whose arrays refuse {@link Array#getResultSet()}, so that Avatica sends every
 * ARRAY value whole.
 *
 * <p>Why: Avatica's JdbcMeta reads an array through {@code getResultSet()} as (index, value)
 * rows, but a Calcite array's result set has the value column only, so every ARRAY column
 * fails on the client with "invalid column ordinal: 2" (CALCITE-3162). Avatica falls back to
 * {@link Array#getArray()} when {@code getResultSet()} is not supported. The statements and
 * result sets of the connection are wrapped to reach its arrays; everything else passes
 * through unchanged.
 */
final class ArrayValueConnection implements InvocationHandler {
  /** Interfaces whose values are wrapped, most specific first. */
  private static final List<Class<?>> WRAPPED = List.of(CallableStatement.class,
      PreparedStatement.class, Statement.class, ResultSet.class, Array.class);

  private final Object target;

  private ArrayValueConnection(Object target) {
    this.target = target;
  }

  static Connection wrap(Connection connection) {
    return proxy(Connection.class, connection);
  }

  private static <T> T proxy(Class<T> type, Object target) {
    return type.cast(Proxy.newProxyInstance(ArrayValueConnection.class.getClassLoader(),
        new Class<?>[] {type}, new ArrayValueConnection(target)));
  }

  @Override public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (target instanceof Array && method.getName().equals("getResultSet")) {
      throw new SQLFeatureNotSupportedException(
          "arrays are read with getArray(); see ArrayValueConnection");
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result == null || method.getName().equals("unwrap")) {
      return result;
    }
    for (Class<?> type : WRAPPED) {
      if (method.getReturnType() == type) {
        return proxy(type, result);
      }
    }
    return result;
  }
}
