/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A directory watched (inotify on Linux) for the partial files a writer creates before it moves
 * them onto their targets, to kill the writer inside a write.
 */
final class PartialWatch implements AutoCloseable {
  private final Path directory;
  private final WatchService watch;

  /** Watches {@code directory}, which exists; start the writer after this. */
  PartialWatch(Path directory) throws IOException {
    this.directory = directory;
    this.watch = directory.getFileSystem().newWatchService();
    directory.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
  }

  /**
   * Kills {@code writer} with SIGKILL as soon as a partial file appears, waits for its death and
   * returns the partial file; it is still there if the kill landed inside the write.
   */
  Path killAtFirstPartial(Process writer, long millis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      WatchKey key = watch.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertNotNull(key, "no partial file in " + directory + " within " + millis + " ms");
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.context() instanceof Path name && name.toString().endsWith(".partial")) {
          writer.destroyForcibly();
          assertTrue(writer.waitFor(10, TimeUnit.SECONDS), "the writer did not die");
          return directory.resolve(name);
        }
      }
      key.reset();
    }
  }

  @Override public void close() throws IOException {
    watch.close();
  }
}
