/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.boundarysql.server.guard.RunningQueries;
import org.boundarysql.server.guard.ServerTls;
import org.boundarysql.server.guard.UsersFile;

import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Arrow Flight SQL endpoint of a server: gRPC on one address, with the server's TLS
 * identity (the same keystore as HTTPS) and users ({@link FlightUsers}), over the catalog the
 * Avatica endpoint serves (the same connection properties) and sharing its
 * {@link RunningQueries}.
 */
public final class FlightSqlEndpoint implements AutoCloseable {
  /** Port the endpoint listens on unless told otherwise. */
  public static final int DEFAULT_PORT = 8815;
  /** The JVM option Arrow's memory needs on Java 16 and later. */
  public static final String ADD_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  private static final System.Logger LOG = System.getLogger(FlightSqlEndpoint.class.getName());

  private final FlightServer server;
  private final BufferAllocator allocator;
  private final ExecutorService streams;
  private final BoundaryFlightSqlProducer producer;
  private final InetAddress address;
  private final boolean tls;

  private FlightSqlEndpoint(FlightServer server, BufferAllocator allocator,
      ExecutorService streams, BoundaryFlightSqlProducer producer, InetAddress address,
      boolean tls) {
    this.server = server;
    this.allocator = allocator;
    this.streams = streams;
    this.producer = producer;
    this.address = address;
    this.tls = tls;
  }

  /**
   * Starts the endpoint on {@code address}:{@code port} (0: a free port), serving TLS with
   * {@code tls} unless null, checking logins against {@code users} unless null, over
   * {@code catalog}, which {@code connectionProperties} open.
   */
  public static FlightSqlEndpoint start(InetAddress address, int port, ServerTls tls,
      UsersFile users, Path catalog, Properties connectionProperties, RunningQueries running,
      double queryTimeoutSeconds) {
    BufferAllocator allocator = allocator();
    ExecutorService streams = Executors.newCachedThreadPool(daemons("boundary-flight-stream-"));
    BoundaryFlightSqlProducer producer = new BoundaryFlightSqlProducer(connectionProperties,
        catalog, running, allocator, streams, sqlInfo(queryTimeoutSeconds));
    String host = address.getHostAddress();
    Location location = tls == null ? Location.forGrpcInsecure(host, port)
        : Location.forGrpcTls(host, port);
    // A stream waits for its client once two batches are queued (Flight's default is 10 MB):
    // one on its way while the next is filled, and the server's memory bounded by a few batches,
    // as batches go out from their own Arrow buffers.
    FlightServer.Builder builder = FlightServer.builder(allocator, location, producer)
        .backpressureThreshold((int) (2 * RecordBatchWriter.BATCH_BYTES));
    if (users != null) {
      builder.headerAuthenticator(new FlightUsers(users));
    }
    try {
      if (tls != null) {
        builder.useTls(new ByteArrayInputStream(tls.certificateChainPem()),
            new ByteArrayInputStream(tls.privateKeyPem()));
      }
      FlightServer server = builder.build().start();
      return new FlightSqlEndpoint(server, allocator, streams, producer, address, tls != null);
    } catch (IOException e) {
      streams.shutdownNow();
      allocator.close();
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " ("
              + cause.getMessage() + "); choose another --flight-port, or 0 for none");
        }
      }
      throw new IllegalStateException("cannot start the Flight SQL endpoint: " + e, e);
    }
  }

  /** Arrow's memory, which reads direct buffers' addresses: Java 16+ must open java.nio. */
  private static BufferAllocator allocator() {
    try {
      return new RootAllocator();
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException("the Flight SQL endpoint needs the JVM option " + ADD_OPENS
          + " (./boundary passes it; add it to java's command line, or serve without Flight:"
          + " --flight-port 0): " + e, e);
    }
  }

  /** What the endpoint tells clients about itself (GetSqlInfo). */
  private static SqlInfoBuilder sqlInfo(double queryTimeoutSeconds) {
    String version = FlightSqlEndpoint.class.getPackage().getImplementationVersion();
    String arrow = VectorSchemaRoot.class.getPackage().getImplementationVersion();
    return new SqlInfoBuilder()
        .withFlightSqlServerName("BoundarySQL")
        .withFlightSqlServerVersion(version == null ? "development" : version)
        .withFlightSqlServerArrowVersion(arrow == null ? "18.3.0" : arrow)
        .withFlightSqlServerReadOnly(true)
        .withFlightSqlServerSql(true)
        .withFlightSqlServerSubstrait(false)
        .withFlightSqlServerTransaction(
            FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
        .withFlightSqlServerCancel(true)
        .withFlightSqlServerStatementTimeout((int) Math.round(queryTimeoutSeconds))
        .withFlightSqlServerBulkIngestion(false)
        .withSqlIdentifierQuoteChar("\"")
        .withSqlIdentifierCase(
            FlightSql.SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlQuotedIdentifierCase(
            FlightSql.SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlDdlCatalog(false)
        .withSqlDdlSchema(false)
        .withSqlDdlTable(false)
        .withSqlAllTablesAreSelectable(true)
        .withSqlTransactionsSupported(false)
        .withSqlSchemaTerm("schema")
        .withSqlCatalogTerm("catalog");
  }

  /** The port the endpoint listens on. */
  public int port() {
    return server.getPort();
  }

  /** The Flight URL, for a client on this machine. */
  public String url() {
    return (tls ? "grpc+tls://" : "grpc://") + host() + ":" + port();
  }

  /** The Arrow Flight SQL JDBC driver's URL, for a client on this machine. */
  public String jdbcUrl() {
    return "jdbc:arrow-flight-sql://" + host() + ":" + port() + "?useEncryption="
        + (tls ? "true" : "false");
  }

  private String host() {
    InetAddress host = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
    String text = host.getHostAddress();
    return text.contains(":") ? "[" + text + "]" : text;
  }

  /** Bytes of Arrow memory the endpoint holds now (batches on their way). */
  public long arrowMemory() {
    return allocator.getAllocatedMemory();
  }

  /** The most bytes of Arrow memory the endpoint held at once since it started. */
  public long arrowMemoryPeak() {
    return allocator.getPeakMemoryAllocation();
  }

  /**
   * Stops listening and ends the calls still open (within seconds: Flight waits 3 s for them,
   * then cuts them); the caller cancels the queries first.
   */
  @Override public void close() {
    try {
      server.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
    streams.shutdownNow();
    try {
      allocator.close();
    } catch (IllegalStateException e) {
      // Buffers of a stream cut short may still be in gRPC's hands: the process ends anyway.
      LOG.log(System.Logger.Level.DEBUG, "Arrow memory still in use at close: " + e);
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
