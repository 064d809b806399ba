/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.store;

import java.util.HashMap;
import java.util.Map;

/**
 * The token rows of a store ordered by token: by the token's text, or by its id for a store
 * captured from ids (no texts). Groups of one token are contiguous, in the order of their first
 * row, and a group's rows keep the table's order; a layer's rows copied in this order
 * ({@link TokenOrderedLayer}) make a {@code GROUP BY token} one sequential read.
 */
public final class TokenOrder {
  private final StoreTokens tokens;
  /** Ordered position to token row. */
  private final int[] rows;
  /** Ordered position to the item row of its token. */
  private final int[] items;
  /** The ordered positions where each group starts, then the number of rows. */
  private final int[] starts;
  /** Whether groups are token texts (else token ids). */
  private final boolean byText;
  /** Whether texts and ids name the same groups, so that one order serves both. */
  private final boolean oneToOne;

  private TokenOrder(StoreTokens tokens, int[] rows, int[] starts, boolean byText,
      boolean oneToOne) {
    this.tokens = tokens;
    this.rows = rows;
    this.starts = starts;
    this.byText = byText;
    this.oneToOne = oneToOne;
    this.items = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      items[i] = tokens.row(rows[i]);
    }
  }

  /** Orders the token rows of {@code tokens}: a counting sort by group, stable. */
  static TokenOrder of(StoreTokens tokens) {
    int n = tokens.size();
    boolean byText = n > 0;
    for (int t = 0; t < n && byText; t++) {
      byText = tokens.textCode(t) >= 0;
    }
    int[] group = new int[n];
    int groups;
    if (byText) {
      for (int t = 0; t < n; t++) {
        group[t] = tokens.textCode(t);
      }
      groups = tokens.textCount();
    } else {
      Map<Long, Integer> numbers = new HashMap<>();
      for (int t = 0; t < n; t++) {
        group[t] = numbers.computeIfAbsent(tokens.tokenId(t), id -> numbers.size());
      }
      groups = numbers.size();
    }
    int[] starts = new int[groups + 1];
    for (int g : group) {
      starts[g + 1]++;
    }
    for (int g = 0; g < groups; g++) {
      starts[g + 1] += starts[g];
    }
    int[] next = starts.clone();
    int[] rows = new int[n];
    for (int t = 0; t < n; t++) {
      rows[next[group[t]]++] = t;
    }
    return new TokenOrder(tokens, rows, starts, byText,
        byText && oneToOne(tokens, rows, starts));
  }

  /** Whether every text group has one token id, found in no other group. */
  private static boolean oneToOne(StoreTokens tokens, int[] rows, int[] starts) {
    Map<Long, Integer> groupOfId = new HashMap<>();
    for (int g = 0; g + 1 < starts.length; g++) {
      long id = tokens.tokenId(rows[starts[g]]);
      for (int i = starts[g] + 1; i < starts[g + 1]; i++) {
        if (tokens.tokenId(rows[i]) != id) {
          return false;
        }
      }
      if (groupOfId.put(id, g) != null) {
        return false;
      }
    }
    return true;
  }

  /** Whether a {@code GROUP BY} of the token ids alone has this order's groups. */
  public boolean groupsIds() {
    return !byText || oneToOne;
  }

  /** Whether a {@code GROUP BY} of the token texts alone has this order's groups. */
  public boolean groupsTexts() {
    return byText;
  }

  /** What orders the rows, part of the name of a copy in this order. */
  String key() {
    return byText ? "token" : "token_id";
  }

  /** Number of token rows. */
  public int size() {
    return rows.length;
  }

  /** The token row at ordered position {@code i}. */
  public int row(int i) {
    return rows[i];
  }

  /** The item row of the token at ordered position {@code i}. */
  public int item(int i) {
    return items[i];
  }

  /** Number of groups. */
  public int groupCount() {
    return starts.length - 1;
  }

  /** The first ordered position of group {@code g}; {@code start(groupCount())} is the size. */
  public int start(int g) {
    return starts[g];
  }

  /** The tokens ordered. */
  StoreTokens tokens() {
    return tokens;
  }
}
