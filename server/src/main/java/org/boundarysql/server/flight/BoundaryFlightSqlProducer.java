/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.calcite.jdbc.CalciteConnection;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.adapter.CachingPrepare;
import org.boundarysql.adapter.DirectQuery;
import org.boundarysql.server.guard.ReadOnlyCheck;
import org.boundarysql.server.guard.RunningQueries;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.RemovalNotification;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.BasicFlightSqlProducer;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Flight SQL over a catalog: statements and prepared statements (with parameters) run on the
 * engine of the Avatica endpoint, through the plan cache, with its guarantees ({@link
 * RunningQueries}: query timeout, cancellation, server stop; {@link ReadOnlyCheck}: only
 * queries); the catalog's listings ({@link CatalogListings}) and {@link SqlInfoBuilder}'s facts.
 *
 * <p>A statement's ticket holds its id and SQL, so any DoGet can run it; the DoGet that follows
 * its GetFlightInfo takes the plan GetFlightInfo made. A prepared statement lives here (with its
 * own Calcite connection and parameters) until closed, or an hour unused.
 * Results stream on threads of their own ({@link ResultStream}), as gRPC tells a stream that
 * its client is ready, or gone, on the thread that started it.
 */
final class BoundaryFlightSqlProducer extends BasicFlightSqlProducer {
  private static final java.sql.Driver CALCITE = CachingPrepare.driver();
  /** Bytes of a statement's or prepared statement's id. */
  private static final int ID_BYTES = 16;

  private final Properties connectionProperties;
  private final RunningQueries running;
  private final BufferAllocator allocator;
  private final ExecutorService streams;
  private final SqlInfoBuilder sqlInfo;
  private final CatalogListings listings;
  private final Cache<ByteString, Prepared> prepared = CacheBuilder.newBuilder()
      .expireAfterAccess(1, TimeUnit.HOURS).maximumSize(10_000)
      .removalListener(BoundaryFlightSqlProducer::closed).build();
  /** Statements planned by GetFlightInfo, until their DoGet takes them (or a minute passes). */
  private final Cache<ByteString, ResultStream.Source> planned = CacheBuilder.newBuilder()
      .expireAfterWrite(1, TimeUnit.MINUTES).maximumSize(1_000)
      .removalListener(BoundaryFlightSqlProducer::unused).build();

  /** A prepared statement: its connection, plan, and the parameter values bound by DoPut. */
  private static final class Prepared {
    final Connection connection;
    final DirectQuery query;
    volatile List<List<Object>> executions;

    Prepared(Connection connection, DirectQuery query) {
      this.connection = connection;
      this.query = query;
      this.executions = query.parameters().isEmpty() ? List.of(List.of()) : List.of();
    }
  }

  BoundaryFlightSqlProducer(Properties connectionProperties, RunningQueries running,
      BufferAllocator allocator, ExecutorService streams, SqlInfoBuilder sqlInfo) {
    this.connectionProperties = connectionProperties;
    this.running = running;
    this.allocator = allocator;
    this.streams = streams;
    this.sqlInfo = sqlInfo;
    this.listings = new CatalogListings(allocator);
  }

  // Statements

  @Override public FlightInfo getFlightInfoStatement(FlightSql.CommandStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    ByteString id = newId();
    ResultStream.Source source = plan(id, command.getQuery());
    // The DoGet that follows (at once, as a rule) runs this plan on this connection.
    planned.put(id, source);
    Schema schema = ArrowTypes.schema(source.query());
    FlightSql.TicketStatementQuery ticket = FlightSql.TicketStatementQuery.newBuilder()
        .setStatementHandle(id.concat(ByteString.copyFromUtf8(command.getQuery()))).build();
    return info(schema, descriptor, ticket);
  }

  @Override public SchemaResult getSchemaStatement(FlightSql.CommandStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    ResultStream.Source source = plan(newId(), command.getQuery());
    close(source.connection());
    return new SchemaResult(ArrowTypes.schema(source.query()));
  }

