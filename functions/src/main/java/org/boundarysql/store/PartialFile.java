/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file atomically: into a partial file beside it, {@code TARGET.PID-RANDOM.partial},
 * moved onto it when whole, so that a reader never sees half a file. A writer killed before the
 * move (kill -9, a power cut) leaves its partial file; the process id in the name tells such a
 * leftover, whose writer is gone, from a file another process is still writing.
 */
public final class PartialFile implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PartialFile.class.getName());
  private static final String SUFFIX = ".partial";
  /** TARGET.PID-RANDOM.partial, the random part from {@link Files#createTempFile}. */
  private static final Pattern NAME =
      Pattern.compile(".+\\.(\\d{1,18})-\\d+" + Pattern.quote(SUFFIX));

  /** Fills a partial file. */
  @FunctionalInterface
  public interface Writer {
    void write(Path partial) throws IOException;
  }

  private final Path target;
  private final Path partial;
  private boolean committed;

  private PartialFile(Path target, Path partial) {
    this.target = target;
    this.partial = partial;
  }

  /**
   * Starts writing {@code target} through a partial file in the same directory (created if need
   * be), after removing that directory's partial files of dead writers: for a writer that fills
   * the file over time. {@link #commit()} moves it onto the target; closing it before deletes it.
   */
  public static PartialFile create(Path target) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    removeStale(directory);
    return new PartialFile(target, Files.createTempFile(directory,
        target.getFileName() + "." + ProcessHandle.current().pid() + "-", SUFFIX));
  }

  /** The partial file to write. */
  public Path path() {
    return partial;
  }

  /** Moves the whole partial file onto the target, replacing it. */
  public void commit() throws IOException {
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    committed = true;
  }

  /** Deletes the partial file unless it was committed. */
  @Override public void close() throws IOException {
    if (!committed) {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * Writes {@code target} with {@code writer} through a partial file in the same directory
   * (created if need be), after removing that directory's partial files of dead writers.
   */
  public static void write(Path target, Writer writer) throws IOException {
    try (PartialFile file = create(target)) {
      writer.write(file.partial);
      file.commit();
    }
  }

  /**
   * Removes the partial files in {@code directory} (if it is one) whose writing process is no
   * longer running; returns them.
   */
  public static List<Path> removeStale(Path directory) throws IOException {
    List<Path> removed = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()
            && Files.deleteIfExists(file)) {
          removed.add(file);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return removed;
    }
    if (!removed.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "removed " + removed.size() + " partial file(s) of"
          + " writers that died in " + directory);
    }
    return removed;
  }
}
