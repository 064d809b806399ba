/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.boundarysql.adapter.BoundaryConnectionProperties;
import org.boundarysql.adapter.GeneratedCode;
import org.boundarysql.server.flight.FlightSqlEndpoint;
import org.boundarysql.server.guard.RunningQueries;
import org.boundarysql.server.guard.ServerTls;
import org.boundarysql.server.guard.UsersFile;

import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.File;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The server of a catalog of stores: an Avatica HTTP endpoint (protobuf) and, if asked, an Arrow
 * Flight SQL endpoint ({@link FlightSqlEndpoint}) over the same engine, read-only, on one address
 * (loopback unless told otherwise), with optional TLS and users; one {@link RunningQueries}
 * bounds, cancels and stops the work of both.
 */
public final class BoundaryServer implements AutoCloseable {
  /** Address the server listens on unless told otherwise. */
  public static final String LOOPBACK = "127.0.0.1";
  /** Port the server listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 8765;
  /** The Flight SQL port of a server without a Flight SQL endpoint. */
  public static final int NO_FLIGHT = -1;
  /** The remote JDBC driver clients load. */
  public static final String REMOTE_DRIVER = "org.apache.calcite.avatica.remote.Driver";

  /** The version of Avatica the server speaks, which its clients' driver should match. */
  public static String avaticaVersion() {
    String version = Driver.class.getPackage().getImplementationVersion();
    return version == null ? "1.28.0" : version;
  }
  /**
   * How much work a query may do: at most {@code queryTimeoutSeconds} per prepare, execute or
   * fetch (0: no limit), and no sample whose computation is estimated to take more than
   * {@code sampleBudgetSeconds} (infinite: no limit).
   */
  public record Limits(double queryTimeoutSeconds, double sampleBudgetSeconds) {
    /** Default query timeout: a minute. */
    public static final double DEFAULT_QUERY_TIMEOUT_SECONDS = 60;
    /** Default sample budget: the default query timeout, as a longer one could not finish. */
    public static final double DEFAULT_SAMPLE_BUDGET_SECONDS = 60;
    /** The defaults. */
    public static final Limits DEFAULT =
        new Limits(DEFAULT_QUERY_TIMEOUT_SECONDS, DEFAULT_SAMPLE_BUDGET_SECONDS);

    /** Validates the limits. */
    public Limits {
      if (!(queryTimeoutSeconds >= 0) || Double.isInfinite(queryTimeoutSeconds)) {
        throw new IllegalArgumentException("--query-timeout must be a number of seconds >= 0"
            + " (0: no timeout), not " + queryTimeoutSeconds);
      }
      if (!(sampleBudgetSeconds > 0)) {
        throw new IllegalArgumentException("--sample-budget must be a positive number of"
            + " seconds, not " + sampleBudgetSeconds);
      }
    }
  }

  /** How long {@link #close()} lets running queries take to stop. */
  private static final long STOP_MILLIS = 2000;

  /** Roles a user needs: any authenticated user (Jetty's {@code Constraint.ANY_AUTH}). */
  private static final String[] ANY_AUTHENTICATED_USER = {"**"};

  static {
    // A server prepares the same queries again and again: keep the code Calcite generates
    // for them, before Calcite reads the setting at its first prepare.
    GeneratedCode.keep();
  }

  private static final System.Logger LOG = System.getLogger(BoundaryServer.class.getName());

  private final HttpServer http;
  private final BoundaryMeta meta;
  private final FlightSqlEndpoint flight;
  private final RunningQueries running;
  private final InetAddress address;
  private final boolean authenticated;
  private final ServerTls tls;

  private BoundaryServer(HttpServer http, BoundaryMeta meta, FlightSqlEndpoint flight,
      RunningQueries running, InetAddress address, boolean authenticated, ServerTls tls) {
    this.http = http;
    this.meta = meta;
    this.flight = flight;
    this.running = running;
    this.address = address;
    this.authenticated = authenticated;
    this.tls = tls;
  }

  /**
   * Starts a server on {@code catalog}, caching samples in {@code cache}, listening on
   * {@code bind}:{@code port} ({@code port} 0 picks a free port); {@code users} null means no
   * authentication.
   */
  public static BoundaryServer start(Path catalog, Path cache, String bind, int port,
      Path users) throws SQLException {
    return start(catalog, cache, bind, port, users, Limits.DEFAULT);
  }

  /** As {@link #start(Path, Path, String, int, Path)}, with {@code limits} on every query. */
  public static BoundaryServer start(Path catalog, Path cache, String bind, int port,
      Path users, Limits limits) throws SQLException {
    return start(catalog, cache, bind, port, users, null, limits);
  }

  /**
   * Starts a server as {@link #start(Path, Path, String, int, Path)} does, serving HTTPS with
   * {@code tls} unless it is null. BASIC authentication ({@code users}) on an address other
   * than loopback is refused without TLS: the passwords would cross the network in clear.
   */
  public static BoundaryServer start(Path catalog, Path cache, String bind, int port,
      Path users, ServerTls tls) throws SQLException {
    return start(catalog, cache, bind, port, users, tls, Limits.DEFAULT);
  }

