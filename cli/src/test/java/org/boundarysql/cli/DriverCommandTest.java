/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.adapter.TestCatalog;
import org.boundarysql.server.BoundaryServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./boundary driver} and the steps {@code serve} prints: a plain JDBC client in its own
 * JVM, with nothing on its class path but the driver jar (and its own class), connects to a
 * real server on loopback and reads rows and arrays.
 */
class DriverCommandTest {
  /** The tiny JDBC client: loads the driver by class name, as DBeaver does; prints rows. */
  private static final String CLIENT = """
      import java.sql.*;

      public class Client {
        public static void main(String[] args) throws Exception {
          Class.forName("org.apache.calcite.avatica.remote.Driver");
          try (Connection c = DriverManager.getConnection(args[0]);
               Statement s = c.createStatement();
               ResultSet r = s.executeQuery(args[1])) {
            while (r.next()) {
              StringBuilder row = new StringBuilder();
              for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                Object v = r.getObject(i);
                row.append(i > 1 ? "|" : "").append(v instanceof Array a
                    ? java.util.Arrays.toString((Object[]) a.getArray()) : String.valueOf(v));
              }
              System.out.println(row);
            }
          }
        }
      }
      """;
  private static final String QUERY =
      "select count(*), topk_neurons(activation, 3) from tiny.fc2 where label = 1";

  @TempDir static Path dir;
  static Path catalog;
  static TestCatalog tiny;
  static Path clientClasses;

  @BeforeAll static void setUp() throws IOException {
    catalog = Files.createDirectories(dir.resolve("catalog"));
    tiny = new TestCatalog(catalog, "tiny", 300, 3, 21, Map.of());
    clientClasses = Files.createDirectories(dir.resolve("client"));
    Path source = clientClasses.resolve("Client.java");
    Files.writeString(source, CLIENT);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, "-d", clientClasses.toString(),
        source.toString()), "the client does not compile");
  }

  /** The expected first line: the count from the test's arrays, and the top 3 neurons. */
  private static String expected() {
    int count = 0;
    double[] sum = new double[8];
    for (int i = 0; i < tiny.items; i++) {
      if (tiny.labels[i] == 1) {
        count++;
        for (int n = 0; n < 8; n++) {
          sum[n] += tiny.layers.get("fc2")[i][n];
        }
      }
    }
    List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
    order.sort((a, b) -> sum[a] != sum[b] ? Double.compare(sum[b], sum[a]) : a - b);
    return count + "|" + order.subList(0, 3);
  }

  /** Runs {@code ./boundary driver ARGS} (the command itself, registered or not). */
  private static int driver(String... args) throws Exception {
    DriverCommand command = new DriverCommand();
    return command.run(Arguments.parse(List.of(args), command));
  }

  /** Runs the client with {@code java -cp JAR:CLIENT}; returns its stdout, fails on error. */
  private static String runClient(Path jar, String url) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path stderr = dir.resolve("client-stderr.txt");
    Process process = new ProcessBuilder(java, "-Xmx128m", "-cp",
        jar + File.pathSeparator + clientClasses, "Client", url, QUERY)
        .redirectError(stderr.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "client still running");
    String err = Files.readString(stderr);
    assertEquals(0, process.exitValue(), "client failed: " + err);
    // slf4j-api without a binding would warn "No SLF4J providers were found".
    assertFalse(err.contains("SLF4J"), err);
    return out;
  }

  @Test void writesAJarThatIsTheWholeDriver() throws Exception {
    Path jar = dir.resolve("out").resolve("driver.jar");
    assertEquals(0, driver("--out", jar.toString()));
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> names = Collections.list(file.entries()).stream().map(ZipEntry::getName)
          .toList();
      assertTrue(names.contains("org/apache/calcite/avatica/remote/Driver.class"));
      assertTrue(names.contains("org/slf4j/LoggerFactory.class"));
      assertTrue(names.contains("org/slf4j/simple/SimpleServiceProvider.class"));
      assertFalse(names.stream().anyMatch(name -> name.endsWith("module-info.class")), names
          .toString());
      // Unshaded protobuf or Jackson would clash with a tool's own.
      assertFalse(names.stream().anyMatch(name -> name.startsWith("com/google/")
          || name.startsWith("com/fasterxml/")), "unshaded libraries in the jar");
      String drivers = new String(file.getInputStream(
          file.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertEquals(BoundaryServer.REMOTE_DRIVER, drivers.strip());
    }
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache"),
        BoundaryServer.LOOPBACK, 0, null)) {
      assertEquals(expected() + "\n", runClient(jar, server.jdbcUrl()));
    }
  }

  /** {@code serve} in its own JVM writes the jar it names; the client uses exactly that. */
  @Test void theStepsServePrintsWork() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Path home = dir.resolve("home");
    Path stderr = dir.resolve("serve-stderr.txt");
    Process serve = new ProcessBuilder(java, "-Xmx512m", "-cp", classPath,
        "-Dboundary.home=" + home, "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        BoundaryCli.class.getName(), "serve",
        "--catalog", catalog.toString(), "--port", "0", "--flight-port", "0")
        .redirectError(stderr.toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(),
          StandardCharsets.UTF_8));
      String url = null;
      String jar = null;
      for (String line = out.readLine(); line != null && (url == null || jar == null);
          line = out.readLine()) {
        if (line.startsWith("JDBC URL:")) {
          url = line.substring("JDBC URL:".length()).strip();
        } else if (line.startsWith("driver jar:")) {
          jar = line.substring("driver jar:".length()).strip();
        }
      }
      assertNotNull(url, "no JDBC URL printed; stderr: " + Files.readString(stderr));
      assertEquals(home.resolve("boundarysql-jdbc-" + BoundaryServer.avaticaVersion()
          + ".jar").toString(), jar, Files.readString(stderr));
      assertEquals(expected() + "\n", runClient(Path.of(jar), url));
    } finally {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
  }

  @Test void aDirectoryAsOutGetsTheDefaultName() throws Exception {
    Path out = Files.createDirectories(dir.resolve("here"));
    assertEquals(0, driver("--out", out.toString()));
    assertTrue(Files.isRegularFile(out.resolve("boundarysql-jdbc-"
        + BoundaryServer.avaticaVersion() + ".jar")));
    try (var listing = Files.list(out)) {
      assertEquals(1, listing.count(), "a temporary file was left behind");
    }
  }
}
