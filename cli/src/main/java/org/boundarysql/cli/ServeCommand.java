/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.server.BoundaryServer;
import org.boundarysql.server.UsersFile;
import org.boundarysql.store.BoundaryHome;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./boundary serve [--catalog DIR] [--port 8765] [--bind 127.0.0.1] [--users FILE]}:
 * the Avatica server for DBeaver, BI tools and any JDBC client; stops on Ctrl-C or SIGTERM.
 */
final class ServeCommand implements Command {
  @Override public String name() {
    return "serve";
  }

  @Override public String usage() {
    return "serve [--catalog DIR] [--port 8765] [--bind 127.0.0.1] [--users FILE]"
        + "   JDBC server (Avatica) for DBeaver, BI tools, sqlline";
  }

  @Override public Syntax syntax() {
    return Syntax.of(Set.of("catalog", "port", "bind", "users"), Set.of());
  }

  @Override public int run(Arguments arguments) throws Exception {
    Path catalog = Catalogs.resolve(arguments);
    int port = port(arguments.get("port", String.valueOf(BoundaryServer.DEFAULT_PORT)));
    String bind = arguments.get("bind", BoundaryServer.LOOPBACK);
    Path users = arguments.path("users", null);
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // Jetty and Avatica log every start step at INFO; the banner below says what matters.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    BoundaryServer server = BoundaryServer.start(catalog, BoundaryHome.cache(), bind, port, users);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("boundary serve: stopping");
      server.close();
      stopped.countDown();
    }, "boundary-serve-shutdown"));
    printBanner(System.out, server, catalog, users);
    server.join();
    stopped.await();
    return 0;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, not " + value);
  }

  /** What a user needs to connect: the URL, sqlline, DBeaver; warnings about exposure. */
  static void printBanner(PrintStream out, BoundaryServer server, Path catalog, Path users) {
    String url = server.jdbcUrl();
    // The remote driver sends avatica_user and avatica_password over HTTP, not user/password.
    String login = server.authenticated() ? ";avatica_user=USER;avatica_password=PASSWORD" : "";
    out.println("BoundarySQL server (read-only) on catalog " + catalog);
    out.println("  listening on " + server.address().getHostAddress() + ":" + server.port()
        + (server.authenticated() ? ", HTTP BASIC authentication, users from " + users
        : ", no authentication"));
    out.println();
    out.println("JDBC URL:     " + url);
    out.println("driver class: " + BoundaryServer.REMOTE_DRIVER);
    out.println("driver jar:   " + clientJar());
    out.println();
    out.println("sqlline:      java -cp \"$(cat " + launcherClasspath() + ")\" sqlline.SqlLine -d "
        + BoundaryServer.REMOTE_DRIVER
        + " -u '" + url + login + "' -n '' -p '' --isolation=TRANSACTION_NONE");
    out.println("DBeaver:      Database > Driver Manager > New; Class Name "
        + BoundaryServer.REMOTE_DRIVER + ";");
    out.println("              URL Template jdbc:avatica:remote:url=http://{host}:{port};"
        + "serialization=protobuf" + (server.authenticated() ? ";authentication=BASIC" : "")
        + ";");
    out.println("              Libraries > Add File: the driver jar above (or Add Artifact "
        + "org.apache.calcite.avatica:avatica:" + BoundaryServer.avaticaVersion() + ");");
    out.println("              then New Database Connection with this driver, host "
        + server.httpUrl().replaceFirst("^http://(.*):\\d+$", "$1") + ", port " + server.port()
        + (server.authenticated() ? ", and in Driver properties avatica_user and"
        + " avatica_password (the driver does not send the user and password fields)." : "."));
    if (!server.address().isLoopbackAddress()) {
      out.println();
      out.println(server.authenticated()
          ? "warning: not on loopback; BASIC credentials cross the network unencrypted over"
              + " HTTP; put a TLS proxy in front for untrusted networks"
          : "warning: not on loopback and no --users: anyone who can reach this port can"
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

  /** The shaded remote driver (one self-contained jar) in the local Maven repository. */
  static String clientJar() {
    String version = BoundaryServer.avaticaVersion();
    Path jar = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "apache",
        "calcite", "avatica", "avatica", version, "avatica-" + version + ".jar");
    return Files.isRegularFile(jar) ? jar.toString()
        : "avatica-" + version + ".jar from Maven Central: https://repo1.maven.org/maven2/org/"
            + "apache/calcite/avatica/avatica/" + version + "/avatica-" + version + ".jar";
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
