/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.server.BoundaryServer;
import org.boundarysql.store.BoundaryHome;
import org.boundarysql.store.PartialFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * One self-contained JDBC driver jar for DBeaver, BI tools and any JDBC client: Avatica's
 * shaded remote driver ({@code org.apache.calcite.avatica:avatica}, which bundles its own
 * protobuf, Jackson and HttpClient but not SLF4J) merged with SLF4J's API and its simple
 * binding (warnings only), taken from the jars this program runs with.
 *
 * <p>The shaded driver is not on the launcher's class path (its classes have the same names
 * as avatica-core's there); it is looked up in {@code cli/target/driver/} and then in the
 * local Maven repository beside the launcher's avatica-core.
 */
final class DriverJar {
  /** Entries under META-INF that would break or mislead a merged jar. */
  private static final String[] DROPPED_SUFFIXES = {".SF", ".DSA", ".RSA", ".EC"};
  /** SLF4J simple's settings: warnings and errors only, to stderr. */
  private static final String SIMPLE_LOGGER =
      "# BoundarySQL driver jar: the Avatica driver's log, warnings and errors only\n"
          + "org.slf4j.simpleLogger.defaultLogLevel=warn\n";
  /** Fixed entry time, so that the same parts make the same jar. */
  private static final long ENTRY_TIME = 315_532_800_000L; // 1980-01-01

  private DriverJar() {
  }

  /** Where {@code ./boundary driver} writes and {@code serve} points: in BOUNDARY_HOME. */
  static Path defaultPath() {
    return BoundaryHome.directory().resolve("boundarysql-jdbc-"
        + BoundaryServer.avaticaVersion() + ".jar");
  }

  /** The jars merged into the driver jar, in order; throws IllegalStateException if one lacks. */
  static List<Path> parts() {
    String version = BoundaryServer.avaticaVersion();
    String name = "avatica-" + version + ".jar";
    Path avaticaCore = jarOf("org.apache.calcite.avatica.remote.Driver");
    List<Path> candidates = new ArrayList<>();
    candidates.add(launcherTarget().resolve("driver").resolve(name));
    if (avaticaCore != null) {
      // <repo>/org/apache/calcite/avatica/avatica-core/V/avatica-core-V.jar
      candidates.add(avaticaCore.getParent().getParent().getParent()
          .resolve("avatica").resolve(version).resolve(name));
    }
    Path shaded = candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(
        () -> new IllegalStateException("the shaded Avatica driver " + name + " is not here ("
            + candidates + "); get it with: mvn dependency:get"
            + " -Dartifact=org.apache.calcite.avatica:avatica:" + version));
    Path api = jarOf("org.slf4j.LoggerFactory");
    Path simple = jarOf("org.slf4j.simple.SimpleServiceProvider");
    if (api == null || simple == null) {
      throw new IllegalStateException("slf4j-api and slf4j-simple must be on the class path"
          + " (they are on the launcher's)");
    }
    return List.of(shaded, api, simple);
  }

  /**
   * Writes the driver jar to {@code out} (atomically: a reader never sees half a jar) and
   * checks that the driver loads from it alone; returns the jars it merged.
   */
  static List<Path> write(Path out) throws IOException {
    List<Path> parts = parts();
    PartialFile.write(out, partial -> {
      try (OutputStream file = Files.newOutputStream(partial)) {
        merge(parts, file);
      }
      checkLoadsAlone(partial);
    });
    return parts;
  }

  /**
   * Writes {@code out} unless it is there and newer than every part; returns it. Either way
   * removes the partial jars that a process killed while writing one left beside it.
   */
  static Path ensure(Path out) throws IOException {
    PartialFile.removeStale(out.toAbsolutePath().getParent());
    if (Files.isRegularFile(out)) {
      boolean fresh = true;
      for (Path part : parts()) {
        fresh &= Files.getLastModifiedTime(part).compareTo(Files.getLastModifiedTime(out)) <= 0;
      }
      if (fresh) {
        return out;
      }
    }
    write(out);
    return out;
  }

