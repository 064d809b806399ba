/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Child processes of the benchmark: run with a time limit, their output read as lines. */
final class Children {
  private Children() {
  }

  /** What a child wrote, and whether it ended by itself within its time. */
  record Output(List<String> out, List<String> err, boolean finished) {
    /** The last line of stdout that is not blank, or null. */
    String lastLine() {
      for (int i = out.size() - 1; i >= 0; i--) {
        if (!out.get(i).isBlank()) {
          return out.get(i);
        }
      }
      return null;
    }
  }

  /**
   * Runs {@code command} with {@code environment} added, for at most {@code seconds}, then
   * kills it (and its children).
   */
  static Output run(List<String> command, Map<String, String> environment, long seconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Process process = builder.start();
    List<String> out = new ArrayList<>();
    List<String> err = new ArrayList<>();
    Thread outReader = reader(process.getInputStream(), out);
    Thread errReader = reader(process.getErrorStream(), err);
    boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor();
    }
    outReader.join();
    errReader.join();
    synchronized (out) {
      synchronized (err) {
        return new Output(List.copyOf(out), List.copyOf(err), finished);
      }
    }
  }

  /** The last stdout line of a started process, or null if it runs past {@code seconds}. */
  static String lastLine(Process process, long seconds) throws InterruptedException {
    List<String> out = new ArrayList<>();
    Thread reader = reader(process.getInputStream(), out);
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
      reader.join();
      return null;
    }
    reader.join();
    synchronized (out) {
      return new Output(out, List.of(), true).lastLine();
    }
  }

  private static Thread reader(InputStream stream, List<String> lines) {
    Thread thread = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream,
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "child-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
