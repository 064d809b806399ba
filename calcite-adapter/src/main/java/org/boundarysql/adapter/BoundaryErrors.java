/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.boundarysql.ondemand.ComputeBudgetException;
import org.boundarysql.sample.cache.SampleBudgetException;
import org.boundarysql.store.StoreFormatException;
import org.boundarysql.task.HeapBudget;
import org.boundarysql.task.InsufficientMemoryException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error a client sees: one sentence with the cause (without the SQL, which the driver adds
 * once) and a SQLSTATE of the right class, found from the chain of causes Calcite and the
 * adapter throw. The same for embedded ({@link BoundaryDriver}) and remote connections.
 */
public final class BoundaryErrors {
  /** Syntax error or access rule violation. */
  public static final String SYNTAX = "42000";
  /** Base table or view not found. */
  public static final String UNKNOWN_TABLE = "42S02";
  /** Column not found. */
  public static final String UNKNOWN_COLUMN = "42S22";
  /** Invalid schema name. */
  public static final String UNKNOWN_SCHEMA = "3F000";
  /** Undefined function. */
  public static final String UNKNOWN_FUNCTION = "42883";
  /** Invalid character value for cast: a string the query reads as a number is not one. */
  public static final String BAD_CAST = "22018";
  /** Invalid parameter value: a fraction, j, k or array lengths out of range. */
  public static final String BAD_ARGUMENT = "22023";
  /** Feature not supported: a query BoundarySQL recognises but cannot answer. */
  public static final String UNSUPPORTED = "0A000";
  /** Query canceled: a timeout, a closed statement, the server stopping. */
  public static final String CANCELLED = "57014";
  /** Program limit exceeded: a sample or a computation of rows over the server's budget. */
  public static final String OVER_BUDGET = "54000";
  /** Out of memory: a store or sample this JVM's heap cannot hold. */
  public static final String OUT_OF_MEMORY = "53200";
  /** Read-only SQL transaction. */
  public static final String READ_ONLY = "25006";
  /** Invalid authorization specification. */
  public static final String AUTHORIZATION = "28000";
  /** I/O error: a store's files cannot be read. */
  public static final String IO = "58030";
  /** Internal error. */
  public static final String INTERNAL = "XX000";

  private static final String OUR_PACKAGE = "org.boundarysql.";
  private static final Pattern OBJECT_NOT_FOUND =
      Pattern.compile("Object '([^']*)' not found(?: within '([^']*)')?");

  private BoundaryErrors() {
  }

  /** An error's SQLSTATE and message. */
  public record SqlError(String sqlState, String message) {
    /** The error as a SQLException, with {@code cause} as its cause. */
    public SQLException toException(Throwable cause) {
      return new SQLException(message, sqlState, cause);
    }
  }

