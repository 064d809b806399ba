/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.capture;

import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.PartialFile;

import ai.onnxruntime.OrtEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ONNX Runtime's native libraries, unpacked once from its jar into
 * {@code $BOUNDARY_HOME/native/onnxruntime-VERSION-PLATFORM-SIZE} and loaded from there (its
 * {@code onnxruntime.native.path}). Left to itself, ONNX Runtime unpacks its 28 MB library into
 * a new temporary directory in every process and deletes it only when the JVM exits cleanly: each
 * process killed outright left one behind. A path the user set is kept; where the home cannot be
 * written, ONNX Runtime unpacks as it would.
 */
final class OrtLibrary {
  /** ONNX Runtime's system property naming the directory it loads its libraries from. */
  static final String PATH_PROPERTY = "onnxruntime.native.path";
  private static final Logger LOG = Logger.getLogger(OrtLibrary.class.getName());
  private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

  private OrtLibrary() {
  }

  /** Points ONNX Runtime at the kept copy of its libraries, unpacking them first if needed. */
  static void useKeptCopy() {
    String platform = platform();
    if (System.getProperty(PATH_PROPERTY) != null || platform == null) {
      return;
    }
    String prefix = "/ai/onnxruntime/native/" + platform + "/";
    try {
      URL main = OrtEnvironment.class.getResource(prefix + System.mapLibraryName(LIBRARIES.get(0)));
      if (main == null) {
        return;
      }
      String version = OrtEnvironment.class.getPackage().getImplementationVersion();
      long size = main.openConnection().getContentLengthLong();
      Path dir = BoundaryHome.directory().resolve("native").resolve("onnxruntime-"
          + (version == null ? "unknown" : version) + "-" + platform + "-" + size);
      for (String library : LIBRARIES) {
        unpack(prefix + System.mapLibraryName(library), dir);
      }
      System.setProperty(PATH_PROPERTY, dir.toString());
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "ONNX Runtime unpacks its libraries itself: " + e, e);
    }
  }

  /**
   * Copies resource {@code name} into {@code dir} unless it is there, through a
   * {@link PartialFile}: processes starting together never load half a library.
   */
  private static void unpack(String name, Path dir) throws IOException {
    Path target = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
    if (Files.isRegularFile(target)) {
      return;
    }
    PartialFile.write(target, partial -> {
      try (InputStream in = OrtEnvironment.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("no " + name + " in ONNX Runtime's jar");
        }
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
    });
  }

  /** The jar's name for this platform ({@code linux-x64}), or null for one it does not name. */
  static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String system = os.contains("linux") ? "linux" : os.contains("mac") ? "osx"
        : os.contains("win") ? "win" : null;
    String cpu = arch.equals("amd64") || arch.equals("x86_64") ? "x64"
        : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
    return system == null || cpu == null ? null : system + "-" + cpu;
  }
}
