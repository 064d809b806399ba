package org.boundarysql.eval;

import java.awt.Color;

import org.boundarysql.sample.SamplingMethod;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** How a method is drawn in every chart: boundary methods in warm colours, baselines in cool. */
record MethodStyle(Color color, Marker marker) {
  static MethodStyle of(SamplingMethod method) {
    return switch (method) {
      case MAXMARGIN -> new MethodStyle(new Color(0xd62728), SeriesMarkers.CIRCLE);
      case GMM_FULL -> new MethodStyle(new Color(0xff7f0e), SeriesMarkers.SQUARE);
      case GMM_SPHERICAL -> new MethodStyle(new Color(0xbcbd22), SeriesMarkers.DIAMOND);
      case UNIFORM -> new MethodStyle(new Color(0x7f7f7f), SeriesMarkers.TRIANGLE_UP);
      case STRATIFIED -> new MethodStyle(new Color(0x1f77b4), SeriesMarkers.TRIANGLE_DOWN);
      case STRATIFIED_WEIGHTED -> new MethodStyle(new Color(0x17becf), SeriesMarkers.SQUARE);
      case LATENT_GRID -> new MethodStyle(new Color(0x8c564b), SeriesMarkers.DIAMOND);
      case VAS -> new MethodStyle(new Color(0x9467bd), SeriesMarkers.CIRCLE);
      case EBTREE -> new MethodStyle(Color.BLACK, SeriesMarkers.CROSS);
      case WEIGHTED -> new MethodStyle(new Color(0xe377c2), SeriesMarkers.TRIANGLE_UP);
      case BOUNDARY_STRATIFIED -> new MethodStyle(new Color(0x2ca02c), SeriesMarkers.PLUS);
    };
  }
}
