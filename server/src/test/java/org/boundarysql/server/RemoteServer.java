/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;

/** A test's way to the server: the real remote driver, and plain HTTP. */
public final class RemoteServer {
  static {
    try {
      Class.forName(BoundaryServer.REMOTE_DRIVER);
    } catch (ClassNotFoundException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private RemoteServer() {
  }

  /**
   * A client in a JVM of its own: runs query {@code args[1]} at JDBC URL {@code args[0]} and
   * prints its single value.
   */
  public static void main(String[] args) throws SQLException {
    try (Connection connection = DriverManager.getConnection(args[0])) {
      System.out.println(single(connection, args[1]));
    }
  }

  /** Starts {@link #main} in a child JVM, querying JDBC URL {@code url} with {@code sql}. */
  public static Process startClient(String url, String sql) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    return new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, RemoteServer.class.getName(),
        url, sql).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** A connection through {@code org.apache.calcite.avatica.remote.Driver}. */
  public static Connection connect(BoundaryServer server, Properties properties)
      throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl(), properties);
  }

  public static Connection connect(BoundaryServer server) throws SQLException {
    return connect(server, new Properties());
  }

  /** The single value of a one-row, one-column query. */
  public static long single(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      if (!rows.next()) {
        throw new AssertionError("no row from " + sql);
      }
      long value = rows.getLong(1);
      if (rows.next()) {
        throw new AssertionError("more than one row from " + sql);
      }
      return value;
    }
  }

  /** An HTTP answer: its status, its {@code WWW-Authenticate} challenge (or null) and body. */
  public record Answer(int status, String challenge, byte[] body) {
    /** The body as text, to look for words in whatever it encodes. */
    public String text() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Posts {@code body} to the server as a protobuf request would be posted, with BASIC
   * credentials {@code user:password} unless null.
   */
  public static Answer post(BoundaryServer server, String user, String password, byte[] body)
      throws IOException {
    HttpURLConnection http = (HttpURLConnection) new URL(server.httpUrl()).openConnection();
    http.setRequestMethod("POST");
    http.setDoOutput(true);
    http.setRequestProperty("Content-Type", "application/octet-stream");
    if (user != null) {
      http.setRequestProperty("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    http.getOutputStream().write(body);
    int status = http.getResponseCode();
    byte[] response;
    try (var in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
      response = in == null ? new byte[0] : in.readAllBytes();
    }
    String challenge = http.getHeaderField("WWW-Authenticate");
    http.disconnect();
    return new Answer(status, challenge, response);
  }
}
