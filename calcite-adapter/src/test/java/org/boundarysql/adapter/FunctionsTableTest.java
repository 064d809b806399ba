/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/** {@code boundary.functions} through the embedded driver; see {@link FunctionsTableCheck}. */
class FunctionsTableTest {
  @TempDir Path dir;

  @Test void listsEveryDiagnosisFunction() throws IOException, SQLException {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    new TestCatalog(catalog, "tiny", 200, 3, 5, Map.of());
    try (Connection c = DriverManager.getConnection("jdbc:boundary:catalog=" + catalog
        + ";cache=" + dir.resolve("cache"))) {
      FunctionsTableCheck.check(c, "tiny.fc2");
    }
  }
}
