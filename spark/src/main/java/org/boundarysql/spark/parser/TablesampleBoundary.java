/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.spark.parser;

import org.boundarysql.sample.SampleSpec;
import org.boundarysql.spark.sample.BoundarySampleFunction;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.apache.spark.sql.catalyst.parser.SqlBaseLexer;
import org.apache.spark.sql.catalyst.parser.UpperCaseCharStream;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Rewrites BoundarySQL's {@code name [AS alias] TABLESAMPLE BOUNDARY(method, fraction [, j])
 * [REPEATABLE(seed)]} into Spark SQL: {@code (SELECT * FROM name WHERE id IN (SELECT id FROM
 * boundary_sample('schema', method, fraction, j, seed))) alias}. Spark's grammar has no
 * extension point in its TABLESAMPLE clause, so the statement is tokenized by Spark's own
 * lexer (strings, comments and quoted names stay untouched) and only the clause's tokens are
 * replaced; anything else reaches Spark's parser as written.
 */
final class TablesampleBoundary {
  private final String sql;
  private final List<Token> tokens;
  private final Supplier<String> currentDatabase;

  private TablesampleBoundary(String sql, Supplier<String> currentDatabase) {
    this.sql = sql;
    // Spark's keywords are upper case in its grammar: its parser lexes through this stream.
    CommonTokenStream stream = new CommonTokenStream(new SqlBaseLexer(
        new UpperCaseCharStream(CharStreams.fromString(sql))));
    stream.fill();
    this.tokens = stream.getTokens().stream()
        .filter(t -> t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != Token.EOF)
        .toList();
    this.currentDatabase = currentDatabase;
  }

  /** Returns {@code sql} with every TABLESAMPLE BOUNDARY clause rewritten. */
  static String rewrite(String sql, Supplier<String> currentDatabase) {
    if (!sql.toLowerCase(Locale.ROOT).contains("boundary")) {
      return sql;
    }
    String rewritten = new TablesampleBoundary(sql, currentDatabase).rewriteFirst();
    return rewritten.equals(sql) ? sql : rewrite(rewritten, currentDatabase);
  }

  private String rewriteFirst() {
    for (int k = 0; k + 2 < tokens.size(); k++) {
      if (tokens.get(k).getType() == SqlBaseLexer.TABLESAMPLE
          && tokens.get(k + 1).getText().equalsIgnoreCase("boundary")
          && tokens.get(k + 2).getType() == SqlBaseLexer.LEFT_PAREN) {
        return rewriteAt(k);
      }
    }
    return sql;
  }

  private String rewriteAt(int tablesample) {
    int close = closing(tablesample + 2);
    String arguments = text(tablesample + 3, close - 1);
    int end = close;
    String seed = null;
    if (close + 3 < tokens.size() && tokens.get(close + 1).getText().equalsIgnoreCase(
        "repeatable") && tokens.get(close + 2).getType() == SqlBaseLexer.LEFT_PAREN) {
      end = closing(close + 2);
      seed = text(close + 3, end - 1);
    }
    // [name][AS alias] before TABLESAMPLE
    int chainStart = chainStart(tablesample - 1);
    int nameStart = chainStart;
    int nameEnd = tablesample - 1;
    String alias = null;
    int before = chainStart - 1;
    if (before >= 0 && tokens.get(before).getType() == SqlBaseLexer.AS) {
      alias = text(chainStart, tablesample - 1);
      nameEnd = before - 1;
      nameStart = chainStart(nameEnd);
    } else if (before >= 0 && isName(tokens.get(before))) {
      alias = text(chainStart, tablesample - 1);
      nameEnd = before;
      nameStart = chainStart(nameEnd);
    }
    String name = text(nameStart, nameEnd);
    String schema = nameEnd > nameStart ? text(nameStart, nameEnd - 2) : currentDatabase.get();
    if (alias == null) {
      alias = tokens.get(nameEnd).getText();
    }
    int commas = (int) tokens.subList(tablesample + 3, close).stream()
        .filter(t -> t.getType() == SqlBaseLexer.COMMA).count();
    String sampleArguments = arguments + (seed == null ? ""
        : (commas < 2 ? ", " + SampleSpec.DEFAULT_J : "") + ", " + seed);
    String replacement = "(select * from " + name + " where id in (select id from "
        + BoundarySampleFunction.NAME + "('" + schema.replace("`", "") + "', "
        + sampleArguments + "))) " + alias;
    return sql.substring(0, tokens.get(nameStart).getStartIndex()) + replacement
        + sql.substring(tokens.get(end).getStopIndex() + 1);
  }

  /** The first token of the dotted name ending at token {@code last}. */
  private int chainStart(int last) {
    int start = last;
    while (start >= 2 && tokens.get(start - 1).getType() == SqlBaseLexer.DOT
        && isName(tokens.get(start - 2))) {
      start -= 2;
    }
    return start;
  }

  /** Whether a token can be (part of) a name: not punctuation, not FROM, JOIN or AS. */
  private static boolean isName(Token token) {
    int type = token.getType();
    return type != SqlBaseLexer.FROM && type != SqlBaseLexer.JOIN && type != SqlBaseLexer.AS
        && (type == SqlBaseLexer.BACKQUOTED_IDENTIFIER
            || token.getText().matches("[A-Za-z_][A-Za-z0-9_]*"));
  }

  /** The index of the parenthesis closing the one at {@code open}. */
  private int closing(int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      int type = tokens.get(i).getType();
      depth += type == SqlBaseLexer.LEFT_PAREN ? 1 : type == SqlBaseLexer.RIGHT_PAREN ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("TABLESAMPLE BOUNDARY: unbalanced parentheses");
  }

  /** The statement's text from token {@code first} to token {@code last}. */
  private String text(int first, int last) {
    return sql.substring(tokens.get(first).getStartIndex(), tokens.get(last).getStopIndex() + 1);
  }
}
