/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server;

import org.boundarysql.adapter.FunctionsTableCheck;
import org.boundarysql.adapter.TestCatalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

/**
 * {@code boundary.functions} through the remote driver, which cannot ask for
 * {@code getFunctions}; see {@link FunctionsTableCheck}.
 */
class ServerFunctionsTableTest {
  @TempDir Path dir;

  @Test void listsEveryDiagnosisFunctionRemotely() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    new TestCatalog(catalog, "tiny", 200, 3, 5, Map.of());
    try (BoundaryServer server = BoundaryServer.start(catalog, dir.resolve("cache"),
            BoundaryServer.LOOPBACK, 0, null);
         Connection c = RemoteServer.connect(server)) {
      FunctionsTableCheck.check(c, "tiny.fc2");
    }
  }
}
