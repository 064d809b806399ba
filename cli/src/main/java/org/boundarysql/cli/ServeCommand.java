/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.ondemand.RowCache;
import org.boundarysql.server.BoundaryServer;
import org.boundarysql.server.flight.FlightSqlEndpoint;
import org.boundarysql.server.guard.ServerTls;
import org.boundarysql.server.guard.UsersFile;
import org.boundarysql.store.BoundaryHome;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./boundary serve [--catalog DIR] [--port 8765] [--flight-port 8815] [--bind 127.0.0.1]
 * [--users FILE] [--tls-keystore FILE --tls-password-file FILE] [--query-timeout S]
 * [--sample-budget S] [--row-cache SIZE]}: the Avatica server for DBeaver, BI tools and any JDBC
 * client, and the Arrow Flight SQL endpoint for Python and Arrow clients, over TLS with a
 * keystore; stops on Ctrl-C or SIGTERM. The sample budget also bounds the computation of rows
 * of on-demand layers; the row cache keeps the rows computed.
 */
final class ServeCommand implements Command {
  /** The longest a SIGTERM waits before the process ends. */
  private static final long STOP_MILLIS = 4000;

  @Override public String name() {
    return "serve";
  }

  @Override public String usage() {
    return "serve [--catalog DIR] [--port 8765] [--flight-port 8815] [--bind 127.0.0.1]"
        + " [--users FILE] [--tls-keystore FILE --tls-password-file FILE]"
        + " [--query-timeout SECONDS] [--sample-budget SECONDS] [--row-cache 4g]"
        + "   JDBC server (Avatica) for DBeaver, BI tools, sqlline, and Arrow Flight SQL"
        + " (0: none) for Python and Arrow clients";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("catalog", "port", "flight-port", "bind", "users", "tls-keystore",
        "tls-password-file", "query-timeout", "sample-budget", "row-cache"), Set.of());
  }

  @Override public int run(Arguments arguments) throws Exception {
    Path catalog = Catalogs.resolve(arguments);
    int port = port("port", arguments.get("port", String.valueOf(BoundaryServer.DEFAULT_PORT)));
    // 0 turns Flight SQL off: a port picked at random would be of no use to its clients.
    int flightPort = port("flight-port", arguments.get("flight-port",
        String.valueOf(FlightSqlEndpoint.DEFAULT_PORT)));
    String bind = arguments.get("bind", BoundaryServer.LOOPBACK);
    Path users = arguments.path("users", null);
    ServerTls tls = tls(arguments);
    BoundaryServer.Limits limits = new BoundaryServer.Limits(
        arguments.number("query-timeout", BoundaryServer.Limits.DEFAULT_QUERY_TIMEOUT_SECONDS),
        arguments.number("sample-budget", BoundaryServer.Limits.DEFAULT_SAMPLE_BUDGET_SECONDS));
    if (arguments.has("row-cache")) {
      String bound = arguments.get("row-cache", null);
      RowCache.parseBytes(bound, "--row-cache"); // refused before the server starts
      System.setProperty(RowCache.PROPERTY, bound);
    }
    BoundaryServer server = BoundaryServer.start(catalog, BoundaryHome.cache(), bind, port, users,
        tls, limits, flightPort == 0 ? BoundaryServer.NO_FLIGHT : flightPort);
    writeDriverJar();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("boundary serve: stopping");
      haltAfter(STOP_MILLIS);
      server.close();
      stopped.countDown();
    }, "boundary-serve-shutdown"));
    printBanner(System.out, server, catalog, users);
    server.join();
    stopped.await();
    return 0;
  }

  /**
   * Ends the process {@code millis} from now if it has not ended by then: SIGTERM stops the
   * server within seconds whatever runs (a stuck close, a hook of a library).
   */
  private static void haltAfter(long millis) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("boundary serve: still stopping after " + millis + " ms; exiting");
      Runtime.getRuntime().halt(1);
    }, "boundary-serve-halt");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The TLS identity from --tls-keystore and --tls-password-file, or null. */
  private static ServerTls tls(Arguments arguments) {
    Path keystore = arguments.path("tls-keystore", null);
    Path passwordFile = arguments.path("tls-password-file", null);
    if (keystore == null && passwordFile == null) {
      return null;
    }
    if (keystore == null || passwordFile == null) {
      throw new IllegalArgumentException("--tls-keystore and --tls-password-file go together:"
          + " the keystore and the file whose first line is its password");
    }
    return ServerTls.read(keystore, passwordFile);
  }

  /** Writes the driver jar the banner names, unless it is there already. */
  private static void writeDriverJar() {
    try {
      DriverJar.ensure(DriverJar.defaultPath());
    } catch (Exception e) {
      System.err.println("boundary serve: cannot write the driver jar (" + e.getMessage()
          + "); ./boundary driver says why");
    }
  }

  private static int port(String option, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + option + " must be a number from 0 to 65535, not "
        + value);
  }

  /** What a user needs to connect: the URL, sqlline, DBeaver; warnings about exposure. */
  static void printBanner(PrintStream out, BoundaryServer server, Path catalog, Path users) {
    String url = server.jdbcUrl();
    // The remote driver sends avatica_user and avatica_password over HTTP, not user/password.
    String login = server.authenticated() ? ";avatica_user=USER;avatica_password=PASSWORD" : "";
    out.println("BoundarySQL server (read-only) on catalog " + catalog);
    out.println("  listening on " + server.address().getHostAddress() + ":" + server.port()
        + (server.tls() != null ? " (HTTPS, keystore " + server.tls().keystore() + ")" : "")
        + (server.authenticated() ? ", HTTP BASIC authentication, users from " + users
        : ", no authentication"));
    out.println();
    out.println("JDBC URL:     " + url);
    out.println("driver class: " + BoundaryServer.REMOTE_DRIVER);
    out.println("driver jar:   " + clientJar());
    if (server.tls() != null) {
      out.println("TLS:          clients must trust the server's certificate: add"
          + " ;truststore=FILE;truststore_password=PASSWORD");
      out.println("              to the URL (a truststore holding the certificate; keytool"
          + " -exportcert, -importcert)");
    }
    FlightSqlEndpoint flight = server.flight();
    if (flight != null) {
      out.println();
      out.println("Flight SQL:   " + flight.url() + "   (Arrow Flight SQL: ADBC, pyarrow.flight;"
          + " README \"From Python\")");
      out.println("              listening on " + server.address().getHostAddress() + ":"
          + flight.port() + (server.tls() != null ? " (TLS, the same keystore)" : "")
          + (server.authenticated() ? ", the same users (user and password, then a token)"
          : ""));
      out.println("Flight JDBC:  " + flight.jdbcUrl() + (server.tls() != null
          ? "&useSystemTrustStore=false&trustStore=FILE&trustStorePassword=PASSWORD" : "")
          + (server.authenticated() ? "&user=USER&password=PASSWORD" : ""));
      out.println("              (the Arrow Flight SQL JDBC driver: class"
          + " org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver, one jar,"
          + " org.apache.arrow:flight-sql-jdbc-driver:18.3.0;");
      out.println("              its JVM needs " + FlightSqlEndpoint.ADD_OPENS
          + ", in DBeaver a line of dbeaver.ini)");
    }
    out.println();
    out.println("sqlline:      java -cp \"$(cat " + launcherClasspath() + ")\" sqlline.SqlLine -d "
        + BoundaryServer.REMOTE_DRIVER
        + " -u '" + url + login + "' -n '' -p '' --isolation=TRANSACTION_NONE");
    out.println("DBeaver:      Database > Driver Manager > New; Class Name "
        + BoundaryServer.REMOTE_DRIVER + ";");
    out.println("              URL Template jdbc:avatica:remote:url="
        + (server.tls() != null ? "https" : "http") + "://{host}:{port};"
        + "serialization=protobuf" + (server.authenticated() ? ";authentication=BASIC" : "")
        + ";");
    out.println("              Libraries > Add File: the driver jar above (it alone;"
        + " ./boundary driver writes it);");
    out.println("              then New Database Connection with this driver, host "
        + server.httpUrl().replaceFirst("^https?://(.*):\\d+$", "$1") + ", port " + server.port()
        + (server.authenticated() ? ", and in Driver properties avatica_user and"
        + " avatica_password (the driver does not send the user and password fields)." : "."));
    // Off loopback, the server refuses --users without TLS: BASIC passwords stay encrypted.
    if (!server.address().isLoopbackAddress() && !server.authenticated()) {
      out.println();
      out.println("warning: not on loopback and no --users: anyone who can reach this port can"
          + " read the catalog");
    }
    if (users != null) {
      String warning = UsersFile.read(users).permissionWarning();
      if (warning != null) {
        out.println("warning: " + warning);
      }
    }
    out.println();
    out.println("Ctrl-C stops the server.");
    out.flush();
  }

  /** The self-contained driver jar that {@code ./boundary driver} writes. */
  static String clientJar() {
    Path jar = DriverJar.defaultPath();
    return Files.isRegularFile(jar) ? jar.toString()
        : jar + " (not written yet: ./boundary driver)";
  }

  /** The launcher's class path file, cli/target/classpath, beside this module's jar. */
  private static String launcherClasspath() {
    try {
      // target/boundarysql-cli-*.jar, or target/classes in tests: the file is in target/.
      Path code = Path.of(ServeCommand.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      return code.getParent().resolve("classpath").toString();
    } catch (Exception e) {
      return "cli/target/classpath";
    }
  }
}