  private static void merge(List<Path> parts, OutputStream file) throws IOException {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.put(new Attributes.Name("Created-By"), "BoundarySQL ./boundary driver");
    main.put(Attributes.Name.IMPLEMENTATION_TITLE, "BoundarySQL JDBC driver: Avatica remote"
        + " driver " + BoundaryServer.avaticaVersion() + " with SLF4J");
    main.put(Attributes.Name.IMPLEMENTATION_VERSION, BoundaryServer.avaticaVersion());
    Map<String, Set<String>> services = new LinkedHashMap<>();
    Set<String> written = new LinkedHashSet<>();
    try (JarOutputStream jar = new JarOutputStream(file)) {
      put(jar, JarFile.MANIFEST_NAME, bytes(manifest), written);
      for (Path part : parts) {
        String prefix = part.getFileName().toString().replaceFirst("\\.jar$", "");
        try (JarFile in = new JarFile(part.toFile(), false)) {
          for (JarEntry entry : Collections.list(in.entries())) {
            String name = entry.getName();
            if (entry.isDirectory() || dropped(name)) {
              continue;
            }
            byte[] content;
            try (InputStream stream = in.getInputStream(entry)) {
              content = stream.readAllBytes();
            }
            if (name.startsWith("META-INF/services/")) {
              Set<String> lines = services.computeIfAbsent(name, k -> new LinkedHashSet<>());
              for (String line : new String(content, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.strip().startsWith("#")) {
                  lines.add(line.strip());
                }
              }
            } else if (!written.contains(name)) {
              put(jar, name, content, written);
            } else if (name.startsWith("META-INF/")) {
              // Licenses and notices of a later part: kept beside the first part's.
              put(jar, "META-INF/" + prefix + "/" + name.substring("META-INF/".length()),
                  content, written);
            }
          }
        }
      }
      for (Map.Entry<String, Set<String>> service : services.entrySet()) {
        put(jar, service.getKey(), (String.join("\n", service.getValue()) + "\n")
            .getBytes(StandardCharsets.UTF_8), written);
      }
      if (!written.contains("simplelogger.properties")) {
        put(jar, "simplelogger.properties", SIMPLE_LOGGER.getBytes(StandardCharsets.UTF_8),
            written);
      }
    }
  }

  private static boolean dropped(String name) {
    if (name.equals(JarFile.MANIFEST_NAME) || name.endsWith("module-info.class")) {
      // Each part's module descriptor describes that part alone; the merged jar is a plain
      // class-path jar.
      return true;
    }
    if (name.startsWith("META-INF/") && name.indexOf('/', "META-INF/".length()) < 0) {
      for (String suffix : DROPPED_SUFFIXES) {
        if (name.endsWith(suffix)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void put(JarOutputStream jar, String name, byte[] content, Set<String> written)
      throws IOException {
    JarEntry entry = new JarEntry(name);
    entry.setTime(ENTRY_TIME);
    jar.putNextEntry(entry);
    jar.write(content);
    jar.closeEntry();
    written.add(name);
  }

  private static byte[] bytes(Manifest manifest) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    manifest.write(out);
    return out.toByteArray();
  }

  /**
   * Checks that {@code jar} alone holds the driver and a working SLF4J (the driver's static
   * initialiser needs it), in a class loader that sees nothing else. The driver class itself is
   * not initialised: that would register it with this JVM's DriverManager.
   */
  private static void checkLoadsAlone(Path jar) throws IOException {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class.forName(BoundaryServer.REMOTE_DRIVER, false, loader);
      Object logger = Class.forName("org.slf4j.LoggerFactory", true, loader)
          .getMethod("getLogger", String.class).invoke(null, DriverJar.class.getName());
      if (!logger.getClass().getName().equals("org.slf4j.simple.SimpleLogger")) {
        throw new IllegalStateException("the driver jar's SLF4J found no binding: "
            + logger.getClass().getName());
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("the driver jar does not load alone: " + e, e);
    }
  }

  /** The jar (or directory) that a class on the class path comes from, or null. */
  private static Path jarOf(String className) {
    try {
      CodeSource source = Class.forName(className, false, DriverJar.class.getClassLoader())
          .getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI());
    } catch (ClassNotFoundException | URISyntaxException e) {
      return null;
    }
  }

  /** The cli module's target directory (beside its jar, or target/classes in tests). */
  private static Path launcherTarget() {
    Path code = jarOf(DriverJar.class.getName());
    return code == null ? Path.of("cli", "target") : code.getParent();
  }
}
