/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.server.guard;

import org.apache.calcite.avatica.AvaticaUtils;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.boundarysql.adapter.BoundaryConnectionProperties;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a statement may run on the read-only server: queries (SELECT, WITH, VALUES,
 * set operations, ORDER BY), EXPLAIN and DESCRIBE may; DML, DDL, SET and CALL may not.
 *
 * <p>The statement is parsed with the server's own parser (the BOUNDARY grammar), so the
 * decision is made on the statement's kind, not on its text. A statement the parser rejects is
 * refused when its first word starts a write or DDL statement (Calcite's parser has no CREATE
 * TABLE, and "syntax error" would not tell the user why), else left to Calcite, whose own error
 * is the useful one.
 */
public final class ReadOnlyCheck {
  private static final Set<SqlKind> ALLOWED = EnumSet.copyOf(SqlKind.QUERY);

  static {
    ALLOWED.addAll(EnumSet.of(SqlKind.EXPLAIN, SqlKind.DESCRIBE_SCHEMA, SqlKind.DESCRIBE_TABLE));
  }

  private static final Set<String> WRITE_WORDS = Set.of("INSERT", "UPSERT", "UPDATE", "DELETE",
      "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "SET", "RESET", "CALL",
      "COMMIT", "ROLLBACK", "COPY", "LOAD", "REPLACE", "ATTACH", "DETACH", "VACUUM", "PRAGMA");

  /** Leading blanks, comments and parentheses, then the first word. */
  private static final Pattern FIRST_WORD =
      Pattern.compile("^(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/|\\()*([A-Za-z_]+)", Pattern.DOTALL);

  private static final SqlParser.Config PARSER = SqlParser.config()
      .withParserFactory(AvaticaUtils.instantiatePlugin(SqlParserImplFactory.class,
          BoundaryConnectionProperties.PARSER_FACTORY))
      .withUnquotedCasing(Casing.UNCHANGED);

  /** Texts checked before, to their refusal ("" if they may run): repeated SQL parses once. */
  private static final Cache<String, String> CHECKED = CacheBuilder.newBuilder()
      .maximumSize(4096).build();

  private ReadOnlyCheck() {
  }

  /** Why {@code sql} is refused, or null if it may run. */
  public static String refusal(String sql) {
    String checked = CHECKED.getIfPresent(sql);
    if (checked == null) {
      String refusal = check(sql);
      checked = refusal == null ? "" : refusal;
      CHECKED.put(sql, checked);
    }
    return checked.isEmpty() ? null : checked;
  }

  private static String check(String sql) {
    String statement;
    try {
      SqlNode node = SqlParser.create(sql, PARSER).parseStmt();
      if (ALLOWED.contains(node.getKind())) {
        return null;
      }
      statement = node.getKind().name().replace('_', ' ');
    } catch (SqlParseException e) {
      Matcher matcher = FIRST_WORD.matcher(sql);
      if (!matcher.find()
          || !WRITE_WORDS.contains(matcher.group(1).toUpperCase(Locale.ROOT))) {
        return null;
      }
      statement = matcher.group(1).toUpperCase(Locale.ROOT);
    }
    return "this BoundarySQL server is read-only: " + statement + " statements are refused;"
        + " only queries run here (SELECT, WITH, VALUES, EXPLAIN)";
  }
}
