/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests {@link PartialFile}: atomic writes, and which leftovers it removes. */
class PartialFileTest {
  @TempDir Path dir;

  /**
   * The partial file of a process that ended is removed; those of this running process, files
   * of other names and the targets are kept.
   */
  @Test void removesThePartialFilesOfDeadWritersOnly() throws Exception {
    Process child = new ProcessBuilder(
        ProcessHandle.current().info().command().orElse("java"), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    Path dead = Files.writeString(dir.resolve("a.sample." + child.pid() + "-42.partial"), "x");
    Path alive = Files.writeString(dir.resolve("a.sample." + ProcessHandle.current().pid()
        + "-43.partial"), "x");
    Path other = Files.writeString(dir.resolve("a.sample123.partial"), "x");
    Path target = Files.writeString(dir.resolve("a.sample"), "x");
    assertEquals(List.of(dead), PartialFile.removeStale(dir));
    assertEquals(List.of(other, target, alive).stream().sorted().toList(), files());
    assertEquals(List.of(), PartialFile.removeStale(dir.resolve("none")));
  }

  /** A whole write replaces the target; a failed one leaves the target and no partial file. */
  @Test void writesWholeOrNotAtAll() throws IOException {
    Path target = dir.resolve("sub").resolve("t.bin");
    PartialFile.write(target, partial -> Files.writeString(partial, "first"));
    assertEquals("first", Files.readString(target));
    assertThrows(IOException.class, () -> PartialFile.write(target, partial -> {
      Files.writeString(partial, "half");
      throw new IOException("disk full");
    }));
    assertEquals("first", Files.readString(target));
    assertEquals(List.of(target), files(target.getParent()));
  }

  private List<Path> files() throws IOException {
    return files(dir);
  }

  private static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }
}
