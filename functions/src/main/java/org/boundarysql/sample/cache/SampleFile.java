/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.sample.cache;

import org.boundarysql.sample.Draw;
import org.boundarysql.sample.SampleSpec;
import org.boundarysql.sample.SamplingMethod;
import org.boundarysql.store.PartialFile;
import org.boundarysql.store.Store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The file of one sample of a store, {@code CACHE/STORE/samples/METHOD-fF-jJ-sSEED.sample}:
 * the samplers' version, the fingerprint of the store's files, the spec, the creation time, the
 * rows and, for a design that knows them, each row's stratum and inclusion probability. It is
 * written atomically ({@link PartialFile}) and read only if the samplers and the store's files
 * are those it was made with.
 */
final class SampleFile {
  private static final System.Logger LOG = System.getLogger(SampleFile.class.getName());
  /** First line of a sample file; bump the version when a sampler changes what it picks. */
  private static final String MAGIC = "BoundarySQL sample v4";

  private final Path file;
  private final Store store;
  private final SampleSpec spec;

  /** The file of {@code store}'s sample for {@code spec} below {@code cacheDirectory}. */
  SampleFile(Path cacheDirectory, Store store, SampleSpec spec) {
    String name = String.format(Locale.ROOT, "%s-f%s-j%s-s%d.sample",
        spec.method().methodName(), spec.fraction(), spec.j(), spec.seed());
    this.file = cacheDirectory.resolve(store.name()).resolve("samples").resolve(name);
    this.store = store;
    this.spec = spec;
  }

  /**
   * The sample in the file, or null if there is none, it was made by other samplers or from
   * other files of the store, or it is corrupt (logged).
   */
  Sample read() {
    try (InputStream in = Files.newInputStream(file);
         DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
      String magic = data.readUTF();
      if (!magic.equals(MAGIC)) {
        if (magic.startsWith("BoundarySQL sample")) {
          return null; // made by another version of the samplers
        }
        throw new IOException("not a sample file");
      }
      if (!data.readUTF().equals(store.fingerprint())) {
        return null; // made from other files: the store changed
      }
      SamplingMethod method = SamplingMethod.forName(data.readUTF());
      SampleSpec stored = new SampleSpec(method, data.readDouble(), data.readDouble(),
          data.readLong());
      if (!stored.equals(spec)) {
        throw new IOException("holds " + stored + ", not " + spec);
      }
      long millis = data.readLong();
      int[] rows = new int[data.readInt()];
      int previous = -1;
      for (int i = 0; i < rows.length; i++) {
        rows[i] = data.readInt();
        if (rows[i] <= previous || rows[i] >= store.items().size()) {
          throw new IOException("row " + rows[i] + " out of order or range");
        }
        previous = rows[i];
      }
      Draw draw = Draw.unweighted(rows);
      if (data.readBoolean()) {
        int[] strata = new int[rows.length];
        double[] probabilities = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
          strata[i] = data.readInt();
          probabilities[i] = data.readDouble();
        }
        draw = new Draw(rows, strata, probabilities);
      }
      if (data.read() != -1) {
        throw new IOException("trailing bytes");
      }
      return Sample.of(store, spec, draw, millis, true);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ignoring corrupt sample file " + file + " ("
          + e.getMessage() + "); computing the sample again");
      return null;
    }
  }

  /** Writes a sample of this file's store and spec; a failure is logged, not thrown. */
  void write(Sample sample) {
    try {
      PartialFile.write(file, partial -> {
        try (OutputStream out = Files.newOutputStream(partial);
             DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
          data.writeUTF(MAGIC);
          data.writeUTF(store.fingerprint());
          data.writeUTF(spec.method().methodName());
          data.writeDouble(spec.fraction());
          data.writeDouble(spec.j());
          data.writeLong(spec.seed());
          data.writeLong(sample.creationMillis());
          data.writeInt(sample.rows().length);
          for (int row : sample.rows()) {
            data.writeInt(row);
          }
          Draw draw = sample.draw();
          data.writeBoolean(draw.hasProbabilities());
          for (int i = 0; draw.hasProbabilities() && i < draw.rows().length; i++) {
            data.writeInt(draw.strata()[i]);
            data.writeDouble(draw.probabilities()[i]);
          }
        }
      });
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot cache sample in " + file + ": " + e);
    }
  }

  /**
   * Removes the partial sample files below {@code cacheDirectory} that processes killed while
   * writing them left; a failure is logged, not thrown.
   */
  static void removeStale(Path cacheDirectory) {
    List<Path> samples = new ArrayList<>();
    try (DirectoryStream<Path> stores = Files.newDirectoryStream(cacheDirectory,
        Files::isDirectory)) {
      stores.forEach(store -> samples.add(store.resolve("samples")));
    } catch (IOException e) {
      return; // no cache (yet): nothing to remove
    }
    for (Path directory : samples) {
      try {
        PartialFile.removeStale(directory);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "cannot look for partial sample files in "
            + directory + ": " + e);
      }
    }
  }
}
