/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.avatica.ConnectStringParser;
import org.boundarysql.store.BoundaryHome;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * JDBC driver for {@code jdbc:boundary:catalog=DIR} (or {@code store=DIR}) URLs, with optional
 * {@code cache=DIR} and {@code rowCache=10g}: a Calcite connection with
 * {@link BoundaryConnectionProperties}; other properties pass to Calcite. Its errors are those
 * of {@link BoundaryErrors}.
 */
public final class BoundaryDriver implements Driver {
  /** URL prefix. */
  public static final String PREFIX = "jdbc:boundary:";

  static {
    GeneratedCode.keep(); // before the line below loads Calcite
  }

  /** Calcite's driver, planning through the plan cache. */
  private static final Driver CALCITE = CachingPrepare.driver();

  static {
    try {
      DriverManager.registerDriver(new BoundaryDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Properties given = ConnectStringParser.parse(url.substring(PREFIX.length()), info);
    Path cache = given.containsKey("cache") ? Path.of(given.getProperty("cache"))
        : BoundaryHome.directory().resolve("cache");
    String rowCache = given.getProperty(BoundarySchemaFactory.ROW_CACHE);
    Properties properties;
    if (given.containsKey("catalog")) {
      properties = BoundaryConnectionProperties.properties("catalog",
          Path.of(given.getProperty("catalog")), cache, Double.POSITIVE_INFINITY, rowCache);
    } else if (given.containsKey("store")) {
      properties = BoundaryConnectionProperties.properties("store",
          Path.of(given.getProperty("store")), cache, Double.POSITIVE_INFINITY, rowCache);
    } else {
      throw new SQLException("URL " + url + " names no catalog; use " + PREFIX
          + "catalog=DIR or " + PREFIX + "store=DIR");
    }
    given.forEach(properties::putIfAbsent);
    properties.remove("catalog");
    properties.remove("store");
    properties.remove("cache");
    properties.remove(BoundarySchemaFactory.ROW_CACHE);
    return SqlErrorConnection.wrap(CALCITE.connect("jdbc:calcite:", properties));
  }

  @Override public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[] {
        new DriverPropertyInfo("catalog", info.getProperty("catalog")),
        new DriverPropertyInfo("store", info.getProperty("store")),
        new DriverPropertyInfo("cache", info.getProperty("cache")),
        new DriverPropertyInfo(BoundarySchemaFactory.ROW_CACHE,
            info.getProperty(BoundarySchemaFactory.ROW_CACHE))};
  }

  @Override public int getMajorVersion() {
    return 0;
  }

  @Override public int getMinorVersion() {
    return 1;
  }

  @Override public boolean jdbcCompliant() {
    return false;
  }

  @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
