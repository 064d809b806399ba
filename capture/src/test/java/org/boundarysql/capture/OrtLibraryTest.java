/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX Runtime's libraries come from one copy under BOUNDARY_HOME: a process killed outright
 * (SIGKILL, as an out-of-memory killer or {@code kill -9} does) leaves nothing in the temporary
 * directory, where ONNX Runtime's own unpacking left 28 MB each time.
 */
class OrtLibraryTest {
  @TempDir Path dir;

  @Test void killedProcessesLeaveNoLibraryBehind() throws Exception {
    Path home = dir.resolve("home");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    String first = runAndKill(home, tmp);
    Path kept = Path.of(first.substring("loaded from ".length()));
    assertTrue(kept.startsWith(home.resolve("native")), first);
    Path library = kept.resolve(System.mapLibraryName("onnxruntime"));
    assertEquals(resourceSize(System.mapLibraryName("onnxruntime")), Files.size(library));
    assertEquals(resourceSize(System.mapLibraryName("onnxruntime4j_jni")),
        Files.size(kept.resolve(System.mapLibraryName("onnxruntime4j_jni"))));
    FileTime written = Files.getLastModifiedTime(library);

    assertEquals(first, runAndKill(home, tmp)); // the same copy, not unpacked again
    assertEquals(written, Files.getLastModifiedTime(library));
    try (Stream<Path> files = Files.walk(tmp)) {
      List<Path> large = files.filter(Files::isRegularFile)
          .filter(f -> f.toFile().length() > 1 << 20).toList();
      assertEquals(List.of(), large);
    }
    try (Stream<Path> files = Files.list(kept)) {
      assertEquals(2, files.count(), "no partial file is left");
    }
  }

  /** Starts {@link OrtLibraryChild}, reads what it says, kills it with SIGKILL. */
  private static String runAndKill(Path home, Path tmp) throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-Dboundary.home=" + home,
        "-cp", System.getProperty("java.class.path"), OrtLibraryChild.class.getName())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("loaded from "), String.valueOf(line));
      return line;
    } finally {
      child.destroyForcibly().waitFor();
    }
  }

  private static long resourceSize(String library) throws IOException {
    String name = "/ai/onnxruntime/native/" + OrtLibrary.platform() + "/" + library;
    return ai.onnxruntime.OrtEnvironment.class.getResource(name).openConnection()
        .getContentLengthLong();
  }
}
