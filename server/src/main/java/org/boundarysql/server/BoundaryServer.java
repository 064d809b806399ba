/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * Avatica HTTP server (protobuf) over a catalog of stores: read-only, on one address (loopback
 * unless told otherwise), with optional HTTP BASIC authentication.
 */
public final class BoundaryServer implements AutoCloseable {
  /** Address the server listens on unless told otherwise. */
  public static final String LOOPBACK = "127.0.0.1";
  /** Port the server listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 8765;
  /** The remote JDBC driver clients load. */
  public static final String REMOTE_DRIVER = "org.apache.calcite.avatica.remote.Driver";

  /** The version of Avatica the server speaks, which its clients' driver should match. */
  public static String avaticaVersion() {
    String version = Driver.class.getPackage().getImplementationVersion();
    return version == null ? "1.28.0" : version;
  }
  /** Roles a user needs: any authenticated user (Jetty's {@code Constraint.ANY_AUTH}). */
  private static final String[] ANY_AUTHENTICATED_USER = {"**"};

  static {
    // A server prepares the same queries again and again: keep the code Calcite generates and
    // compiles for each (by default it compiles every time). Calcite reads this once per JVM,
    // when it prepares its first query, so it is set before any.
    if (System.getProperty("calcite.bindable.cache.maxSize") == null) {
      System.setProperty("calcite.bindable.cache.maxSize", "1000");
    }
  }

  private final HttpServer http;
  private final BoundaryMeta meta;
  private final InetAddress address;
  private final boolean authenticated;

  private BoundaryServer(HttpServer http, BoundaryMeta meta, InetAddress address,
      boolean authenticated) {
    this.http = http;
    this.meta = meta;
    this.address = address;
    this.authenticated = authenticated;
  }

  /**
   * Starts a server on {@code catalog}, caching samples in {@code cache}, listening on
   * {@code bind}:{@code port} ({@code port} 0 picks a free port); {@code users} null means no
   * authentication.
   */
  public static BoundaryServer start(Path catalog, Path cache, String bind, int port,
      Path users) throws SQLException {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot bind to " + bind + ": unknown address");
    }
    UsersFile usersFile = users == null ? null : UsersFile.read(users);
    BoundaryMeta meta = new BoundaryMeta(catalog, cache);
    ServerCustomizer<Server> bindAddress = server -> {
      // Avatica's connector listens on every interface unless its host is set.
      for (Connector connector : server.getConnectors()) {
        ((ServerConnector) connector).setHost(address.getHostAddress());
      }
    };
    HttpServer.Builder<Server> builder = new HttpServer.Builder<Server>()
        .withHandler(new LocalService(meta), Driver.Serialization.PROTOBUF)
        .withPort(port)
        .withServerCustomizers(List.of(bindAddress), Server.class);
    if (usersFile != null) {
      builder.withBasicAuthentication(usersFile.file().toString(), ANY_AUTHENTICATED_USER);
    }
    HttpServer http = builder.build();
    try {
      http.start();
    } catch (RuntimeException e) {
      meta.closeAll();
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          throw new IllegalArgumentException("cannot listen on " + hostForUrl(address) + ":"
              + port + " (" + cause.getMessage() + "); choose another --port or --bind");
        }
      }
      throw e;
    }
    return new BoundaryServer(http, meta, address, usersFile != null);
  }

  /** The port the server listens on. */
  public int port() {
    return http.getPort();
  }

  /** The address the server listens on. */
  public InetAddress address() {
    return address;
  }

  public boolean authenticated() {
    return authenticated;
  }

  /** The HTTP address of the Avatica endpoint, for a client on this machine. */
  public String httpUrl() {
    InetAddress host = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
    return "http://" + hostForUrl(host) + ":" + port();
  }

  /** The JDBC URL of the remote driver, for a client on this machine. */
  public String jdbcUrl() {
    return "jdbc:avatica:remote:url=" + httpUrl() + ";serialization=protobuf"
        + (authenticated ? ";authentication=BASIC" : "");
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    http.join();
  }

  /** Stops the server and closes every connection it opened. */
  @Override public void close() {
    http.stop();
    meta.closeAll();
  }

  private static String hostForUrl(InetAddress address) {
    String host = address.getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