  @Override public void getStreamStatement(FlightSql.TicketStatementQuery ticket,
      CallContext context, ServerStreamListener listener) {
    ByteString handle = ticket.getStatementHandle();
    if (handle.size() < ID_BYTES) {
      listener.error(CallStatus.INVALID_ARGUMENT.withDescription("not a ticket of this server")
          .toRuntimeException());
      return;
    }
    ByteString id = handle.substring(0, ID_BYTES);
    String sql = handle.substring(ID_BYTES).toStringUtf8();
    ResultStream.Source source = planned.asMap().remove(id);
    stream(id, sql, listener, () -> source != null ? source : open(sql));
  }

  // Prepared statements

  @Override public void createPreparedStatement(
      FlightSql.ActionCreatePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    String sql = request.getQuery();
    ByteString handle = newId();
    try {
      refuseUnlessQuery(sql);
      Connection connection = connect();
      Prepared statement;
      try {
        statement = new Prepared(connection, running.run(handle, sql,
            GrpcClientWatch::cancelOnClose, () -> DirectQuery.prepare(calcite(connection), sql)));
      } catch (RuntimeException e) {
        close(connection);
        throw e;
      }
      prepared.put(handle, statement);
      FlightSql.ActionCreatePreparedStatementResult result =
          FlightSql.ActionCreatePreparedStatementResult.newBuilder()
              .setPreparedStatementHandle(handle)
              .setDatasetSchema(ByteString.copyFrom(
                  ArrowTypes.schema(statement.query).serializeAsMessage()))
              .setParameterSchema(ByteString.copyFrom(
                  ArrowTypes.parameters(statement.query).serializeAsMessage()))
              .build();
      listener.onNext(new Result(Any.pack(result).toByteArray()));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(status(e, sql));
    }
  }

  @Override public void closePreparedStatement(
      FlightSql.ActionClosePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    ByteString handle = request.getPreparedStatementHandle();
    running.cancelForGood(handle, "its prepared statement was closed");
    prepared.invalidate(handle);
    listener.onCompleted();
  }

