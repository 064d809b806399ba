/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import org.apache.calcite.jdbc.CalciteConnection;
import org.boundarysql.adapter.BoundaryErrors;
import org.boundarysql.server.guard.ReadOnlyCheck;
import org.boundarysql.server.guard.RunningQueries;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
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
import org.apache.arrow.vector.types.pojo.Schema;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;

/**
 * Flight SQL over a catalog: statements and prepared statements (with parameters) run on the
 * engine of the Avatica endpoint, through the plan cache, with its guarantees ({@link
 * RunningQueries}: query timeout, cancellation, server stop; {@link ReadOnlyCheck}: only
 * queries); the catalog's listings ({@link CatalogListings}) and {@link SqlInfoBuilder}'s facts.
 *
 * <p>A statement is planned by GetFlightInfo, and the DoGet that follows runs that plan ({@link
 * QueryPlans}; its ticket, {@link Tickets}, lets any DoGet plan it again); a prepared statement
 * lives until closed ({@link PreparedStatements}).
 * Results stream on threads of their own ({@link ResultStream}), as gRPC tells a stream that
 * its client is ready, or gone, on the thread that started it.
 */
final class BoundaryFlightSqlProducer extends BasicFlightSqlProducer {
  private final QueryPlans plans;
  private final PreparedStatements prepared;
  private final RunningQueries running;
  private final BufferAllocator allocator;
  private final ExecutorService streams;
  private final SqlInfoBuilder sqlInfo;
  private final CatalogListings listings;

  BoundaryFlightSqlProducer(Properties connectionProperties, Path catalog,
      RunningQueries running, BufferAllocator allocator, ExecutorService streams,
      SqlInfoBuilder sqlInfo) {
    this.plans = new QueryPlans(connectionProperties, catalog);
    this.prepared = new PreparedStatements(plans::release);
    this.running = running;
    this.allocator = allocator;
    this.streams = streams;
    this.sqlInfo = sqlInfo;
    this.listings = new CatalogListings(allocator);
  }

  // Statements

  @Override public FlightInfo getFlightInfoStatement(FlightSql.CommandStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    ByteString id = Tickets.newId();
    ResultStream.Source plan = plan(id, command.getQuery());
    // The DoGet that follows (at once, as a rule) runs this plan on this connection.
    plans.keep(id, plan);
    return Tickets.info(ArrowTypes.schema(plan.query()), descriptor,
        Tickets.statement(id, command.getQuery()));
  }

  @Override public SchemaResult getSchemaStatement(FlightSql.CommandStatementQuery command,
      CallContext context, FlightDescriptor descriptor) {
    ResultStream.Source plan = plan(Tickets.newId(), command.getQuery());
    plan.release().run();
    return new SchemaResult(ArrowTypes.schema(plan.query()));
  }

  @Override public void getStreamStatement(FlightSql.TicketStatementQuery ticket,
      CallContext context, ServerStreamListener listener) {
    ByteString id = Tickets.id(ticket);
    if (id == null) {
      listener.error(CallStatus.INVALID_ARGUMENT.withDescription("not a ticket of this server")
          .toRuntimeException());
      return;
    }
    String sql = Tickets.sql(ticket);
    ResultStream.Source plan = plans.take(id);
    stream(id, sql, listener, () -> plan != null ? plan : plans.open(sql));
  }

  // Prepared statements

  @Override public void createPreparedStatement(
      FlightSql.ActionCreatePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    String sql = request.getQuery();
    ByteString handle = Tickets.newId();
    try {
      ResultStream.Source plan = plan(handle, sql);
      PreparedStatements.Prepared statement =
          new PreparedStatements.Prepared(plan.connection(), plan.query());
      prepared.add(handle, statement);
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
    prepared.close(handle);
    listener.onCompleted();
  }

  @Override public FlightInfo getFlightInfoPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    PreparedStatements.Prepared statement = prepared.lookUp(
        command.getPreparedStatementHandle());
    return Tickets.info(ArrowTypes.schema(statement.query), descriptor, command);
  }

  @Override public SchemaResult getSchemaPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return new SchemaResult(ArrowTypes.schema(
        prepared.lookUp(command.getPreparedStatementHandle()).query));
  }

  /** Binds parameter values: one execution per row the client sends. */
  @Override public Runnable acceptPutPreparedStatementQuery(
      FlightSql.CommandPreparedStatementQuery command, CallContext context,
      FlightStream parameters, StreamListener<PutResult> ack) {
    return () -> {
      try {
        prepared.bind(command.getPreparedStatementHandle(), parameters);
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
    ResultStream.Source plan;
    try {
      plan = prepared.lookUp(handle).source();
    } catch (FlightRuntimeException e) {
      listener.error(e);
      return;
    }
    stream(handle, plan.query().sql(), listener, () -> plan);
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
      ByteString id = Tickets.id(endpoint.getTicket());
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
    prepared.close();
    plans.close();
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
      return running.run(id, sql, GrpcClientWatch::cancelOnClose, () -> plans.open(sql));
    } catch (RuntimeException e) {
      throw status(e, sql);
    }
  }

  private interface Listing {
    void list(CalciteConnection connection) throws SQLException;
  }

  private void listing(ServerStreamListener listener, Listing listing) {
    Connection connection = plans.borrow();
    try {
      listing.list(QueryPlans.calcite(connection));
    } catch (SQLException | RuntimeException e) {
      listener.error(status(e, null));
    } finally {
      plans.release(connection);
    }
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
}