  /**
   * Starts a server as {@link #start(Path, Path, String, int, Path, ServerTls)} does, with
   * {@code limits} on every query.
   */
  public static BoundaryServer start(Path catalog, Path cache, String bind, int port,
      Path users, ServerTls tls, Limits limits) throws SQLException {
    return start(catalog, cache, bind, port, users, tls, limits, NO_FLIGHT);
  }

  /**
   * Starts a server as {@link #start(Path, Path, String, int, Path, ServerTls, Limits)} does,
   * with a Flight SQL endpoint on {@code flightPort} of the same address (0: a free port;
   * {@link #NO_FLIGHT}: none), with the same TLS identity and users.
   */
  public static BoundaryServer start(Path catalog, Path cache, String bind, int port,
      Path users, ServerTls tls, Limits limits, int flightPort) throws SQLException {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot bind to " + bind + ": unknown address");
    }
    if (users != null && tls == null && !address.isLoopbackAddress()) {
      throw new IllegalArgumentException("--users on " + bind + " needs TLS: over plain HTTP,"
          + " BASIC authentication shows the passwords to the network; add --tls-keystore FILE"
          + " --tls-password-file FILE, or listen on loopback (--bind 127.0.0.1)");
    }
    UsersFile usersFile = users == null ? null : UsersFile.read(users);
    Properties connection = BoundaryConnectionProperties.forCatalog(catalog, cache,
        limits.sampleBudgetSeconds());
    RunningQueries running = new RunningQueries(Math.round(limits.queryTimeoutSeconds() * 1000));
    BoundaryMeta meta = new BoundaryMeta(connection, running);
    ServerCustomizer<Server> bindAddress = server -> {
      // Avatica's connector listens on every interface unless its host is set.
      for (Connector connector : server.getConnectors()) {
        ((ServerConnector) connector).setHost(address.getHostAddress());
      }
    };
    ServerCustomizer<Server> watchClients = server -> {
      ClientWatch watch = new ClientWatch();
      watch.setHandler(server.getHandler());
      server.setHandler(watch);
    };
    List<ServerCustomizer<Server>> customizers =
        new ArrayList<>(List.of(bindAddress, watchClients));
    if (usersFile != null) {
      // Avatica installs Jetty's BasicAuthenticator; ours says in SQL terms why it refuses.
      customizers.add(server -> server.getChildHandlerByClass(ConstraintSecurityHandler.class)
          .setAuthenticator(new BoundaryAuthenticator()));
    }
    HttpServer.Builder<Server> builder = new HttpServer.Builder<Server>()
        .withHandler(new LocalService(meta), Driver.Serialization.PROTOBUF)
        .withPort(port)
        .withServerCustomizers(customizers, Server.class);
    if (tls != null) {
      // Avatica's truststore is for client certificates, which the server does not ask for.
      File keystore = tls.keystore().toFile();
      builder.withTLS(keystore, tls.password(), keystore, tls.password(), tls.type());
    }
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
    FlightSqlEndpoint flight = null;
    if (flightPort != NO_FLIGHT) {
      try {
        flight = FlightSqlEndpoint.start(address, flightPort, tls, usersFile, catalog,
            connection, running, limits.queryTimeoutSeconds());
      } catch (RuntimeException e) {
        http.stop();
        meta.closeAll();
        throw e;
      }
    }
    return new BoundaryServer(http, meta, flight, running, address, usersFile != null, tls);
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

  /** The server's TLS identity, or null if it serves plain HTTP. */
  public ServerTls tls() {
    return tls;
  }

  /** The HTTP(S) address of the Avatica endpoint, for a client on this machine. */
  public String httpUrl() {
    InetAddress host = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
    return (tls == null ? "http://" : "https://") + hostForUrl(host) + ":" + port();
  }

  /** The JDBC URL of the remote driver, for a client on this machine. */
  public String jdbcUrl() {
    return "jdbc:avatica:remote:url=" + httpUrl() + ";serialization=protobuf"
        + (authenticated ? ";authentication=BASIC" : "");
  }

  /** The Flight SQL endpoint, or null if the server has none. */
  public FlightSqlEndpoint flight() {
    return flight;
  }

  /** Waits until the server stops. */
  public void join() throws InterruptedException {
    http.join();
  }

  /** The work running now, of both endpoints (for tests and the benchmark). */
  public RunningQueries running() {
    return running;
  }

  /**
   * Stops the server within a few seconds whatever runs: cancels the running queries (and so
   * the sample computations they wait for), stops listening, and closes every connection it
   * opened, not waiting for a close that hangs more than {@value #STOP_MILLIS} ms.
   */
  @Override public void close() {
    try {
      if (!running.cancelAll("the server is stopping", STOP_MILLIS)) {
        LOG.log(System.Logger.Level.WARNING, running.count()
            + " queries still running while the server stops");
      }
      Thread closing = new Thread(() -> {
        try {
          http.stop();
          if (flight != null) {
            flight.close();
          }
        } finally {
          meta.closeAll();
        }
      }, "boundary-server-close");
      closing.setDaemon(true);
      closing.start();
      closing.join(STOP_MILLIS);
      if (closing.isAlive()) {
        LOG.log(System.Logger.Level.WARNING, "the server's connections did not close within "
            + STOP_MILLIS + " ms; leaving them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String hostForUrl(InetAddress address) {
    String host = address.getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
