/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.cli;

import org.boundarysql.adapter.TestCatalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store too large for the server's heap fails alone: in a server of 64 MB of heap, a store of
 * 3,000,000 items (whose items cache cannot be made in what is left) answers with SQLSTATE 53200
 * naming it and the memory it needs, {@code boundary.stores} lists it with that problem, and
 * the catalog's other store serves before and after, through the remote driver.
 */
class ServeMemoryTest {
  private static final int BIG = 3_000_000;

  @TempDir Path dir;

  @Test void storeTooLargeForTheHeapFailsAlone() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    TestCatalog small = new TestCatalog(catalog, "small", 500, 3, 5, Map.of());
    writeLargeStore(catalog.resolve("big"));
    ServeChild child = ServeChild.startWithHeap("64m", catalog, dir.resolve("home"));
    try (Connection connection = DriverManager.getConnection(child.url());
         Statement statement = connection.createStatement()) {
      assertEquals(small.items, count(statement, "select count(*) from small.items"));
      SQLException e = assertThrows(SQLException.class,
          () -> count(statement, "select count(*) from big.items"));
      assertEquals("53200", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("store big") && e.getMessage().contains(" MB of heap"),
          e.getMessage());
      try (ResultSet stores = statement.executeQuery(
          "select problem from boundary.stores where name = 'big'")) {
        assertTrue(stores.next());
        assertTrue(stores.getString(1).contains("items.csv of store big"), stores.getString(1));
      }
      assertEquals(small.items, count(statement, "select count(*) from small.items"));
    } finally {
      child.terminate();
      child.process().waitFor();
    }
  }

  /** Items in one split and class, and a one-value latent layer of zeros (a sparse file). */
  private static void writeLargeStore(Path store) throws Exception {
    Files.createDirectories(store);
    Files.writeString(store.resolve("store.json"), "{\"model\": \"big\", \"classes\": [\"a\"],"
        + " \"latentLayer\": \"z\", \"layers\": [{\"name\": \"z\", \"shape\": [1]}]}");
    try (BufferedWriter items = Files.newBufferedWriter(store.resolve("items.csv"))) {
      items.write("id,split,label,predicted\n");
      for (int i = 0; i < BIG; i++) {
        items.write(i + ",t,0,0\n");
      }
    }
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + BIG + ", 1), }";
    header = header + " ".repeat(127 - 10 - header.length()) + "\n";
    try (RandomAccessFile npy = new RandomAccessFile(store.resolve("z.npy").toFile(), "rw")) {
      npy.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
          (byte) header.length(), 0});
      npy.writeBytes(header);
      npy.setLength(128 + 4L * BIG);
    }
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
