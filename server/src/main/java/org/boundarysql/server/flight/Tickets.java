/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.flight;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.vector.types.pojo.Schema;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * The ids and tickets of the endpoint's queries: a statement's ticket holds its id (16 random
 * bytes) and its SQL, so that any DoGet can run it; a prepared statement's is the Flight SQL
 * command naming its handle, which is its id.
 */
final class Tickets {
  /** Bytes of an id. */
  private static final int ID_BYTES = 16;

  private Tickets() {
  }

  static ByteString newId() {
    UUID uuid = UUID.randomUUID();
    return ByteString.copyFrom(ByteBuffer.allocate(ID_BYTES)
        .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).flip());
  }

  /** The ticket of statement {@code id} of {@code sql}. */
  static FlightSql.TicketStatementQuery statement(ByteString id, String sql) {
    return FlightSql.TicketStatementQuery.newBuilder()
        .setStatementHandle(id.concat(ByteString.copyFromUtf8(sql))).build();
  }

  /** The id of a statement's ticket, or null if it is not one of this server's. */
  static ByteString id(FlightSql.TicketStatementQuery ticket) {
    ByteString handle = ticket.getStatementHandle();
    return handle.size() < ID_BYTES ? null : handle.substring(0, ID_BYTES);
  }

  /** The SQL of a statement's ticket. */
  static String sql(FlightSql.TicketStatementQuery ticket) {
    return ticket.getStatementHandle().substring(ID_BYTES).toStringUtf8();
  }

  /** The id of any ticket of this server, or null. */
  static ByteString id(Ticket ticket) {
    try {
      Any any = Any.parseFrom(ticket.getBytes());
      if (any.is(FlightSql.TicketStatementQuery.class)) {
        return id(any.unpack(FlightSql.TicketStatementQuery.class));
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

  /** A FlightInfo whose one endpoint (this server: no location) has {@code ticket}. */
  static FlightInfo info(Schema schema, FlightDescriptor descriptor, Message ticket) {
    return new FlightInfo(schema, descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()))), -1, -1);
  }
}
