/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.server.flight.FlightSqlEndpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A {@code ./boundary serve} child JVM on the tests' classpath, its JDBC URL (and Flight URL,
 * if it serves Flight SQL) and its stderr, read as the child writes it, so that a test can wait
 * for a log line without polling.
 */
final class ServeChild {
  private static final String DEFAULT_HEAP = "768m";

  private final Process process;
  private final String url;
  private String flightUrl;
  private final Thread stderrReader;
  /** The child's stderr so far; its monitor is notified at each line and at the end. */
  private final StringBuilder stderr = new StringBuilder();

  private ServeChild(Process process) {
    this.process = process;
    this.stderrReader = daemon(() -> collect(process.getErrorStream()));
    this.url = readUrls(process);
  }

  /** Starts {@code serve --catalog catalog --port 0 options} and waits for its JDBC URL. */
  static ServeChild start(Path catalog, Path home, String... options) throws Exception {
    return startWithHeap(DEFAULT_HEAP, catalog, home, options);
  }

  /** As {@link #start}, in a JVM of at most {@code maxHeap} (a -Xmx value) of heap. */
  static ServeChild startWithHeap(String maxHeap, Path catalog, Path home, String... options)
      throws Exception {
    Files.createDirectories(home);
    ServeChild child = new ServeChild(new ProcessBuilder(command(maxHeap, catalog, home,
        options)).start());
    assertNotNull(child.url, () -> "no JDBC URL printed; stderr: " + child.stderr());
    return child;
  }

  /**
   * Reads stdout up to the line after the URLs (sqlline's), keeping the JDBC URL (null if none)
   * and the Flight URL, then drains the rest.
   */
  private String readUrls(Process process) {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    String url = null;
    try {
      for (String line = out.readLine(); line != null && !line.startsWith("sqlline:");
          line = out.readLine()) {
        if (line.startsWith("JDBC URL:")) {
          url = line.substring("JDBC URL:".length()).strip();
        } else if (line.startsWith("Flight SQL:")) {
          flightUrl = line.substring("Flight SQL:".length()).strip().split(" ")[0];
        }
      }
    } catch (IOException e) {
      return null; // the child ended
    }
    daemon(() -> {
      try {
        out.transferTo(Writer.nullWriter());
      } catch (IOException e) {
        // the child ended
      }
    });
    return url;
  }

  /** The command line of {@code serve --catalog catalog --port 0 options} in BOUNDARY_HOME home. */
  static List<String> command(Path catalog, Path home, String... options) {
    return command(DEFAULT_HEAP, catalog, home, options);
  }

  private static List<String> command(String maxHeap, Path catalog, Path home,
      String... options) {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    // the test JVM's temporary directory (target/): a child killed outright leaves there
    // what ONNX Runtime extracted (28 MB, deleted only at a clean exit)
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap,
        FlightSqlEndpoint.ADD_OPENS, "-cp", classPath, "-Dboundary.home=" + home,
        "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        BoundaryCli.class.getName(), "serve", "--catalog", catalog.toString(), "--port", "0"));
    if (!List.of(options).contains("--flight-port")) {
      command.addAll(List.of("--flight-port", "0")); // not 8815: tests run side by side
    }
    command.addAll(List.of(options));
    return command;
  }

  Process process() {
    return process;
  }

  String url() {
    return url;
  }

  /** The Flight SQL URL the child printed, or null. */
  String flightUrl() {
    return flightUrl;
  }

  /**
   * Sends SIGTERM. Not {@code Process.destroy()}, which also closes the pipes and so would lose
   * what the child writes while it stops.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** The child's stderr so far; all of it once the child has ended. */
  String stderr() {
    if (!process.isAlive()) {
      try {
        stderrReader.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  /** Whether stderr shows {@code text} within {@code millis}; wakes at each line written. */
  boolean waitForLog(String text, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (stderr) {
      while (stderr.indexOf(text) < 0) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0 || !stderrReader.isAlive()) {
          return stderr.indexOf(text) >= 0;
        }
        stderr.wait(left);
      }
      return true;
    }
  }

  private void collect(InputStream stream) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream,
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        synchronized (stderr) {
          stderr.append(line).append('\n');
          stderr.notifyAll();
        }
      }
    } catch (IOException e) {
      // the child ended
    } finally {
      synchronized (stderr) {
        stderr.notifyAll();
      }
    }
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "serve-child-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
