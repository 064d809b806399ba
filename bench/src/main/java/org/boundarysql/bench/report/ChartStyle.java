/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.bench.report;

import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.util.List;

/** The look every chart shares: a white background, the legend outside, the tab10 colours. */
public final class ChartStyle {
  // tab10, matplotlib's default colours, by name
  public static final Color BLUE = new Color(0x1f77b4);
  public static final Color ORANGE = new Color(0xff7f0e);
  public static final Color GREEN = new Color(0x2ca02c);
  public static final Color RED = new Color(0xd62728);
  public static final Color PURPLE = new Color(0x9467bd);
  public static final Color BROWN = new Color(0x8c564b);
  public static final Color PINK = new Color(0xe377c2);
  public static final Color GRAY = new Color(0x7f7f7f);
  public static final Color OLIVE = new Color(0xbcbd22);
  public static final Color CYAN = new Color(0x17becf);
  /** The colours in tab10's order, for series that have no colour of their own. */
  public static final List<Color> PALETTE = List.of(BLUE, ORANGE, GREEN, RED, PURPLE, BROWN,
      PINK, GRAY, OLIVE, CYAN);

  private ChartStyle() {
  }

  /** Gives a chart a white background and its legend a place outside the plot. */
  public static <S extends Styler> S plain(S styler, Styler.LegendPosition legend) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setLegendPosition(legend);
    return styler;
  }

  /** Draws a series' line and markers in one colour. */
  public static void colour(XYSeries series, Color color) {
    series.setLineColor(color);
    series.setMarkerColor(color);
  }
}