  @Override public FlightInfo getFlightInfoPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    Prepared statement = lookUp(command.getPreparedStatementHandle());
    return info(ArrowTypes.schema(statement.query), descriptor, command);
  }

  @Override public SchemaResult getSchemaPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return new SchemaResult(ArrowTypes.schema(lookUp(command.getPreparedStatementHandle()).query));
  }

  /** Binds parameter values: one execution per row the client sends. */
  @Override public Runnable acceptPutPreparedStatementQuery(
      FlightSql.CommandPreparedStatementQuery command, CallContext context,
      FlightStream parameters, StreamListener<PutResult> ack) {
    return () -> {
      try {
        Prepared statement = lookUp(command.getPreparedStatementHandle());
        List<List<Object>> executions = new ArrayList<>();
        while (parameters.next()) {
          VectorSchemaRoot root = parameters.getRoot();
          for (int row = 0; row < root.getRowCount(); row++) {
            List<Object> values = new ArrayList<>();
            for (var vector : root.getFieldVectors()) {
              values.add(ParameterValues.value(vector, row));
            }
            executions.add(values);
          }
        }
        statement.executions = executions;
        ack.onCompleted();
      } catch (RuntimeException e) {
        ack.onError(status(e, null));
      }
    };
  }

  @Override public void getStreamPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command, CallContext context,
      ServerStreamListener listener) {
    ByteString handle = command.getPreparedStatementHandle();
    Prepared statement;
    try {
      statement = lookUp(handle);
    } catch (FlightRuntimeException e) {
      listener.error(e);
      return;
    }
    if (statement.executions.isEmpty()) {
      listener.error(CallStatus.INVALID_ARGUMENT.withDescription("the statement has "
          + statement.query.parameters().size() + " parameters and no values bound to them")
          .toRuntimeException());
      return;
    }
    stream(handle, statement.query.sql(), listener, () -> new ResultStream.Source(
        statement.connection, statement.query, statement.executions, false));
  }

  // Updates: refused, the server is read-only

  @Override public Runnable acceptPutStatement(FlightSql.CommandStatementUpdate command,
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ack) {
    return () -> ack.onError(readOnly(command.getQuery()));
  }

  @Override public Runnable acceptPutPreparedStatementUpdate(
      FlightSql.CommandPreparedStatementUpdate command, CallContext context,
      FlightStream flightStream, StreamListener<PutResult> ack) {
    return () -> ack.onError(readOnly(null));
  }

  @Override public Runnable acceptPutStatementBulkIngest(FlightSql.CommandStatementIngest command,
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ack) {
    return () -> ack.onError(readOnly(null));
  }

  // Cancel

  /** Cancels the work of the tickets of {@code request}: running, or a DoGet to come. */
  @Override public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context,
      StreamListener<CancelStatus> listener) {
    for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
      ByteString id = ticketId(endpoint.getTicket());
      if (id != null) {
        running.cancelForGood(id, "the client cancelled it");
      }
    }
    listener.onNext(CancelStatus.CANCELLED);
    listener.onCompleted();
  }

  // The catalog

  @Override public void getStreamSqlInfo(FlightSql.CommandGetSqlInfo command,
      CallContext context, ServerStreamListener listener) {
    sqlInfo.send(command.getInfoList(), listener);
  }

  @Override public void getStreamTypeInfo(FlightSql.CommandGetXdbcTypeInfo request,
      CallContext context, ServerStreamListener listener) {
    listings.empty(FlightSqlProducer.Schemas.GET_TYPE_INFO_SCHEMA, listener);
  }

  @Override public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    listings.catalogs(listener);
  }

  @Override public void getStreamSchemas(FlightSql.CommandGetDbSchemas command,
      CallContext context, ServerStreamListener listener) {
    listing(listener, connection -> listings.schemas(connection, command, listener));
  }

  @Override public void getStreamTables(FlightSql.CommandGetTables command, CallContext context,
      ServerStreamListener listener) {
    listing(listener, connection -> listings.tables(connection, command, listener));
  }

  @Override public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    listing(listener, connection -> listings.tableTypes(connection, listener));
  }

  @Override public void getStreamPrimaryKeys(FlightSql.CommandGetPrimaryKeys command,
      CallContext context, ServerStreamListener listener) {
    listings.empty(FlightSqlProducer.Schemas.GET_PRIMARY_KEYS_SCHEMA, listener);
  }

  @Override public void getStreamExportedKeys(FlightSql.CommandGetExportedKeys command,
      CallContext context, ServerStreamListener listener) {
    listings.empty(FlightSqlProducer.Schemas.GET_EXPORTED_KEYS_SCHEMA, listener);
  }

  @Override public void getStreamImportedKeys(FlightSql.CommandGetImportedKeys command,
      CallContext context, ServerStreamListener listener) {
    listings.empty(FlightSqlProducer.Schemas.GET_IMPORTED_KEYS_SCHEMA, listener);
  }

  @Override public void getStreamCrossReference(FlightSql.CommandGetCrossReference command,
      CallContext context, ServerStreamListener listener) {
    listings.empty(FlightSqlProducer.Schemas.GET_CROSS_REFERENCE_SCHEMA, listener);
  }

  /** Metadata commands are answered from the same server: their ticket is the command. */
  @Override protected <T extends Message> List<FlightEndpoint> determineEndpoints(T request,
      FlightDescriptor descriptor, Schema schema) {
    return List.of(new FlightEndpoint(new Ticket(Any.pack(request).toByteArray())));
  }

  @Override public void close() {
    prepared.invalidateAll();
    planned.asMap().values().forEach(source -> close(source.connection()));
    planned.invalidateAll();
  }

  // How

  /** Streams a query on a thread of its own, as {@code owner}'s work. */
  private void stream(ByteString owner, String sql, ServerStreamListener listener,
      RunningQueries.Work<ResultStream.Source, RuntimeException> open) {
    String refusal = ReadOnlyCheck.refusal(sql);
    if (refusal != null) {
      listener.error(FlightErrors.of(new BoundaryErrors.SqlError(BoundaryErrors.READ_ONLY,
          refusal), false));
      return;
    }
    streams.execute(() -> new ResultStream(running, allocator, owner, sql, open, listener)
        .run());
  }

  /**
   * {@code sql} planned (through the plan cache) on a connection of its own, as {@code id}'s
   * work, while its client waits; a failure as the client should see it.
   */
  private ResultStream.Source plan(ByteString id, String sql) {
    try {
      refuseUnlessQuery(sql);
      return running.run(id, sql, GrpcClientWatch::cancelOnClose, () -> open(sql));
    } catch (RuntimeException e) {
      throw status(e, sql);
    }
  }

  /** {@code sql} planned on a new connection, which it owns. */
  private ResultStream.Source open(String sql) {
    Connection connection = connect();
    try {
      return new ResultStream.Source(connection, DirectQuery.prepare(calcite(connection), sql),
          List.of(List.of()), true);
    } catch (RuntimeException e) {
      close(connection);
      throw e;
    }
  }

  private interface Listing {
    void list(CalciteConnection connection) throws SQLException;
  }

  private void listing(ServerStreamListener listener, Listing listing) {
    Connection connection = connect();
    try {
      listing.list(calcite(connection));
    } catch (SQLException | RuntimeException e) {
      listener.error(status(e, null));
    } finally {
      close(connection);
    }
  }

  private Prepared lookUp(ByteString handle) {
    Prepared statement = prepared.getIfPresent(handle);
    if (statement == null) {
      throw CallStatus.NOT_FOUND.withDescription("no such prepared statement: it was closed,"
          + " or unused for an hour").toRuntimeException();
    }
    return statement;
  }

  /** The id of a ticket of this server, or null. */
  private static ByteString ticketId(Ticket ticket) {
    try {
      Any any = Any.parseFrom(ticket.getBytes());
      if (any.is(FlightSql.TicketStatementQuery.class)) {
        ByteString handle = any.unpack(FlightSql.TicketStatementQuery.class)
            .getStatementHandle();
        return handle.size() < ID_BYTES ? null : handle.substring(0, ID_BYTES);
      }
      if (any.is(FlightSql.CommandPreparedStatementQuery.class)) {
        return any.unpack(FlightSql.CommandPreparedStatementQuery.class)
            .getPreparedStatementHandle();
      }
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
    return null;
  }

  private static FlightInfo info(Schema schema, FlightDescriptor descriptor, Message ticket) {
    return new FlightInfo(schema, descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()))), -1, -1);
  }

  private static ByteString newId() {
    UUID uuid = UUID.randomUUID();
    return ByteString.copyFrom(ByteBuffer.allocate(ID_BYTES)
        .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).flip());
  }

  private static void refuseUnlessQuery(String sql) {
    String refusal = ReadOnlyCheck.refusal(sql);
    if (refusal != null) {
      throw FlightErrors.of(new BoundaryErrors.SqlError(BoundaryErrors.READ_ONLY, refusal),
          false);
    }
  }

  private static FlightRuntimeException readOnly(String sql) {
    String refusal = sql == null ? null : ReadOnlyCheck.refusal(sql);
    return FlightErrors.of(new BoundaryErrors.SqlError(BoundaryErrors.READ_ONLY,
        refusal != null ? refusal : "this BoundarySQL server is read-only: updates are refused;"
            + " only queries run here (SELECT, WITH, VALUES, EXPLAIN)"), false);
  }

  /** The Flight status of any failure, one sentence and a SQLSTATE. */
  private static FlightRuntimeException status(Exception e, String sql) {
    if (e instanceof FlightRuntimeException flight) {
      return flight;
    }
    if (e instanceof RunningQueries.QueryFailure failure) {
      return FlightErrors.of(failure);
    }
    return FlightErrors.of(BoundaryErrors.classify(e, sql), false);
  }

  /** A Calcite connection with the server's properties. */
  private Connection connect() {
    try {
      return CALCITE.connect("jdbc:calcite:", connectionProperties);
    } catch (SQLException e) {
      throw FlightErrors.of(BoundaryErrors.classify(e, null), false);
    }
  }

  private static CalciteConnection calcite(Connection connection) {
    try {
      return connection.unwrap(CalciteConnection.class);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // nothing was written; the connection is gone either way
    }
  }

  private static void closed(RemovalNotification<ByteString, Prepared> removal) {
    if (removal.getValue() != null) {
      close(removal.getValue().connection);
    }
  }

  /** Closes the connection of a plan no DoGet took. */
  private static void unused(RemovalNotification<ByteString, ResultStream.Source> removal) {
    if (removal.wasEvicted() && removal.getValue() != null) {
      close(removal.getValue().connection());
    }
  }

}
