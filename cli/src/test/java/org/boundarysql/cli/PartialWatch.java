/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A directory watched (inotify on Linux) for the partial files a writer fills before it moves
 * them onto their targets, to kill the writer inside a write.
 */
final class PartialWatch implements AutoCloseable {
  private final Path directory;
  private final WatchService watch;

  /** Watches {@code directory}, which exists; start the writer after this. */
  PartialWatch(Path directory) throws IOException {
    this.directory = directory;
    this.watch = directory.getFileSystem().newWatchService();
    directory.register(watch, StandardWatchEventKinds.ENTRY_MODIFY);
  }

  /**
   * Kills {@code writer} with SIGKILL as soon as bytes are written to a partial file, waits for
   * its death and returns the partial file; it is still there if the kill landed inside the
   * write, before the move.
   */
  Path killWhileWriting(Process writer, long millis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      WatchKey key = watch.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertNotNull(key, "no partial file written in " + directory + " within " + millis
          + " ms");
      for (WatchEvent<?> event : key.pollEvents()) {
        // Opening the file truncates it, a modification too: wait for bytes (or for the move).
        if (event.context() instanceof Path name && name.toString().endsWith(".partial")
            && written(directory.resolve(name))) {
          writer.destroyForcibly();
          assertTrue(writer.waitFor(10, TimeUnit.SECONDS), "the writer did not die");
          return directory.resolve(name);
        }
      }
      key.reset();
    }
  }

  /** Whether bytes were written to {@code partial}, or it was moved already. */
  private static boolean written(Path partial) throws IOException {
    try {
      return Files.size(partial) > 0;
    } catch (NoSuchFileException e) {
      return true;
    }
  }

  @Override public void close() throws IOException {
    watch.close();
  }
}
