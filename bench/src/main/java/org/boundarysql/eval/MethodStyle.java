/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.eval;

import org.boundarysql.bench.report.ChartStyle;
import org.boundarysql.sample.SamplingMethod;

import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;

/** How a method is drawn in every chart: boundary methods in warm colours, baselines in cool. */
record MethodStyle(Color color, Marker marker) {
  static MethodStyle of(SamplingMethod method) {
    return switch (method) {
      case MAXMARGIN -> new MethodStyle(ChartStyle.RED, SeriesMarkers.CIRCLE);
      case GMM_FULL -> new MethodStyle(ChartStyle.ORANGE, SeriesMarkers.SQUARE);
      case GMM_SPHERICAL -> new MethodStyle(ChartStyle.OLIVE, SeriesMarkers.DIAMOND);
      case UNIFORM -> new MethodStyle(ChartStyle.GRAY, SeriesMarkers.TRIANGLE_UP);
      case STRATIFIED -> new MethodStyle(ChartStyle.BLUE, SeriesMarkers.TRIANGLE_DOWN);
      case STRATIFIED_WEIGHTED -> new MethodStyle(ChartStyle.CYAN, SeriesMarkers.SQUARE);
      case LATENT_GRID -> new MethodStyle(ChartStyle.BROWN, SeriesMarkers.DIAMOND);
      case VAS -> new MethodStyle(ChartStyle.PURPLE, SeriesMarkers.CIRCLE);
      case EBTREE -> new MethodStyle(Color.BLACK, SeriesMarkers.CROSS);
      case WEIGHTED -> new MethodStyle(ChartStyle.PINK, SeriesMarkers.TRIANGLE_UP);
      case BOUNDARY_STRATIFIED -> new MethodStyle(ChartStyle.GREEN, SeriesMarkers.PLUS);
      case MARGIN_STRATIFIED -> new MethodStyle(ChartStyle.ORANGE, SeriesMarkers.CROSS);
    };
  }

  /** Draws a series as this style says: a solid line and markers in the method's colour. */
  void apply(XYSeries series) {
    ChartStyle.colour(series, color);
    series.setLineStyle(SeriesLines.SOLID);
    series.setMarker(marker);
  }
}