  /** The error a client should see for {@code e}, thrown while running {@code sql}. */
  public static SqlError classify(Throwable e, String sql) {
    InsufficientMemoryException refused = null;
    OutOfMemoryError outOfMemory = null;
    CancellationException cancelled = null;
    SampleBudgetException overBudget = null;
    ComputeBudgetException overComputeBudget = null;
    IllegalArgumentException badArgument = null;
    NumberFormatException badCast = null;
    UnsupportedOperationException unsupported = null;
    SqlParseException parse = null;
    CalciteContextException context = null;
    SqlValidatorException validator = null;
    Throwable io = null;
    SQLException stated = null;
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = e; t != null && seen.put(t, true) == null; t = t.getCause()) {
      if (t instanceof InsufficientMemoryException m && refused == null) {
        refused = m;
      } else if (t instanceof OutOfMemoryError m) {
        outOfMemory = m;
      } else if (t instanceof CancellationException c && cancelled == null) {
        cancelled = c;
      } else if (t instanceof SampleBudgetException b) {
        overBudget = b;
      } else if (t instanceof ComputeBudgetException b) {
        overComputeBudget = b;
      } else if (t instanceof NumberFormatException n && badCast == null && castByQuery(n)) {
        badCast = n;
      } else if (t instanceof IllegalArgumentException a && badArgument == null && ours(a)) {
        badArgument = a; // the outermost: the adapter's message with its context
      } else if (t instanceof UnsupportedOperationException u && unsupported == null
          && ours(u)) {
        unsupported = u;
      } else if (t instanceof SqlParseException p) {
        parse = p;
      } else if (t instanceof CalciteContextException c && context == null) {
        context = c;
      } else if (t instanceof SqlValidatorException v) {
        validator = v;
      } else if (t instanceof StoreFormatException || t instanceof IOException
          || t instanceof UncheckedIOException) {
        io = io == null ? t : io;
      } else if (t instanceof SQLException s && s.getSQLState() != null
          && !s.getSQLState().equals("00000") && stated == null) {
        stated = s;
      }
    }
    if (refused != null) {
      return new SqlError(OUT_OF_MEMORY, refused.getMessage());
    }
    if (outOfMemory != null) {
      return new SqlError(OUT_OF_MEMORY, "out of memory: the query needed more heap than this"
          + " JVM has (its maximum is " + HeapBudget.size(Runtime.getRuntime().maxMemory())
          + "); run it with a larger heap (BOUNDARY_JAVA_OPTS=-Xmx...) or ask for less at once");
    }
    if (cancelled != null) {
      return new SqlError(CANCELLED, "query cancelled: " + (cancelled.getMessage() == null
          ? "the statement was cancelled" : cancelled.getMessage()));
    }
    if (overBudget != null) {
      return new SqlError(OVER_BUDGET, overBudget.getMessage() + ", or compute it offline with"
          + " ./boundary materialize --store " + overBudget.store() + " --method "
          + overBudget.spec().method().methodName() + " --fraction "
          + overBudget.spec().fraction());
    }
    if (overComputeBudget != null) {
      return new SqlError(OVER_BUDGET, overComputeBudget.getMessage());
    }
    if (parse != null) {
      String message = String.valueOf(parse.getMessage()).strip();
      int newline = message.indexOf('\n');
      return new SqlError(SYNTAX, "syntax error: "
          + (newline < 0 ? message : message.substring(0, newline)).strip());
    }
    if (badCast != null) {
      return new SqlError(BAD_CAST, "invalid value for a number: " + badCast.getMessage()
          + " (the query compares or casts a string as a number)");
    }
    if (badArgument != null) {
      return new SqlError(BAD_ARGUMENT, badArgument.getMessage());
    }
    if (unsupported != null) {
      return new SqlError(UNSUPPORTED, unsupported.getMessage());
    }
    if (context != null || validator != null) {
      String message = context != null ? context.getMessage() : validator.getMessage();
      String cause = validator != null ? validator.getMessage() : message;
      return new SqlError(validationState(cause, sql), message);
    }
    if (io != null) {
      return new SqlError(IO, "cannot read the store: " + io.getMessage());
    }
    if (stated != null) {
      return new SqlError(stated.getSQLState(), innermostMessage(stated));
    }
    if (String.valueOf(e.getMessage()).contains("Statement canceled")) {
      return new SqlError(CANCELLED, "query cancelled: the statement was cancelled");
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return new SqlError(INTERNAL, "internal error: " + root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage()));
  }

  /**
   * Whether BoundarySQL's own code threw {@code e}, which then names what the user got wrong or
   * asked that it cannot do. The same exception thrown inside Calcite or a library is a broken
   * assumption of the planner or the runtime: an internal error, not the user's argument.
   */
  private static boolean ours(RuntimeException e) {
    StackTraceElement[] stack = e.getStackTrace();
    return stack.length > 0 && stack[0].getClassName().startsWith(OUR_PACKAGE);
  }

  /**
   * Whether Calcite's runtime threw {@code e} casting a value of the query to a number
   * ({@code label = 'x'} on an INTEGER column): the query's value, not a broken assumption.
   */
  private static boolean castByQuery(NumberFormatException e) {
    return Arrays.stream(e.getStackTrace()).anyMatch(frame ->
        frame.getClassName().equals("org.apache.calcite.runtime.SqlFunctions"));
  }

  /** {@code e} as the SQLException a client should see. */
  public static SQLException toSqlException(Throwable e, String sql) {
    return classify(e, sql).toException(e);
  }

  private static String validationState(String message, String sql) {
    if (message.contains("No match found for function signature")) {
      return UNKNOWN_FUNCTION;
    }
    if (message.contains("Column '") && message.contains("not found")) {
      return UNKNOWN_COLUMN;
    }
    if (message.contains("Schema '") && message.contains("not found")) {
      return UNKNOWN_SCHEMA;
    }
    Matcher object = OBJECT_NOT_FOUND.matcher(message);
    if (object.find()) {
      // "Object 'x' not found" without "within": x is a schema if the SQL qualifies by it.
      if (object.group(2) == null && sql != null && Pattern.compile(
          "(?i)(^|[^\\w\"])\"?" + Pattern.quote(object.group(1)) + "\"?\\s*\\.").matcher(sql)
          .find()) {
        return UNKNOWN_SCHEMA;
      }
      return UNKNOWN_TABLE;
    }
    if (message.contains("Table '") && message.contains("not found")) {
      return UNKNOWN_TABLE;
    }
    return SYNTAX;
  }

  private static String innermostMessage(SQLException e) {
    String message = e.getMessage();
    String prefix = "Error while executing SQL \"";
    if (message != null && message.startsWith(prefix)) {
      int end = message.indexOf("\": ");
      if (end > 0) {
        message = message.substring(end + 3);
      }
    }
    return message;
  }
}
