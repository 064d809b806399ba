/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A {@code ./boundary serve} child JVM on the tests' classpath, its JDBC URL and its stderr. */
record ServeChild(Process process, String url, Path stderrFile) {
  /** Starts {@code serve --catalog catalog --port 0 options} and waits for its JDBC URL. */
  static ServeChild start(Path catalog, Path home, String... options) throws Exception {
    Files.createDirectories(home);
    Path stderr = Files.createTempFile(home, "stderr", ".txt");
    Process process = new ProcessBuilder(command(catalog, home, options))
        .redirectError(stderr.toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    String url = null;
    for (String line = out.readLine(); line != null && url == null; line = out.readLine()) {
      if (line.startsWith("JDBC URL:")) {
        url = line.substring("JDBC URL:".length()).strip();
      }
    }
    assertNotNull(url, "no JDBC URL printed; stderr: " + Files.readString(stderr));
    Thread drain = new Thread(() -> {
      try {
        out.transferTo(Writer.nullWriter());
      } catch (IOException e) {
        // the child ended
      }
    });
    drain.setDaemon(true);
    drain.start();
    return new ServeChild(process, url, stderr);
  }

  /** The command line of {@code serve --catalog catalog --port 0 options} in BOUNDARY_HOME home. */
  static List<String> command(Path catalog, Path home, String... options) {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-cp", classPath,
        "-Dboundary.home=" + home, BoundaryCli.class.getName(), "serve", "--catalog",
        catalog.toString(), "--port", "0"));
    command.addAll(List.of(options));
    return command;
  }

  String stderr() throws IOException {
    return Files.readString(stderrFile);
  }

  /** Whether stderr shows {@code text} within {@code millis}, looked for every 10 ms. */
  boolean waitForLog(String text, long millis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      if (stderr().contains(text)) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }
}
