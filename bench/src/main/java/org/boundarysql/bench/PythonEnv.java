/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python the benchmark's Python client runs on: the checkout's {@code .venv}, which
 * {@code .ci/python-env} makes (or reuses) with pyarrow and numpy.
 */
final class PythonEnv {
  private static final String SCRIPT = ".ci/python-env";

  private PythonEnv() {
  }

  /** The environment's python, or null (saying why) if there is no checkout or it fails. */
  static Path python(Progress progress) {
    Path root = root();
    if (root == null) {
      progress.say("no %s above %s: the Python client is not measured", SCRIPT,
          Path.of("").toAbsolutePath());
      return null;
    }
    try {
      Process process = new ProcessBuilder("bash", root.resolve(SCRIPT).toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      List<String> out = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8).lines().toList();
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || out.isEmpty()) {
        progress.say("%s failed: the Python client is not measured", SCRIPT);
        return null;
      }
      return Path.of(out.get(out.size() - 1));
    } catch (Exception e) {
      progress.say("%s failed (%s): the Python client is not measured", SCRIPT, e);
      return null;
    }
  }

  /** Why the Python client was not measured. */
  static String missing() {
    return "no Python environment (" + SCRIPT + " did not make one)";
  }

  /** The checkout: the working directory or one of its parents that has the script. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(SCRIPT))) {
        return dir;
      }
    }
    return null;
  }
}
